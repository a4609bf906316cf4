package ui

import (
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
	mustContain(t, a, "POST /api/v2/client-grants", "read:my_org:identity_providers")
	a, _ = pump(a, press("enter"))
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
