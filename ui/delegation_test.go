package ui

import (
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// w on an organization: what its admins can do through each application
// with My Organization settings, the sentence first.
func TestDelegationScreen(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openOrg(a, "globex")
	a, _ = pump(a, press("w"))
	if a.TopTitle() != "What its admins can do" {
		t.Fatalf("w opened %q", a.TopTitle())
	}
	mustContain(t, a, "ACME CLOUD DASHBOARD", "globex's admins can do nothing through Acme Cloud Dashboard", "ACME ADMIN CONSOLE")
	golden(t, a)
	// The rest is below: G shows the end.
	a, _ = pump(a, press("G"))
	mustContain(t, a, "PARTNER PORTAL", "this grant is for the application itself")
	golden(t, a, "end")
}
