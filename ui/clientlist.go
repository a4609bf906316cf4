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
	listBase[model.Client]
	profiles map[string]string
	keys     clientListKeys
}

type clientsLoadedMsg struct {
	clients  []model.Client
	profiles map[string]string
	err      error
}

func newClientListScreen(e env) screen {
	s := &clientListScreen{keys: newClientListKeys(e.keys)}
	s.listBase = listBase[model.Client]{env: e, noun: "applications", keyOf: func(cl model.Client) string { return cl.ClientID },
		table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "TYPE", Width: 11},
			table.Column{Title: "ORGS", Width: 7}, table.Column{Title: "MY ORG PROFILE", Width: 16, Flex: true},
			table.Column{Title: "STRATEGIES", Width: 12, Flex: true}, table.Column{Title: "DELETION", Width: 10}),
		row: func(cl model.Client) table.Row {
			p, st, d := myOrgCells(cl, s.profiles)
			return table.Row{Key: cl.ClientID, Cells: []string{cl.Name, model.OrDash(cl.AppType), model.OrDash(cl.OrganizationUsage), p, st, d}}
		},
	}
	return s
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

func (s *clientListScreen) Title() string { return "Applications" }

// refreshes: r reads the applications again.
func (s *clientListScreen) refreshes() bool { return true }

func (s *clientListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.table.FilterKey()}
}

// myOrgCells describes a client's My Organization configuration.
func myOrgCells(cl model.Client, profiles map[string]string) (profile, strategies, deletion string) {
	m := cl.MyOrganizationConfiguration
	if m == nil {
		return "-", "-", "-"
	}
	// Every cell comes from the tenant: the table and the detail both draw them.
	return model.CleanLine(m.ProfileLabel(profiles)), model.CleanLine(joinOrDash(m.AllowedStrategies)), model.CleanLine(string(m.ConnectionDeletionBehavior))
}

func (s *clientListScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		if msg.err == nil {
			s.profiles = msg.profiles
		}
		s.setItems(msg.clients, msg.err)
		return s, nil, stay()
	case refreshMsg:
		return s, s.Init(), stay()
	case ownWritesMsg:
		// An application changed elsewhere (its My Organization form, an
		// audit fix) shows as Auth0 answered.
		changed := false
		for _, e := range msg.executed {
			if app, ok := e.Result.(*model.Client); ok && e.Err == nil && app != nil {
				for i := range s.items {
					if s.items[i].ClientID == app.ClientID {
						s.items[i], changed = *app, true
					}
				}
			}
		}
		if changed {
			s.showItems()
		}
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if app, ok := s.selected(); ok {
				profiles, apps := s.profiles, s.items
				return s, nil, push(func(e env) screen { return newClientDetailScreen(e, app, profiles, apps) })
			}
			return s, nil, stay()
		}
	}
	s.handle(msg, 0)
	return s, nil, stay()
}

func (s *clientListScreen) View(rc renderCtx) string { return s.view(rc, "No application matches.") }
