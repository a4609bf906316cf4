package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// grid is what the two matrices share: a cursor on a cell of rows ×
// columns, the rows and columns on screen, and the rows' name filter.
// The screen embedding it says how many rows and columns there are and
// how many fit.
type grid struct {
	row, col  int // the cursor
	top, left int // the first row and column on screen
	filter    string
	filtering bool
}

// clamp keeps the cursor on a cell and the cell on screen.
func (g *grid) clamp(rows, cols, bodyLines, visibleCols int) {
	g.row = min(max(g.row, 0), max(rows-1, 0))
	g.col = min(max(g.col, 0), max(cols-1, 0))
	if g.row < g.top {
		g.top = g.row
	}
	if g.row >= g.top+bodyLines {
		g.top = g.row - bodyLines + 1
	}
	if g.col < g.left {
		g.left = g.col
	}
	if g.col >= g.left+visibleCols {
		g.left = g.col - visibleCols + 1
	}
}

// keep puts the cursor back where it was after the rows and columns were
// read again, as near as the new counts allow.
func (g *grid) keep(was grid, rows, cols int) {
	g.row, g.top = min(was.row, max(0, rows-1)), min(was.top, max(0, rows-1))
	g.col, g.left = min(was.col, max(0, cols-1)), min(was.left, max(0, cols-1))
}

// move moves the cursor by a movement key (page: the rows on screen;
// rows: how many there are); false when msg moves nothing.
func (g *grid) move(msg tea.KeyPressMsg, k keys.Map, page, rows int) bool {
	switch {
	case key.Matches(msg, k.Up):
		g.row--
	case key.Matches(msg, k.Down):
		g.row++
	case key.Matches(msg, k.Left):
		g.col--
	case key.Matches(msg, k.Right):
		g.col++
	case key.Matches(msg, k.PageDown):
		g.row += page
	case key.Matches(msg, k.PageUp):
		g.row -= page
	case key.Matches(msg, k.Top):
		g.row = 0
	case key.Matches(msg, k.Bottom):
		g.row = rows - 1
	default:
		return false
	}
	return true
}

// typeFilter takes a key while the filter is being typed: enter keeps
// it, esc clears it, the rest edit it. changed says the rows must be
// filtered again.
func (g *grid) typeFilter(msg tea.KeyPressMsg) (changed bool) {
	switch msg.String() {
	case "enter":
		g.filtering = false
	case "esc":
		g.filtering, g.filter = false, ""
		return true
	default:
		if line, edited := table.EditLine(g.filter, msg); edited {
			g.filter = line
			return true
		}
	}
	return false
}

// filterNote is the filter, as the screen's last lines start with it.
func (g *grid) filterNote() string {
	if g.filtering || g.filter != "" {
		return "/" + g.filter + "  "
	}
	return ""
}
