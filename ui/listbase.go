package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/ui/table"
)

// listBase is what the tenant's list screens share (Organizations,
// Connections, Connection Profiles, Applications): the items read, a table
// of them, the read's error, and the item under the cursor. A screen embeds it and adds
// its own keys; the table's keys, mouse and sizing are the base's.
type listBase[T any] struct {
	env    env
	items  []T
	loaded bool
	err    error
	table  table.Model
	// keyOf is an item's key (its id), the key of its row.
	keyOf func(T) string
	// row turns an item into its row.
	row func(T) table.Row
	// order, when set, sorts the rows (the items stay as read).
	order func(a, b T) int
	// keep, when set, says which items show (a class of connections).
	keep func(T) bool
	// noun names the items in the loading line ("applications").
	noun string
}

func (l *listBase[T]) wantsEsc() bool       { return l.table.Filter() != "" }
func (l *listBase[T]) moves() []key.Binding { return tableMoves(l.table) }
func (l *listBase[T]) Capturing() bool      { return l.table.Capturing() }

// setItems takes the answer of the read: the items, or the error that
// stopped it (the items read before stay on screen).
func (l *listBase[T]) setItems(items []T, err error) {
	l.err = err
	if err != nil {
		return
	}
	l.loaded, l.items = true, items
	l.showItems()
}

// showItems lays out the rows again (after a change of what the row
// function shows).
func (l *listBase[T]) showItems() {
	items := l.items
	if l.order != nil {
		items = slices.Clone(items)
		slices.SortStableFunc(items, l.order)
	}
	rows := make([]table.Row, 0, len(items))
	for _, it := range items {
		if l.keep == nil || l.keep(it) {
			rows = append(rows, l.row(it))
		}
	}
	l.table.SetRows(rows)
}

// selected is the item under the cursor.
func (l *listBase[T]) selected() (T, bool) {
	r, ok := l.table.Selected()
	if !ok {
		var zero T
		return zero, false
	}
	return l.item(r.Key)
}

// item is the item of key.
func (l *listBase[T]) item(key string) (T, bool) {
	for _, it := range l.items {
		if l.keyOf(it) == key {
			return it, true
		}
	}
	var zero T
	return zero, false
}

// handle takes what every list does alike: its size (less footer lines),
// clicks, and the table's keys. It reports whether msg was used.
func (l *listBase[T]) handle(msg tea.Msg, footer int) bool {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.table.SetArea(msg.Height - footer)
		return false // the screen may want to know too
	case tea.MouseClickMsg:
		return l.table.Click(msg.Mouse().Y)
	}
	return l.table.Update(msg)
}

// view is the error, the loading line, or the table (empty: what shows
// when no row matches).
func (l *listBase[T]) view(rc renderCtx, empty string) string {
	st := rc.Styles
	switch {
	case l.err != nil:
		return st.Error.Render(describe(l.err))
	case !l.loaded:
		return st.Muted.Render("Loading " + l.noun + "…")
	}
	return l.table.View(rc.Width, rc.Styles, empty)
}
