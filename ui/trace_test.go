package ui

import (
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// t on an organization: pick the application, leave the email empty, and
// the login path shows step by step; umbrella-corp's breaks at its prompt.
func TestTraceFromAnOrganization(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openOrg(a, "umbrella-corp")
	a, _ = pump(a, press("t"))
	if a.TopTitle() != "Trace a login" {
		t.Fatalf("t opened %q", a.TopTitle())
	}
	mustContain(t, a, "Application", "Acme Cloud Dashboard  (require)", "Email address")
	golden(t, a, "form")
	a, _ = pump(a, press("enter"), press("enter"))
	mustContain(t, a, "Broken at login prompt", "✗ LOGIN PROMPT", "umbrella-saml (no domain", "identifier-first: off",
		"fix: Show umbrella-saml as a button, or turn identifier-first on")
	golden(t, a, "trace")
	// x makes the fix: the link shown as a button, straight at its plan;
	// sent, the trace runs again and the path works.
	a, _ = pump(a, press("x"))
	mustSend(t, a, `"show_as_button":true`)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Trace a login" {
		t.Fatalf("after the fix: on %q", a.TopTitle())
	}
	mustContain(t, a, "Users sign in to Acme Cloud Dashboard in umbrella-corp through umbrella-saml.", "buttons: umbrella-saml")
	// e traces another: the form again, the values kept.
	a, _ = pump(a, press("e"))
	mustContain(t, a, "Email address")
}

// t on an application: type the organization and an address.
func TestTraceFromAnApplication(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openApp(a, "dashboard")
	a, _ = pump(a, press("t"))
	mustContain(t, a, "Organization", "its name or id")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "name the organization")
	// ctrl+e completes the name from the session's snapshot, once the
	// session has one (here the snapshot arrives while the form is open).
	mustContain(t, a, "its name or id")
	if strings.Contains(screenText(a), "ctrl+e") {
		t.Fatal("completion offered with no snapshot to complete from")
	}
	snap, err := a.client.Crawl(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a.session.setSnapshot(snap)
	a, _ = pump(a, snapshotChangedMsg{})
	a, _ = pump(a, typed("glo")...)
	mustContain(t, a, "ctrl+e completes a name")
	a, _ = pump(a, press("ctrl+e"))
	mustContain(t, a, "> globex")
	a, _ = pump(a, press("enter"))
	a, _ = pump(a, typed("alice@globex.test")...)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "alice@globex.test signs in to Acme Cloud Dashboard in globex through", "becomes a member", "✓ EMAIL")
	golden(t, a)
	// An organization the tenant lacks: the trace says so.
	a, _ = pump(a, press("e"))
	for range 6 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, typed("nope")...)
	a, _ = pump(a, press("enter"), press("enter"))
	mustContain(t, a, `the tenant has no organization "nope"`)
}

// The trace and its form at 120×40: the steps use the width, nothing cut.
func TestTraceAt120x40(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 40)
	a = openOrg(a, "umbrella-corp")
	a, _ = pump(a, press("t"))
	golden(t, a, "form")
	a, _ = pump(a, press("enter"), press("enter"))
	mustContain(t, a, "Broken at login prompt", "fix: Show umbrella-saml as a button, or turn identifier-first on")
	golden(t, a, "trace")
}

// x where the organization has no connection: the form to enable one,
// picking from every connection of the tenant (the trace itself read none).
func TestTraceFixEnablesAConnection(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("t"), press("enter"), press("enter"))
	mustContain(t, a, "soylent has no connection enabled")
	a, _ = pump(a, press("x"))
	if a.TopTitle() != "Enable a connection" {
		t.Fatalf("x opened %q", a.TopTitle())
	}
	mustContain(t, a, "Username-Password-Authentication", "globex-okta")
	if strings.Contains(screenText(a), "Every connection of the tenant is already enabled") {
		t.Fatalf("the form has nothing to pick:\n%s", screenText(a))
	}
}

// x where the connection is not enabled for the application: the
// connection's applications, the cursor on the one traced.
func TestTraceFixFocusesTheApplication(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a = openOrg(a, "gringotts")
	a, _ = pump(a, press("t"), press("enter"), press("enter"))
	mustContain(t, a, "Enable partners-db for Acme Cloud Dashboard")
	a, _ = pump(a, press("x"))
	s, ok := a.stack[len(a.stack)-1].screen.(*connAppsScreen)
	if !ok {
		t.Fatalf("x opened %q", a.TopTitle())
	}
	if r, ok := s.table.Selected(); !ok || r.Cells[1] != "Acme Cloud Dashboard" {
		t.Fatalf("the cursor is on %v", r.Cells)
	}
}
