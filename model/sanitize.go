package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text from the tenant (names, display names, metadata, options, error
// messages that quote them) or from a file is untrusted: an org admin or
// an automation can put terminal control sequences in it, which would
// retitle the admin's terminal, clear it, write the clipboard (OSC 52),
// hide a link (OSC 8) or colour what follows. The one sanitiser below
// turns every control character into a visible escape before such text
// reaches a terminal or a document, so that the admin sees that something
// was planted instead of having it run.

// controlEscape is the visible form of r when r is a character that may
// not reach a terminal as it is, and "" when r is fine. keep lists the
// C0 characters the context allows as they are (tab, newline).
func controlEscape(r rune, keep string) string {
	switch {
	case r < 0x20 && strings.ContainsRune(keep, r):
		return ""
	case r < 0x20:
		return fmt.Sprintf(`\x%02x`, r)
	case r == 0x7f, r >= 0x80 && r <= 0x9f: // DEL, and C1 (U+009B is a CSI on its own)
		return fmt.Sprintf(`\u%04x`, r)
	case isBidiControl(r):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return ""
}

// isBidiControl reports the characters that reorder text (U+202E shows
// "exe.txt" as "txt.exe"): marks, embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// CleanLine is s made safe for one line of a terminal or a document (a
// table cell, a field, a title): every control character, tab and newline
// included, becomes a visible escape (ESC is \x1b).
func CleanLine(s string) string { return clean(s, "") }

// CleanText is s made safe for a terminal or a document where text may
// run over lines: as CleanLine, but tabs and newlines stay.
func CleanText(s string) string { return clean(s, "\t\n") }

func clean(s, keep string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			break // invalid UTF-8: escaped below
		}
		if controlEscape(r, keep) != "" {
			break
		}
		i += size
	}
	if i == len(s) {
		return s // the common case: nothing to escape, nothing allocated
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
			i++
			continue
		}
		if e := controlEscape(r, keep); e != "" {
			b.WriteString(e)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// HasControls reports whether s carries a character CleanText would
// escape: the audit's sign of something planted.
func HasControls(s string) bool { return CleanText(s) != s }

// CleanRendered is the last guard on a screen orgscope drew: the SGR
// sequences its styles make (ESC [ digits and semicolons m) stay, and so
// do newlines; every other control character becomes a visible escape, so
// that a tenant string a render function forgot to clean can change the
// colours at most, never the terminal's title, clipboard, links or screen.
func CleanRendered(s string) string { return cleanTerminal(s, "\n", "m") }

// CleanOutput is the last guard on what the commands write: as
// CleanRendered, and the tabs, carriage returns and erase-line sequences
// (ESC [ K) of tables and progress lines stay too.
func CleanOutput(s string) string { return cleanTerminal(s, "\n\t\r", "mK") }

// cleanTerminal escapes every control character of s but the C0 ones in
// keep and the CSI sequences with a final byte in finals.
func cleanTerminal(s, keep, finals string) string {
	var b strings.Builder
	start, i := 0, 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c == 0x1b {
			if n := csiLen(s[i:], finals); n > 0 {
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		e := ""
		if r == utf8.RuneError && size <= 1 {
			e = fmt.Sprintf(`\x%02x`, c)
		} else {
			e = controlEscape(r, keep)
		}
		if e == "" {
			i += size
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(e)
		i += size
		start = i
	}
	if start == 0 {
		return s
	}
	b.WriteString(s[start:])
	return b.String()
}

// csiLen is the length of the CSI sequence of numeric parameters and a
// final byte in finals that s starts with (0 when it does not start
// with one).
func csiLen(s, finals string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case strings.IndexByte(finals, c) >= 0:
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// EscapeJSONControls is JSON made safe to print, for the files orgscope
// writes (a snapshot, a journal, the --debug-http log, which a person may
// cat): Go's encoder escapes C0 but writes DEL, C1 and bidi controls raw,
// and those can appear only inside strings, where their \u escape is the
// same string to any JSON reader.
func EscapeJSONControls(b []byte) []byte {
	s := string(b)
	i := strings.IndexFunc(s, func(r rune) bool { return r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) })
	if i < 0 {
		return b
	}
	var out strings.Builder
	out.Grow(len(s) + 16)
	for _, r := range s {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.WriteRune(r)
		}
	}
	return []byte(out.String())
}

// CSVCell is s made safe for a CSV field that a spreadsheet will open:
// cleaned as a line, and a field that starts with a character a
// spreadsheet reads as a formula (=, +, -, @, tab, carriage return) gets
// a leading ' so that it is read as text ("=cmd|' /C calc'!A0" would run).
func CSVCell(s string) string {
	if s != "" && s != "-" && strings.ContainsRune("=+-@\t\r", rune(s[0])) { // a lone "-" (none) computes nothing
		s = "'" + s
	}
	return CleanLine(s)
}
