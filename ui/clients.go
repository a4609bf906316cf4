package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

// clientsScreen lists applications with their My Organization settings,
// profile names resolved; enter shows one.
type clientsScreen struct {
	env      env
	clients  []model.Client
	profiles map[string]string
	loaded   bool
	err      error
	table    table.Model
	open     key.Binding
}

type clientsLoadedMsg struct {
	clients  []model.Client
	profiles map[string]string
	err      error
}

func newClientsScreen(e env) Screen {
	return &clientsScreen{
		env: e,
		table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "TYPE", Width: 15},
			table.Column{Title: "ORGS", Width: 7}, table.Column{Title: "MY ORG PROFILE", Width: 16, Flex: true},
			table.Column{Title: "STRATEGIES", Width: 14, Flex: true}, table.Column{Title: "DELETION", Width: 14}),
		open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

func (s *clientsScreen) Init() tea.Cmd {
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

func (s *clientsScreen) Title() string       { return "Applications" }
func (s *clientsScreen) wantsEsc() bool      { return s.table.Filter() != "" }
func (s *clientsScreen) Capturing() bool     { return s.table.Capturing() }
func (s *clientsScreen) Keys() []key.Binding { return []key.Binding{s.open, s.table.Keys.Filter} }

// myOrgCells describes a client's My Organization configuration.
func myOrgCells(cl model.Client, profiles map[string]string) (profile, strategies, deletion string) {
	m := cl.MyOrganizationConfiguration
	if m == nil {
		return "-", "-", "-"
	}
	return m.ProfileLabel(profiles), joinOrDash(m.AllowedStrategies), string(m.ConnectionDeletionBehavior)
}

func (s *clientsScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
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
		if !s.table.Capturing() && key.Matches(msg, s.open) {
			if r, ok := s.table.Selected(); ok {
				for _, cl := range s.clients {
					if cl.ClientID == r.Key {
						app, profiles, apps := cl, s.profiles, s.clients
						return s, nil, Push(func(e env) Screen { return newClientScreen(e, app, profiles, apps) })
					}
				}
			}
			return s, nil, Stay()
		}
	}
	s.table.Update(msg)
	return s, nil, Stay()
}

func (s *clientsScreen) View(rc RenderCtx) string {
	st := rc.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(describe(s.err))
	case !s.loaded:
		return st.Muted.Render("Loading applications…")
	}
	return s.table.View(rc.Width, rc.Styles, "No application matches.")
}

// clientScreen shows one application's settings; e edits its My
// Organization configuration.
type clientScreen struct {
	env      env
	app      model.Client
	profiles map[string]string
	apps     []model.Client
	edit     key.Binding
	undo     key.Binding
	grant    key.Binding
}

func newClientScreen(e env, app model.Client, profiles map[string]string, apps []model.Client) Screen {
	return &clientScreen{env: e, app: app, profiles: profiles, apps: apps,
		edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit My Organization")), undo: undoKey(),
		grant: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "My Organization API access"))}
}

func (s *clientScreen) Init() tea.Cmd       { return nil }
func (s *clientScreen) Title() string       { return s.app.Name }
func (s *clientScreen) Capturing() bool     { return false }
func (s *clientScreen) Keys() []key.Binding { return []key.Binding{s.edit, s.grant, s.undo} }

func (s *clientScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return appUndoneMsg{summary: summary} })
		return s, cmd, nav
	case appUndoneMsg:
		// The undo's answer is not at hand here: read the application again.
		id := s.app.ClientID
		text := "✓ " + msg.summary
		return s, tea.Batch(func() tea.Msg { return flashMsg{text: text} }, s.env.api("read the application", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			for cl, err := range c.Clients(ctx) {
				if err != nil {
					return nil, err
				}
				if cl.ClientID == id {
					return appChangedMsg{app: cl}, nil
				}
			}
			return nil, nil
		})), Stay()
	case appChangedMsg:
		s.app = msg.app
		if msg.summary == "" {
			return s, nil, Stay()
		}
		text := "✓ " + msg.summary
		return s, func() tea.Msg { return flashMsg{text: text} }, Stay()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.grant) {
			if refusal := s.env.refuse("update:client_grants", "create:client_grants"); refusal != nil {
				return s, refusal, Stay()
			}
			app, id := s.app, s.env.id
			return s, nil, Push(func(e env) Screen { return newGrantForm(e, id, app) })
		}
		if key.Matches(msg, s.undo) {
			return s, s.env.planUndo("client " + s.app.ClientID), Stay()
		}
		if key.Matches(msg, s.edit) {
			scope := "update:clients"
			if refusal := s.env.refuse(scope); refusal != nil {
				return s, refusal, Stay()
			}
			app, profiles, apps, id := s.app, s.profiles, s.apps, s.env.id
			return s, nil, Push(func(e env) Screen { return newMyOrgForm(e, id, app, profiles, apps) })
		}
	}
	return s, nil, Stay()
}

func (s *clientScreen) View(rc RenderCtx) string {
	st, a := rc.Styles, s.app
	p, strategies, deletion := myOrgCells(a, s.profiles)
	lines := []string{
		st.Label.Render("client id ") + a.ClientID,
		st.Label.Render("type ") + orDash(a.AppType) + st.Label.Render("  first party ") + yesNo(a.IsFirstParty),
		st.Label.Render("organizations ") + orDash(a.OrganizationUsage) + st.Label.Render("  prompt ") + orDash(a.OrganizationRequireBehavior),
		st.Label.Render("grant types ") + joinOrDash(a.GrantTypes),
		"",
		st.Header.Render("MY ORGANIZATION"),
	}
	if a.MyOrganizationConfiguration == nil {
		lines = append(lines, st.Muted.Render("not configured: organization admins cannot manage their connections from this application"))
	} else {
		m := a.MyOrganizationConfiguration
		lines = append(lines,
			st.Label.Render("connection profile ")+p,
			st.Label.Render("allowed strategies ")+strategies,
			st.Label.Render("connection deletion ")+deletion+st.Muted.Render(" — "+deletionDescription(m.ConnectionDeletionBehavior)),
			st.Label.Render("invitation landing client ")+orDash(m.InvitationLandingClientID))
		if strings.HasPrefix(p, "missing") {
			lines = append(lines, st.Error.Render("✗ the connection profile does not exist: org admins' new connections cannot be set up"))
		}
		if m.ConnectionDeletionBehavior == model.DeletionAllow {
			lines = append(lines, st.Warn.Render("! org admins can delete connections that still have users"))
		}
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	return strings.Join(lines, "\n")
}

// appUndoneMsg tells an application screen its last change was undone.
type appUndoneMsg struct{ summary string }
