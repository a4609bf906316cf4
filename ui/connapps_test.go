package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

func openConnection(a App, name string) App {
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("connections")...), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed(name)...), press("enter"), press("esc"), press("enter"))...)
	return a
}

func TestConnectionApplicationsAndDelete(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 32)
	a = openConnection(a, "github")
	if a.TopTitle() != "github" {
		t.Fatalf("on %q", a.TopTitle())
	}
	a, _ = pump(a, press("c"))
	mustContain(t, a, "[x] Acme Cloud Dashboard", "[ ] Acme Mobile")
	// Allow Acme Mobile, deny Acme Cloud Dashboard.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("mobile")...), press("enter"), press(" "), press("esc"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("dashboard")...), press("enter"), press(" "), press("esc"))...)
	mustContain(t, a, "1 to allow, 1 to deny")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "PATCH /api/v2/connections/", `"status": true`, `"status": false`)
	golden(t, a)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "github" || !strings.Contains(a.status.flash, "changed which applications may use github") {
		t.Fatalf("after sending: %q %q", a.TopTitle(), a.status.flash)
	}
	mustContain(t, a, "applications Acme Mobile")
	ids := connectionClients(t, srv, "github")
	if len(ids) != 1 {
		t.Fatalf("github is enabled for %v", ids)
	}

	// Delete, after Used by: the confirmation names the orgs that lose it.
	a, _ = pump(a, press("b"), press("d"))
	mustContain(t, a, "delete the connection github and all its users", "3 organizations lose it: acme-labs, aperture-science, pied-piper")
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Connections" || strings.Contains(screenText(a), "GitHub") || !strings.Contains(screenText(a), "13 connections") {
		t.Fatalf("after delete: %q\n%s", a.TopTitle(), screenText(a))
	}
}

func connectionClients(t *testing.T, srv *sandbox.Server, name string) []string {
	t.Helper()
	id := connIDByName(t, srv, name)
	c, _ := sandboxClientFor(srv)
	ids, err := c.ConnectionClients(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}
