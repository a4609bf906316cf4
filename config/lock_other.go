//go:build !unix

package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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

func unlockFile(l *Lock) {
	l.f.Close()
	os.Remove(l.path)
}
