package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// clientListScreen lists applications with their My Organization settings,
// profile names resolved; enter shows one.
type clientListScreen struct {
	env      env
	clients  []model.Client
	profiles map[string]string
	loaded   bool
	err      error
	table    table.Model
	keys     clientListKeys
}

type clientsLoadedMsg struct {
	clients  []model.Client
	profiles map[string]string
	err      error
}

func newClientListScreen(e env) Screen {
	return &clientListScreen{
		env: e,
		table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "TYPE", Width: 15},
			table.Column{Title: "ORGS", Width: 7}, table.Column{Title: "MY ORG PROFILE", Width: 16, Flex: true},
			table.Column{Title: "STRATEGIES", Width: 14, Flex: true}, table.Column{Title: "DELETION", Width: 14}),
		keys: newClientListKeys(e.keys),
	}
}

// clientListKeys are the Applications list's.
type clientListKeys struct{ Open key.Binding }

func newClientListKeys(k keys.Map) clientListKeys {
	return clientListKeys{
		Open: k.Open,
	}
}

func (s *clientListScreen) Init() tea.Cmd {
	return s.env.api("read applications", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		profiles := map[string]string{}
		for p, err := range c.ConnectionProfiles(ctx) {
			if err != nil {
				return clientsLoadedMsg{err: err}, err
			}
			profiles[p.ID] = p.Name
		}
		cls, err := client.Collect(c.Clients(ctx))
		return clientsLoadedMsg{clients: cls, profiles: profiles, err: err}, err
	})
}

func (s *clientListScreen) Title() string   { return "Applications" }
func (s *clientListScreen) wantsEsc() bool  { return s.table.Filter() != "" }
func (s *clientListScreen) Capturing() bool { return s.table.Capturing() }
func (s *clientListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.table.Keys.Filter}
}

// myOrgCells describes a client's My Organization configuration.
func myOrgCells(cl model.Client, profiles map[string]string) (profile, strategies, deletion string) {
	m := cl.MyOrganizationConfiguration
	if m == nil {
		return "-", "-", "-"
	}
	return m.ProfileLabel(profiles), joinOrDash(m.AllowedStrategies), string(m.ConnectionDeletionBehavior)
}

func (s *clientListScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case clientsLoadedMsg:
		s.err = msg.err
		if msg.err == nil {
			s.loaded, s.clients, s.profiles = true, msg.clients, msg.profiles
			rows := make([]table.Row, len(msg.clients))
			for i, cl := range msg.clients {
				p, st, d := myOrgCells(cl, msg.profiles)
				rows[i] = table.Row{Key: cl.ClientID, Cells: []string{cl.Name, orDash(cl.AppType), orDash(cl.OrganizationUsage), p, st, d}}
			}
			s.table.SetRows(rows)
		}
		return s, nil, Stay()
	case refreshMsg:
		return s, s.Init(), Stay()
	case tea.MouseClickMsg:
		s.table.Click(msg.Mouse().Y)
		return s, nil, Stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if r, ok := s.table.Selected(); ok {
				for _, cl := range s.clients {
					if cl.ClientID == r.Key {
						app, profiles, apps := cl, s.profiles, s.clients
						return s, nil, Push(func(e env) Screen { return newClientDetailScreen(e, app, profiles, apps) })
					}
				}
			}
			return s, nil, Stay()
		}
	}
	s.table.Update(msg)
	return s, nil, Stay()
}

func (s *clientListScreen) View(rc RenderCtx) string {
	st := rc.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(describe(s.err))
	case !s.loaded:
		return st.Muted.Render("Loading applications…")
	}
	return s.table.View(rc.Width, rc.Styles, "No application matches.")
}
