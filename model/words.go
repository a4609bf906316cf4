package model

import (
	"strconv"
	"strings"
	"time"
)

// Count says how many of a thing there are, in English: "1 scope",
// "3 scopes". Screens, plans and the CLI all say counts this way.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + Plural(noun)
}

// Plural is an English noun's regular plural: policy → policies, batch →
// batches, request → requests.
func Plural(noun string) string {
	n := len(noun)
	switch {
	case n >= 2 && noun[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(noun[n-2])):
		return noun[:n-1] + "ies"
	case strings.HasSuffix(noun, "s") || strings.HasSuffix(noun, "x") || strings.HasSuffix(noun, "z") ||
		strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

// YesNo says a setting in a table cell: "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// OrDash says a value in a table cell, and "-" for none, so that an empty
// cell never looks like a missing column.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// TimeLeft says how long something has left, in words: "about 3m20s
// left", or "a moment left" when it is under a second or two (where
// "about 0s left" would read as done).
func TimeLeft(d time.Duration) string {
	if d < 1500*time.Millisecond {
		return "a moment left"
	}
	return "about " + d.Round(time.Second).String() + " left"
}

// And joins names as a sentence does: "a", "a and b", "a, b and c".
func And(names []string) string { return joinWith(names, " and ") }

// Or joins alternatives: "a", "a or b", "a, b or c".
func Or(names []string) string { return joinWith(names, " or ") }

func joinWith(names []string, last string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + last + names[len(names)-1]
}
