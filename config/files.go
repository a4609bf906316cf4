// Package config holds orgscope's files on disk: where they live and how
// they are written.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WritePrivateFile writes a file atomically and readable by its owner only:
// a temporary file in the same directory, synced, then renamed over the
// old one, so that a crash leaves the old file or the new one, never half
// of either. Snapshots and sandbox state hold tenant data and secrets.
func WritePrivateFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cannot write next to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err = tmp.Chmod(0o600); err == nil {
		if _, err = tmp.Write(data); err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// OpenPrivateLog opens a file to append a log that holds tenant data (the
// --debug-http file): created new and owner-only, or an existing one that
// only its owner can read. A symbolic link is refused, not followed (a
// link planted in a shared directory would send the log elsewhere), and
// so is a file others can read or another account owns.
func OpenPrivateLog(path string) (*os.File, error) { return openPrivate(path, false) }

// OpenPrivateJournal opens a journal orgscope appends to as it goes (a
// crawl's): as OpenPrivateLog, emptied first when fresh is set.
func OpenPrivateJournal(path string, fresh bool) (*os.File, error) { return openPrivate(path, fresh) }

func openPrivate(path string, truncate bool) (*os.File, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
		if err != nil {
			return nil, fmt.Errorf("cannot create %s: %w", path, err)
		}
		return f, nil
	case err != nil:
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link: name the file itself", path)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", path)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, fmt.Errorf("%s can be read by others (mode %04o): remove it, or chmod 600 it", path, fi.Mode().Perm())
	case !ownedByMe(fi):
		return nil, fmt.Errorf("%s belongs to another account: orgscope writes only its own files", path)
	}
	flags := os.O_WRONLY | os.O_APPEND | noFollow
	if truncate {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	return f, nil
}

// PrivateDir makes dir (and its parents) for files that hold tenant data,
// owner-only: a folder that exists with room for others (a state folder
// made 0777 by hand) is tightened to 0700, or refused when it is not
// the user's to tighten.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot use %s: %w", dir, err)
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if !ownedByMe(fi) {
		return fmt.Errorf("%s is open to others (mode %04o) and belongs to another account: orgscope keeps no tenant data there", dir, fi.Mode().Perm())
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("%s is open to others (mode %04o) and cannot be made private: %w", dir, fi.Mode().Perm(), err)
	}
	return nil
}

// OpenRegular opens a file orgscope reads that a path from elsewhere
// names (a journal's, kept in a list): a regular file only. A symbolic
// link, a FIFO (whose open would wait for a writer for ever) or a device
// (/dev/zero, read without end) is refused before anything is read.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow|nonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s is not a regular file", path)
		}
		return nil, nil, err
	}
	return f, fi, nil
}
