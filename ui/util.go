package ui

import (
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// joinOrDash joins names, or gives "-" for none.
func joinOrDash(names []string) string { return orDash(strings.Join(names, ", ")) }
