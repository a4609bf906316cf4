package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// Every invalid state the demo tenant carries that a form fixes: x on its
// finding opens the form, and the form reaches its plan (enter through
// it, space where a choice must be made) — never a loop without a plan,
// never an error on a field that is not shown. The same forms open from
// the objects' own screens (e on a link, the application's settings).
func TestEveryInvalidStateReachesAPlan(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, goTo("audit", "", 0)...)
	findings := a.stack[len(a.stack)-1].screen.(*auditScreen).findings
	tried := 0
	for i, f := range findings {
		if !fixable(f.Rule) {
			continue
		}
		tried++
		t.Run(fmt.Sprintf("%s %s", f.Rule, f.Objects[0].Name), func(t *testing.T) {
			a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
			a, _ = pump(a, goTo("audit", "", 0)...)
			for range i {
				a, _ = pump(a, press("down"))
			}
			if got, _ := a.stack[len(a.stack)-1].screen.(*auditScreen).finding(); got.Rule != f.Rule {
				t.Fatalf("the cursor is on %s, not %s", got.Rule, f.Rule)
			}
			a, _ = pump(a, press("x"))
			if a.Depth() < 3 {
				t.Fatalf("x opened no form:\n%s", screenText(a))
			}
			if f.Rule == "myorg-missing-profile" {
				// The form proposes the fix, and says so.
				mustContain(t, a, "no longer exists", "this change sets none")
				golden(t, a)
			}
			for step := 0; step < 40; step++ {
				top, _ := a.top()
				if w, orgs := shownWrites(top.screen); len(w)+len(orgs) > 0 {
					if f.Rule == "org-no-connection" && f.Objects[0].Name == "tyrell" {
						// Its links are there, switched off: the fix switches one on.
						mustSend(t, a, `"is_enabled":true`)
						if !strings.HasPrefix(w[0], "PATCH ") {
							t.Fatalf("tyrell's fix is %s, not a switch of a link it has", w[0])
						}
					}
					if f.Rule == "myorg-member-controls" || f.Rule == "link-full-members-no-ceiling" {
						mustSend(t, a, `"enforce_permission_ceiling":true`, `"enforce_self_assignment_restriction":true`)
					}
					return // the plan is on screen
				}
				before := screenText(a)
				var key tea.Msg = press("enter")
				if step%5 == 4 {
					key = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "} // a choice to make
				}
				a, _ = pump(a, key)
				if screenText(a) == before && step%5 != 4 && !strings.Contains(before, "✗") {
					t.Fatalf("enter does nothing and nothing says why:\n%s", before)
				}
			}
			t.Fatalf("40 keys did not reach the plan:\n%s", screenText(a))
		})
	}
	if tried < 8 {
		t.Fatalf("the demo tenant has %d findings a form fixes; it had 14", tried)
	}
}
