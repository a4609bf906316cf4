//go:build unix

package client

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orgscope/orgscope/model"
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

// The list itself a FIFO: said at once, not waited on. A journal's header
// followed by 500 MB of zeros (sparse): refused at its first long line,
// never read whole.
func TestJournalsListAndLinesAreBounded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bulk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, elsewhereList), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { _, _, err := Journals(dir); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("a FIFO for the list: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading the list blocked")
	}

	plan := model.BulkPlan{Action: model.BulkAction{Kind: model.BulkEnable, Connection: model.Connection{ID: "con_1", Name: "db"}}}
	path := filepath.Join(t.TempDir(), "padded.jsonl")
	b, err := StartBulk(path, "acme.test", plan, "")
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	_ = os.Remove(path + ".lock") // the batch's own, from its run
	if err := os.Truncate(path, 500<<20); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = OpenBulk(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "line 2 is not part of a batch journal") {
		t.Fatalf("a journal padded with zeros: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Fatalf("reading it allocated %d MB", grew>>20)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a file that is no journal got a lock file beside it: %v", err)
	}
}

// A journal given by a symbolic link is the journal it names: it opens,
// under the file's own lock.
func TestOpenBulkThroughALink(t *testing.T) {
	plan := model.BulkPlan{Action: model.BulkAction{Kind: model.BulkEnable, Connection: model.Connection{ID: "con_1", Name: "db"}}}
	dir := t.TempDir()
	path := filepath.Join(dir, "b.jsonl")
	b, err := StartBulk(path, "acme.test", plan, "")
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	link := filepath.Join(t.TempDir(), "link.jsonl")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	opened, err := OpenBulk(link)
	if err != nil {
		t.Fatalf("through a link: %v", err)
	}
	defer opened.Close()
	if opened.Path != path {
		t.Fatalf("opened %s, want %s", opened.Path, path)
	}
	if _, err := OpenBulk(path); err == nil {
		t.Fatal("the journal opened twice: the link's lock is not the file's")
	}
}
