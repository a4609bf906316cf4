package ui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

// profilesScreen lists connection profiles; enter shows one.
type profilesScreen struct {
	env      env
	profiles []model.ConnectionProfile
	loaded   bool
	err      error
	table    table.Model
	open     key.Binding
	keys     struct{ New, Template, Edit, Delete, Undo key.Binding }
}

type profilesLoadedMsg struct {
	profiles []model.ConnectionProfile
	err      error
}

func newProfilesScreen(e env) Screen {
	return &profilesScreen{
		env: e,
		table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "BUTTON", Width: 8},
			table.Column{Title: "MEMBERSHIP", Width: 10}, table.Column{Title: "PREFIX", Width: 15}, table.Column{Title: "FEATURES", Width: 16, Flex: true}),
		open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		keys: struct{ New, Template, Edit, Delete, Undo key.Binding }{
			New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
			Template: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "from a template")),
			Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
			Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
			Undo:     undoKey(),
		},
	}
}

func (s *profilesScreen) Init() tea.Cmd {
	return s.env.api("read connection profiles", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		ps, err := client.Collect(c.ConnectionProfiles(ctx))
		return profilesLoadedMsg{profiles: ps, err: err}, err
	})
}

func (s *profilesScreen) Title() string   { return "Connection Profiles" }
func (s *profilesScreen) wantsEsc() bool  { return s.table.Filter() != "" }
func (s *profilesScreen) Capturing() bool { return s.table.Capturing() }
func (s *profilesScreen) Keys() []key.Binding {
	return []key.Binding{s.open, s.keys.New, s.keys.Template, s.keys.Edit, s.keys.Delete, s.keys.Undo, s.table.Keys.Filter}
}

func profileSettings(p model.ConnectionProfile) (button, membership string) {
	if p.Organization == nil {
		return "-", "-"
	}
	return orDash(string(p.Organization.ShowAsButton)), orDash(string(p.Organization.AssignMembershipOnLogin))
}

func featureNames(fs []model.Feature) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return joinOrDash(names)
}

func (s *profilesScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case profilesLoadedMsg:
		s.err = msg.err
		if msg.err == nil {
			s.loaded, s.profiles = true, msg.profiles
			rows := make([]table.Row, len(msg.profiles))
			for i, p := range msg.profiles {
				b, m := profileSettings(p)
				prefix := "-"
				if p.ConnectionNamePrefixTemplate != nil {
					prefix = *p.ConnectionNamePrefixTemplate
				}
				rows[i] = table.Row{Key: p.ID, Cells: []string{p.Name, b, m, prefix, featureNames(p.EnabledFeatures)}}
			}
			s.table.SetRows(rows)
		}
		return s, nil, Stay()
	case refreshMsg:
		return s, s.Init(), Stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return profileChangedMsg{summary: summary} })
		return s, cmd, nav
	case profileChangedMsg:
		text := "✓ " + msg.summary
		return s, tea.Batch(s.Init(), func() tea.Msg { return flashMsg{text: text} }), Stay()
	case tea.MouseClickMsg:
		s.table.Click(msg.Mouse().Y)
		return s, nil, Stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Undo) {
			return s, s.env.planUndo("profiles"), Stay()
		}
		if !s.table.Capturing() && key.Matches(msg, s.keys.New, s.keys.Template, s.keys.Edit, s.keys.Delete) {
			scope := "update:connection_profiles"
			switch {
			case key.Matches(msg, s.keys.New, s.keys.Template):
				scope = "create:connection_profiles"
			case key.Matches(msg, s.keys.Delete):
				scope = "delete:connection_profiles"
			}
			if refusal := s.env.refuse(scope); refusal != nil {
				return s, refusal, Stay()
			}
			id := s.env.id
			switch {
			case key.Matches(msg, s.keys.New):
				return s, nil, Push(func(e env) Screen { return newProfileForm(e, id, nil, nil) })
			case key.Matches(msg, s.keys.Template):
				return s, nil, Push(func(e env) Screen { return newTemplatesScreen(e, id) })
			}
			if r, ok := s.table.Selected(); ok {
				for _, p := range s.profiles {
					if p.ID == r.Key {
						prof := p
						if key.Matches(msg, s.keys.Edit) {
							return s, nil, Push(func(e env) Screen { return newProfileForm(e, id, &prof, nil) })
						}
						return s, nil, Push(func(e env) Screen { return newDeleteProfileScreen(e, id, prof) })
					}
				}
			}
			return s, nil, Stay()
		}
		if !s.table.Capturing() && key.Matches(msg, s.open) {
			if r, ok := s.table.Selected(); ok {
				for _, p := range s.profiles {
					if p.ID == r.Key {
						prof := p
						return s, nil, Push(func(e env) Screen { return newProfileScreen(e, prof) })
					}
				}
			}
			return s, nil, Stay()
		}
	}
	s.table.Update(msg)
	return s, nil, Stay()
}

func (s *profilesScreen) View(rc RenderCtx) string {
	st := rc.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(describe(s.err))
	case !s.loaded:
		return st.Muted.Render("Loading connection profiles…")
	case len(s.profiles) == 0:
		return st.Muted.Render("No connection profiles yet. They say how connections that organization admins create through My Organization are set up.")
	}
	return s.table.View(rc.Width, rc.Styles, "No profile matches the filter.")
}

// profileScreen shows a profile: what it makes of a link, its prefix
// template rendered for an organization, its features and overrides.
type profileScreen struct {
	env  env
	prof model.ConnectionProfile
	orgs []model.Organization
	org  int
	next key.Binding
}

type sampleOrgsLoadedMsg struct{ orgs []model.Organization }

func newProfileScreen(e env, p model.ConnectionProfile) Screen {
	return &profileScreen{env: e, prof: p, next: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "next example org"))}
}

func (s *profileScreen) Init() tea.Cmd {
	return s.env.api("read example organizations", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		orgs, _, err := c.OrganizationsPage(ctx, "")
		return sampleOrgsLoadedMsg{orgs: orgs}, err
	})
}

func (s *profileScreen) Title() string       { return s.prof.Name }
func (s *profileScreen) Capturing() bool     { return false }
func (s *profileScreen) Keys() []key.Binding { return []key.Binding{s.next} }

func (s *profileScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case sampleOrgsLoadedMsg:
		s.orgs = msg.orgs
	case refreshMsg:
		return s, s.Init(), Stay()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.next) && len(s.orgs) > 0 {
			s.org = (s.org + 1) % len(s.orgs)
		}
	}
	return s, nil, Stay()
}

func (s *profileScreen) View(rc RenderCtx) string {
	st, p := rc.Styles, s.prof
	btn, mem := p.ProfileLinkRules()
	b, m := profileSettings(p)
	lines := []string{
		st.Label.Render("id ") + p.ID,
		"",
		st.Header.Render(table.Fit("LINK SETTING", 28) + table.Fit("PROFILE", 10) + "ON A NEW CONNECTION'S LINK"),
		table.Fit("show as button", 28) + table.Fit(b, 10) + btn.Explanation,
		table.Fit("membership on login", 28) + table.Fit(m, 10) + mem.Explanation,
		"",
	}
	if t := p.ConnectionNamePrefixTemplate; t != nil {
		example := st.Muted.Render("(no organization to show it with)")
		if len(s.orgs) > 0 {
			o := s.orgs[s.org]
			example = model.RenderPrefix(*t, o) + st.Muted.Render("…  for "+o.Name+" (o: next)")
		}
		lines = append(lines, st.Label.Render("name prefix ")+*t+st.Label.Render("  → ")+example)
	} else {
		lines = append(lines, st.Label.Render("name prefix ")+"-")
	}
	lines = append(lines, st.Label.Render("features ")+featureNames(p.EnabledFeatures))
	var over []string
	for k := range p.StrategyOverrides {
		over = append(over, k)
	}
	sort.Strings(over)
	for _, k := range over {
		lines = append(lines, st.Label.Render("override "+k+" ")+featureNames(p.StrategyOverrides[k].EnabledFeatures))
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	return strings.Join(lines, "\n")
}
