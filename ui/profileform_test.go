package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
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
}
