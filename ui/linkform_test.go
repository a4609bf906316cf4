package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

var (
	left  = tea.KeyPressMsg{Code: tea.KeyLeft}
	right = tea.KeyPressMsg{Code: tea.KeyRight}
)

// openOrg opens an organization by name from the list.
func openOrg(a App, name string) App {
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed(name)...), press("enter"), press("esc"), press("enter"))...)
	return a
}

func links(t *testing.T, srv *sandbox.Server, org string) string {
	t.Helper()
	id, secret := srv.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	o, err := c.Organization(t.Context(), org)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := client.Collect(c.OrganizationConnections(t.Context(), o.ID))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Connection.Name+map[bool]string{true: "+member", false: ""}[l.AssignMembershipOnLogin]+
			map[bool]string{true: "+signup", false: ""}[l.SignupEnabled()])
	}
	return strings.Join(names, ",")
}

// The scenario of issue #5: a database connection with signup but without
// membership is refused inline with the reason, nothing sent; fixed, sent,
// then undone.
func TestEnableDatabaseConnectionWithSignup(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"))
	if a.TopTitle() != "Enable a connection" {
		t.Fatalf("a opened %q", a.TopTitle())
	}
	golden(t, a)
	// Username-Password-Authentication is first; membership no, signup yes.
	a, _ = pump(a, press("enter"), press("enter"), left, press("enter"))
	mustContain(t, a, "Only database connections with assign_membership_on_login = true support", "turn membership on, or signup off")
	if got := links(t, srv, "soylent"); got != "" {
		t.Fatalf("a refused link was sent: %s", got)
	}
	// Fix: back to membership, yes; signup stays yes; the rest as they are.
	a, _ = pump(a, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, left, press("enter"), press("enter"),
		press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "enable Username-Password-Authentication on soylent", "signup link yes", "$AUTH0_API_TOKEN", srv.URL())
	mustSend(t, a, `"assign_membership_on_login":true`, `"is_signup_enabled":true`)
	golden(t, a, "plan")
	// y copies the whole curl, unwrapped, as one command.
	_, cmd, _ := a.stack[len(a.stack)-1].screen.Update(press("y"))
	copied := ""
	for _, m := range run(cmd) {
		if s := fmt.Sprint(m); strings.HasPrefix(s, "curl ") {
			copied = s
		}
	}
	if !strings.Contains(copied, "--data '{") || !strings.Contains(copied, `"is_signup_enabled":true`) || !strings.Contains(copied, srv.URL()) {
		t.Fatalf("copied curl: %q", copied)
	}
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "soylent" || !strings.Contains(a.status.flash, "enable Username-Password-Authentication") {
		t.Fatalf("after sending: %q, flash %q", a.TopTitle(), a.status.flash)
	}
	if got := links(t, srv, "soylent"); got != "Username-Password-Authentication+member+signup" {
		t.Fatalf("links after enable: %s", got)
	}
	mustContain(t, a, "Username-Password-Auth", "signup link yes")
	// Undo: the plan first, then the removal.
	a, _ = pump(a, press("u"))
	mustContain(t, a, "remove Username-Password-Authentication from soylent", "DELETE")
	a, _ = pump(a, press("enter"))
	if got := links(t, srv, "soylent"); got != "" {
		t.Fatalf("links after undo: %s", got)
	}
}

// A refusal from Auth0 itself (here a 409: the link was made elsewhere
// meanwhile) lands on its field with the values kept; after the fix the
// resubmission succeeds.
func TestServerRefusalLandsOnTheField(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"))
	// Meanwhile, someone enables the same connection.
	body := `{"connection_id":"` + connIDByName(t, srv, "Username-Password-Authentication") + `"}`
	req, _ := http.NewRequest("POST", srv.URL()+"/api/v2/organizations/"+orgIDByName(t, srv, "soylent")+"/connections", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Token("create:organization_connections"))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 201 {
		t.Fatalf("enable behind the form's back: %v %v", res, err)
	}
	a, _ = pump(a, press("enter"), right, press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	a, _ = pump(a, typed("DB")...)
	a, _ = pump(a, press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "The organization connection already exists")
	// The values typed are kept: choose another connection and resubmit.
	a, _ = pump(a, press("down"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "enable partners-db on soylent")
	mustSend(t, a, `"organization_connection_name":"DB"`)
	a, _ = pump(a, press("enter"))
	if got := links(t, srv, "soylent"); got != "Username-Password-Authentication,partners-db+member" {
		t.Fatalf("links: %s", got)
	}
}

func connIDByName(t *testing.T, srv *sandbox.Server, name string) string {
	t.Helper()
	id, secret := srv.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	conn, err := c.Connection(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return conn.ID
}

func orgIDByName(t *testing.T, srv *sandbox.Server, name string) string {
	t.Helper()
	id, secret := srv.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	o, err := c.Organization(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func TestToggleRemoveAndReadOnly(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 30)
	a = openOrg(a, "globex")
	a, _ = pump(a, press(" "))
	mustContain(t, a, "switched globex-okta off")
	a, _ = pump(a, press("d"))
	mustContain(t, a, "remove globex-okta from globex", "The connection itself, its users and its other organizations stay")
	a, _ = pump(a, press("enter"))
	if got := links(t, srv, "globex"); got != "Username-Password-Authentication+member+signup" {
		t.Fatalf("links after remove: %s", got)
	}

	id, secret := srv.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret, ReadOnly: true})
	ro := startApp(t, c, 100, 30)
	ro = openOrg(ro, "hooli")
	ro, _ = pump(ro, press("a"))
	if ro.TopTitle() != "hooli" || !strings.Contains(ro.status.flash, "read-only") {
		t.Fatalf("read-only: on %q, flash %q", ro.TopTitle(), ro.status.flash)
	}
	mustContain(t, ro, "read-only")
	// Read-only because of the tenant's name: the refusal says so.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	prod := New(ctx, c, Options{Tenant: "acme-prod", NoColor: true, RefreshEvery: -1,
		ReadOnlyWhy: `the tenant's name or domain contains "prod"`})
	prod, _ = pump(prod, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, run(prod.init())...)...)
	prod = openOrg(prod, "hooli")
	prod, _ = pump(prod, press("a"))
	if !strings.Contains(prod.status.flash, `by the tenant's name or domain contains "prod"`) {
		t.Fatalf("read-only by name: flash %q", prod.status.flash)
	}
}

// esc on a form with changes asks before discarding them.
func TestEscAsksBeforeDiscarding(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"), press("esc"))
	if a.TopTitle() != "soylent" {
		t.Fatal("esc on an untouched form did not go back")
	}
	a, _ = pump(a, press("a"), press("down"), press("esc"))
	mustContain(t, a, "Discard your changes?")
	a, _ = pump(a, press("n"))
	if a.TopTitle() != "Enable a connection" {
		t.Fatal("a key other than y discarded the form")
	}
	a, _ = pump(a, press("esc"), press("y"))
	if a.TopTitle() != "soylent" {
		t.Fatalf("y did not discard: on %q", a.TopTitle())
	}
}

// A token without the scope an action needs: the action is refused before
// any form, with the scope to grant.
func TestMissingScopeDisablesAnAction(t *testing.T) {
	_, srv := sandboxClient(t, sandbox.Options{})
	ro, err := client.New(client.Config{Domain: srv.Addr(), ClientID: sandbox.ReadOnlyClientID, ClientSecret: srv.ClientSecret(sandbox.ReadOnlyClientID)})
	if err != nil {
		t.Fatal(err)
	}
	a := startApp(t, ro, 100, 30)
	a = openOrg(a, "hooli")
	a, _ = pump(a, press("a"))
	if a.TopTitle() != "hooli" || !strings.Contains(a.status.flash, "enable connections on organizations needs create:organization_connections, which the token lacks") {
		t.Fatalf("on %q, flash %q", a.TopTitle(), a.status.flash)
	}
}

// A connection an organization admin created through My Organization
// carries its profile's name prefix: its edit form shows what the profile
// settles, and the plan warns when the change departs from it.
func TestEditShowsTheProfileThatConstrainsTheLink(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openOrg(a, "globex")
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("okta")...), press("enter"), press("e"))...)
	if a.TopTitle() != "Edit globex-okta" {
		t.Fatalf("e opened %q", a.TopTitle())
	}
	mustContain(t, a, "CREATED THROUGH MY ORGANIZATION under profile Okta-Partners (by Acme Admin Console)",
		"assign_membership_on_login: required — always on", "enabled_features: scim, universal_logout — from the profile's override for okta",
		"names start with globex-")
	golden(t, a)
	// Membership off, then accept the rest: the plan says it departs.
	a, _ = pump(a, right, press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "PATCH /api/v2/organizations/", "profile Okta-Partners sets assign_membership_on_login: required")
	mustSend(t, a, `"assign_membership_on_login":false`)

	// The same connection on another organization does not carry that
	// organization's prefix: nothing constrains it there.
	a, _ = pump(a, press("esc"), press("esc"), press("y"), press("esc"))
	a, _ = pump(a, press("esc"))
	a = openOrg(a, "oscorp")
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("okta")...), press("enter"), press("e"))...)
	if a.TopTitle() != "Edit globex-okta" {
		t.Fatalf("e on oscorp opened %q", a.TopTitle())
	}
	if strings.Contains(screenText(a), "CREATED THROUGH MY ORGANIZATION") {
		t.Fatalf("oscorp's link has no profile behind it:\n%s", screenText(a))
	}
}

// esc on a plan goes back to the form it came from, the values kept:
// enter through it again gives the same plan.
func TestEscOnAPlanEdits(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"), press("enter"), right, press("enter")) // membership on
	toPlan := func(a App) App {
		for i := 0; i < 10 && !strings.Contains(screenText(a), "enter sends it"); i++ {
			a, _ = pump(a, press("enter"))
		}
		return a
	}
	a = toPlan(a)
	mustContain(t, a, "enable Username-Password-Authentication on soylent")
	mustSend(t, a, `"assign_membership_on_login":true`)
	a, _ = pump(a, press("esc"))
	if a.TopTitle() != "Enable a connection" || strings.Contains(screenText(a), "enter sends it") {
		t.Fatalf("esc on the plan: on %q\n%s", a.TopTitle(), screenText(a))
	}
	a = toPlan(a)
	mustSend(t, a, `"assign_membership_on_login":true`)
	if got := links(t, srv, "soylent"); got != "" {
		t.Fatalf("something was sent: %s", got)
	}
}

// A link in a state Auth0 no longer takes — signup on an enterprise
// connection, as virtucon's stark-oidc link has — opens in a form that
// says what it changes and reaches its plan, which turns signup off
// (enter used to bring the user back to "Show as a button?" forever, the
// refusal set on a field the form does not show). Sent, the tenant holds
// the fix.
func TestEditALegacyLinkReachesItsPlan(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openOrg(a, "virtucon")
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("stark")...), press("enter"), press("e"))...)
	if a.TopTitle() != "Edit stark-oidc" {
		t.Fatalf("e on virtucon opened %q", a.TopTitle())
	}
	mustContain(t, a, "Signup is on, which Auth0 no longer allows for stark-oidc (oidc): this change", "turns it off.")
	golden(t, a)
	for i := 0; i < 10 && !strings.Contains(screenText(a), "enter sends it"); i++ {
		a, _ = pump(a, press("enter"))
	}
	mustContain(t, a, "enter sends it")
	mustSend(t, a, `"is_signup_enabled":false`)
	golden(t, a, "plan")
	// Longer than the screen, the plan scrolls: G shows its end, with the
	// login prompt afterwards; g its start again.
	mustContain(t, a, "↑↓ 1–")
	a, _ = pump(a, press("G"))
	mustContain(t, a, "LOGIN PROMPT AFTERWARDS", "enter sends it")
	a, _ = pump(a, press("g"))
	mustContain(t, a, "update stark-oidc on virtucon")
	a, _ = pump(a, press("enter"))
	if got := links(t, srv, "virtucon"); got != "stark-oidc+member" {
		t.Fatalf("virtucon's links after the fix: %s, want stark-oidc+member (signup off)", got)
	}
}

// A refusal about a field the form does not show goes above the form, not
// on the hidden field, where no one would see it.
func TestRefusalOfAHiddenFieldShowsAboveTheForm(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"))
	f := a.stack[len(a.stack)-1].screen.(*linkForm)
	for i, c := range f.candidates {
		if c.Class() != model.ClassDatabase {
			f.vals.ConnID = f.candidates[i].ID // an enterprise connection: signup is not shown
			break
		}
	}
	f.refuse(&model.Violation{Property: "is_signup_enabled", Message: model.SignupRuleMessage})
	if f.banner == "" || f.serverErr["is_signup_enabled"] != (fieldErr{}) {
		t.Fatalf("banner %q, field error %+v: a hidden field's refusal must go above the form", f.banner, f.serverErr)
	}
}

// Every change form opened on an object and left at once goes back without
// asking to discard changes no one made (the connection form asked: huh
// had settled a hidden select's value as it built the form).
func TestEscOnEveryUntouchedForm(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 32)
	for _, c := range []struct {
		name   string
		inputs []tea.Msg
	}{
		{"organization", append(goTo("", "globex", 0), press("e"))},
		{"new organization", []tea.Msg{press("n")}},
		{"connection", append(goTo("connections", "globex-okta", 1), press("e"))},
		{"new connection", append(goTo("connections", "", 0), press("n"))},
		{"link", []tea.Msg{press("/"), press("g"), press("l"), press("o"), press("b"), press("e"), press("x"), press("enter"), press("esc"), press("enter"), press("e")}},
		{"profile", append(goTo("profiles", "", 0), press("e"))},
		{"My Organization", append(goTo("clients", "Acme Admin", 1), press("e"))},
	} {
		b, _ := pump(a, c.inputs...)
		form := b.TopTitle()
		if b.Depth() < 2 || !b.stack[len(b.stack)-1].screen.Capturing() {
			t.Fatalf("%s: no form opened (on %q)", c.name, form)
		}
		b, _ = pump(b, press("esc"))
		if strings.Contains(screenText(b), "Discard your changes?") || b.TopTitle() == form {
			t.Errorf("%s: esc on the untouched form %q asked to discard, or stayed:\n%s", c.name, form, screenText(b))
		}
	}
}

// Every choice of the link form is drawn at 80×24: "Show as a button?"
// showed its title and description but no Yes or No (huh sized the group
// before its description wrapped), so the choice was made blind.
func TestLinkFormDrawsEveryChoice(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = openOrg(a, "soylent")
	a, _ = pump(a, press("a"))
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("globex-okta")...), press("enter"), press("enter"))...)
	text := screenText(a)
	i := strings.Index(text, "Show as a button?")
	if i < 0 {
		t.Fatalf("not on the button choice:\n%s", text)
	}
	if rest := text[i:]; !strings.Contains(rest, "Yes") || !strings.Contains(rest, "No") {
		t.Fatalf("the button choice has no Yes and No on screen:\n%s", text)
	}
	golden(t, a)
}

// Plans mask every secret by model's one rule, at any depth: the names
// Auth0's strategies give them, and values that are keys or tokens.
func TestPlansMaskEverySecret(t *testing.T) {
	body := []byte(`{"options":{"app_secret":"s1","twilio_token":"s2","signing_key":{"key":"s3","cert":"s4"},` +
		`"configuration":{"DB_PASSWORD":"s5"},"custom":"-----BEGIN PRIVATE KEY-----\nabc","domain":"acme.example"}}`)
	out := string(maskSecrets(body))
	for _, s := range []string{"s1", "s2", "s3", "s4", "s5", "BEGIN PRIVATE KEY"} {
		if strings.Contains(out, s) {
			t.Errorf("%s shows in the masked plan: %s", s, out)
		}
	}
	if !strings.Contains(out, "acme.example") {
		t.Errorf("a value that is no secret was masked: %s", out)
	}
	plain := []byte(`{"show_as_button":true,"connection_id":"con_1"}`)
	if string(maskSecrets(plain)) != string(plain) {
		t.Error("a body with no secret is not shown as sent")
	}
}

// A level the tenant holds and orgscope does not know (newer, or set by
// another tool) is kept by an edit that leaves it alone: the form offers
// it as it is, and only what changes is sent.
func TestEditKeepsAnUnknownLevel(t *testing.T) {
	_, demo := sandboxApp(t, sandbox.Options{}, 100, 32)
	c, _ := sandboxClientFor(demo)
	snap, err := c.Crawl(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var initech string
	for _, o := range snap.Organizations {
		if o.Name == "initech" {
			initech = o.ID
		}
	}
	snap.Links[initech][0].OrganizationMemberAccessLevel = "superuser" // a level Auth0 may add one day
	a, srv := sandboxApp(t, sandbox.Options{FromSnapshot: snap}, 100, 32)
	a = openOrg(a, "initech")
	a, _ = pump(a, press("e"))
	for range 7 {
		a, _ = pump(a, press("enter"))
	}
	mustContain(t, a, "already has these settings: nothing to change")
	// Switching the link off sends is_enabled alone; the level stays.
	a, _ = pump(a, press("esc"))
	if a.TopTitle() != "initech" {
		t.Fatalf("esc on a form where nothing changed: on %q\n%s", a.TopTitle(), screenText(a))
	}
	a, _ = pump(a, press("e"), press("enter"), press("enter"), press("right"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustSend(t, a, `"is_enabled":false`)
	if strings.Contains(screenText(a), "organization_member_access_level") {
		t.Fatalf("the unknown level is sent:\n%s", screenText(a))
	}
	a, _ = pump(a, press("enter"))
	c2, _ := sandboxClientFor(srv)
	links, _ := client.Collect(c2.OrganizationConnections(t.Context(), initech))
	if len(links) != 1 || links[0].OrganizationMemberAccessLevel != "superuser" || links[0].IsEnabled {
		t.Fatalf("after the edit: %+v", links)
	}
}
