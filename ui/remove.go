package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// newRemoveScreen asks before removing a link, saying what goes and what
// stays. The plan is made by the client, then shown.
func newRemoveScreen(e env, parent int, org model.Organization, link model.OrganizationConnection) screen {
	return &planThenConfirm{env: e, parent: parent, title: "Remove " + link.Connection.Name,
		lines: []string{
			"Removes " + link.Connection.Name + " from " + org.Name + ": its members can no longer log in to the organization through it.",
			"The connection itself, its users and its other organizations stay. u on the organization undoes it.",
		},
		planFn: func(c *client.Client) (*client.Plan, error) { return c.PlanRemove(org, link), nil },
	}
}

// planThenConfirm asks the client for a plan, then shows it in a
// confirmScreen.
type planThenConfirm struct {
	*confirmScreen
	env    env
	parent int
	title  string
	lines  []string
	planFn func(*client.Client) (*client.Plan, error)
	// done is what the parent is told on success (default linkChangedMsg).
	done func(summary string) tea.Msg
	err  error
}

type confirmPlannedMsg struct {
	plan *client.Plan
	err  error
}

func (s *planThenConfirm) Init() tea.Cmd {
	fn := s.planFn
	return s.env.api("plan the change", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		p, err := fn(c)
		return confirmPlannedMsg{plan: p, err: err}, nil
	})
}

func (s *planThenConfirm) Title() string { return s.title }

func (s *planThenConfirm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	if m, ok := msg.(confirmPlannedMsg); ok {
		s.err = m.err
		if m.err == nil {
			s.confirmScreen = newConfirmScreen(s.env, s.parent, s.title, s.lines, m.plan)
			s.confirmScreen.done = s.done
		}
		return s, nil, stay()
	}
	if s.confirmScreen == nil {
		return s, nil, stay()
	}
	_, cmd, nav := s.confirmScreen.Update(msg)
	return s, cmd, nav
}

func (s *planThenConfirm) View(rc renderCtx) string {
	switch {
	case s.err != nil:
		return rc.Styles.Error.Render(describe(s.err))
	case s.confirmScreen == nil:
		return rc.Styles.Muted.Render("Preparing…")
	}
	return s.confirmScreen.View(rc)
}

func (s *planThenConfirm) Capturing() bool { return false }

func (s *planThenConfirm) Keys() []key.Binding {
	if s.confirmScreen == nil {
		return nil
	}
	return s.confirmScreen.Keys()
}
