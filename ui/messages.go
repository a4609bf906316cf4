package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/ui/table"
)

// statusNote is one line the status bar said: a flash or an error.
type statusNote struct {
	at    time.Time
	text  string
	isErr bool
}

// maxNotes is how many of the status bar's lines :messages keeps.
const maxNotes = 200

// messagesScreen lists what the status bar said this session, newest
// first, the one under the cursor in full below: the bar cuts a long line
// to the width, and a flash goes with the next key.
type messagesScreen struct {
	listBase[statusNote]
}

// messagesDetailLines is the room under the table for the selected line.
const messagesDetailLines = 3

func newMessagesScreen(e env) screen {
	s := &messagesScreen{}
	s.listBase = listBase[statusNote]{env: e, noun: "messages", keyOf: noteKey,
		row: func(n statusNote) table.Row {
			kind := "note"
			if n.isErr {
				kind = "error"
			}
			return table.Row{Key: noteKey(n), Cells: []string{n.at.Format("15:04:05"), kind, n.text}}
		},
		table: table.New(table.Column{Title: "TIME", Width: 8}, table.Column{Title: "KIND", Width: 5},
			table.Column{Title: "MESSAGE", Width: 30, Flex: true})}
	s.table.Detail = nil // the message under the cursor is shown in full below
	return s
}

// noteKey tells notes apart: their time and text.
func noteKey(n statusNote) string { return strconv.FormatInt(n.at.UnixNano(), 10) + " " + n.text }

func (s *messagesScreen) Init() tea.Cmd {
	notes := s.env.session.notes()
	s.setItems(notes, nil)
	return nil
}

func (s *messagesScreen) Title() string { return "Messages" }

// refreshes: r shows the messages since it opened.
func (s *messagesScreen) refreshes() bool { return true }

func (s *messagesScreen) Keys() []key.Binding { return []key.Binding{s.table.FilterKey()} }

func (s *messagesScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg.(type) {
	case refreshMsg:
		return s, s.Init(), stay()
	}
	footer := 0
	if _, ok := msg.(tea.WindowSizeMsg); ok {
		footer = messagesDetailLines + 1
	}
	s.handle(msg, footer)
	return s, nil, stay()
}

func (s *messagesScreen) View(rc renderCtx) string {
	if s.loaded && len(s.items) == 0 {
		return rc.Styles.Muted.Render("The status bar has said nothing yet this session.")
	}
	out := s.view(rc, "No message matches the filter.")
	if n, ok := s.selected(); ok {
		detail := wrapAtMost(s.table.Position()+"  "+n.text, rc.Width, messagesDetailLines)
		out += "\n\n" + rc.Styles.Muted.Render(strings.Join(detail, "\n"))
	}
	return out
}
