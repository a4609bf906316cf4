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
	listBase[model.ProfileTemplate]
	parent int
	keys   templatesKeys
}

type templatesLoadedMsg struct {
	tpls []model.ProfileTemplate
	err  error
}

func newTemplatesScreen(e env, parent int) screen {
	return &templatesScreen{parent: parent, keys: newTemplatesKeys(e.keys),
		listBase: listBase[model.ProfileTemplate]{env: e, noun: "profile templates", row: templateRow,
			keyOf: func(t model.ProfileTemplate) string { return t.ID },
			table: table.New(table.Column{Title: "TEMPLATE", Width: 30, Flex: true}, table.Column{Title: "BUTTON", Width: 8}, table.Column{Title: "MEMBERSHIP", Width: 10},
				table.Column{Title: "PREFIX", Width: 15})}}
}

// templateRow is a template's row: what its profile makes of a link.
func templateRow(t model.ProfileTemplate) table.Row {
	b, m := profileSettings(t.Template)
	prefix := "-"
	if t.Template.ConnectionNamePrefixTemplate != nil {
		prefix = *t.Template.ConnectionNamePrefixTemplate
	}
	return table.Row{Key: t.ID, Cells: []string{t.DisplayName, b, m, prefix}}
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

func (s *templatesScreen) Title() string { return "Templates" }

func (s *templatesScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.table.FilterKey()}
}

func (s *templatesScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case templatesLoadedMsg:
		s.setItems(msg.tpls, msg.err)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if t, ok := s.selected(); ok {
				tpl, parent := t.Template, s.parent
				return s, nil, push(func(e env) screen { return newProfileForm(e, parent, nil, &tpl) })
			}
			return s, nil, stay()
		}
	}
	s.handle(msg, 0)
	return s, nil, stay()
}

func (s *templatesScreen) View(rc renderCtx) string { return s.view(rc, "No template.") }
