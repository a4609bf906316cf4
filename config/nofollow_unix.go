//go:build unix

package config

import "syscall"

// noFollow makes an open fail on a symbolic link (checked before too:
// this closes the window between the check and the open).
const noFollow = syscall.O_NOFOLLOW
