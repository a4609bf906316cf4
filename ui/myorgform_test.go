package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

func openApp(a App, name string) App {
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("clients")...), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed(name)...), press("enter"), press("esc"), press("enter"))...)
	return a
}

func TestMyOrganizationSettings(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 140, 32)
	a = openApp(a, "mobile")
	mustContain(t, a, "Acme Mobile", "not configured")
	a, _ = pump(a, press("e"))
	if !strings.HasPrefix(a.TopTitle(), "My Organization of Acme Mobile") {
		t.Fatalf("e opened %q", a.TopTitle())
	}
	golden(t, a)
	// Profile: the first one listed after none; no uap; okta and samlp.
	a, _ = pump(a, press("down"), press("enter"), press("enter"))
	a, _ = pump(a, press("down"), press("down"), press("down"), press("down"), press(" "), press("down"), press("down"), press(" "), press("enter"))
	a, _ = pump(a, press("enter"), press("enter"))
	mustContain(t, a, "set the My Organization configuration of Acme Mobile", `"allowed_strategies":["okta","samlp"]`, `allow_if_empty`)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Acme Mobile" || !strings.Contains(a.status.flash, "set the My Organization configuration") {
		t.Fatalf("after sending: %q %q", a.TopTitle(), a.status.flash)
	}
	mustContain(t, a, "allowed strategies okta, samlp", "org admins may delete a connection only once it has no users")
	// Remove the whole configuration.
	a, _ = pump(a, press("e"), tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl})
	mustContain(t, a, "remove the My Organization configuration of Acme Mobile", `{"my_organization_configuration":null}`)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "not configured")
}
