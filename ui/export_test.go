package ui

import (
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
)

// Accessors that only the tests use.

// Depth and TopTitle let tests see the stack.
func (a App) Depth() int { return len(a.stack) }

// TopTitle is the top screen's title.
func (a App) TopTitle() string {
	if f, ok := a.top(); ok {
		return f.screen.Title()
	}
	return ""
}

// shownPlan is the plan a change form shows, nil off its plan.
func (c *changeForm) shownPlan() *client.Plan {
	if c.stage != stageReview {
		return nil
	}
	return c.plan
}

// mustSend checks that the top screen shows a plan, and that the request
// it sends holds every part (compact JSON, as sent: the screen shows it
// pretty-printed).
func mustSend(t *testing.T, a App, parts ...string) {
	t.Helper()
	sp, ok := a.stack[len(a.stack)-1].screen.(interface{ shownPlan() *client.Plan })
	if !ok || sp.shownPlan() == nil {
		t.Fatalf("no plan on screen:\n%s", screenText(a))
	}
	body := string(sp.shownPlan().Body)
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Fatalf("the plan sends %s, which lacks %s:\n%s", body, p, screenText(a))
		}
	}
}
