package ui

import (
	"context"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// connDetailScreen shows one connection: its fields, the applications it
// is enabled for, and Used by — every organization that has it enabled,
// with each link's settings, from a crawl of the tenant made under the rate
// governor (with progress) and kept for the session.
type connDetailScreen struct {
	env      env
	conn     model.Connection
	clients  map[string]string // id → name
	usedBy   []orgLink
	crawled  bool
	crawling bool
	progress *readProgress
	reading  string // the read's progress, as of the last tick
	err      error
	table    table.Model
	keys     connDetailKeys
	w, h     int
}

type clientsNamedMsg struct {
	names map[string]string
	err   error
}

type crawlDoneMsg struct {
	snap *model.Snapshot
	how  string
	err  error
}

func newConnDetailScreen(e env, conn model.Connection) screen {
	s := &connDetailScreen{
		env: e, conn: conn,
		table: table.New(append([]table.Column{{Title: "ORGANIZATION", Width: 18, Flex: true}}, linkColumns()...)...),
		keys:  newConnDetailKeys(e.keys),
	}
	if used, ok := e.session.usedBy(conn.ID); ok {
		s.crawled = true
		s.setUsedBy(used)
	}
	return s
}

// connReadForEditMsg carries the connection read for its form.
type connReadForEditMsg struct {
	conn model.Connection
	err  error
}

// connDetailKeys are a connection's: its Used by, its applications, changes to it.
type connDetailKeys struct{ Crawl, Open, Apps, Delete, Edit, Undo, Bulk key.Binding }

func newConnDetailKeys(k keys.Map) connDetailKeys {
	return connDetailKeys{
		Crawl:  k.UsedBy,
		Open:   keys.As(k.Open, "open organization"),
		Apps:   k.Apps,
		Delete: k.Delete,
		Edit:   k.Edit,
		Undo:   k.Undo,
		Bulk:   keys.As(k.Bulk, "bulk change of these orgs"),
	}
}

func (s *connDetailScreen) Init() tea.Cmd {
	return s.env.api("read applications", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		names := map[string]string{}
		for cl, err := range c.Clients(ctx) {
			if err != nil {
				return clientsNamedMsg{err: err}, err
			}
			names[cl.ClientID] = cl.Name
		}
		return clientsNamedMsg{names: names}, nil
	})
}

func (s *connDetailScreen) Title() string        { return s.conn.Name }
func (s *connDetailScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *connDetailScreen) Capturing() bool      { return s.table.Capturing() }
func (s *connDetailScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r reads the connection again.
func (s *connDetailScreen) refreshes() bool { return true }

func (s *connDetailScreen) Keys() []key.Binding {
	_, row := s.table.Selected()
	return []key.Binding{s.keys.Crawl, s.keys.Edit, s.keys.Apps, s.keys.Delete, s.keys.Undo, keys.If(row, s.keys.Open), s.keys.Bulk, // says what to do first when no organization is listed
		s.table.FilterKey()}
}

// crawl brings the session's snapshot of the tenant up to date (a
// refresh from the tenant log, or a crawl of every organization's links
// at the rate the tenant allows) and lists the organizations using the
// connection from it.
func (s *connDetailScreen) crawl() tea.Cmd {
	s.crawling = true
	p := newReadProgress(time.Now())
	s.progress, s.reading = p, "Reading the tenant…"
	sess := s.env.session
	return tea.Batch(s.env.longAPI("find the organizations using "+s.conn.Name, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		snap, how, err := sess.updateSnapshot(ctx, c, p.set)
		return crawlDoneMsg{snap: snap, how: how, err: err}, err
	}), p.tick())
}

func (s *connDetailScreen) setUsedBy(used []orgLink) {
	s.usedBy = used
	rows := make([]table.Row, len(used))
	for i, u := range used {
		rows[i] = table.Row{Key: u.org.ID, Cells: append([]string{u.org.Name}, linkCells(u.link)...)}
	}
	s.table.SetRows(rows)
}

func (s *connDetailScreen) detailLines() int { return 7 }

func (s *connDetailScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.table.SetArea(msg.Height - s.detailLines() - 1)
	case clientsNamedMsg:
		if msg.err == nil {
			s.clients = msg.names
		}
		return s, nil, stay()
	case readTickMsg:
		return s, s.progress.advance(msg, s.crawling, &s.reading), stay()
	case crawlDoneMsg:
		s.crawling, s.err = false, msg.err
		if msg.err == nil {
			s.env.session.setSnapshot(msg.snap)
			used, _ := s.env.session.usedBy(s.conn.ID)
			s.crawled = true
			s.setUsedBy(used)
		}
		if msg.how != "" {
			return s, flash("snapshot " + msg.how), stay()
		}
		return s, nil, stay()
	case snapshotChangedMsg:
		if used, ok := s.env.session.usedBy(s.conn.ID); ok && !s.crawling {
			s.crawled = true
			s.setUsedBy(used)
		}
		return s, nil, stay()
	case connReadForEditMsg:
		if msg.err != nil {
			return s, nil, stay() // the status bar says why
		}
		s.conn = msg.conn
		conn, id := msg.conn, s.env.id
		return s, nil, push(func(e env) screen { return newConnForm(e, id, &conn) })
	case connChangedMsg:
		if msg.conn != nil {
			s.conn = *msg.conn
		}
		s.env.session.connectionsChanged()
		return s, done(msg.summary), stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return connChangedMsg{summary: summary} })
		return s, cmd, nav
	case connDeletedMsg:
		s.env.session.connectionsChanged()
		return s, done(msg.summary), pop()
	case refreshMsg:
		if s.crawled && !s.crawling {
			return s, s.crawl(), stay()
		}
		return s, s.Init(), stay()
	case tea.MouseClickMsg:
		s.table.Click(msg.Mouse().Y - s.detailLines() - 1)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() {
			switch {
			case key.Matches(msg, s.keys.Edit):
				scope := "update:connections"
				if refusal := s.env.refuse(scope); refusal != nil {
					return s, refusal, stay()
				}
				// The form edits the connection as the tenant holds it now:
				// Auth0 replaces options whole, and the connection on this
				// screen may come from a snapshot, whose secrets are
				// fingerprints.
				id := s.conn.ID
				return s, s.env.api("read the connection", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
					conn, err := c.Connection(ctx, id)
					return connReadForEditMsg{conn: conn, err: err}, err
				}), stay()
			case key.Matches(msg, s.keys.Undo):
				return s, s.env.planUndo("connection " + s.conn.ID), stay()
			case key.Matches(msg, s.keys.Apps):
				conn, id := s.conn, s.env.id
				return s, nil, push(func(e env) screen { return newConnAppsScreen(e, id, conn) })
			case key.Matches(msg, s.keys.Delete):
				scope := "delete:connections"
				if refusal := s.env.refuse(scope); refusal != nil {
					return s, refusal, stay()
				}
				// What uses it now: the session's snapshot has every write
				// since, this screen's list only what it last read.
				conn, id := s.conn, s.env.id
				used, crawled := s.env.session.usedBy(conn.ID)
				if !crawled {
					used, crawled = s.usedBy, s.crawled
				}
				asOf := time.Time{}
				if snap := s.env.session.snapshot(); snap != nil {
					asOf = snap.AsOf()
				}
				return s, nil, push(func(e env) screen { return newDeleteConnScreen(e, id, conn, used, crawled, asOf) })
			case key.Matches(msg, s.keys.Bulk):
				if !s.crawled || len(s.usedBy) == 0 {
					return s, flash("no organization uses it yet (b finds them)"), stay()
				}
				orgs := make([]model.Organization, len(s.usedBy))
				for i, ol := range s.usedBy {
					orgs[i] = ol.org
				}
				conn := s.conn
				return s, nil, push(func(e env) screen { return newBulkScreen(e, orgs, &conn) })
			case key.Matches(msg, s.keys.Crawl):
				if !s.crawling {
					return s, s.crawl(), stay()
				}
				return s, nil, stay()
			case key.Matches(msg, s.keys.Open):
				if r, ok := s.table.Selected(); ok {
					for _, u := range s.usedBy {
						if u.org.ID == r.Key {
							org := u.org
							return s, nil, push(func(e env) screen { return newOrgDetailScreen(e, org, 0) })
						}
					}
				}
				return s, nil, stay()
			}
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

// secretOption hides option values that are credentials (client_secret,
// signing keys and certificates, passwords; not passwordPolicy).
func secretOption(k string) bool { return model.IsSecretKey(k) }

func (s *connDetailScreen) View(rc renderCtx) string {
	st, c := rc.Styles, s.conn
	button := "-"
	if c.ShowAsButton != nil {
		button = model.YesNo(*c.ShowAsButton)
	}
	purposes := []string{}
	if c.UsedForLogin() {
		purposes = append(purposes, "login")
	}
	if c.ConnectedAccounts != nil && c.ConnectedAccounts.Active {
		purposes = append(purposes, "Token Vault")
	}
	var opts []string
	for k := range c.Options {
		if secretOption(k) {
			opts = append(opts, k+"=••••")
		} else {
			opts = append(opts, k)
		}
	}
	sort.Strings(opts)
	var apps []string
	for _, id := range c.EnabledClients {
		if n, ok := s.clients[id]; ok {
			apps = append(apps, n)
		} else {
			apps = append(apps, id)
		}
	}
	lines := []string{
		st.Label.Render("id ") + c.ID + st.Label.Render("  strategy ") + c.Strategy + st.Label.Render(" (") + string(c.Class()) + st.Label.Render(")"),
		st.Label.Render("display name ") + model.OrDash(model.CleanLine(c.DisplayName)) + st.Label.Render("  domain-level ") + model.YesNo(c.IsDomainConnection) + st.Label.Render("  button ") + button,
		st.Label.Render("realms ") + model.CleanLine(joinOrDash(c.Realms)) + st.Label.Render("  purposes ") + joinOrDash(purposes),
		st.Label.Render("options ") + model.CleanLine(joinOrDash(opts)),
		st.Label.Render("applications ") + model.CleanLine(joinOrDash(apps)),
		"",
	}
	switch {
	case s.crawling:
		lines = append(lines, st.Label.Render("USED BY ")+st.Muted.Render(model.OrDash(s.reading)))
	case !s.crawled:
		lines = append(lines, st.Label.Render("USED BY ")+st.Muted.Render("press b to read every organization's connections (one request per organization, at the rate the tenant allows)"))
	default:
		lines = append(lines, st.Label.Render("USED BY ")+st.Muted.Render(model.Count(len(s.usedBy), "organization")))
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	out := strings.Join(lines, "\n")
	if s.err != nil {
		return out + "\n" + st.Error.Render(describe(s.err))
	}
	if s.crawled && !s.crawling {
		empty := "No organization has this connection enabled."
		if s.table.Filter() != "" {
			empty = "No organization matches the filter."
		}
		out += "\n" + s.table.View(rc.Width, rc.Styles, empty)
	}
	return out
}

// connDeletedMsg tells a connection screen its connection is gone.
type connDeletedMsg struct{ summary string }

// newDeleteConnScreen asks before deleting a connection, listing the
// organizations that use it (known once Used by was read) and how old
// that knowledge is (asOf: the snapshot's time, zero when unknown).
func newDeleteConnScreen(e env, parent int, conn model.Connection, used []orgLink, crawled bool, asOf time.Time) screen {
	lines := []string{"Deletes the connection " + conn.Name + " (" + conn.Strategy + ") and every user in it; Auth0 finishes in the background."}
	switch {
	case !crawled:
		lines = append(lines, "Which organizations use it is not known yet: esc, then b on the connection, shows them.")
	case len(used) == 0:
		lines = append(lines, "No organization uses it"+asOfText(asOf)+".")
	default:
		names := make([]string, len(used))
		for i, u := range used {
			names[i] = u.org.Name
		}
		lines = append(lines, model.Count(len(used), "organization")+" lose it"+asOfText(asOf)+": "+strings.Join(names, ", "))
	}
	return &planThenConfirm{env: e, parent: parent, title: "Delete " + conn.Name, lines: lines,
		planFn: func(c *client.Client) (*client.Plan, error) { return c.PlanDeleteConnection(conn), nil },
		done:   func(summary string) tea.Msg { return connDeletedMsg{summary: summary} },
	}
}

// asOfText says how old a snapshot's answer is (" (snapshot 3m old)"), or
// nothing for one just read or of unknown age.
func asOfText(asOf time.Time) string {
	if asOf.IsZero() || time.Since(asOf) < time.Minute {
		return ""
	}
	return " (" + snapshotAge(&model.Snapshot{TakenAt: asOf}, time.Now()) + ")"
}
