package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
)

// requestsScreen is the session's request log, from the client's journal
// of requests: every request sent, newest first.
type requestsScreen struct {
	env   env
	table table
	rows  int
}

// requestsLoadedMsg carries the log's rows, read from the client.
type requestsLoadedMsg struct{ rows []row }

func newRequestsScreen(e env) Screen {
	return &requestsScreen{env: e, table: newTable(column{title: "TIME", width: 8}, column{title: "METHOD", width: 6},
		column{title: "PATH", width: 30, flex: true}, column{title: "STATUS", width: 6}, column{title: "TOOK", width: 7})}
}

func (s *requestsScreen) read() tea.Cmd {
	return s.env.api("read the request log", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		recs := c.Requests().Records()
		rows := make([]row, 0, len(recs))
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
			rows = append(rows, row{key: itoa(i), cells: []string{r.Time.Format("15:04:05"), r.Method, r.Path, status, took}})
		}
		return requestsLoadedMsg{rows: rows}, nil
	})
}

func (s *requestsScreen) Init() tea.Cmd       { return s.read() }
func (s *requestsScreen) Title() string       { return "Requests" }
func (s *requestsScreen) wantsEsc() bool      { return s.table.filter != "" }
func (s *requestsScreen) Capturing() bool     { return s.table.capturing() }
func (s *requestsScreen) Keys() []key.Binding { return []key.Binding{s.table.keys.Filter} }

func (s *requestsScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.setArea(msg.Height)
	case requestsLoadedMsg:
		s.rows = len(msg.rows)
		s.table.setRows(msg.rows)
		return s, nil, Stay()
	case refreshMsg:
		return s, s.read(), Stay()
	}
	s.table.update(msg)
	return s, nil, Stay()
}

func (s *requestsScreen) View(rc RenderCtx) string {
	return s.table.render(rc, "No request sent yet.")
}
