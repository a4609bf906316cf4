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

// connListScreen lists the tenant's connections with their class; c
// cycles a class filter, / filters by any text (strategy included).
type connListScreen struct {
	listBase[model.Connection]
	class int // index into classChoices
	gen   int // the session's connections generation this list shows
	keys  connListKeys
}

func classChoices() []model.StrategyClass {
	return append([]model.StrategyClass{""}, model.Classes()...)
}

type connectionsLoadedMsg struct {
	conns []model.Connection
	err   error
}

func newConnListScreen(e env) screen {
	s := &connListScreen{
		listBase: listBase[model.Connection]{env: e, noun: "connections", row: connectionRow, keyOf: func(c model.Connection) string { return c.ID }, table: table.New(table.Column{Title: "NAME", Width: 18, Flex: true}, table.Column{Title: "DISPLAY NAME", Width: 16, Flex: true},
			table.Column{Title: "STRATEGY", Width: 13}, table.Column{Title: "CLASS", Width: 12}, table.Column{Title: "DOMAIN", Width: 6},
			table.Column{Title: "CLIENTS", Width: 7})},
		keys: newConnListKeys(e.keys),
	}
	s.keep = s.inClass
	return s
}

// connListKeys are the Connections list's.
type connListKeys struct{ Open, Class, New, Undo key.Binding }

func newConnListKeys(k keys.Map) connListKeys {
	return connListKeys{
		Open:  k.Open,
		Class: k.Class,
		New:   k.New,
		Undo:  k.Undo,
	}
}

func (s *connListScreen) load() tea.Cmd {
	s.gen = s.env.session.connectionsGen()
	return s.env.api("read connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		conns, err := client.Collect(c.Connections(ctx))
		return connectionsLoadedMsg{conns: conns, err: err}, err
	})
}

func (s *connListScreen) Init() tea.Cmd { return s.load() }
func (s *connListScreen) Title() string { return "Connections" }

// refreshes: r reads the connections again.
func (s *connListScreen) refreshes() bool { return true }

func (s *connListScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.New, s.keys.Undo, s.table.FilterKey(), s.keys.Class}
}

// connectionRow is a connection's row.
func connectionRow(c model.Connection) table.Row {
	return table.Row{Key: c.ID, Cells: []string{c.Name, c.DisplayName, c.Strategy, string(c.Class()),
		model.YesNo(c.IsDomainConnection), itoa(len(c.EnabledClients))}}
}

// inClass reports whether c is of the class shown.
func (s *connListScreen) inClass(c model.Connection) bool {
	want := classChoices()[s.class]
	return want == "" || c.Class() == want
}

func (s *connListScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.handle(msg, 1)
		if s.loaded && s.gen != s.env.session.connectionsGen() {
			return s, s.load(), stay() // a connection changed since
		}
		return s, nil, stay()
	case connectionsLoadedMsg:
		if msg.err == nil {
			s.env.session.setConnections(msg.conns)
		}
		s.setItems(msg.conns, msg.err)
		return s, nil, stay()
	case refreshMsg:
		return s, s.load(), stay()
	case undoPlannedMsg:
		cmd, nav := s.env.showUndo(msg, func(summary string) tea.Msg { return connChangedMsg{summary: summary} })
		return s, cmd, nav
	case connChangedMsg:
		return s, tea.Batch(s.load(), done(msg.summary)), stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() {
			switch {
			case key.Matches(msg, s.keys.New):
				scope := "create:connections"
				if refusal := s.env.refuse(scope); refusal != nil {
					return s, refusal, stay()
				}
				id := s.env.id
				return s, nil, push(func(e env) screen { return newConnForm(e, id, nil) })
			case key.Matches(msg, s.keys.Undo):
				return s, s.env.planUndo("connections"), stay()
			case key.Matches(msg, s.keys.Class):
				s.class = (s.class + 1) % len(classChoices())
				s.showItems()
				return s, nil, stay()
			case key.Matches(msg, s.keys.Open):
				if conn, ok := s.selected(); ok {
					return s, nil, push(func(e env) screen { return newConnDetailScreen(e, conn) })
				}
				return s, nil, stay()
			}
		}
	}
	s.handle(msg, 1)
	return s, nil, stay()
}

func (s *connListScreen) View(rc renderCtx) string {
	if s.err != nil || !s.loaded {
		return s.view(rc, "")
	}
	class := string(classChoices()[s.class])
	if class == "" {
		class = "every class"
	}
	return s.view(rc, "No connection matches.") + "\n" +
		rc.Styles.Muted.Render(model.Count(len(s.items), "connection")+" · showing "+class+" (c to change)")
}
