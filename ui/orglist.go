package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// orgListScreen lists organizations, reading them 100 at a time with
// checkpoint paging as the user scrolls: a tenant of 100,000 opens as fast
// as one of 10.
type orgListScreen struct {
	listBase[model.Organization]        // the organizations read so far
	next                         string // cursor of the next page; "" once all are read
	started                      bool
	loading                      bool
	sortBy                       int
	keys                         orgListKeys
	// marked are the organizations a bulk change is for, by id.
	marked map[string]bool
	// selectID is an organization just created: the cursor goes to it
	// when a page holding it is read.
	selectID string
}

// orgSorts names the orders the s key cycles through.
func orgSorts() []string { return []string{"created", "name", "display name"} }

func newOrgListScreen(e env) screen {
	s := &orgListScreen{keys: newOrgListKeys(e.keys), marked: map[string]bool{}}
	s.listBase = listBase[model.Organization]{env: e, noun: "organizations", row: s.row, order: s.order,
		keyOf: func(o model.Organization) string { return o.ID },
		table: table.New(table.Column{Title: "NAME", Width: 20, Flex: true}, table.Column{Title: "DISPLAY NAME", Width: 20, Flex: true},
			table.Column{Title: "ID", Width: 20}, table.Column{Title: "CONNECTIONS", Width: 11})}
	return s
}

// orgListKeys are the Organizations list's; the marks choose the organizations of a bulk change.
type orgListKeys struct{ Open, Sort, More, New, Edit, Delete, Undo, Mark, MarkDown, MarkUp, MarkAll, Bulk key.Binding }

func newOrgListKeys(k keys.Map) orgListKeys {
	return orgListKeys{
		Open:     k.Open,
		Sort:     k.Sort,
		More:     k.LoadAll,
		New:      k.New,
		Edit:     k.Edit,
		Delete:   k.Delete,
		Undo:     k.Undo,
		Mark:     k.Mark,
		MarkDown: k.MarkDown,
		MarkUp:   k.MarkUp,
		MarkAll:  k.MarkAll,
		Bulk:     keys.As(k.Bulk, "bulk change of the marked"),
	}
}

// orgsPageLoadedMsg is one page of organizations.
type orgsPageLoadedMsg struct {
	from string
	orgs []model.Organization
	next string
	err  error
}

func (s *orgListScreen) load(from string) tea.Cmd {
	s.loading = true
	return s.env.api("read organizations", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		orgs, next, err := c.OrganizationsPage(ctx, from)
		return orgsPageLoadedMsg{from: from, orgs: orgs, next: next, err: err}, err
	})
}

func (s *orgListScreen) Init() tea.Cmd {
	s.started = true
	return s.load("")
}

func (s *orgListScreen) Title() string { return "Organizations" }

// refreshes: r reads the organizations again.
func (s *orgListScreen) refreshes() bool { return true }

func (s *orgListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.New, s.keys.Edit, s.keys.Delete, s.keys.Undo, s.table.FilterKey(), s.keys.Sort, keys.If(s.next != "" && !s.loading, s.keys.More),
		s.keys.Mark, s.keys.MarkDown, s.keys.MarkUp, s.keys.MarkAll, s.keys.Bulk}
}

// Marked counts the organizations marked, for the status bar.
func (s *orgListScreen) Marked() int { return len(s.marked) }

// nameCell is an organization's name, with its mark.
func (s *orgListScreen) nameCell(o model.Organization) string {
	if s.marked[o.ID] {
		return "✓ " + o.Name
	}
	return o.Name
}

// mark sets an organization's mark.
func (s *orgListScreen) mark(id string, on bool) {
	o, ok := s.item(id)
	if !ok {
		return
	}
	if on {
		s.marked[id] = true
	} else {
		delete(s.marked, id)
	}
	s.table.SetCell(id, 0, s.nameCell(o))
}

// markKey handles the marking keys; ok is false for other keys.
func (s *orgListScreen) markKey(msg tea.KeyPressMsg) (tea.Cmd, nav, bool) {
	r, sel := s.table.Selected()
	switch {
	case key.Matches(msg, s.keys.Mark):
		if sel {
			s.mark(r.Key, !s.marked[r.Key])
			s.table.Move(1)
		}
	case key.Matches(msg, s.keys.MarkDown, s.keys.MarkUp):
		if sel {
			s.mark(r.Key, true)
			d := 1
			if key.Matches(msg, s.keys.MarkUp) {
				d = -1
			}
			s.table.Move(d)
			if r, ok := s.table.Selected(); ok {
				s.mark(r.Key, true)
			}
		}
	case key.Matches(msg, s.keys.MarkAll):
		shown := s.table.VisibleKeys()
		all := true
		for _, id := range shown {
			all = all && s.marked[id]
		}
		for _, id := range shown {
			s.mark(id, !all) // * again unmarks them
		}
		if s.next != "" {
			return flash(model.Count(len(s.marked), "organization") + " marked, of those read · L reads them all first"), stay(), true
		}
	case key.Matches(msg, s.keys.Bulk):
		if len(s.marked) == 0 {
			return flash("mark organizations first: space, shift+↓, or * for all shown"), stay(), true
		}
		var orgs []model.Organization
		for _, o := range s.items {
			if s.marked[o.ID] {
				orgs = append(orgs, o)
			}
		}
		return nil, push(func(e env) screen { return newBulkScreen(e, orgs, nil) }), true
	default:
		return nil, stay(), false
	}
	return s.more(), stay(), true
}

// row is an organization's row: its mark and name, display name, id and
// the number of its connections ("·" until known).
func (s *orgListScreen) row(o model.Organization) table.Row {
	n := "·"
	if c, ok := s.env.session.linkCount(o.ID); ok {
		n = itoa(c)
	}
	return table.Row{Key: o.ID, Cells: []string{s.nameCell(o), o.DisplayName, o.ID, n}}
}

// order sorts the rows as s chose: as created (as read), by name or by
// display name.
func (s *orgListScreen) order(a, b model.Organization) int {
	switch s.sortBy {
	case 1:
		return strings.Compare(a.Name, b.Name)
	case 2:
		return strings.Compare(a.DisplayName, b.DisplayName)
	}
	return 0
}

// more loads the next page when the cursor nears the end of what is read.
func (s *orgListScreen) more() tea.Cmd {
	if s.next != "" && !s.loading && s.table.AtEnd() {
		return s.load(s.next)
	}
	return nil
}

func (s *orgListScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height - 1)
		return s, s.more(), stay()
	case orgsPageLoadedMsg:
		s.loading = false
		if msg.err != nil {
			s.err = msg.err
			return s, nil, stay()
		}
		s.err = nil
		if msg.from == "" {
			s.items = nil
		}
		s.items = append(s.items, msg.orgs...)
		s.next = msg.next
		s.showItems()
		if s.selectID != "" && s.table.Select(s.selectID) {
			s.selectID = "" // the organization just created, under the cursor
		}
		return s, s.more(), stay()
	case linksCountedMsg, snapshotChangedMsg:
		s.showItems() // the link counts
		return s, nil, stay()
	case refreshMsg:
		s.next = ""
		return s, s.load(""), stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return orgChangedMsg{summary: summary} })
		return s, cmd, nav
	case orgChangedMsg:
		s.next, s.selectID = "", msg.made
		return s, tea.Batch(s.load(""), done(msg.summary)), stay()
	case tea.MouseClickMsg:
		if s.table.Click(msg.Mouse().Y) {
			return s, s.more(), stay()
		}
	case tea.KeyPressMsg:
		if !s.table.Capturing() {
			if cmd, nav, ok := s.markKey(msg); ok {
				return s, cmd, nav
			}
			switch {
			case key.Matches(msg, s.keys.Open):
				if o, ok := s.selected(); ok {
					parent := s.env.id
					return s, nil, push(func(e env) screen { return newOrgDetailScreen(e, o, parent) })
				}
				return s, nil, stay()
			case key.Matches(msg, s.keys.New, s.keys.Edit, s.keys.Delete):
				scope := "update:organizations"
				switch {
				case key.Matches(msg, s.keys.New):
					scope = "create:organizations"
				case key.Matches(msg, s.keys.Delete):
					scope = "delete:organizations"
				}
				if refusal := s.env.refuse(scope); refusal != nil {
					return s, refusal, stay()
				}
				id := s.env.id
				if key.Matches(msg, s.keys.New) {
					return s, nil, push(func(e env) screen { return newOrgForm(e, id, nil) })
				}
				o, ok := s.selected()
				if !ok {
					return s, nil, stay()
				}
				if key.Matches(msg, s.keys.Edit) {
					return s, nil, push(func(e env) screen { return newOrgForm(e, id, &o) })
				}
				return s, nil, push(func(e env) screen { return newDeleteOrgScreen(e, id, o) })
			case key.Matches(msg, s.keys.Undo):
				return s, s.env.planUndo("organizations"), stay()
			case key.Matches(msg, s.keys.Sort):
				s.sortBy = (s.sortBy + 1) % len(orgSorts())
				s.showItems()
				return s, nil, stay()
			case key.Matches(msg, s.keys.More):
				if s.next != "" && !s.loading {
					return s, s.loadAll(), stay()
				}
				return s, nil, stay()
			}
		}
	}
	if s.table.Update(msg) {
		return s, s.more(), stay()
	}
	return s, nil, stay()
}

// loadAll reads every remaining page (for a filter over the whole tenant).
func (s *orgListScreen) loadAll() tea.Cmd {
	from := s.next
	s.loading = true
	return s.env.api("read all organizations", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		var all []model.Organization
		next := from
		for next != "" {
			orgs, n, err := c.OrganizationsPage(ctx, next)
			if err != nil {
				return orgsPageLoadedMsg{from: from, orgs: all, next: next, err: err}, err
			}
			all, next = append(all, orgs...), n
		}
		return orgsPageLoadedMsg{from: from, orgs: all}, nil
	})
}

func (s *orgListScreen) View(rc renderCtx) string {
	st := rc.Styles
	switch {
	case s.err != nil && len(s.items) == 0:
		return st.Error.Render(describe(s.err))
	case !s.started || (s.loading && len(s.items) == 0):
		return st.Muted.Render("Loading organizations…")
	case len(s.items) == 0:
		return st.Muted.Render("No organizations yet: press n to create one.")
	}
	more := "all read"
	if s.next != "" {
		more = "more load as you scroll · L loads all"
	}
	marks := ""
	if len(s.marked) > 0 {
		marks = " · " + itoa(len(s.marked)) + " marked (B: bulk change)"
	}
	info := st.Muted.Render(model.Count(len(s.items), "organization") + " · " + more + " · sorted by " + orgSorts()[s.sortBy] + marks)
	return s.table.View(rc.Width, rc.Styles, "No organization matches the filter.") + "\n" + info
}

// withHeight returns rc with another height.
func (rc renderCtx) withHeight(h int) renderCtx {
	rc.Height = h
	return rc
}
