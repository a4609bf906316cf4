package ui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
	"github.com/orgscope/orgscope/ui/theme"
)

// orgDetailScreen shows one organization: its fields, its connections with all
// eight link settings, and the login prompt its members see.
type orgDetailScreen struct {
	env     env
	parent  int
	org     model.Organization
	links   []model.OrganizationConnection
	conns   map[string]model.Connection
	loading bool
	loaded  bool
	err     error
	table   table.Model
	keys    orgDetailKeys
	w, h    int
}

// linksLoadedMsg carries an organization's links and the tenant's
// connections (for the prompt preview).
type linksLoadedMsg struct {
	links []model.OrganizationConnection
	conns []model.Connection
	err   error
}

// linksCountedMsg tells the organizations list a count became known.
type linksCountedMsg struct{}

// linkOriginMsg opens the edit form of a link once the Connection Profile
// its connection was created under (if any) is known.
type linkOriginMsg struct {
	link   model.OrganizationConnection
	origin *model.ProfileOrigin
	err    error
}

func newOrgDetailScreen(e env, org model.Organization, parent int) screen {
	return &orgDetailScreen{
		env: e, parent: parent, org: org,
		table: table.New(append([]table.Column{{Title: "CONNECTION", Width: 14, Flex: true}, {Title: "STRATEGY", Width: 10},
			{Title: "CLASS", Width: 11}}, linkColumns()...)...),
		keys: newOrgDetailKeys(e.keys),
	}
}

// orgDetailKeys are an organization's: its links and the connections they are of.
type orgDetailKeys struct{ Open, Enable, Edit, Toggle, Remove, Undo, Trace, Delegation key.Binding }

func newOrgDetailKeys(k keys.Map) orgDetailKeys {
	return orgDetailKeys{
		Open:       keys.As(k.Open, "open connection"),
		Enable:     k.Enable,
		Edit:       k.Edit,
		Toggle:     keys.As(k.Toggle, "switch on/off now (u undoes)"),
		Remove:     keys.As(k.Delete, "remove"),
		Undo:       k.Undo,
		Trace:      keys.As(k.Trace, "trace a login into it"),
		Delegation: k.Delegation,
	}
}

func (s *orgDetailScreen) load() tea.Cmd {
	s.loading = true
	id, known := s.org.ID, s.env.session.connectionsByID()
	return s.env.api("read "+s.org.Name+"'s connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		links, err := client.Collect(c.OrganizationConnections(ctx, id))
		if err != nil {
			return linksLoadedMsg{err: err}, err
		}
		var conns []model.Connection
		if len(known) == 0 {
			// The prompt needs each connection's purposes and clients.
			conns, err = client.Collect(c.Connections(ctx))
			if err != nil {
				return linksLoadedMsg{links: links, err: err}, err
			}
		}
		return linksLoadedMsg{links: links, conns: conns}, nil
	})
}

func (s *orgDetailScreen) Init() tea.Cmd        { return s.load() }
func (s *orgDetailScreen) Title() string        { return s.org.Name }
func (s *orgDetailScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r reads the organization and its links again.
func (s *orgDetailScreen) refreshes() bool { return true }

func (s *orgDetailScreen) Keys() []key.Binding {
	k := s.keys
	return []key.Binding{k.Enable, k.Edit, k.Toggle, k.Remove, k.Undo, k.Open, k.Trace, k.Delegation, s.table.FilterKey()}
}
func (s *orgDetailScreen) wantsEsc() bool               { return s.table.Filter() != "" }
func (s *orgDetailScreen) Capturing() bool              { return s.table.Capturing() }
func (s *orgDetailScreen) prompt() model.LoginPrompt    { return model.PromptFor(s.links, s.conns, "") }
func (s *orgDetailScreen) overviewLines() int           { return 3 }
func (s *orgDetailScreen) promptLines(rc renderCtx) int { return lipgloss.Height(s.renderPrompt(rc)) }
func (s *orgDetailScreen) resize() {
	s.table.SetArea(s.h - s.overviewLines() - s.promptLines(renderCtx{Width: s.w, Height: s.h}))
}
func (s *orgDetailScreen) linkRow(l model.OrganizationConnection) table.Row {
	return table.Row{Key: l.ConnectionID, Cells: append([]string{l.Connection.Name, l.Connection.Strategy, string(l.Class())}, linkCells(l)...)}
}

func (s *orgDetailScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.resize()
	case linksLoadedMsg:
		s.loading = false
		s.err = msg.err
		if msg.err != nil {
			return s, nil, stay()
		}
		s.loaded = true
		s.links = msg.links
		s.env.session.setConnections(msg.conns)
		s.conns = s.env.session.connectionsByID()
		s.env.session.setOrgLinks(s.org.ID, s.links)
		rows := make([]table.Row, len(s.links))
		for i, l := range s.links {
			rows[i] = s.linkRow(l)
		}
		s.table.SetRows(rows)
		s.resize()
		return s, sendTo(s.parent, linksCountedMsg{}), stay()
	case refreshMsg:
		return s, s.load(), stay()
	case linkChangedMsg:
		if msg.summary != "" {
			return s, tea.Batch(s.load(), done(msg.summary)), stay()
		}
		return s, s.load(), stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, nil)
		return s, cmd, nav
	case linkOriginMsg:
		id, org, links, conns, link := s.env.id, s.org, s.links, s.conns, msg.link
		return s, nil, push(func(e env) screen {
			f := newLinkForm(e, id, org, links, conns, &link)
			f.origin, f.originErr = msg.origin, msg.err
			return f
		})
	case tea.MouseClickMsg:
		s.table.Click(msg.Mouse().Y - s.overviewLines() - 1)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() {
			if cmd, nav, ok := s.action(msg); ok {
				return s, cmd, nav
			}
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

// selectedLink is the link under the cursor.
func (s *orgDetailScreen) selectedLink() (model.OrganizationConnection, bool) {
	if r, ok := s.table.Selected(); ok {
		for _, l := range s.links {
			if l.ConnectionID == r.Key {
				return l, true
			}
		}
	}
	return model.OrganizationConnection{}, false
}

// action handles the org's change keys.
func (s *orgDetailScreen) action(msg tea.KeyPressMsg) (tea.Cmd, nav, bool) {
	k := s.keys
	if key.Matches(msg, k.Trace) {
		org := s.org
		return nil, push(func(e env) screen { return newTraceFromOrg(e, org) }), true
	}
	if key.Matches(msg, k.Delegation) {
		org := s.org
		return nil, push(func(e env) screen { return newDelegationScreen(e, org) }), true
	}
	changing := key.Matches(msg, k.Enable, k.Edit, k.Toggle, k.Remove, k.Undo)
	scope := "update:organization_connections"
	switch {
	case key.Matches(msg, k.Enable):
		scope = "create:organization_connections"
	case key.Matches(msg, k.Remove):
		scope = "delete:organization_connections"
	}
	if refusal := s.env.refuse(scope); changing && refusal != nil {
		return refusal, stay(), true
	}
	if changing && !s.loaded {
		return nil, stay(), true
	}
	org, id := s.org, s.env.id
	link, hasLink := s.selectedLink()
	switch {
	case key.Matches(msg, k.Open):
		if hasLink {
			if conn, ok := s.conns[link.ConnectionID]; ok {
				return nil, push(func(e env) screen { return newConnDetailScreen(e, conn) }), true
			}
		}
		return nil, stay(), true
	case key.Matches(msg, k.Enable):
		links, conns := s.links, s.conns
		return nil, push(func(e env) screen { return newLinkForm(e, id, org, links, conns, nil) }), true
	case key.Matches(msg, k.Edit) && hasLink:
		return s.editLink(link), stay(), true
	case key.Matches(msg, k.Toggle) && hasLink:
		on := !link.IsEnabled
		return s.env.api("switch "+link.Connection.Name+" "+map[bool]string{true: "on", false: "off"}[on], func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			p, err := c.PlanUpdate(org, link, client.LinkSettings{IsEnabled: &on})
			if err == nil {
				_, err = c.Execute(ctx, p)
			}
			if err != nil {
				return nil, err
			}
			return linkChangedMsg{summary: "switched " + link.Connection.Name + " " + map[bool]string{true: "on", false: "off"}[on]}, nil
		}), stay(), true
	case key.Matches(msg, k.Remove) && hasLink:
		return nil, push(func(e env) screen {
			return newRemoveScreen(e, id, org, link)
		}), true
	case key.Matches(msg, k.Undo):
		return s.env.planUndo("organization " + org.ID), stay(), true
	}
	return nil, stay(), changing
}

// editLink opens the edit form of a link. Only organization admins create
// enterprise connections through My Organization, so for those the form
// first learns which Connection Profile (if any) constrains the link; the
// form opens whatever the answer, with the error shown when there is one.
func (s *orgDetailScreen) editLink(link model.OrganizationConnection) tea.Cmd {
	if link.Class() != model.ClassEnterprise || s.env.session.lacks("read:clients") != "" || s.env.session.lacks("read:connection_profiles") != "" {
		return func() tea.Msg { return linkOriginMsg{link: link} }
	}
	org, conn := s.org, s.conns[link.ConnectionID]
	if conn.ID == "" {
		conn = model.Connection{ID: link.ConnectionID, Name: link.Connection.Name, Strategy: link.Connection.Strategy}
	}
	return s.env.api("find the profile behind "+link.Connection.Name, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		clients, err := client.Collect(c.Clients(ctx))
		if err != nil {
			return linkOriginMsg{link: link, err: err}, nil
		}
		profiles, err := client.Collect(c.ConnectionProfiles(ctx))
		if err != nil {
			return linkOriginMsg{link: link, err: err}, nil
		}
		if o, ok := model.OriginOf(org, conn, clients, profiles); ok {
			return linkOriginMsg{link: link, origin: &o}, nil
		}
		return linkOriginMsg{link: link}, nil
	})
}

// swatch shows a colour as a block, or only its code without colour.
func swatch(st theme.Styles, hex string) string {
	if st.NoColor || !model.IsHexColor(hex) {
		return model.CleanLine(hex) // no colour to show: the text as it is
	}
	return lipgloss.NewStyle().Background(lipgloss.Color(hex)).Render("  ") + " " + hex
}

func (s *orgDetailScreen) renderOverview(rc renderCtx) string {
	st, o := rc.Styles, s.org
	l1 := st.Label.Render("id ") + o.ID + st.Label.Render("  display name ") + model.OrDash(model.CleanLine(o.DisplayName))
	l2 := st.Label.Render("branding ") + "-"
	if b := o.Branding; b != nil {
		var parts []string
		if b.LogoURL != "" {
			parts = append(parts, "logo "+model.CleanLine(b.LogoURL))
		}
		if b.Colors != nil {
			parts = append(parts, "primary "+swatch(st, b.Colors.Primary), "background "+swatch(st, b.Colors.PageBackground))
		}
		l2 = st.Label.Render("branding ") + strings.Join(parts, "  ")
	}
	keys := make([]string, 0, len(o.Metadata))
	for k := range o.Metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	md := make([]string, len(keys))
	for i, k := range keys {
		md[i] = model.CleanLine(k + "=" + o.Metadata[k])
	}
	l3 := st.Label.Render("metadata ") + joinOrDash(md)
	return table.Fit(l1, rc.Width) + "\n" + table.Fit(l2, rc.Width) + "\n" + table.Fit(l3, rc.Width)
}

// renderPrompt draws what the org's members see on Universal Login.
func (s *orgDetailScreen) renderPrompt(rc renderCtx) string {
	st := rc.Styles
	if !s.loaded {
		return st.Label.Render("LOGIN PROMPT") + "\n" + st.Muted.Render("…")
	}
	p := s.prompt()
	lines := []string{st.Label.Render("LOGIN PROMPT") + st.Muted.Render(" what members see on Universal Login")}
	if p.Error != "" {
		lines = append(lines, st.Error.Render("✗ "+p.Error))
	}
	lines = append(lines,
		st.Label.Render("buttons  ")+joinOrDash(p.Buttons),
		st.Label.Render("fields   ")+joinOrDash(p.Fields)+st.Label.Render("   signup link ")+model.YesNo(p.Signup))
	if p.NeedsHRD() {
		lines = append(lines, st.Warn.Render("hidden   "+strings.Join(p.Hidden, ", ")+": reachable only through identifier-first home realm discovery"))
	}
	if len(p.Off) > 0 {
		lines = append(lines, st.Muted.Render("off      "+strings.Join(p.Off, ", ")))
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	return strings.Join(lines, "\n")
}

func (s *orgDetailScreen) View(rc renderCtx) string {
	st := rc.Styles
	parts := []string{s.renderOverview(rc)}
	switch {
	case s.err != nil:
		parts = append(parts, st.Error.Render(describe(s.err)))
	case !s.loaded:
		parts = append(parts, st.Muted.Render("Loading connections…"))
	default:
		parts = append(parts, s.table.View(rc.Width, rc.Styles, "No connection is enabled on this organization: press a to enable one."), s.renderPrompt(rc))
	}
	return strings.Join(parts, "\n")
}
