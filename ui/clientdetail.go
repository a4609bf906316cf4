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

// clientDetailScreen shows one application's settings; e edits its My
// Organization configuration.
type clientDetailScreen struct {
	env      env
	app      model.Client
	profiles map[string]string
	apps     []model.Client
	keys     clientDetailKeys
	// access is what its users get from the My Organization API (nil
	// while it is read).
	access *myOrgAccessMsg
}

func newClientDetailScreen(e env, app model.Client, profiles map[string]string, apps []model.Client) screen {
	return &clientDetailScreen{env: e, app: app, profiles: profiles, apps: apps,
		keys: newClientDetailKeys(e.keys)}
}

// clientDetailKeys are an application's: its My Organization configuration and API access.
type clientDetailKeys struct{ Edit, Grant, Undo, Trace key.Binding }

func newClientDetailKeys(k keys.Map) clientDetailKeys {
	return clientDetailKeys{
		Edit:  keys.As(k.Edit, "edit My Organization"),
		Grant: k.Grant,
		Undo:  k.Undo,
		Trace: keys.As(k.Trace, "trace a login to it"),
	}
}

// myOrgAccessMsg says what the application's users get from the My
// Organization API (model.MyOrganizationAccess).
type myOrgAccessMsg struct {
	clientID string
	works    bool
	says     string
}

// Init reads what the application's users get from the My Organization
// API: its policies and the application's grant.
func (s *clientDetailScreen) Init() tea.Cmd { return s.readAccess() }

func (s *clientDetailScreen) readAccess() tea.Cmd {
	id := s.app.ClientID
	return s.env.api("read the application's My Organization API access", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		api, err := c.MyOrganizationAPI(ctx)
		if err != nil {
			return myOrgAccessMsg{clientID: id, says: describe(err)}, nil
		}
		gs, err := c.ClientGrants(ctx, id, api.Identifier)
		if err != nil {
			return myOrgAccessMsg{clientID: id, says: "its grant cannot be read: " + describe(err)}, nil
		}
		user, self := model.SplitGrants(gs)
		grant := user
		if grant == nil {
			grant = self
		}
		works, says := model.MyOrganizationAccess(api.SubjectTypeAuthorization, grant)
		if user != nil && self != nil {
			says += "; its grant for the application itself (" + self.ID + ") gives users nothing (g removes it)"
		}
		return myOrgAccessMsg{clientID: id, works: works, says: says}, nil
	})
}
func (s *clientDetailScreen) Title() string { return s.app.Name }

// refreshes: r reads the application and its API access again.
func (s *clientDetailScreen) refreshes() bool { return true }
func (s *clientDetailScreen) Capturing() bool { return false }
func (s *clientDetailScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Edit, s.keys.Grant, s.keys.Undo, s.keys.Trace}
}

func (s *clientDetailScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return appUndoneMsg{summary: summary} })
		return s, cmd, nav
	case appUndoneMsg:
		// The undo's answer is not at hand here: read the application again.
		id := s.app.ClientID
		return s, tea.Batch(done(msg.summary), s.env.api("read the application", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			app, err := c.Client(ctx, id)
			if err != nil {
				return nil, err
			}
			return appChangedMsg{app: app}, nil
		})), stay()
	case refreshMsg:
		// r reads the application and what its users get again.
		id := s.app.ClientID
		return s, tea.Batch(s.readAccess(), s.env.api("read the application", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			app, err := c.Client(ctx, id)
			if err != nil {
				return nil, err
			}
			return appChangedMsg{app: app}, nil
		})), stay()
	case myOrgAccessMsg:
		if msg.clientID == s.app.ClientID {
			s.access = &msg
		}
		return s, nil, stay()
	case ownWritesMsg:
		// A grant changed (the access form, an audit fix): read the access again.
		for _, e := range msg.executed {
			if e.Plan.Subject == "client "+s.app.ClientID && strings.Contains(e.Plan.Path, "/client-grants") {
				return s, s.readAccess(), stay()
			}
		}
		return s, nil, stay()
	case appChangedMsg:
		s.app = msg.app
		if msg.summary == "" {
			return s, nil, stay()
		}
		return s, done(msg.summary), stay()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.Trace) {
			app := s.app
			return s, nil, push(func(e env) screen { return newTraceFromApp(e, app) })
		}
		if key.Matches(msg, s.keys.Grant) {
			if refusal := s.env.refuse("update:client_grants", "create:client_grants"); refusal != nil {
				return s, refusal, stay()
			}
			app, id := s.app, s.env.id
			return s, nil, push(func(e env) screen { return newGrantForm(e, id, app) })
		}
		if key.Matches(msg, s.keys.Undo) {
			return s, s.env.planUndo("client " + s.app.ClientID), stay()
		}
		if key.Matches(msg, s.keys.Edit) {
			scope := "update:clients"
			if refusal := s.env.refuse(scope); refusal != nil {
				return s, refusal, stay()
			}
			app, profiles, apps, id := s.app, s.profiles, s.apps, s.env.id
			return s, nil, push(func(e env) screen { return newMyOrgForm(e, id, app, profiles, apps) })
		}
	}
	return s, nil, stay()
}

func (s *clientDetailScreen) View(rc renderCtx) string {
	st, a := rc.Styles, s.app
	p, strategies, deletion := myOrgCells(a, s.profiles)
	lines := []string{
		st.Label.Render("client id ") + a.ClientID,
		st.Label.Render("type ") + model.OrDash(a.AppType) + st.Label.Render("  first party ") + model.YesNo(a.IsFirstParty),
		st.Label.Render("organizations ") + model.OrDash(a.OrganizationUsage) + st.Label.Render("  prompt ") + model.OrDash(a.OrganizationRequireBehavior),
		st.Label.Render("grant types ") + joinOrDash(a.GrantTypes),
		"",
		st.Header.Render("MY ORGANIZATION"),
	}
	if a.MyOrganizationConfiguration == nil {
		lines = append(lines, wrapStyled(st.Muted.Render, "not configured: organization admins cannot manage their connections from this application", rc.Width)...)
	} else {
		m := a.MyOrganizationConfiguration
		lines = append(lines,
			st.Label.Render("connection profile ")+p,
			st.Label.Render("allowed strategies ")+strategies,
			st.Label.Render("connection deletion ")+deletion+st.Muted.Render(" — "+deletionDescription(m.ConnectionDeletionBehavior)),
			st.Label.Render("invitation landing client ")+model.OrDash(m.InvitationLandingClientID),
			st.Label.Render("member controls ")+"permission ceiling "+model.YesNo(m.PermissionCeiling())+
				" · self-assignment "+map[bool]string{true: "forbidden", false: "allowed"}[m.SelfAssignmentRestricted()])
		if strings.HasPrefix(p, "missing") {
			lines = append(lines, wrapStyled(st.Error.Render, "✗ the connection profile does not exist: org admins' new connections cannot be set up", rc.Width)...)
		}
		if m.ConnectionDeletionBehavior == model.DeletionAllow {
			lines = append(lines, wrapStyled(st.Warn.Render, "! org admins can delete connections that still have users", rc.Width)...)
		}
	}
	// What its users get from the API, wrapped: it is the answer. Without
	// a configuration, no access is no problem, and only access is said.
	configured := a.MyOrganizationConfiguration != nil
	switch {
	case s.access == nil:
		lines = append(lines, st.Label.Render("API access ")+st.Muted.Render("reading…"))
	case s.access.works:
		for i, l := range wrapLines("API access "+s.access.says, rc.Width) {
			if i == 0 {
				l = st.Label.Render("API access ") + strings.TrimPrefix(l, "API access ")
			}
			lines = append(lines, l)
		}
	case configured:
		for _, l := range wrapLines("! API access: "+s.access.says+" (g sets it)", rc.Width) {
			lines = append(lines, st.Warn.Render(l))
		}
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	return strings.Join(lines, "\n")
}

// appUndoneMsg tells an application screen its last change was undone.
type appUndoneMsg struct{ summary string }
