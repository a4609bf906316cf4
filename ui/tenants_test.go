package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// :tenant lists the config file's tenants and switches to one without a
// restart: new client, new session, the organizations of that tenant.
func TestSwitchTenant(t *testing.T) {
	demo, _ := sandboxClient(t, sandbox.Options{})
	other, _ := sandboxClient(t, sandbox.Options{Orgs: 3, Seed: 7})
	list := func() ([]TenantChoice, error) {
		return []TenantChoice{{Name: "demo", Domain: demo.Domain()}, {Name: "staging", Domain: other.Domain(), ReadOnly: true}}, nil
	}
	asked := ""
	a := New(t.Context(), demo, Options{Tenant: "demo", NoColor: true, RefreshEvery: -1, Tenants: list,
		Switch: func(name string) (Switched, error) {
			asked = name
			return Switched{Client: other, Options: Options{Tenant: name}}, nil
		}})
	a, _ = pump(a, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, run(a.Init())...)...)
	mustContain(t, a, "globex")
	a, _ = pump(a, tea.KeyPressMsg{Code: ':', Text: ":"})
	a, _ = pump(a, typed("tenant")...)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Tenants" {
		t.Fatalf("on %q", a.TopTitle())
	}
	mustContain(t, a, "* ", "demo", "staging", "read-only")
	golden(t, a)
	a, _ = pump(a, press("down"), press("enter"))
	if asked != "staging" || a.TopTitle() != "Organizations" || a.Depth() != 1 || a.client != other {
		t.Fatalf("after the switch: asked %q, on %q, depth %d", asked, a.TopTitle(), a.Depth())
	}
	mustContain(t, a, "staging", "3 organizations", "switched to staging")
	if text := screenText(a); strings.Contains(text, "globex") {
		t.Fatalf("the old tenant's organizations are still shown:\n%s", text)
	}
}
