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

func TestMatrixScreen(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 100, 24)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("matrix")...), press("enter"))...)
	if a.TopTitle() != "Matrix" {
		t.Fatalf("on %q", a.TopTitle())
	}
	mustContain(t, a, "ORGANIZATION", "40 of 40 organizations × 14 connections", "● on ○ off")
	golden(t, a)
	// Filter to soylent, which has nothing enabled, and enable the first
	// connection (the database one) from its cell.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("soylent")...), press("enter"))...)
	mustContain(t, a, "1 of 40 organizations", "soylent × Username-Password-Authentication (auth0): not enabled; enter enables it")
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Enable a connection" {
		t.Fatalf("enter opened %q", a.TopTitle())
	}
	a, _ = pump(a, press("enter"), left, press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"), press("enter"))
	mustContain(t, a, "enable Username-Password-Authentication on soylent")
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Matrix" {
		t.Fatalf("after sending: on %q", a.TopTitle())
	}
	// The cell now shows the link, read again from the tenant.
	mustContain(t, a, "soylent × Username-Password-Authentication (auth0): enter edits · on yes · member yes", "signup no")
	if got := links(t, srv, "soylent"); got != "Username-Password-Authentication+member" {
		t.Fatalf("links: %s", got)
	}
	// c keeps the connections of one class: database first.
	a, _ = pump(a, press("c"))
	mustContain(t, a, "1 of 40 organizations × 2 connections (database; c: another class)")
	a, _ = pump(a, press("c"), press("c"))
	mustContain(t, a, "× 8 connections (enterprise; c: another class)")
	a, _ = pump(a, press("c"), press("c"), press("c"))
	mustContain(t, a, "× 14 connections (c: one class)")
	// Moving right shows the next connection under the cursor.
	a, _ = pump(a, right)
	if strings.Contains(screenText(a), "× Username-Password-Authentication") {
		t.Fatal("the cursor did not move")
	}
}

func TestGlyphs(t *testing.T) {
	yes := true
	for want, l := range map[string]*model.OrganizationConnection{
		" · ": nil,
		"●  ": {IsEnabled: true, ShowAsButton: true, Connection: model.ConnectionRef{Strategy: "google-oauth2"}},
		"○m ": {AssignMembershipOnLogin: true, ShowAsButton: true, Connection: model.ConnectionRef{Strategy: "auth0"}},
		"●s ": {IsEnabled: true, AssignMembershipOnLogin: true, IsSignupEnabled: &yes, ShowAsButton: true, Connection: model.ConnectionRef{Strategy: "auth0"}},
		"●mh": {IsEnabled: true, AssignMembershipOnLogin: true, Connection: model.ConnectionRef{Strategy: "samlp"}},
		"● h": {IsEnabled: true, Connection: model.ConnectionRef{Strategy: "okta"}},
	} {
		if got := glyphs(l); got != want {
			t.Errorf("glyphs(%+v) = %q, want %q", l, got, want)
		}
	}
	// show_as_button off on a social connection changes nothing: no h.
	if got := glyphs(&model.OrganizationConnection{IsEnabled: true, Connection: model.ConnectionRef{Strategy: "github"}}); got != "●  " {
		t.Errorf("social: %q", got)
	}
}

// Issue #6: the matrix scrolls smoothly at 100,000 orgs × 50 connections:
// one cursor move and the render that follows.
func BenchmarkMatrixScroll100k(b *testing.B) {
	s := newMatrixScreen(env{id: 1, session: newSession()}).(*matrixScreen)
	var conns []model.Connection
	for i := range 50 {
		conns = append(conns, model.Connection{ID: fmt.Sprintf("con_%d", i), Name: fmt.Sprintf("conn-%02d", i), Strategy: "okta"})
	}
	orgs := make([]orgLinks, 100_000)
	for i := range orgs {
		o := model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("customer-%06d", i)}
		var links []model.OrganizationConnection
		for j := range 5 {
			c := conns[(i+j*7)%50]
			links = append(links, model.OrganizationConnection{ConnectionID: c.ID, IsEnabled: true, ShowAsButton: true, Connection: model.ConnectionRef{Name: c.Name, Strategy: c.Strategy}})
		}
		orgs[i] = orgLinks{org: o, links: links}
	}
	s.setData(orgs, conns)
	s.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	rc := renderCtx{Width: 200, Height: 50, Styles: theme.New(true, false)}
	moves := []tea.Msg{press("down"), right, press("down"), left}
	i := 0
	for b.Loop() {
		s.Update(moves[i%len(moves)])
		_ = s.View(rc)
		i++
	}
}
