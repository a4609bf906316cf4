package ui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/ui/table"
	"github.com/orgscope/orgscope/ui/theme"
)

// palette is the ":" (ctrl+k) command palette: type to narrow, enter to run.
type palette struct {
	all    []command
	query  string
	cursor int
}

func newPalette(cmds []command) palette { return palette{all: cmds} }

// matches returns the commands whose title holds the query's letters in
// order (a fuzzy match), the closest first.
func (p palette) matches() []command {
	if p.query == "" {
		return p.all
	}
	type scored struct {
		c     command
		score int
	}
	var out []scored
	for _, c := range p.all {
		if s, ok := fuzzyScore(strings.ToLower(c.Title), strings.ToLower(p.query)); ok {
			if s >= 100 && !subsequence(strings.ToLower(commandWord(c.Title)), strings.ToLower(p.query)) {
				// letters scattered over the description are no match:
				// ":foo" is not "profiles — connection profiles"
				continue
			}
			out = append(out, scored{c, s})
		}
	}
	// Stable insertion sort by score: the list is short.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].score < out[j-1].score; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	cmds := make([]command, len(out))
	for i, s := range out {
		cmds[i] = s.c
	}
	return cmds
}

// commandWord is a palette title's command ("profiles" of "profiles —
// connection profiles").
func commandWord(title string) string {
	w, _, _ := strings.Cut(title, " ")
	return w
}

// subsequence reports whether q's letters appear in s in order.
func subsequence(s, q string) bool {
	_, ok := fuzzyScore(s, q)
	return ok
}

// fuzzyScore reports whether q's letters appear in s in order; a lower
// score is a tighter match (a prefix scores 0).
func fuzzyScore(s, q string) (int, bool) {
	if strings.HasPrefix(s, q) {
		return 0, true
	}
	if i := strings.Index(s, q); i >= 0 {
		return 1 + i, true
	}
	score, pos := 100, 0
	for _, r := range q {
		i := strings.IndexRune(s[pos:], r)
		if i < 0 {
			return 0, false
		}
		score += i
		pos += i + len(string(r))
	}
	return score, true
}

// update takes a key; it returns the chosen command, and whether the
// palette closes.
func (p *palette) update(msg tea.KeyPressMsg) (*command, bool) {
	switch msg.String() {
	case "esc", "ctrl+k":
		return nil, true
	case "enter":
		m := p.matches()
		if p.cursor >= 0 && p.cursor < len(m) {
			return &m[p.cursor], true
		}
		// an unknown command says so rather than doing nothing
		return &command{Msg: flashMsg{text: "no command " + strconv.Quote(":"+p.query) + ": : lists them"}}, true
	case "up", "ctrl+p":
		p.cursor = max(0, p.cursor-1)
	case "down", "ctrl+n", "tab":
		p.cursor = max(0, min(len(p.matches())-1, p.cursor+1)) // none matching: 0, not -1
	default:
		if line, edited := table.EditLine(p.query, msg); edited {
			p.query, p.cursor = line, 0
		}
	}
	return nil, false
}

// paletteRows is how many commands the palette shows at once.
const paletteRows = 10

func (p palette) view(st theme.Styles, width int) string {
	lines := []string{": " + p.query + "█"}
	m := p.matches()
	// A window of paletteRows entries that keeps the cursor in view: ↓ past
	// the tenth entry scrolls instead of selecting one no one sees.
	first := max(0, min(p.cursor-paletteRows+1, len(m)-paletteRows))
	for i := first; i < min(len(m), first+paletteRows); i++ {
		c := m[i]
		line := table.Fit("  "+c.Title, width-4)
		if i == p.cursor {
			line = st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	if len(lines) == 1 {
		lines = append(lines, st.Muted.Render("  no command matches"))
	}
	if len(m) > paletteRows {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  %d of %d · ↑/↓ for more", min(len(m), first+paletteRows)-first, len(m))))
	}
	return st.Palette.Width(width).Render(strings.Join(lines, "\n"))
}
