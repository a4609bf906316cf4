package ui

import (
	"maps"
	"path/filepath"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// batchesScreen lists the bulk batches journalled on this machine, newest
// first: enter finishes one that stopped, u undoes one.
type batchesScreen struct {
	env     env
	tenant  string
	batches map[string]*client.BulkBatch // by path
	broken  map[string]error             // journals that cannot be read, by path
	table   table.Model
	err     error
	keys    batchesKeys
	listed  bool // the journals were read: until then the list is not empty, only unread
}

type batchesListedMsg struct {
	batches []*client.BulkBatch
	// broken are the journals that cannot be read, with why: listed, so
	// that a damaged batch is not silently lost from view.
	broken map[string]error
	err    error
}

func newBatchesScreen(e env, tenant string) screen {
	cols := []table.Column{{Title: "STARTED", Width: 16}, {Title: "CHANGE", Width: 30, Flex: true},
		{Title: "DONE", Width: 11}, {Title: "FAILED", Width: 6}, {Title: "TENANT", Width: 16, Flex: true}}
	s := &batchesScreen{env: e, tenant: tenant, table: table.New(cols...)}
	// The row in full, with its journal: two batches of one change (a
	// journal and a copy, one in the folder and one elsewhere) differ by
	// it; a journal that cannot be read says why.
	s.table.Detail = func(r table.Row) string {
		if err := s.broken[r.Key]; err != nil {
			return model.CleanLine("✗ " + err.Error())
		}
		return table.JoinCells(cols, r) + " · " + model.CleanLine(journalLine(r.Key))
	}
	s.keys = newBatchesKeys(e.keys)
	return s
}

// batchesKeys finish a batch or undo it.
type batchesKeys struct{ Resume, Undo key.Binding }

func newBatchesKeys(k keys.Map) batchesKeys {
	return batchesKeys{
		Resume: keys.As(k.Open, "finish it"),
		Undo:   keys.As(k.Undo, "undo it"),
	}
}

func (s *batchesScreen) Init() tea.Cmd {
	dir := s.env.session.bulkDir
	return func() tea.Msg {
		out, broken, err := client.Journals(dir)
		if err != nil {
			return batchesListedMsg{err: err}
		}
		return batchesListedMsg{batches: out, broken: broken}
	}
}

func (s *batchesScreen) Title() string        { return "Bulk batches" }
func (s *batchesScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *batchesScreen) Capturing() bool      { return s.table.Capturing() }
func (s *batchesScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r lists the journals in the state folder again.
func (s *batchesScreen) refreshes() bool { return true }

func (s *batchesScreen) Keys() []key.Binding {
	_, row := s.table.Selected()
	return []key.Binding{keys.If(row, s.keys.Resume), keys.If(row, s.keys.Undo), s.table.FilterKey()}
}

func (s *batchesScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case refreshMsg:
		return s, s.Init(), stay()
	case batchesListedMsg:
		s.err, s.batches, s.listed = msg.err, map[string]*client.BulkBatch{}, true
		rows := make([]table.Row, 0, len(msg.batches))
		for _, b := range msg.batches {
			s.batches[b.Path] = b
			done, failed := b.Counts()
			what := b.Describe()
			rows = append(rows, table.Row{Key: b.Path, Cells: []string{b.Created.Local().Format("2006-01-02 15:04"), what,
				itoa(done) + " of " + itoa(len(b.Items)), itoa(failed), b.Tenant}})
		}
		s.broken = msg.broken
		for _, path := range slices.Sorted(maps.Keys(msg.broken)) {
			rows = append(rows, table.Row{Key: path, Cells: []string{"?", "✗ cannot read " + filepath.Base(path), "", "", ""}})
		}
		s.table.SetRows(rows)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if s.table.Capturing() {
			break
		}
		r, ok := s.table.Selected()
		if err := s.broken[r.Key]; ok && err != nil && key.Matches(msg, s.keys.Resume, s.keys.Undo) {
			return s, flash(err.Error() + " (the file is left as it is)"), stay()
		}
		b := s.batches[r.Key]
		if !ok || b == nil || !key.Matches(msg, s.keys.Resume, s.keys.Undo) {
			break
		}
		if b.Tenant != s.tenant {
			return s, flash("that batch is for " + b.Tenant + ": switch to it with :tenant first"), stay()
		}
		if key.Matches(msg, s.keys.Resume) {
			if len(b.Remaining()) == 0 {
				return s, flash("that batch is finished: u undoes it"), stay()
			}
			return s, nil, push(func(e env) screen { return newBulkResumeScreen(e, b.Path) })
		}
		plan := b.UndoPlan()
		if len(plan.Items) == 0 {
			return s, flash("that batch changed nothing: nothing to undo"), stay()
		}
		path := b.Path
		return s, nil, push(func(e env) screen { return newBulkUndoScreen(e, path, plan, "undo: "+b.Describe()) })
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *batchesScreen) View(rc renderCtx) string {
	if s.err != nil {
		return rc.Styles.Error.Render(describe(s.err))
	}
	if !s.listed {
		return rc.Styles.Muted.Render("Reading the batches' journals…")
	}
	return s.table.View(rc.Width, rc.Styles, "No bulk batch yet: mark organizations and press B.")
}
