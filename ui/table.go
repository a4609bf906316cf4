package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// column of a table: a title and a minimum width; flex columns share the
// space left.
type column struct {
	title string
	width int
	flex  bool
}

// row is one table row: its cells and the key of the object it shows.
type row struct {
	key   string
	cells []string
	text  string // the cells in lower case, for the filter; set by setRows
}

// newRow makes a row with its filter text: rows kept from one setRows to
// the next are not lowered again.
func newRow(key string, cells ...string) row {
	return row{key: key, cells: cells, text: strings.ToLower(strings.Join(cells, " "))}
}

// table is a windowed list of rows with a cursor and a "/" filter. It
// renders only the rows in view, so a list of 100,000 rows costs what a list
// of 30 does; filtering runs in Update, never in View.
type table struct {
	cols    []column
	rows    []row
	view    []int // indices into rows that match the filter
	cursor  int   // index into view
	offset  int   // first row of view on screen
	area    int   // lines the table may use: header, rows, filter line
	filter  string
	typing  bool
	keys    listKeys
	matchFn func(row, string) bool
}

func newTable(cols ...column) table {
	return table{cols: cols, keys: defaultListKeys(), matchFn: matchRow}
}

// matchRow is the default filter: every word of q (in lower case) appears
// in the row's cells, ignoring case.
func matchRow(r row, q string) bool {
	for _, w := range strings.Fields(q) {
		if !strings.Contains(r.text, w) {
			return false
		}
	}
	return true
}

// setRows replaces the rows, keeping the cursor on the same key if it is
// still there.
func (t *table) setRows(rows []row) {
	var selKey string
	if r, ok := t.selected(); ok {
		selKey = r.key
	}
	for i := range rows {
		if rows[i].text == "" {
			rows[i].text = strings.ToLower(strings.Join(rows[i].cells, " "))
		}
	}
	t.rows = rows
	t.view, t.cursor = t.view[:0], 0
	t.refilter()
	if selKey != "" {
		for i, idx := range t.view {
			if t.rows[idx].key == selKey {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

// refilter rebuilds the view from every row, keeping the cursor on the
// row it was on when that row still shows.
func (t *table) refilter() {
	sel := -1
	if t.cursor >= 0 && t.cursor < len(t.view) {
		sel = t.view[t.cursor]
	}
	t.view = t.view[:0]
	q := strings.ToLower(t.filter)
	for i, r := range t.rows {
		if q == "" || t.matchFn(r, q) {
			if i == sel {
				t.cursor = len(t.view)
			}
			t.view = append(t.view, i)
		}
	}
	t.clamp()
}

// narrow applies a filter that only grew (a key typed at its end): the
// matches are among the rows already shown, so only those are tested.
func (t *table) narrow() {
	q := strings.ToLower(t.filter)
	kept := t.view[:0]
	for _, i := range t.view {
		if t.matchFn(t.rows[i], q) {
			kept = append(kept, i)
		}
	}
	t.view = kept
	t.clamp()
}

func (t *table) clamp() {
	if t.cursor >= len(t.view) {
		t.cursor = len(t.view) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	h := t.rowsHeight()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	if t.offset > max(0, len(t.view)-h) {
		t.offset = max(0, len(t.view)-h)
	}
	if t.offset < 0 {
		t.offset = 0
	}
}

// setArea sets the lines the table may use.
func (t *table) setArea(lines int) {
	t.area = lines
	t.clamp()
}

// rowsHeight is how many rows fit: the area less the header and, while
// filtering, the filter line.
func (t table) rowsHeight() int {
	return max(1, t.area-1-b2i(t.typing || t.filter != ""))
}

// selected returns the row under the cursor.
func (t table) selected() (row, bool) {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return row{}, false
	}
	return t.rows[t.view[t.cursor]], true
}

// atEnd reports the cursor within a screen of the last row: time to load more.
func (t table) atEnd() bool { return t.cursor >= len(t.view)-t.rowsHeight() }

func (t *table) move(d int) {
	t.cursor += d
	t.clamp()
}

// update handles the table's keys and mouse; it reports whether it used msg.
func (t *table) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if t.typing {
			switch msg.String() {
			case "esc":
				t.typing, t.filter = false, ""
				t.refilter()
			case "enter":
				t.typing = false
				t.clamp()
			case "backspace":
				if r := []rune(t.filter); len(r) > 0 {
					t.filter = string(r[:len(r)-1])
					t.refilter()
				}
			default:
				if msg.Text != "" {
					t.filter += msg.Text
					t.cursor = 0
					if msg.Text == " " {
						t.refilter() // a new word: start over
					} else {
						t.narrow()
					}
				}
			}
			return true
		}
		switch {
		case key.Matches(msg, t.keys.Up):
			t.move(-1)
		case key.Matches(msg, t.keys.Down):
			t.move(1)
		case key.Matches(msg, t.keys.PageUp):
			t.move(-t.rowsHeight())
		case key.Matches(msg, t.keys.PageDown):
			t.move(t.rowsHeight())
		case key.Matches(msg, t.keys.Top):
			t.cursor = 0
			t.clamp()
		case key.Matches(msg, t.keys.Bottom):
			t.cursor = len(t.view) - 1
			t.clamp()
		case key.Matches(msg, t.keys.Filter):
			t.typing = true
			t.clamp()
		case msg.String() == "esc" && t.filter != "":
			t.filter = ""
			t.refilter()
		default:
			return false
		}
		return true
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			t.move(-1)
		} else if msg.Button == tea.MouseWheelDown {
			t.move(1)
		}
		return true
	}
	return false
}

// click moves the cursor to the row on screen line y (0 = the header).
func (t *table) click(y int) bool {
	i := t.offset + y - 1
	if y < 1 || i >= len(t.view) {
		return false
	}
	t.cursor = i
	t.clamp()
	return true
}

// capturing reports that the filter is taking keys.
func (t table) capturing() bool { return t.typing }

// widths spreads width over the columns: minimums first, then the rest to
// flex columns.
func (t table) widths(width int) []int {
	ws := make([]int, len(t.cols))
	used, flex := 0, 0
	for i, c := range t.cols {
		ws[i] = c.width
		used += c.width + 1
		if c.flex {
			flex++
		}
	}
	extra := width - used
	for i, c := range t.cols {
		if c.flex && extra > 0 {
			add := extra / flex
			ws[i] += add
			extra -= add
			flex--
		}
	}
	return ws
}

func fit(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// render draws the header, the rows in view and, when filtering, the filter
// line. It reads the table only.
func (t table) render(rc RenderCtx, empty string) string {
	st := rc.Styles
	showFilter := t.typing || t.filter != ""
	ws := t.widths(rc.Width)
	var b strings.Builder
	hdr := make([]string, len(t.cols))
	for i, c := range t.cols {
		hdr[i] = fit(c.title, ws[i])
	}
	b.WriteString(st.Header.Render(fit(strings.Join(hdr, " "), rc.Width)))
	if len(t.view) == 0 {
		b.WriteString("\n" + st.Muted.Render(fit(empty, rc.Width)))
	}
	end := min(len(t.view), t.offset+t.rowsHeight())
	for i := t.offset; i < end; i++ {
		r := t.rows[t.view[i]]
		cells := make([]string, len(t.cols))
		for j := range t.cols {
			c := ""
			if j < len(r.cells) {
				c = r.cells[j]
			}
			cells[j] = fit(c, ws[j])
		}
		line := fit(strings.Join(cells, " "), rc.Width)
		if i == t.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	if showFilter {
		cursor := ""
		if t.typing {
			cursor = "█"
		}
		b.WriteString("\n" + fit("/"+t.filter+cursor+st.Muted.Render(countLabel(len(t.view), len(t.rows))), rc.Width))
	}
	return b.String()
}

func countLabel(shown, all int) string {
	return "  " + itoa(shown) + " of " + itoa(all)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// setCell changes one cell of the row with key, leaving the rest (and the
// filter's matches) as they are: cheap at 100,000 rows.
func (t *table) setCell(key string, col int, text string) {
	for i := range t.rows {
		if t.rows[i].key == key {
			t.rows[i].cells[col] = text
			t.rows[i].text = strings.ToLower(strings.Join(t.rows[i].cells, " "))
			return
		}
	}
}

// visibleKeys are the keys of the rows the filter keeps.
func (t table) visibleKeys() []string {
	out := make([]string, len(t.view))
	for i, r := range t.view {
		out[i] = t.rows[r].key
	}
	return out
}
