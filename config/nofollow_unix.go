//go:build unix

package config

import "syscall"

// noFollow makes an open fail on a symbolic link (checked before too:
// this closes the window between the check and the open).
const noFollow = syscall.O_NOFOLLOW

// nonBlock keeps an open of a FIFO from waiting for a writer: the file
// is then refused as not a regular one.
const nonBlock = syscall.O_NONBLOCK
