package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/theme"
)

func TestProfileFromTemplateWithSimulator(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 130, 34)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("profiles")...), press("enter"), press("t"))...)
	mustContain(t, a, "Enterprise SSO for B2B customers", "Okta with SCIM provisioning")
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "New connection profile" {
		t.Fatalf("on %q", a.TopTitle())
	}
	// The simulator shows what a new okta... connection of globex gets.
	mustContain(t, a, "SIMULATOR", "org      globex", "name     con-org_", "button   yes · always on", "member   yes · always on")
	golden(t, a)
	a, _ = pump(a, tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	mustContain(t, a, "strategy okta")
	// The template's name exists: change it, then a prefix Auth0 refuses.
	for range 20 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("My-SSO"), press("enter"), press("enter"), press("enter"))...)
	for range 20 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("--bad"), press("enter"))...)
	mustContain(t, a, "String does not match pattern")
	for range 5 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("sso-{org_name}"), press("enter"), press("enter"), press("enter"))...)
	mustContain(t, a, "create the connection profile My-SSO", `"sso-{org_name}"`)
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	found := false
	for p, err := range c.ConnectionProfiles(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		found = found || (p.Name == "My-SSO" && *p.ConnectionNamePrefixTemplate == "sso-{org_name}")
	}
	if !found {
		t.Fatal("the profile was not created")
	}
	if !strings.Contains(a.status.flash, "create the connection profile My-SSO") {
		t.Fatalf("flash %q", a.status.flash)
	}
	// Back on the profiles, where the new one is, not on the templates.
	if a.TopTitle() != "Connection Profiles" {
		t.Fatalf("after creating from a template: on %q, want the profiles", a.TopTitle())
	}
	mustContain(t, a, "My-SSO")
}

// Auth0 refuses a second profile of the same name: the 409 lands on the
// name, the other values stay, and the fixed profile goes through.
func TestProfileFormServerRefusal(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 34)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("profiles")...), press("enter"), press("n"))...)
	a, _ = pump(a, append(typed("Enterprise-SSO"), press("enter"), press("enter"), press("enter"))...)
	a, _ = pump(a, append(typed("sso-{org_id}"), press("enter"), press("enter"), press("enter"))...)
	mustContain(t, a, "create the connection profile Enterprise-SSO", `"sso-{org_id}"`)
	a, _ = pump(a, press("enter"))
	f, ok := a.stack[len(a.stack)-1].screen.(*profileForm)
	if !ok || f.stage != stageForm {
		t.Fatalf("the refused profile left the form:\n%s", screenText(a))
	}
	if fl := f.form.GetFocusedField(); fl.GetKey() != "name" || fmt.Sprint(fl.Error()) != "Connection profile conflict" {
		t.Fatalf("refusal not on the name: %q %v\n%s", fl.GetKey(), fl.Error(), screenText(a))
	}
	mustContain(t, a, "Connection profile conflict", "name     sso-org_")
	if f.vals.Prefix != "sso-{org_id}" {
		t.Fatalf("the prefix typed was lost: %q", f.vals.Prefix)
	}
	a, _ = pump(a, append(typed("-2"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))...)
	mustContain(t, a, "create the connection profile Enterprise-SSO-2", `"sso-{org_id}"`)
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	names := map[string]string{}
	for p, err := range c.ConnectionProfiles(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if p.ConnectionNamePrefixTemplate != nil {
			names[p.Name] = *p.ConnectionNamePrefixTemplate
		}
	}
	if names["Enterprise-SSO-2"] != "sso-{org_id}" || names["Enterprise-SSO"] != "con-{org_id}-" {
		t.Fatalf("profiles after the fix: %v", names)
	}
}

// The simulator flags a prefix Auth0 would refuse as a connection's name:
// an organization's name may hold an underscore, a connection's may not.
func TestSimulatorFlagsARefusedName(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 130, 34)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("profiles")...), press("enter"), press("n"))...)
	f, ok := a.stack[len(a.stack)-1].screen.(*profileForm)
	if !ok {
		t.Fatalf("n opened %q", a.TopTitle())
	}
	f.orgs = []model.Organization{{ID: "org_1", Name: "acme_under"}}
	f.simOrg, f.vals.Prefix = 0, "{org_name}-"
	rc := renderCtx{Width: 130, Height: 34, Styles: theme.New(true, true)}
	if out := f.simulate(rc, 60); !strings.Contains(out, "acme_under-…") || !strings.Contains(out, "Auth0 refuses such a name") {
		t.Fatalf("the simulator does not flag the name:\n%s", out)
	}
	f.orgs[0].Name = "acme"
	if out := f.simulate(rc, 60); strings.Contains(out, "refuses") {
		t.Fatalf("a good name flagged:\n%s", out)
	}
}
