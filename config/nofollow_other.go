//go:build !unix

package config

// noFollow is 0 where the system has no O_NOFOLLOW: the Lstat check
// before the open refuses a link.
const noFollow = 0

// nonBlock is 0 where opens do not block on special files.
const nonBlock = 0
