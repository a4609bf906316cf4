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
	listBase[model.ConnectionProfile]
	keys profileListKeys
}

type profilesLoadedMsg struct {
	profiles []model.ConnectionProfile
	err      error
}

func newProfileListScreen(e env) screen {
	return &profileListScreen{
		listBase: listBase[model.ConnectionProfile]{env: e, noun: "connection profiles", row: profileRow,
			keyOf: func(p model.ConnectionProfile) string { return p.ID },
			table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "BUTTON", Width: 8},
				table.Column{Title: "MEMBERSHIP", Width: 10}, table.Column{Title: "PREFIX", Width: 15}, table.Column{Title: "FEATURES", Width: 16, Flex: true})},
		keys: newProfileListKeys(e.keys),
	}
}

// profileRow is a profile's row: its name, what it makes of a link, its
// prefix and features.
func profileRow(p model.ConnectionProfile) table.Row {
	b, m := profileSettings(p)
	prefix := "-"
	if p.ConnectionNamePrefixTemplate != nil {
		prefix = *p.ConnectionNamePrefixTemplate
	}
	return table.Row{Key: p.ID, Cells: []string{p.Name, b, m, prefix, featureNames(p.EnabledFeatures)}}
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

func (s *profileListScreen) Title() string { return "Connection Profiles" }

// refreshes: r reads the profiles again.
func (s *profileListScreen) refreshes() bool { return true }

func (s *profileListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.New, s.keys.Template, s.keys.Edit, s.keys.Delete, s.keys.Undo, s.table.FilterKey()}
}

func profileSettings(p model.ConnectionProfile) (button, membership string) {
	if p.Organization == nil {
		return "-", "-"
	}
	return model.OrDash(string(p.Organization.ShowAsButton)), model.OrDash(string(p.Organization.AssignMembershipOnLogin))
}

func featureNames(fs []model.Feature) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return joinOrDash(names)
}

func (s *profileListScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case profilesLoadedMsg:
		s.setItems(msg.profiles, msg.err)
		return s, nil, stay()
	case refreshMsg:
		return s, s.Init(), stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return profileChangedMsg{summary: summary} })
		return s, cmd, nav
	case profileChangedMsg:
		return s, tea.Batch(s.Init(), done(msg.summary)), stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Undo) {
			return s, s.env.planUndo("profiles"), stay()
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
				return s, refusal, stay()
			}
			id := s.env.id
			switch {
			case key.Matches(msg, s.keys.New):
				return s, nil, push(func(e env) screen { return newProfileForm(e, id, nil, nil) })
			case key.Matches(msg, s.keys.Template):
				return s, nil, push(func(e env) screen { return newTemplatesScreen(e, id) })
			}
			if prof, ok := s.selected(); ok {
				if key.Matches(msg, s.keys.Edit) {
					return s, nil, push(func(e env) screen { return newProfileForm(e, id, &prof, nil) })
				}
				return s, nil, push(func(e env) screen { return newDeleteProfileScreen(e, id, prof) })
			}
			return s, nil, stay()
		}
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if prof, ok := s.selected(); ok {
				return s, nil, push(func(e env) screen { return newProfileDetailScreen(e, prof) })
			}
			return s, nil, stay()
		}
	}
	s.handle(msg, 0)
	return s, nil, stay()
}

func (s *profileListScreen) View(rc renderCtx) string {
	if s.loaded && s.err == nil && len(s.items) == 0 {
		return rc.Styles.Muted.Render("No connection profiles yet. They say how connections that organization admins create through My Organization are set up.")
	}
	return s.view(rc, "No profile matches the filter.")
}
