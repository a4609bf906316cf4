package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Lock is an advisory lock on a file that processes change in turns (the
// config, the secrets file, a batch journal): held through a lock file
// beside it, which says which process holds it.
type Lock struct {
	f    *os.File
	path string
	// on is the locked file itself (LockOpen): unlocking leaves it open.
	on bool
}

// ErrLocked is the error of a lock another process holds.
var ErrLocked = errors.New("locked by another process")

// TryLock takes the lock on path at once, or says which process holds it
// (what names the file in the message: "the journal x.jsonl").
func TryLock(path, what string) (*Lock, error) {
	l, err := lockFile(path + ".lock")
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%s is in use by %s: wait for it to finish (%w)", what, holder(path+".lock"), ErrLocked)
	}
	return l, err
}

// WaitLock takes the lock on path, waiting up to wait for the process that
// holds it (another orgscope saving the config) to let go.
func WaitLock(path, what string, wait time.Duration) (*Lock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := TryLock(path, what)
		if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
			return l, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// LockOpen takes the lock on an open file itself (a batch journal): two
// names for one file (a hard or a symbolic link) are one lock. The
// process's id goes in path+".lock", for the message of the next one.
func LockOpen(f *os.File, path, what string) (*Lock, error) {
	l, err := lockOpen(f, path)
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%s is in use by %s: wait for it to finish (%w)", what, holder(path+".lock"), ErrLocked)
	}
	if err == nil {
		if pf, perr := os.OpenFile(path+".lock", os.O_WRONLY|os.O_CREATE|noFollow, 0o600); perr == nil {
			writePID(pf)
			pf.Close()
		}
	}
	return l, err
}

// Unlock lets go of the lock.
func (l *Lock) Unlock() {
	if l != nil && l.f != nil {
		unlockFile(l)
	}
}

// holder names the process a lock file says holds it.
func holder(lockPath string) string {
	data, err := os.ReadFile(lockPath)
	if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && perr == nil && pid > 0 {
		return "process " + strconv.Itoa(pid)
	}
	return "another process"
}

// writePID records the holder in the lock file.
func writePID(f *os.File) {
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
}
