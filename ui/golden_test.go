package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// goTo returns the inputs that open a screen from the organizations list.
func goTo(palette string, filter string, opens int) []tea.Msg {
	var in []tea.Msg
	if palette != "" {
		in = append(append(in, press(":")), typed(palette)...)
		in = append(in, press("enter"))
	}
	if filter != "" {
		in = append(append(in, press("/")), typed(filter)...)
		in = append(in, press("enter"), press("esc")) // apply, then clear: the cursor stays on the match
	}
	for range opens {
		in = append(in, press("enter"))
	}
	return in
}

// Every screen, rendered against the demo tenant at 100×30 and at 80×24
// (go test ./ui -update rewrites testdata/TestScreens/*.golden).
func TestScreens(t *testing.T) {
	screens := []struct {
		name   string
		inputs []tea.Msg
		title  string
	}{
		{"organizations", nil, "Organizations"},
		{"organization", goTo("", "globex", 1), "globex"},
		{"organization-broken-prompt", goTo("", "umbrella", 1), "umbrella-corp"},
		{"connections", goTo("connections", "", 0), "Connections"},
		{"connection-used-by", append(goTo("connections", "globex-okta", 1), press("b")), "globex-okta"},
		{"profiles", goTo("profiles", "", 0), "Connection Profiles"},
		{"profile", goTo("profiles", "", 1), "Enterprise-SSO"},
		{"applications", goTo("clients", "", 0), "Applications"},
		{"application", goTo("clients", "dashboard", 1), "Acme Cloud Dashboard"},
		{"application-without-my-organization", goTo("clients", "mobile", 1), "Acme Mobile"},
		{"help", []tea.Msg{press("?")}, "Organizations"},
		{"messages", append(append(append([]tea.Msg{press(":")}, typed("no-such-command-whose-name-runs-on-past-the-width-of-the-bar")...), press("enter")),
			goTo("messages", "", 0)...), "Messages"},
	}
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				a, _ := sandboxApp(t, sandbox.Options{}, size[0], size[1])
				a, _ = pump(a, sc.inputs...)
				if a.TopTitle() != sc.title {
					t.Fatalf("on %q, want %q:\n%s", a.TopTitle(), sc.title, screenText(a))
				}
				golden(t, a)
			})
		}
	}
}
