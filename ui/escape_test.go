package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// esc leaves every form that nothing was typed into, back to the screen
// it came from — huh never leaves on esc itself, so each screen holding a
// form must (escLeaves). While a list's filter is being typed, esc ends
// the filter first and the form stays.
func TestEscLeavesEveryForm(t *testing.T) {
	forms := []struct {
		name   string
		before []tea.Msg // to the screen the form opens from
		open   tea.Msg
		filter bool // the first field is a list with a filter
	}{
		{"new organization", nil, press("n"), false},
		{"edit organization", nil, press("e"), false},
		{"enable a connection", goTo("", "globex", 1), press("a"), true},
		{"new connection", goTo("connections", "", 0), press("n"), false},
		{"new profile", goTo("profiles", "", 0), press("n"), false},
		{"My Organization", goTo("clients", "dashboard", 1), press("e"), false},
		{"API access", goTo("clients", "dashboard", 1), press("g"), true},
		{"bulk change", []tea.Msg{press("space")}, press("B"), true},
		{"trace from an organization", goTo("", "globex", 1), press("t"), true},
		{"trace from an application", goTo("clients", "dashboard", 1), press("t"), false},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
			a, _ = pump(a, f.before...)
			from, depth := a.TopTitle(), len(a.stack)
			a, _ = pump(a, f.open)
			if len(a.stack) != depth+1 {
				t.Fatalf("%v opened nothing from %q", f.open, from)
			}
			form := a.TopTitle()
			if f.filter {
				a, _ = pump(a, press("/"), press("esc"))
				if a.TopTitle() != form {
					t.Fatalf("esc while filtering left the form for %q", a.TopTitle())
				}
			}
			a, _ = pump(a, press("esc"))
			if a.TopTitle() != from || len(a.stack) != depth {
				t.Fatalf("esc on %q led to %q at depth %d, want %q at %d:\n%s", form, a.TopTitle(), len(a.stack), from, depth, screenText(a))
			}
		})
	}
}
