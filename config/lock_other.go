//go:build !unix

package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// lockFile creates the lock file, failing when it exists: removed on
// unlock (a crash leaves it, and the message names the process).
func lockFile(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	writePID(f)
	return &Lock{f: f, path: path}, nil
}

// lockOpen locks the file's resolved name (no file locks here).
func lockOpen(_ *os.File, path string) (*Lock, error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return lockFile(path + ".lock")
}

func unlockFile(l *Lock) {
	l.f.Close()
	os.Remove(l.path)
}
