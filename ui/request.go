package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/ui/table"
)

// requestScreen is one request of the log in full: method, URL, status,
// time, the rate-limit headers, what was sent and what came back (secret
// values redacted), scrolled with the list keys.
type requestScreen struct {
	env env
	rec client.RequestRecord
	top int
	h   int
}

func newRequestScreen(e env, rec client.RequestRecord) screen {
	return &requestScreen{env: e, rec: rec}
}

func (s *requestScreen) Init() tea.Cmd        { return nil }
func (s *requestScreen) Title() string        { return s.rec.Method + " " + s.rec.Path }
func (s *requestScreen) Capturing() bool      { return false }
func (s *requestScreen) Keys() []key.Binding  { return nil }
func (s *requestScreen) moves() []key.Binding { return []key.Binding{s.env.keys.Move} }

func (s *requestScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	k := s.env.keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.h = msg.Height
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			s.top--
		case key.Matches(msg, k.Down):
			s.top++
		case key.Matches(msg, k.PageUp):
			s.top -= max(1, s.h-1)
		case key.Matches(msg, k.PageDown):
			s.top += max(1, s.h-1)
		case key.Matches(msg, k.Top):
			s.top = 0
		case key.Matches(msg, k.Bottom):
			s.top = 1 << 30 // View stops it at the end
		}
	}
	return s, nil, stay()
}

func (s *requestScreen) View(rc renderCtx) string {
	st, r := rc.Styles, s.rec
	status := "no answer"
	if r.Status != 0 {
		status = itoa(r.Status)
	}
	var lines []string
	lines = append(lines, wrapLines(r.Method+" "+r.URL, rc.Width)...)
	lines = append(lines, st.Label.Render("status ")+status+st.Label.Render("  took ")+r.Duration.Round(time.Millisecond).String()+
		st.Label.Render("  at ")+r.Time.Format("15:04:05"))
	if r.RateLimit != "" {
		lines = append(lines, st.Label.Render("rate   ")+r.RateLimit)
	}
	if r.Err != "" {
		lines = append(lines, wrapLines(st.Error.Render("error  "+r.Err), rc.Width)...)
	}
	section := func(title, body string) {
		lines = append(lines, "", st.Label.Render(title))
		if body == "" {
			lines = append(lines, st.Muted.Render("  (none)"))
			return
		}
		for _, l := range strings.Split(string(prettyJSON([]byte(body))), "\n") {
			lines = append(lines, hardWrapLines("  "+l, rc.Width)...)
		}
	}
	section("SENT (secret values redacted)", r.Body)
	section("ANSWER (secret values redacted)", r.Answer)
	if room := rc.Height; len(lines) > room && room > 1 {
		s.top = max(0, min(s.top, len(lines)-room+1))
		end := min(len(lines), s.top+room-1)
		lines = append(lines[s.top:end], st.Muted.Render(table.Fit("↑↓ pgup pgdn g G to scroll", rc.Width)))
	} else {
		s.top = 0
	}
	return strings.Join(lines, "\n")
}
