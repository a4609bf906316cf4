package ui

import (
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

func TestMyOrganizationAPIAccess(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 150, 40)
	a = openApp(a, "dashboard")
	a, _ = pump(a, press("g"))
	mustContain(t, a, "no access yet", "/my-org/", "LEAST PRIVILEGE", "SSO self-service:")
	golden(t, a)
	// The first least-privilege set, then send.
	a, _ = pump(a, tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}, press("enter"))
	mustContain(t, a, "POST /api/v2/client-grants", "read:my_org:identity_providers", `"subject_type": "user"`)
	a, _ = pump(a, press("enter"))
	// The application's screen says what its users get now.
	mustContain(t, a, "users of this app can call the My Organization API with 7 scopes: user-flow grant present, policy require_client_grant")
	c, _ := sandboxClientFor(srv)
	api, _ := c.MyOrganizationAPI(t.Context())
	var appID string
	for cl := range c.Clients(t.Context()) {
		if cl.Name == "Acme Cloud Dashboard" {
			appID = cl.ClientID
		}
	}
	g, ok, err := c.ClientGrant(t.Context(), appID, api.Identifier)
	want := model.MyOrganizationScopeSets()[presetNames()[0]]
	if !ok || err != nil || len(g.Scope) != len(want) {
		t.Fatalf("grant after sending: %+v %v %v (want %v)", g, ok, err, want)
	}
}

// Another change gives the application access while the form is open:
// Auth0 refuses a second grant with 409; the form reads that grant, keeps
// the scopes picked, and sending again sets the grant to them.
func TestGrantFormServerRefusal(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 150, 40)
	a = openApp(a, "dashboard")
	a, _ = pump(a, press("g"), tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}, press("enter"))
	mustContain(t, a, "POST /api/v2/client-grants")
	f := a.stack[len(a.stack)-1].screen.(*grantForm)
	picked := strings.Join(f.scopes, " ")
	body := `{"client_id":"` + f.app.ClientID + `","audience":"` + f.api.Identifier + `","scope":["read:my_org:details"],"subject_type":"user"}`
	req, _ := http.NewRequest("POST", srv.URL()+"/api/v2/client-grants", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Token("create:client_grants"))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 201 {
		t.Fatalf("grant behind the form's back: %v %v", res, err)
	}
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "Another change gave Acme Cloud Dashboard access meanwhile", "has access with 1 scope ")
	if f.stage != stageForm || strings.Join(f.scopes, " ") != picked {
		t.Fatalf("the scopes picked were lost: stage %d, %q, want %q", f.stage, strings.Join(f.scopes, " "), picked)
	}
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "PATCH /api/v2/client-grants/")
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	g, ok, err := c.ClientGrant(t.Context(), f.app.ClientID, f.api.Identifier)
	if !ok || err != nil || strings.Join(g.Scope, " ") != picked {
		t.Fatalf("grant after the resend: %+v %v %v, want %q", g, ok, err, picked)
	}
}

// A grant for the application itself (made by tools before subject types)
// does nothing for its users: the screen says so, and the access form
// converts it into a user-flow grant with the same scopes.
func TestClientSubjectGrantIsConvertedFromTheScreen(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 120, 40)
	a = openApp(a, "partner portal")
	mustContain(t, a, "is for the application itself (subject_type client), which has no effect for users", "flows are deny_all (g sets it)")
	a, _ = pump(a, press("g"))
	mustContain(t, a, "subject_type client), which does nothing for", "its users: sending creates a user-flow grant")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "POST /api/v2/client-grants", `"subject_type": "user"`, "beside cgr_LegacyPortal0001")
	a, _ = pump(a, press("enter"))
	// The conversion ends with the removal of the old grant, as its own plan.
	mustContain(t, a, "DELETE /api/v2/client-grants/cgr_LegacyPortal0001", "for the application itself")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "users of this app can call the My Organization API with 2 scopes")
	c, _ := sandboxClientFor(srv)
	api, _ := c.MyOrganizationAPI(t.Context())
	f := a.stack[len(a.stack)-1].screen.(*clientDetailScreen)
	if gs, err := c.ClientGrants(t.Context(), f.app.ClientID, api.Identifier); err != nil || len(gs) != 1 || !gs[0].ForUsers() || len(gs[0].Scope) != 2 {
		t.Fatalf("after the conversion: %+v %v", gs, err)
	}
}

// A grant for the application itself left beside a user-flow grant (esc
// on its removal, or another tool) is said on the screen, and the access
// form removes it on enter with the scopes unchanged.
func TestLeftoverClientSubjectGrantIsRemoved(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 120, 40)
	a = openApp(a, "partner portal")
	a, _ = pump(a, press("g"), press("enter"), press("enter"))
	mustContain(t, a, "DELETE /api/v2/client-grants/cgr_LegacyPortal0001")
	// esc on the removal: the form as it now is, the user-flow grant in
	// place, enter offering the removal again (not a second user grant).
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "has access with 2 scopes (user-flow grant", "enter with the")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "DELETE /api/v2/client-grants/cgr_LegacyPortal0001")
	a, _ = pump(a, press("esc"), press("esc"))
	a, _ = pump(a, press("esc"), press("enter")) // the list, and the app again: read afresh
	mustContain(t, a, "(cgr_LegacyPortal0001) gives users nothing (g removes it)")
	a, _ = pump(a, press("g"))
	mustContain(t, a, "gives its users nothing: enter with the", "scopes unchanged removes it")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "DELETE /api/v2/client-grants/cgr_LegacyPortal0001")
	a, _ = pump(a, press("enter"))
	c, _ := sandboxClientFor(srv)
	api, _ := c.MyOrganizationAPI(t.Context())
	f := a.stack[len(a.stack)-1].screen.(*clientDetailScreen)
	if gs, _ := c.ClientGrants(t.Context(), f.app.ClientID, api.Identifier); len(gs) != 1 || !gs[0].ForUsers() {
		t.Fatalf("grants left: %+v", gs)
	}
}
