package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestCreateAndEditConnection(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 140, 34)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("connections")...), press("enter"), press("n"))...)
	if a.TopTitle() != "New connection" {
		t.Fatalf("n opened %q", a.TopTitle())
	}
	golden(t, a)
	// A name Auth0 would refuse is refused as typed.
	a, _ = pump(a, append(typed("acme_okta"), press("enter"))...)
	mustContain(t, a, "String does not match pattern")
	for range 5 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("-okta"), press("enter"))...)
	a, _ = pump(a, append(typed("Acme Okta"), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("okta")...), press("enter"), press("enter"))...)
	// Okta needs its domain.
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "required for this strategy")
	// A domain Auth0 would refuse is refused on its field, kept as typed.
	a, _ = pump(a, append(typed("not a domain!"), press("enter"))...)
	mustContain(t, a, "didn't pass validation for format hostname", "not a domain!")
	for range len("not a domain!") {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("acme.okta.com"), press("enter"))...)
	// Auth0's schema requires Okta's client id.
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "required: the identity provider's client id")
	a, _ = pump(a, append(typed("0oa1"), press("enter"))...)
	a, _ = pump(a, append(typed("s3cret"), press("enter"))...)
	for range 25 {
		if strings.Contains(screenText(a), "POST /api/v2/connections") {
			break
		}
		a, _ = pump(a, press("enter"))
	}
	mustContain(t, a, "create the okta connection acme-okta")
	mustSend(t, a, `"domain":"acme.okta.com"`, `"client_secret":"s3cret"`)
	mustContain(t, a, `"client_secret": "••••"`) // masked on the screen, sent as typed
	if strings.Contains(screenText(a), "s3cret") {
		t.Fatal("the secret shows on the plan")
	}
	if strings.Contains(screenText(a), "s3cret") {
		t.Fatal("the client secret is shown in the plan")
	}
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Connections" || !strings.Contains(screenText(a), "acme-okta") {
		t.Fatalf("after create: %q\n%s", a.TopTitle(), screenText(a))
	}
	c, _ := sandboxClientFor(srv)
	conn, err := c.Connection(t.Context(), "acme-okta")
	if err != nil || conn.Options["client_secret"] != "s3cret" || conn.Options["client_id"] != "0oa1" {
		t.Fatalf("created %+v %v", conn, err)
	}

	// Edit: change the domain; the whole options object is sent.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("acme-okta")...), press("enter"), press("esc"), press("enter"), press("e"))...)
	if a.TopTitle() != "Edit acme-okta" {
		t.Fatalf("e opened %q", a.TopTitle())
	}
	a, _ = pump(a, press("enter")) // the display name (the note takes no focus)
	for range 13 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("login.acme.example"), press("enter"))...)
	for range 10 {
		if strings.Contains(screenText(a), "PATCH /api/v2/connections/") {
			break
		}
		a, _ = pump(a, press("enter"))
	}
	mustContain(t, a, "update the connection acme-okta", "Auth0 replaces options as a whole")
	mustSend(t, a, `"domain":"login.acme.example"`, `"client_id":"0oa1"`)
	a, _ = pump(a, press("enter"))
	conn, _ = c.Connection(t.Context(), "acme-okta")
	if conn.Options["domain"] != "login.acme.example" || conn.Options["client_secret"] != "s3cret" {
		t.Fatalf("after edit: %v", conn.Options)
	}
}

// Auth0's refusal (a name already taken) comes back above the form, the
// values kept; after the fix the resubmission succeeds.
func TestConnectionFormServerRefusal(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 140, 34)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("connections")...), press("enter"), press("n"))...)
	a, _ = pump(a, append(typed("github"), press("enter"))...)
	a, _ = pump(a, append(typed("Second GitHub"), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("github")...), press("enter"), press("enter"))...)
	a = enterUntilReview(t, a)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "A connection with the same name already exists", "github", "Second GitHub")
	// The refusal is the name field's error, and the form is back on it.
	if f := a.stack[len(a.stack)-1].screen.(*connForm); f.form.GetFocusedField().GetKey() != "name" || f.banner != "" ||
		fmt.Sprint(f.form.GetFocusedField().Error()) != "A connection with the same name already exists" {
		t.Fatalf("refusal not on the name field: focused %q, banner %q, error %v", f.form.GetFocusedField().GetKey(), f.banner, f.form.GetFocusedField().Error())
	}
	// Fix the name (the first field, focused again) and send again.
	a, _ = pump(a, append(typed("-2"), press("enter"))...)
	a = enterUntilReview(t, a)
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	if conn, err := c.Connection(t.Context(), "github-2"); err != nil || conn.DisplayName != "Second GitHub" {
		t.Fatalf("after the fix: %+v %v", conn, err)
	}
}

// enterUntilReview accepts each field of the connection form until
// the plan is up for review.
func enterUntilReview(t *testing.T, a App) App {
	t.Helper()
	for range 25 {
		if f, ok := a.stack[len(a.stack)-1].screen.(*connForm); ok && f.stage == stageReview {
			mustContain(t, a, "POST /api/v2/connections")
			return a
		}
		a, _ = pump(a, press("enter"))
	}
	t.Fatalf("the plan never came up:\n%s", screenText(a))
	return a
}
