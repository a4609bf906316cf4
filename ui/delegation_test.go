package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// w on an organization: what its admins can do through each application
// with My Organization settings, the sentence first.
func TestDelegationScreen(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openOrg(a, "globex")
	a, _ = pump(a, press("w"))
	if a.TopTitle() != "What globex's admins can do" {
		t.Fatalf("w opened %q", a.TopTitle())
	}
	mustContain(t, a, "ACME CLOUD DASHBOARD", "globex's admins can do nothing through Acme Cloud Dashboard", "ACME ADMIN CONSOLE")
	golden(t, a)
	// The rest is below: G shows the end.
	a, _ = pump(a, press("G"))
	mustContain(t, a, "PARTNER PORTAL", "this grant is for the application itself")
	golden(t, a, "end")
}

// The delegated-admin view at 120×40.
func TestDelegationScreenAt120x40(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 40)
	a = openOrg(a, "globex")
	a, _ = pump(a, press("w"))
	mustContain(t, a, "ACME CLOUD DASHBOARD", "globex's admins can edit globex-okta")
	golden(t, a)
}

// :delegation, the tenant-wide matrix: organizations × the applications
// with My Organization settings, a cell each; W keeps the organizations
// whose admins reach further than is usual for the application, enter
// opens the full view of one.
func TestDelegationMatrix(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		a, _ := sandboxApp(t, sandbox.Options{}, size[0], size[1])
		a, _ = pump(a, goTo("delegation", "", 0)...)
		if a.TopTitle() != "Delegation" {
			t.Fatalf("on %q", a.TopTitle())
		}
		mustContain(t, a, "ORGANIZATION", "of 40 organizations × ")
		golden(t, a, fmt.Sprintf("%dx%d", size[0], size[1]))
		a, _ = pump(a, press("W"), right)
		mustContain(t, a, "7 of 40 organizations wider than usual")
		golden(t, a, fmt.Sprintf("wider-%dx%d", size[0], size[1]))
	}
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, goTo("delegation", "", 0)...)
	mustContain(t, a, " none m! ", "*edit 1 m1!")
	// W: the seven organizations whose links give the console's admins
	// more than most (edit or see a connection, manage its members).
	a, _ = pump(a, press("W"))
	mustContain(t, a, "7 of 40 organizations wider than usual × 3 applications",
		"*see 1 m1!")
	if strings.Contains(screenText(a), "acme-labs") {
		t.Fatal("W kept an organization no wider than usual")
	}
	// The name filter narrows them further; the cursor's lines say why
	// the cell is wider and what its admins can do.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("stark")...), press("enter"), right)...)
	mustContain(t, a, "1 of 40 organizations wider than usual",
		`stark-industries × Acme Admin Console, wider than the usual "none m!": stark-industries's`, "admins can see but not change stark-oidc")
	// enter: the full view of that organization.
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "What stark-industries's admins can do" {
		t.Fatalf("enter opened %q", a.TopTitle())
	}
	mustContain(t, a, "stark-oidc (oidc): access readonly → see")
	// esc back: the filters stay; esc clears the typed one, then W.
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "1 of 40 organizations wider than usual")
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "7 of 40 organizations wider than usual")
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "40 of 40 organizations × 3")
	if a.TopTitle() != "Delegation" {
		t.Fatalf("esc with filters left the screen: %q", a.TopTitle())
	}
}
