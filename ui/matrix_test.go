package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
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

// Issue #16: the delegation matrix at 100,000 orgs × 10 applications —
// opening it (every application's usual cell), W (the organizations wider
// than usual), and one cursor move with the render that follows.
func BenchmarkDelegationMatrix100kBy10Apps(b *testing.B) {
	snap := &model.Snapshot{Tenant: "bench", TakenAt: time.Now(), MyOrganizationAPI: "https://bench/my-org/",
		Links: map[string][]model.OrganizationConnection{}, MyOrganizationGrants: map[string]model.ClientGrant{}}
	for i := range 10 {
		id := fmt.Sprintf("app_%d", i)
		snap.Clients = append(snap.Clients, model.Client{ClientID: id, Name: fmt.Sprintf("App %d", i),
			MyOrganizationConfiguration: &model.MyOrganizationConfiguration{AllowedStrategies: []string{"okta"}}})
		snap.MyOrganizationGrants[id] = model.ClientGrant{ClientID: id, SubjectType: model.SubjectUser,
			Scope: model.MyOrganizationScopeSets()["SSO self-service"]}
	}
	for i := range 100_000 {
		o := model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("customer-%06d", i)}
		snap.Organizations = append(snap.Organizations, o)
		level := model.AccessReadonly
		if i%100 == 0 {
			level = model.AccessFull
		}
		for j := range 5 {
			snap.Links[o.ID] = append(snap.Links[o.ID], model.OrganizationConnection{ConnectionID: fmt.Sprintf("con_%d", (i+j)%50),
				IsEnabled: true, OrganizationAccessLevel: level, Connection: model.ConnectionRef{Name: fmt.Sprintf("conn-%d", (i+j)%50), Strategy: "okta"}})
		}
	}
	sess := newSession()
	sess.setSnapshot(snap)
	rc := renderCtx{Width: 200, Height: 50, Styles: theme.New(true, false)}
	b.Run("open-and-W", func(b *testing.B) {
		for b.Loop() {
			s := newDelegationMatrixScreen(env{id: 1, session: sess, keys: keys.Default()}).(*delegationMatrixScreen)
			s.Init()
			s.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
			s.Update(press("W"))
			if !strings.Contains(s.View(rc), "1000 of 100000 organizations wider than usual") {
				b.Fatal(s.View(rc))
			}
		}
	})
	b.Run("scroll", func(b *testing.B) {
		s := newDelegationMatrixScreen(env{id: 1, session: sess, keys: keys.Default()}).(*delegationMatrixScreen)
		s.Init()
		s.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
		moves := []tea.Msg{press("down"), right, press("down"), left}
		i := 0
		for b.Loop() {
			s.Update(moves[i%len(moves)])
			_ = s.View(rc)
			i++
		}
	})
}
