package table

import tea "charm.land/bubbletea/v2"

// EditLine applies a key to a line of typed text (a filter, the palette's
// query): backspace drops the last character, ctrl+u the whole line (as in a
// shell), a printable key adds its text. It returns the line and whether
// the key edited it; enter and esc are left to the caller.
func EditLine(line string, msg tea.KeyPressMsg) (string, bool) {
	switch msg.String() {
	case "backspace":
		if r := []rune(line); len(r) > 0 {
			return string(r[:len(r)-1]), true
		}
		return line, false
	case "ctrl+u":
		return "", line != ""
	case "enter", "esc":
		return line, false
	}
	if msg.Text != "" {
		return line + msg.Text, true
	}
	return line, false
}
