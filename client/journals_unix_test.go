//go:build unix

package client

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A list line that names no regular file, or a large file that is no
// journal, is reported as such at once: a FIFO would block the read for
// ever, and /dev/zero would fill memory.
func TestJournalsRefusesWhatIsNoJournal(t *testing.T) {
	dir, elsewhere := filepath.Join(t.TempDir(), "bulk"), t.TempDir()
	fifo, zero, big := filepath.Join(elsewhere, "fifo.jsonl"), filepath.Join(elsewhere, "zero.jsonl"), filepath.Join(elsewhere, "big.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(300 << 20); err != nil { // sparse: 300 MB of zeros
		t.Fatal(err)
	}
	f.Close()
	for _, p := range []string{fifo, zero, big} {
		if err := RememberJournal(dir, p); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	var broken map[string]error
	go func() {
		defer close(done)
		_, broken, err = Journals(dir)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("listing the journals blocked")
	}
	if err != nil || len(broken) != 3 {
		t.Fatalf("broken %v, %v", broken, err)
	}
	for p, why := range broken {
		if !strings.Contains(why.Error(), "not a regular file") && !strings.Contains(why.Error(), "not an orgscope batch journal") {
			t.Errorf("%s: %v", p, why)
		}
	}
}
