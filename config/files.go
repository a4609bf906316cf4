// Package config holds orgscope's files on disk: where they live and how
// they are written.
package config

import (
	"fmt"
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
