package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
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
	// The member-management controls: a ceiling, no self-assignment rule.
	mustContain(t, a, "Enforce a permission ceiling?", "only permissions they hold themselves")
	a, _ = pump(a, left, press("enter"), press("enter"))
	mustContain(t, a, "set the My Organization configuration of Acme Mobile", `allow_if_empty`)
	mustSend(t, a, `"allowed_strategies":["okta","samlp"]`, `"enforce_permission_ceiling":true`)
	if strings.Contains(screenText(a), "enforce_self_assignment_restriction") {
		t.Fatal("a control never set and left off is sent: a tenant without the feature would refuse it")
	}
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Acme Mobile" || !strings.Contains(a.status.flash, "set the My Organization configuration") {
		t.Fatalf("after sending: %q %q", a.TopTitle(), a.status.flash)
	}
	mustContain(t, a, "allowed strategies okta, samlp", "org admins may delete a connection only once it has no users",
		"permission ceiling yes", "self-assignment allowed")
	// The list below shows it too, without a refresh.
	a, _ = pump(a, press("esc"))
	if row := lineWith(screenText(a), "Acme Mobile"); !strings.Contains(row, "okta, samlp") {
		t.Fatalf("the applications list still shows Acme Mobile as %q", row)
	}
	a, _ = pump(a, press("enter"))
	// Remove the whole configuration.
	a, _ = pump(a, press("e"), tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl})
	mustContain(t, a, "remove the My Organization configuration of Acme Mobile")
	mustSend(t, a, `{"my_organization_configuration":null}`)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "not configured")
}

// The profile chosen is deleted while the form is open: Auth0's 400 lands
// on the profile field, the strategies chosen stay, and choosing another
// profile goes through.
func TestMyOrganizationFormServerRefusal(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 140, 32)
	a = openApp(a, "mobile")
	a, _ = pump(a, press("e"), press("down"), press("enter"), press("enter"))
	a, _ = pump(a, press("down"), press("down"), press("down"), press("down"), press(" "), press("down"), press("down"), press(" "), press("enter"))
	a, _ = pump(a, press("enter"), press("enter"), press("enter"), press("enter"))
	f := a.stack[len(a.stack)-1].screen.(*myOrgForm)
	chosen := f.vals.Profile
	req, _ := http.NewRequest("DELETE", srv.URL()+"/api/v2/connection-profiles/"+chosen, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token("delete:connection_profiles"))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 204 {
		t.Fatalf("delete the profile behind the form's back: %v %v", res, err)
	}
	a, _ = pump(a, press("enter"))
	if fl := f.form.GetFocusedField(); f.stage != stageForm || fl.GetKey() != "connection_profile_id" || fmt.Sprint(fl.Error()) != "Connection profile not found" {
		t.Fatalf("refusal not on the profile field: stage %d, %q %v\n%s", f.stage, fl.GetKey(), fl.Error(), screenText(a))
	}
	mustContain(t, a, "Connection profile not found")
	if strings.Join(f.vals.Strategies, ",") != "okta,samlp" {
		t.Fatalf("the strategies chosen were lost: %v", f.vals.Strategies)
	}
	a, _ = pump(a, press("down"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "set the My Organization configuration of Acme Mobile")
	mustSend(t, a, `"allowed_strategies":["okta","samlp"]`)
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	var app model.Client
	apps, err := client.Collect(c.Clients(t.Context()))
	for _, x := range apps {
		if x.ClientID == f.app.ClientID {
			app = x
		}
	}
	if err != nil || app.MyOrganizationConfiguration == nil || app.MyOrganizationConfiguration.ConnectionProfileID == chosen ||
		app.MyOrganizationConfiguration.ConnectionProfileID == "" {
		t.Fatalf("after the fix: %+v %v", app.MyOrganizationConfiguration, err)
	}
}

// A user attribute profile id that cannot be one is refused as typed.
func TestMyOrganizationFormInvalidInput(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 140, 32)
	a = openApp(a, "mobile")
	a, _ = pump(a, press("e"), press("enter"))
	a, _ = pump(a, append(typed("bogus"), press("enter"))...)
	mustContain(t, a, "a user attribute profile id starts with uap_", "bogus")
	f := a.stack[len(a.stack)-1].screen.(*myOrgForm)
	if f.stage != stageForm || f.form.GetFocusedField().GetKey() != "user_attribute_profile_id" {
		t.Fatalf("the bad id went past its field: stage %d on %q", f.stage, f.form.GetFocusedField().GetKey())
	}
	for range 5 {
		a, _ = pump(a, press("backspace"))
	}
	a, _ = pump(a, append(typed("uap_1cB4Qk5YYUM6tQBtksk7mv"), press("enter"))...)
	a, _ = pump(a, press("down"), press(" "), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "set the My Organization configuration of Acme Mobile")
	mustSend(t, a, `"user_attribute_profile_id":"uap_1cB4Qk5YYUM6tQBtksk7mv"`)
}

// lineWith is the first line of text that holds part.
func lineWith(text, part string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}
