package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
)

// undoPlannedMsg is the plan that undoes a screen's last change.
type undoPlannedMsg struct {
	plan *client.Plan
	err  error
}

// planUndo asks the client for the inverse of the last change to subject.
func (e env) planUndo(subject string) tea.Cmd {
	if refusal := e.refuse(); refusal != nil {
		return refusal
	}
	return e.api("plan the undo", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		entry, ok := c.PlanLog().Last(subject)
		if !ok {
			return undoPlannedMsg{err: errors.New("nothing was changed here in this session")}, nil
		}
		p, err := c.PlanUndo(entry)
		return undoPlannedMsg{plan: p, err: err}, nil
	})
}

// showUndo opens the confirmation of an undo plan; done is what the screen
// is told once it is sent.
func (e env) showUndo(msg undoPlannedMsg, done func(summary string) tea.Msg) (tea.Cmd, nav) {
	if msg.err != nil {
		text := "nothing to undo: " + msg.err.Error()
		return flash(text), stay()
	}
	p, id := msg.plan, e.id
	return nil, push(func(ne env) screen {
		s := newConfirmScreen(ne, id, "Undo", []string{"This undoes the last change made here in this session."}, p)
		s.done = done
		return s
	})
}
