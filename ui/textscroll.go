package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// textScroll is a window on lines of text taller than the screen: the
// scroll keys move it, and how far it can go is worked out when the text
// or the size changes (View stays pure). Screens that show an answer as
// text (a trace, a delegation) embed it.
type textScroll struct {
	top, lastTop int
	height       int
}

// fit records how many lines the text has at the screen's height.
func (t *textScroll) fit(lines int) {
	t.lastTop = max(0, lines-max(1, t.height))
	t.top = min(t.top, t.lastTop)
}

// scrolls reports whether the text is taller than the screen.
func (t *textScroll) scrolls() bool { return t.lastTop > 0 }

// scroll moves the window for a scroll key; it reports whether msg was one.
func (t *textScroll) scroll(k keys.Map, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		t.top = max(0, t.top-1)
	case key.Matches(msg, k.Down):
		t.top = min(t.top+1, t.lastTop)
	case key.Matches(msg, k.PageUp):
		t.top = max(0, t.top-10)
	case key.Matches(msg, k.PageDown):
		t.top = min(t.top+10, t.lastTop)
	case key.Matches(msg, k.Top):
		t.top = 0
	case key.Matches(msg, k.Bottom):
		t.top = t.lastTop
	default:
		return false
	}
	return true
}

// window is the part of lines the screen shows, each cut to width.
func (t *textScroll) window(lines []string, width, height int) []string {
	room := max(1, height)
	top := min(t.top, max(0, len(lines)-room))
	out := append([]string(nil), lines[top:min(len(lines), top+room)]...)
	for i := range out {
		out[i] = table.Fit(out[i], width)
	}
	return out
}
