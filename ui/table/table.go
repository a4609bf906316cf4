// Package table is the windowed table that orgscope's lists show: rows with
// a cursor and a "/" filter. It renders only the rows in view, so a list of
// 100,000 rows costs what a list of 30 does, and it filters in Update, never
// in View.
package table

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/theme"
)

// Column of a table: a title and the width it keeps when the table is
// short of room. Columns share the width by their content (the widest
// cell); what is left after every column has its content goes to flex
// columns.
type Column struct {
	Title string
	Width int
	Flex  bool
}

// Row is one table row: its cells and the key of the object it shows.
type Row struct {
	Key   string
	Cells []string
	text  string // the cells in lower case, for the filter; set by SetRows
	// widths are the cells' widths in cells, set by SetRows with text.
	widths []int
}

// NewRow makes a row with its filter text: rows kept from one SetRows to
// the next are not lowered again.
func NewRow(key string, cells ...string) Row {
	cleanCells(cells)
	return Row{Key: key, Cells: cells, text: lowered(cells), widths: cellWidths(cells)}
}

func cellWidths(cells []string) []int {
	ws := make([]int, len(cells))
	for i, c := range cells {
		ws[i] = ansi.StringWidth(c)
	}
	return ws
}

// cleanCells makes the cells safe for a terminal (model.CleanLine): they
// hold tenant text. Clean cells are not copied.
func cleanCells(cells []string) {
	for i, c := range cells {
		cells[i] = model.CleanLine(c)
	}
}

func lowered(cells []string) string { return strings.ToLower(strings.Join(cells, " ")) }

// Keys are the table's own bindings, taken from the declared ones.
type Keys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Filter key.Binding
}

// NewKeys picks the table's bindings from k.
func NewKeys(k keys.Map) Keys {
	return Keys{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom, Filter: k.Filter}
}

// Model is a table: its columns, its rows, the filter and the cursor.
type Model struct {
	// Keys are the bindings the table answers to; a screen lists Keys.Filter
	// in its help.
	Keys   Keys
	cols   []Column
	rows   []Row
	view   []int // indices into rows that match the filter
	cursor int   // index into view
	offset int   // first row of view on screen
	area   int   // lines the table may use: header, rows, filter line
	filter string
	typing bool
	// content is each column's widest cell over every row (filtered or
	// not, so that the layout holds while the filter narrows).
	content []int
	// Detail, when set, says in full what the row under the cursor holds,
	// on the table's last line (the cells, cut to their columns, may not).
	// New sets it to the cells joined; a screen that shows the row in full
	// elsewhere sets it to nil.
	Detail func(Row) string
}

// New makes an empty table of cols.
func New(cols ...Column) Model {
	return Model{cols: cols, Keys: NewKeys(keys.Default()), Detail: func(r Row) string { return JoinCells(cols, r) }}
}

// JoinCells is the default detail: the row's cells that say something, in
// full; a yes, a no or a count with its column's title, which it means
// nothing without.
func JoinCells(cols []Column, r Row) string {
	var parts []string
	for i, c := range r.Cells {
		switch c = strings.TrimSpace(c); {
		case c == "" || c == "-" || c == "—" || c == "·":
		case i > 0 && i < len(cols) && cols[i].Title != "" && bare(c):
			parts = append(parts, strings.ToLower(cols[i].Title)+"\u00a0"+c) // kept together when the line wraps
		default:
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " · ")
}

// bare reports a value that needs its column's title: yes, no, a number,
// an access level (two columns of a link hold one).
func bare(c string) bool {
	if c == "yes" || c == "no" || slices.Contains(model.AccessLevels(), model.AccessLevel(c)) {
		return true
	}
	_, err := strconv.Atoi(c)
	return err == nil
}

// DetailLines is how many lines the detail of the row under the cursor
// takes below the table: two, so that a long name and what follows it
// show in full at 80 columns.
const DetailLines = 2

// matches is the filter: every word of q (in lower case) appears in the
// row's cells, ignoring case.
func matches(r Row, q string) bool {
	for _, w := range strings.Fields(q) {
		if !strings.Contains(r.text, w) {
			return false
		}
	}
	return true
}

// SetRows replaces the rows, keeping the cursor on the same key if it is
// still there.
func (t *Model) SetRows(rows []Row) {
	var selKey string
	if r, ok := t.Selected(); ok {
		selKey = r.Key
	}
	t.content = make([]int, len(t.cols))
	for i := range rows {
		if rows[i].text == "" {
			cleanCells(rows[i].Cells)
			rows[i].text = lowered(rows[i].Cells)
		}
		if rows[i].widths == nil {
			rows[i].widths = cellWidths(rows[i].Cells)
		}
		t.grow(rows[i])
	}
	t.rows = rows
	t.view, t.cursor = t.view[:0], 0
	t.refilter()
	if selKey != "" {
		for i, idx := range t.view {
			if t.rows[idx].Key == selKey {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

// grow widens the columns' content to hold r.
func (t *Model) grow(r Row) {
	for j, w := range r.widths {
		if j < len(t.content) && w > t.content[j] {
			t.content[j] = w
		}
	}
}

// refilter rebuilds the view from every row, keeping the cursor on the
// row it was on when that row still shows.
func (t *Model) refilter() {
	sel := -1
	if t.cursor >= 0 && t.cursor < len(t.view) {
		sel = t.view[t.cursor]
	}
	t.view = t.view[:0]
	q := strings.ToLower(t.filter)
	for i, r := range t.rows {
		if q == "" || matches(r, q) {
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
func (t *Model) narrow() {
	q := strings.ToLower(t.filter)
	kept := t.view[:0]
	for _, i := range t.view {
		if matches(t.rows[i], q) {
			kept = append(kept, i)
		}
	}
	t.view = kept
	t.clamp()
}

func (t *Model) clamp() {
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

// SetArea sets the lines the table may use.
func (t *Model) SetArea(lines int) {
	t.area = lines
	t.clamp()
}

// rowsHeight is how many rows fit: the area less the header, the detail
// line and, while filtering, the filter line.
func (t Model) rowsHeight() int {
	lines := 1
	if t.typing || t.filter != "" {
		lines++
	}
	if t.Detail != nil {
		lines += DetailLines
	}
	return max(1, t.area-lines)
}

// Selected returns the row under the cursor.
func (t Model) Selected() (Row, bool) {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return Row{}, false
	}
	return t.rows[t.view[t.cursor]], true
}

// Select puts the cursor on the row with key, if the filter shows it.
func (t *Model) Select(key string) bool {
	for i, idx := range t.view {
		if t.rows[idx].Key == key {
			t.cursor = i
			t.clamp()
			return true
		}
	}
	return false
}

// Len is the number of rows, the filter's or not.
func (t Model) Len() int { return len(t.rows) }

// Shown is the number of rows the filter keeps.
func (t Model) Shown() int { return len(t.view) }

// Position is where the cursor is among the rows shown, "3/40" ("" with
// no row): the row's detail starts with it, whether the table or the
// screen writes that detail.
func (t Model) Position() string {
	if _, ok := t.Selected(); !ok {
		return ""
	}
	return strconv.Itoa(t.cursor+1) + "/" + strconv.Itoa(len(t.view))
}

// AtEnd reports the cursor within a screen of the last row: time to load more.
func (t Model) AtEnd() bool { return t.cursor >= len(t.view)-t.rowsHeight() }

// Move moves the cursor d rows down (up when d < 0), within the rows shown.
func (t *Model) Move(d int) {
	t.cursor += d
	t.clamp()
}

// Update handles the table's keys and mouse; it reports whether it used msg.
func (t *Model) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if t.typing {
			t.typeFilter(msg)
			return true
		}
		switch {
		case key.Matches(msg, t.Keys.Up):
			t.Move(-1)
		case key.Matches(msg, t.Keys.Down):
			t.Move(1)
		case key.Matches(msg, t.Keys.PageUp):
			t.Move(-t.rowsHeight())
		case key.Matches(msg, t.Keys.PageDown):
			t.Move(t.rowsHeight())
		case key.Matches(msg, t.Keys.Top):
			t.cursor = 0
			t.clamp()
		case key.Matches(msg, t.Keys.Bottom):
			t.cursor = len(t.view) - 1
			t.clamp()
		case key.Matches(msg, t.Keys.Filter):
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
			t.Move(-1)
		} else if msg.Button == tea.MouseWheelDown {
			t.Move(1)
		}
		return true
	}
	return false
}

// typeFilter takes a key typed into the filter.
func (t *Model) typeFilter(msg tea.KeyPressMsg) {
	switch msg.String() {
	case "esc":
		t.typing, t.filter = false, ""
		t.refilter()
	case "enter":
		t.typing = false
		t.clamp()
	default:
		line, edited := EditLine(t.filter, msg)
		if !edited {
			return
		}
		grew := len(line) > len(t.filter) && msg.Text != " "
		t.filter = line
		if msg.Text != "" {
			t.cursor = 0 // a key typed: the best match first
		}
		if grew {
			t.narrow() // a key typed at its end: the matches are among those shown
		} else {
			t.refilter() // shorter, or a new word: start over
		}
	}
}

// Click moves the cursor to the row on screen line y (0 = the header).
func (t *Model) Click(y int) bool {
	i := t.offset + y - 1
	if y < 1 || i >= len(t.view) {
		return false
	}
	t.cursor = i
	t.clamp()
	return true
}

// FilterKey is the filter's binding for a screen's help. It is offered
// even before the rows come: a filter typed ahead applies as they load.
func (t Model) FilterKey() key.Binding { return t.Keys.Filter }

// Capturing reports that the filter is taking keys.
func (t Model) Capturing() bool { return t.typing }

// Filter is the filter applied ("" for none).
func (t Model) Filter() string { return t.filter }

// widths shares width among the columns by what they hold: each gets its
// content when all fit. When not, the width is shared out in three
// rounds, a cell at a time to every column still short of its goal, so
// that a long column cannot starve a short one: first up to a floor of 8
// cells, then up to the column's Width (what it is worth to the screen),
// then up to its content. What is left over goes to the flex columns.
func (t Model) widths(width int) []int {
	n := len(t.cols)
	want, ws := make([]int, n), make([]int, n)
	avail := width - (n - 1)
	for i, c := range t.cols {
		want[i] = ansi.StringWidth(c.Title)
		if i < len(t.content) {
			want[i] = max(want[i], t.content[i])
		}
	}
	for _, goal := range []func(int) int{
		func(i int) int { return min(want[i], 8) },
		func(i int) int { return min(want[i], t.cols[i].Width) },
		func(i int) int { return want[i] },
	} {
		for avail > 0 {
			gave := false
			for i := range ws {
				if avail > 0 && ws[i] < goal(i) {
					ws[i]++
					avail--
					gave = true
				}
			}
			if !gave {
				break
			}
		}
	}
	flex := 0
	for _, c := range t.cols {
		if c.Flex {
			flex++
		}
	}
	for i, c := range t.cols {
		if c.Flex && avail > 0 {
			add := avail / flex
			ws[i] += add
			avail -= add
			flex--
		}
	}
	return ws
}

// Fit cuts s to w cells (with "…") or pads it to w.
func Fit(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// View draws the header, the rows in view and, when filtering, the filter
// line, width cells wide; empty is said when no row shows. It reads the
// table only.
func (t Model) View(width int, st theme.Styles, empty string) string {
	showFilter := t.typing || t.filter != ""
	ws := t.widths(width)
	var b strings.Builder
	hdr := make([]string, len(t.cols))
	for i, c := range t.cols {
		hdr[i] = Fit(c.Title, ws[i])
	}
	b.WriteString(st.Header.Render(Fit(strings.Join(hdr, " "), width)))
	if len(t.view) == 0 {
		b.WriteString("\n" + st.Muted.Render(Fit(empty, width)))
	}
	end := min(len(t.view), t.offset+t.rowsHeight())
	for i := t.offset; i < end; i++ {
		r := t.rows[t.view[i]]
		cells := make([]string, len(t.cols))
		for j := range t.cols {
			c := ""
			if j < len(r.Cells) {
				c = r.Cells[j]
			}
			cells[j] = Fit(c, ws[j])
		}
		line := Fit(strings.Join(cells, " "), width)
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
		count := "  " + strconv.Itoa(len(t.view)) + " of " + strconv.Itoa(len(t.rows))
		b.WriteString("\n" + Fit("/"+t.filter+cursor+st.Muted.Render(count), width))
	}
	if r, ok := t.Selected(); ok && t.Detail != nil {
		lines := strings.Split(ansi.Wrap(t.Position()+"  "+t.Detail(r), width, " "), "\n")
		if len(lines) > DetailLines {
			lines[DetailLines-1] += " …" // Fit cuts it to the width, with its …
			lines = lines[:DetailLines]
		}
		for len(lines) < DetailLines {
			lines = append(lines, "") // the same height whatever the row says
		}
		for _, l := range lines {
			b.WriteString("\n" + st.Muted.Render(Fit(l, width)))
		}
	}
	return b.String()
}

// SetCell changes one cell of the row with key, leaving the rest (and the
// filter's matches) as they are: cheap at 100,000 rows.
func (t *Model) SetCell(key string, col int, text string) {
	for i := range t.rows {
		if t.rows[i].Key == key {
			t.rows[i].Cells[col] = model.CleanLine(text)
			t.rows[i].text = lowered(t.rows[i].Cells)
			t.rows[i].widths = cellWidths(t.rows[i].Cells)
			t.grow(t.rows[i])
			return
		}
	}
}

// VisibleKeys are the keys of the rows the filter keeps.
func (t Model) VisibleKeys() []string {
	out := make([]string, len(t.view))
	for i, r := range t.view {
		out[i] = t.rows[r].Key
	}
	return out
}
