//go:build unix

package config

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an flock on the lock file: the system lets go of it when
// the process ends, however it ends, so no stale lock outlives a crash.
func lockFile(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	writePID(f)
	return &Lock{f: f, path: path}, nil
}

func unlockFile(l *Lock) {
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if !l.on {
		l.f.Close()
	}
}

// lockOpen takes an flock on f itself.
func lockOpen(f *os.File, path string) (*Lock, error) {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	return &Lock{f: f, path: path, on: true}, nil
}
