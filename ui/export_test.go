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

// shownWrites are the writes the top screen shows the user before they
// can be sent ("METHOD path"), and the organizations a bulk plan on
// show would write the links of: the monkey checks that nothing is
// written that was not shown first.
func shownWrites(s screen) (writes []string, bulkOrgs []string) {
	add := func(p *client.Plan) {
		if p != nil {
			writes = append(writes, p.Method+" "+p.Path)
		}
	}
	switch s := s.(type) {
	case interface{ shownPlan() *client.Plan }:
		add(s.shownPlan())
	case *confirmScreen:
		add(s.plan)
	case *planThenConfirm:
		if s.confirmScreen != nil {
			add(s.confirmScreen.plan)
		}
	case *connAppsScreen:
		for _, p := range s.plans {
			add(p)
		}
	case *bulkScreen:
		if s.stage == bulkReview || s.stage == bulkRunning || s.stage == bulkDone {
			for _, it := range s.plan.Items {
				if it.Sends() {
					bulkOrgs = append(bulkOrgs, it.Org.ID)
				}
			}
		}
	}
	return writes, bulkOrgs
}
