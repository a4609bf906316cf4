package ui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// connAppsScreen chooses which applications may use a connection: space
// toggles one, enter shows the requests (50 changes each), enter again
// sends them.
type connAppsScreen struct {
	env     env
	parent  int
	conn    model.Connection
	apps    []model.Client
	on      map[string]bool
	loaded  bool
	err     error
	plans   []*client.Plan
	sending bool
	table   table.Model
	keys    connAppsKeys
	// focus is the application the cursor starts on (a fix's: the trace's
	// and the audit's x), "" for the first.
	focus string
}

type appsLoadedMsg struct {
	apps []model.Client
	err  error
}

type appsPlannedMsg struct {
	plans []*client.Plan
	err   error
}

type appsSavedMsg struct{ err error }

// connChangedMsg tells a connection screen its connection changed.
type connChangedMsg struct {
	summary string
	conn    *model.Connection
}

func newConnAppsScreen(e env, parent int, conn model.Connection) screen {
	s := &connAppsScreen{env: e, parent: parent, conn: conn, on: map[string]bool{},
		table: table.New(table.Column{Title: "", Width: 3}, table.Column{Title: "APPLICATION", Width: 24, Flex: true}, table.Column{Title: "TYPE", Width: 15},
			table.Column{Title: "ORGANIZATIONS", Width: 13})}
	for _, id := range conn.EnabledClients {
		s.on[id] = true
	}
	s.keys = newConnAppsKeys(e.keys)
	return s
}

// connAppsKeys are a connection's applications'.
type connAppsKeys struct{ Toggle, Apply key.Binding }

func newConnAppsKeys(k keys.Map) connAppsKeys {
	return connAppsKeys{
		Toggle: keys.As(k.Toggle, "allow/deny"),
		Apply:  keys.As(k.Send, "review and send"),
	}
}

func (s *connAppsScreen) Init() tea.Cmd {
	return s.env.api("read applications", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		apps, err := client.Collect(c.Clients(ctx))
		return appsLoadedMsg{apps: apps, err: err}, err
	})
}

func (s *connAppsScreen) Title() string        { return "Applications of " + s.conn.Name }
func (s *connAppsScreen) Capturing() bool      { return s.table.Capturing() }
func (s *connAppsScreen) wantsEsc() bool       { return s.plans != nil || s.table.Filter() != "" }
func (s *connAppsScreen) moves() []key.Binding { return tableMoves(s.table) }

func (s *connAppsScreen) Keys() []key.Binding {
	if s.plans != nil { // the plan: send it, or back to the choices
		return []key.Binding{keys.As(s.keys.Apply, "send"), keys.As(s.env.keys.Back, "change it")}
	}
	return []key.Binding{s.keys.Toggle, s.keys.Apply, s.table.FilterKey()}
}

func (s *connAppsScreen) rows() []table.Row {
	rows := make([]table.Row, len(s.apps))
	for i, a := range s.apps {
		mark := "[ ]"
		if s.on[a.ClientID] {
			mark = "[x]"
		}
		rows[i] = table.Row{Key: a.ClientID, Cells: []string{mark, a.Name, model.OrDash(a.AppType), model.OrDash(a.OrganizationUsage)}}
	}
	return rows
}

// changes lists the applications to allow and to deny.
func (s *connAppsScreen) changes() (enable, disable []string) {
	was := map[string]bool{}
	for _, id := range s.conn.EnabledClients {
		was[id] = true
	}
	for _, a := range s.apps {
		switch {
		case s.on[a.ClientID] && !was[a.ClientID]:
			enable = append(enable, a.ClientID)
		case !s.on[a.ClientID] && was[a.ClientID]:
			disable = append(disable, a.ClientID)
		}
	}
	return enable, disable
}

func (s *connAppsScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height - 2)
	case appsLoadedMsg:
		s.err = msg.err
		if msg.err == nil {
			s.loaded, s.apps = true, msg.apps
			sort.SliceStable(s.apps, func(i, j int) bool { return s.apps[i].Name < s.apps[j].Name })
			s.table.SetRows(s.rows())
			if s.focus != "" {
				s.table.Select(s.focus)
			}
		}
		return s, nil, stay()
	case appsPlannedMsg:
		s.err, s.plans = msg.err, msg.plans
		return s, nil, stay()
	case appsSavedMsg:
		s.sending = false
		if msg.err != nil {
			s.err, s.plans = msg.err, nil
			return s, nil, stay()
		}
		conn := s.conn
		conn.EnabledClients = nil
		for _, a := range s.apps {
			if s.on[a.ClientID] {
				conn.EnabledClients = append(conn.EnabledClients, a.ClientID)
			}
		}
		return s, sendTo(s.parent, connChangedMsg{summary: "changed which applications may use " + s.conn.Name, conn: &conn}), pop()
	case tea.KeyPressMsg:
		if s.sending {
			return s, nil, stay()
		}
		if s.plans != nil {
			switch {
			case key.Matches(msg, s.keys.Apply):
				s.sending = true
				plans := s.plans
				return s, s.env.api("change the applications of "+s.conn.Name, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
					for _, p := range plans {
						if _, err := c.Execute(ctx, p); err != nil {
							return appsSavedMsg{err: err}, nil
						}
					}
					return appsSavedMsg{}, nil
				}), stay()
			case key.Matches(msg, s.env.keys.Back):
				s.plans = nil
			}
			return s, nil, stay()
		}
		if !s.table.Capturing() {
			switch {
			case key.Matches(msg, s.keys.Toggle):
				scope := "update:connections"
				if refusal := s.env.refuse(scope); refusal != nil {
					return s, refusal, stay()
				}
				if r, ok := s.table.Selected(); ok {
					s.on[r.Key] = !s.on[r.Key]
					s.table.SetRows(s.rows())
				}
				return s, nil, stay()
			case key.Matches(msg, s.keys.Apply):
				enable, disable := s.changes()
				conn := s.conn
				return s, s.env.api("plan the change", func(_ context.Context, c *client.Client) (tea.Msg, error) {
					plans, err := c.PlanConnectionClients(conn, enable, disable)
					return appsPlannedMsg{plans: plans, err: err}, nil
				}), stay()
			}
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *connAppsScreen) View(rc renderCtx) string {
	st := rc.Styles
	switch {
	case !s.loaded && s.err == nil:
		return st.Muted.Render("Loading applications…")
	case s.plans != nil:
		var lines []string
		for _, p := range s.plans {
			lines = append(lines, planLines(rc, p, s.env.baseURL)...)
			lines = append(lines, "")
		}
		msg := "enter sends it · esc goes on choosing"
		if s.sending {
			msg = "Sending…"
		}
		return strings.Join(append(lines, st.Title.Render(msg)), "\n")
	}
	out := s.table.View(rc.Width, rc.Styles, "No application.")
	enable, disable := s.changes()
	note := st.Muted.Render("space allows or denies the selected application; enter reviews the change")
	if len(enable)+len(disable) > 0 {
		note = st.Warn.Render(itoa(len(enable)) + " to allow, " + itoa(len(disable)) + " to deny: enter reviews the change")
	}
	if s.err != nil {
		note = st.Error.Render("✗ " + describeChange(s.err))
	}
	return out + "\n" + note
}
