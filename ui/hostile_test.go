package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// rawControl finds what in a drawn screen could drive the terminal: an
// ESC that starts anything but an SGR (colours), a C1 control, BEL, a
// bidi override, or the SGR orgscope never uses that hostile text
// carries ("" when there is none).
func rawControl(frame string) string {
	if strings.Contains(frame, sandbox.HostileBlink) {
		return "the hostile SGR (blink)"
	}
	for i := 0; i < len(frame); i++ {
		if frame[i] != 0x1b {
			continue
		}
		j := i + 2
		for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
			j++
		}
		if i+1 >= len(frame) || frame[i+1] != '[' || j >= len(frame) || frame[j] != 'm' {
			return "an ESC starting " + strings.ToValidUTF8(frame[i:min(len(frame), i+12)], "?")
		}
	}
	for _, r := range frame {
		switch {
		case r == 0x07, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "the control character " + string(r)
		}
	}
	return ""
}

// A tenant whose free-text fields carry every family of control sequence
// (sandbox.Options.Hostile): no screen that shows them draws one raw, and
// what was planted shows as visible escapes.
func TestHostileTenantNeverReachesTheTerminal(t *testing.T) {
	screens := []struct {
		name   string
		inputs []tea.Msg
	}{
		{"organizations", nil},
		{"organization", goTo("", "evil", 1)},
		{"organization edit", append(goTo("", "evil", 1), press("esc"), press("e"))},
		{"link edit", append(goTo("", "evil", 1), press("e"))},
		{"connections", goTo("connections", "", 0)},
		{"connection", goTo("connections", "evil", 1)},
		{"connection edit", append(goTo("connections", "evil", 1), press("e"))},
		{"connection edited", append(goTo("connections", "evil", 1), press("e"), press("enter"), press("enter"), press("enter"), press("enter"),
			press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))},
		{"profiles", goTo("profiles", "", 0)},
		{"profile", goTo("profiles", "evil", 1)},
		{"applications", goTo("clients", "", 0)},
		{"application", goTo("clients", "evil", 1)},
		{"audit", goTo("audit", "", 0)},
		{"matrix", goTo("matrix", "", 0)},
		{"delegation", append(goTo("", "evil", 1), press("w"))},
		{"delegation matrix", append(goTo("delegation", "", 0), press("/"), press("e"), press("v"), press("i"), press("l"), press("enter"), right, right, right)},
		{"trace", append(append(append(goTo("clients", "evil", 1), press("t")), typed("evil-title")...), press("enter"), press("enter"))},
		{"requests", goTo("requests", "", 0)},
		{"messages", append(goTo("", "evil", 1), press("d"), press("esc"), press(":"), press("m"), press("e"), press("s"), press("enter"))},
	}
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		for _, sc := range screens {
			t.Run(sc.name, func(t *testing.T) {
				a, _ := sandboxApp(t, sandbox.Options{Hostile: true}, size[0], size[1])
				a, _ = pump(a, sc.inputs...)
				for _, view := range []string{a.Render(), a.View().Content} {
					if what := rawControl(view); what != "" {
						t.Fatalf("%s on %q reaches the terminal:\n%s", what, a.TopTitle(), strings.ToValidUTF8(view, "?"))
					}
					if strings.Contains(view, sandbox.HostileSecret) {
						t.Fatalf("a planted secret shows on %q:\n%s", a.TopTitle(), view)
					}
				}
				if got := a.View().WindowTitle; rawControl(got) != "" {
					t.Fatalf("the window title carries %s", rawControl(got))
				}
			})
		}
	}
}
