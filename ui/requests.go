package ui

import (
	"context"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// requestsScreen is the session's request log, from the client's journal
// of requests: every request sent, newest first.
type requestsScreen struct {
	env   env
	table table.Model
	rows  int
	recs  []client.RequestRecord // by row key (its index)
	keys  requestsKeys
}

// requestsLoadedMsg carries the log's rows, read from the client.
type requestsLoadedMsg struct {
	rows []table.Row
	recs []client.RequestRecord
}

// requestsKeys are the request log's.
type requestsKeys struct{ Open key.Binding }

func newRequestsKeys(k keys.Map) requestsKeys {
	return requestsKeys{Open: keys.As(k.Open, "the request in full")}
}

func newRequestsScreen(e env) screen {
	return &requestsScreen{env: e, table: table.New(table.Column{Title: "TIME", Width: 8}, table.Column{Title: "METHOD", Width: 6},
		table.Column{Title: "PATH", Width: 30, Flex: true}, table.Column{Title: "STATUS", Width: 6}, table.Column{Title: "TOOK", Width: 7}),
		keys: newRequestsKeys(e.keys)}
}

func (s *requestsScreen) read() tea.Cmd {
	return s.env.api("read the request log", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		recs := c.Requests().Records()
		rows := make([]table.Row, 0, len(recs))
		for i := len(recs) - 1; i >= 0; i-- {
			r := recs[i]
			status := itoa(r.Status)
			if r.Status == 0 {
				status = "—"
			}
			took := r.Duration.Round(time.Millisecond).String()
			if r.Duration < time.Millisecond {
				took = "<1ms"
			}
			rows = append(rows, table.Row{Key: itoa(i), Cells: []string{r.Time.Format("15:04:05"), r.Method, r.Path, status, took}})
		}
		return requestsLoadedMsg{rows: rows, recs: recs}, nil
	})
}

func (s *requestsScreen) Init() tea.Cmd        { return s.read() }
func (s *requestsScreen) Title() string        { return "Requests" }
func (s *requestsScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *requestsScreen) Capturing() bool      { return s.table.Capturing() }
func (s *requestsScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r shows the requests sent since it opened.
func (s *requestsScreen) refreshes() bool { return true }

func (s *requestsScreen) Keys() []key.Binding { return []key.Binding{s.keys.Open, s.table.FilterKey()} }

func (s *requestsScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case requestsLoadedMsg:
		s.rows, s.recs = len(msg.rows), msg.recs
		s.table.SetRows(msg.rows)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			if r, ok := s.table.Selected(); ok {
				if i, err := strconv.Atoi(r.Key); err == nil && i >= 0 && i < len(s.recs) {
					rec := s.recs[i]
					return s, nil, push(func(e env) screen { return newRequestScreen(e, rec) })
				}
			}
			return s, nil, stay()
		}
	case refreshMsg:
		return s, s.read(), stay()
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *requestsScreen) View(rc renderCtx) string {
	return s.table.View(rc.Width, rc.Styles, "No request sent yet.")
}
