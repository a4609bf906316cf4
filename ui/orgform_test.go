package ui

import (
	"strings"

	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

func TestCreateEditDeleteOrganization(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a, _ = pump(a, press("n"))
	if a.TopTitle() != "New organization" {
		t.Fatalf("n opened %q", a.TopTitle())
	}
	golden(t, a)
	// An invalid name is refused as typed, nothing sent.
	a, _ = pump(a, append(typed("Acme Corp"), press("enter"))...)
	mustContain(t, a, "Object didn't pass validation for format organization-name: Acme Corp")
	// A name that exists passes the rules but Auth0 refuses it: the 409
	// lands on the name, the other values kept.
	for range 9 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("globex"), press("enter"))...)
	a, _ = pump(a, append(typed("Globex Two"), press("enter"))...)
	a, _ = pump(a, press("enter"), press("enter"), press("enter")) // logo, colours
	a, _ = pump(a, append(typed("tier=gold"), press("enter"))...)
	mustContain(t, a, "create the organization globex", "POST /api/v2/organizations")
	a, _ = pump(a, press("enter")) // send: Auth0 answers 409
	mustContain(t, a, "An organization with this name already exists", "Name")
	for range 6 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("globex-two"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))...)
	mustContain(t, a, "create the organization globex-two")
	mustSend(t, a, `"display_name":"Globex Two"`, `"metadata":{"tier":"gold"}`)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Organizations" || !strings.Contains(a.status.flash, "create the organization globex-two") {
		t.Fatalf("after create: %q, %q", a.TopTitle(), a.status.flash)
	}
	org := orgIDByName(t, srv, "globex-two")
	// The new organization is under the cursor.
	if s := a.stack[0].screen.(*orgListScreen); s != nil {
		if o, ok := s.selected(); !ok || o.Name != "globex-two" {
			t.Fatalf("after create the cursor is on %q, want the new organization", o.Name)
		}
	}

	// Delete it, after the confirmation.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("globex-two")...), press("enter"), press("d"))...)
	mustContain(t, a, "delete the organization globex-two", "The users themselves and the connections stay", "DELETE /api/v2/organizations/"+org)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Organizations" {
		t.Fatalf("after delete: %q", a.TopTitle())
	}
	if _, err := pumpOrgLookup(t, srv, "globex-two"); err == nil {
		t.Fatal("globex-two still exists after the delete")
	}
}

func pumpOrgLookup(t *testing.T, srv *sandbox.Server, name string) (string, error) {
	t.Helper()
	id, secret := srv.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	o, err := c.Organization(t.Context(), name)
	return o.ID, err
}

// Editing sends only what changed; removing every metadata line sends {}.
func TestEditOrganization(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 32)
	a, _ = pump(a, press("e")) // globex
	if a.TopTitle() != "Edit globex" {
		t.Fatalf("e opened %q", a.TopTitle())
	}
	mustContain(t, a, "globex", "Globex Corporation")
	a, _ = pump(a, press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	// The metadata text: clear both lines, then leave and submit.
	for range 40 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "update the organization globex")
	mustSend(t, a, `{"metadata":{}}`)
	a, _ = pump(a, press("enter"))
	if !strings.Contains(a.status.flash, "update the organization globex") {
		t.Fatalf("flash %q", a.status.flash)
	}
}

// u on a list undoes its last change, after showing the plan.
func TestUndoOnTheOrganizationsList(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a, _ = pump(a, press("n"))
	a, _ = pump(a, append(typed("temp-org"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))...)
	if a.TopTitle() != "Organizations" {
		t.Fatalf("after create: %q", a.TopTitle())
	}
	a, _ = pump(a, press("u"))
	mustContain(t, a, "delete the organization temp-org")
	a, _ = pump(a, press("enter"))
	if _, err := pumpOrgLookup(t, srv, "temp-org"); err == nil {
		t.Fatal("the undo did not delete the organization")
	}
	a, _ = pump(a, press("u"))
	mustContain(t, a, "a deleted organization cannot be brought back")
}

// A colour field keeps its hint until what is typed is a colour; then it
// shows the colour.
func TestColourFieldKeepsItsHint(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 32)
	a, _ = pump(a, press("n"))
	a, _ = pump(a, append(typed("acme-red"), press("enter"))...)
	a, _ = pump(a, press("enter"), press("enter")) // display name, logo
	a, _ = pump(a, typed("red")...)
	mustContain(t, a, "an HTML colour such as #1f6feb")
	for range 3 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, typed("#ff0000")...)
	if lineWith(screenText(a), "#ff0000") == "" || strings.Count(screenText(a), "an HTML colour such as") > 1 {
		t.Fatalf("a colour typed:\n%s", screenText(a))
	}
}
