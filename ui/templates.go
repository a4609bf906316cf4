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

// templatesScreen lists the profile templates Auth0 offers; enter starts a
// new profile from one.
type templatesScreen struct {
	env    env
	parent int
	tpls   []model.ProfileTemplate
	err    error
	table  table.Model
	keys   templatesKeys
}

type templatesLoadedMsg struct {
	tpls []model.ProfileTemplate
	err  error
}

func newTemplatesScreen(e env, parent int) screen {
	return &templatesScreen{env: e, parent: parent,
		table: table.New(table.Column{Title: "TEMPLATE", Width: 30, Flex: true}, table.Column{Title: "BUTTON", Width: 8}, table.Column{Title: "MEMBERSHIP", Width: 10},
			table.Column{Title: "PREFIX", Width: 15}),
		keys: newTemplatesKeys(e.keys)}
}

// templatesKeys are the profile templates'.
type templatesKeys struct{ Open key.Binding }

func newTemplatesKeys(k keys.Map) templatesKeys {
	return templatesKeys{
		Open: keys.As(k.Open, "start from it"),
	}
}

func (s *templatesScreen) Init() tea.Cmd {
	return s.env.api("read profile templates", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		tpls, err := c.ProfileTemplates(ctx)
		return templatesLoadedMsg{tpls, err}, err
	})
}

func (s *templatesScreen) Title() string        { return "Templates" }
func (s *templatesScreen) Capturing() bool      { return s.table.Capturing() }
func (s *templatesScreen) moves() []key.Binding { return tableMoves(s.table) }

func (s *templatesScreen) Keys() []key.Binding { return []key.Binding{s.keys.Open} }

func (s *templatesScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case templatesLoadedMsg:
		s.tpls, s.err = msg.tpls, msg.err
		rows := make([]table.Row, len(msg.tpls))
		for i, t := range msg.tpls {
			b, m := profileSettings(t.Template)
			prefix := "-"
			if t.Template.ConnectionNamePrefixTemplate != nil {
				prefix = *t.Template.ConnectionNamePrefixTemplate
			}
			rows[i] = table.Row{Key: t.ID, Cells: []string{t.DisplayName, b, m, prefix}}
		}
		s.table.SetRows(rows)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.Open) {
			if r, ok := s.table.Selected(); ok {
				for _, t := range s.tpls {
					if t.ID == r.Key {
						tpl, parent := t.Template, s.parent
						return s, nil, push(func(e env) screen { return newProfileForm(e, parent, nil, &tpl) })
					}
				}
			}
			return s, nil, stay()
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *templatesScreen) View(rc renderCtx) string {
	if s.err != nil {
		return rc.Styles.Error.Render(describe(s.err))
	}
	return s.table.View(rc.Width, rc.Styles, "No template.")
}
