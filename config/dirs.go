package config

import (
	"errors"
	"os"
	"path/filepath"
)

// StateDir is where orgscope keeps what it learns about tenants (their
// snapshots and interrupted crawls): $XDG_STATE_HOME/orgscope, or
// ~/.local/state/orgscope where that is not set.
func StateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "orgscope"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("cannot find the state directory: set XDG_STATE_HOME or HOME")
	}
	return filepath.Join(home, ".local", "state", "orgscope"), nil
}
