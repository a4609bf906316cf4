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

// profileListScreen lists connection profiles; enter shows one.
type profileListScreen struct {
	env      env
	profiles []model.ConnectionProfile
	loaded   bool
	err      error
	table    table.Model
	keys     profileListKeys
}

type profilesLoadedMsg struct {
	profiles []model.ConnectionProfile
	err      error
}

func newProfileListScreen(e env) Screen {
	return &profileListScreen{
		env: e,
		table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "BUTTON", Width: 8},
			table.Column{Title: "MEMBERSHIP", Width: 10}, table.Column{Title: "PREFIX", Width: 15}, table.Column{Title: "FEATURES", Width: 16, Flex: true}),
		keys: newProfileListKeys(e.keys),
	}
}

// profileListKeys are the Connection Profiles list's.
type profileListKeys struct{ Open, New, Template, Edit, Delete, Undo key.Binding }

func newProfileListKeys(k keys.Map) profileListKeys {
	return profileListKeys{
		Open:     k.Open,
		New:      k.New,
		Template: k.Template,
		Edit:     k.Edit,
		Delete:   k.Delete,
		Undo:     k.Undo,
	}
}

func (s *profileListScreen) Init() tea.Cmd {
	return s.env.api("read connection profiles", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		ps, err := client.Collect(c.ConnectionProfiles(ctx))
		return profilesLoadedMsg{profiles: ps, err: err}, err
	})
}

func (s *profileListScreen) Title() string   { return "Connection Profiles" }
func (s *profileListScreen) wantsEsc() bool  { return s.table.Filter() != "" }
func (s *profileListScreen) Capturing() bool { return s.table.Capturing() }
func (s *profileListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.New, s.keys.Template, s.keys.Edit, s.keys.Delete, s.keys.Undo, s.table.Keys.Filter}
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

func (s *profileListScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
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
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if r, ok := s.table.Selected(); ok {
				for _, p := range s.profiles {
					if p.ID == r.Key {
						prof := p
						return s, nil, Push(func(e env) Screen { return newProfileDetailScreen(e, prof) })
					}
				}
			}
			return s, nil, Stay()
		}
	}
	s.table.Update(msg)
	return s, nil, Stay()
}

func (s *profileListScreen) View(rc RenderCtx) string {
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
