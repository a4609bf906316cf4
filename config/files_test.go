package config

import (
	"os"
	"path/filepath"
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
