package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/ui/keys"
)

// confirmScreen shows a planned change — what it does, the exact request —
// and sends it on enter; esc keeps things as they are.
type confirmScreen struct {
	env     env
	parent  int
	title   string
	lines   []string
	plan    *client.Plan
	sending bool
	err     error
	keys    confirmKeys
	done    func(summary string) tea.Msg // what the parent is told on success
}

type confirmSentMsg struct{ err error }

func newConfirmScreen(e env, parent int, title string, lines []string, p *client.Plan) *confirmScreen {
	return &confirmScreen{env: e, parent: parent, title: title, lines: lines, plan: p,
		keys: newConfirmKeys(e.keys)}
}

// confirmKeys are a confirmation's.
type confirmKeys struct{ Yes key.Binding }

func newConfirmKeys(k keys.Map) confirmKeys {
	return confirmKeys{
		Yes: keys.As(k.Send, "confirm"),
	}
}

func (s *confirmScreen) Init() tea.Cmd       { return nil }
func (s *confirmScreen) Title() string       { return s.title }
func (s *confirmScreen) Capturing() bool     { return false }
func (s *confirmScreen) Keys() []key.Binding { return []key.Binding{s.keys.Yes} }

func (s *confirmScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case confirmSentMsg:
		s.sending = false
		if msg.err != nil {
			s.err = msg.err
			return s, nil, stay()
		}
		var done tea.Msg = linkChangedMsg{summary: s.plan.Summary}
		if s.done != nil {
			done = s.done(s.plan.Summary)
		}
		return s, sendTo(s.parent, done), pop()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.Yes) && !s.sending {
			s.sending, s.err = true, nil
			p := s.plan
			return s, s.env.api(p.Summary, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
				_, err := c.Execute(ctx, p)
				return confirmSentMsg{err: err}, nil
			}), stay()
		}
	}
	return s, nil, stay()
}

func (s *confirmScreen) View(rc renderCtx) string {
	st, p := rc.Styles, s.plan
	lines := append([]string{st.Header.Render(p.Summary), ""}, s.lines...)
	lines = append(lines, "", "  "+p.Method+" "+p.Path)
	if p.Body != nil {
		lines = append(lines, hardWrapLines("  "+string(p.Body), rc.Width)...)
	}
	switch {
	case s.sending:
		lines = append(lines, "", st.Muted.Render("Sending…"))
	case s.err != nil:
		lines = append(lines, "", st.Error.Render("✗ "+describeChange(s.err)))
	default:
		lines = append(lines, "", st.Title.Render("enter confirms · esc keeps things as they are"))
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrapLines(l, rc.Width)...)
	}
	return strings.Join(out, "\n")
}
