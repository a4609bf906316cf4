package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWritePrivateFileIsOwnerOnlyAndReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "snap.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WritePrivateFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	info, _ := os.Stat(path)
	if err != nil || string(b) != "new" || info.Mode().Perm() != 0o600 {
		t.Fatalf("%q %v %v", b, info.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	if err := WritePrivateFile(filepath.Join(path, "under-a-file"), nil); err == nil {
		t.Fatal("writing under a file should fail")
	}
}

func TestOpenPrivateLog(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "debug.log")
	f, err := OpenPrivateLog(fresh)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("one\n")
	f.Close()
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Fatalf("created %04o", fi.Mode().Perm())
	}
	// An owner-only file is appended to.
	f, err = OpenPrivateLog(fresh)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("two\n")
	f.Close()
	if data, _ := os.ReadFile(fresh); string(data) != "one\ntwo\n" {
		t.Fatalf("appended: %q", data)
	}
	// Readable by others: refused, and left as it is.
	open := filepath.Join(dir, "open.log")
	os.WriteFile(open, []byte("x"), 0o644)
	os.Chmod(open, 0o644)
	if _, err := OpenPrivateLog(open); err == nil || !strings.Contains(err.Error(), "can be read by others (mode 0644)") {
		t.Fatalf("a 0644 file: %v", err)
	}
	// A symbolic link is refused, not followed.
	target := filepath.Join(dir, "elsewhere.log")
	link := filepath.Join(dir, "link.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenPrivateLog(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("a link: %v", err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatal("the link was followed")
	}
}

// A folder for tenant data that others can enter is made the user's
// alone; a journal is never written through a link.
func TestPrivateDirAndJournal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	os.MkdirAll(dir, 0o777)
	os.Chmod(dir, 0o777)
	if err := PrivateDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("the folder stays %04o", fi.Mode().Perm())
	}
	target := filepath.Join(t.TempDir(), "loot.txt")
	link := filepath.Join(dir, "tenant.crawl")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for _, fresh := range []bool{true, false} {
		if _, err := OpenPrivateJournal(link, fresh); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Fatalf("a journal through a link (fresh %v): %v", fresh, err)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatal("the link was followed")
	}
	own := filepath.Join(dir, "own.crawl")
	os.WriteFile(own, []byte("old\n"), 0o600)
	f, err := OpenPrivateJournal(own, true)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new\n")
	f.Close()
	if data, _ := os.ReadFile(own); string(data) != "new\n" {
		t.Fatalf("a fresh journal holds %q", data)
	}
}
