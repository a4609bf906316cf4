package ui

import (
	"context"

	"fmt"

	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/theme"
)

// Organizations are read a page at a time as the cursor nears the end.
func TestOrganizationsLoadAsYouScroll(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{Orgs: 250}, 100, 30)
	mustContain(t, a, "100 organizations · more load as you scroll")
	a, _ = pump(a, press("G"))
	mustContain(t, a, "200 organizations")
	a, _ = pump(a, press("G"))
	mustContain(t, a, "250 organizations · all read")
	// L reads the rest at once, for a filter over the whole tenant.
	b, _ := sandboxApp(t, sandbox.Options{Orgs: 250}, 100, 30)
	b, _ = pump(b, press("L"))
	mustContain(t, b, "250 organizations · all read")
}

func TestTableFilterAndSort(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, append([]tea.Msg{press("/")}, typed("stark")...)...)
	mustContain(t, a, "stark-industries", "/stark█  1 of 40")
	a, _ = pump(a, press("esc"))
	if strings.Contains(screenText(a), "/stark") || !strings.Contains(screenText(a), "initech") {
		t.Fatal("esc did not clear the filter")
	}
	a, _ = pump(a, press("s"), press("g")) // by name, from the top
	lines := strings.Split(screenText(a), "\n")
	if !strings.HasPrefix(lines[2], "acme-labs") {
		t.Fatalf("first row sorted by name: %q", lines[2])
	}
}

// Rendering costs what is on screen, not what is loaded: 100,000 rows
// render as fast as 100.
func BenchmarkOrganizationsRender(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := newOrgListScreen(env{id: 1, session: newSession()}).(*orgListScreen)
			s.started = true
			for i := range n {
				s.items = append(s.items, model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i), DisplayName: "Org"})
			}
			s.showItems()
			s.table.SetArea(40)
			s.table.Move(n / 2)
			rc := renderCtx{Width: 120, Height: 42, Styles: theme.New(true, false)}
			for b.Loop() {
				_ = s.View(rc)
			}
		})
	}
}

// A cursor move costs the same at 100,000 rows.
func BenchmarkOrganizationsCursor(b *testing.B) {
	s := newOrgListScreen(env{id: 1, session: newSession()}).(*orgListScreen)
	for i := range 100_000 {
		s.items = append(s.items, model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i)})
	}
	s.showItems()
	s.table.SetArea(40)
	down := press("down")
	for b.Loop() {
		s.Update(down)
	}
}

// One filter keystroke, from the key to the rendered result, with 100,000
// organizations loaded (target: under 16 ms).
func BenchmarkOrganizationsFilterKeystroke(b *testing.B) {
	s := newOrgListScreen(env{id: 1, session: newSession()}).(*orgListScreen)
	s.started = true
	for i := range 100_000 {
		s.items = append(s.items, model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i), DisplayName: "Org"})
	}
	s.showItems()
	s.table.SetArea(40)
	rc := renderCtx{Width: 120, Height: 42, Styles: theme.New(true, false)}
	s.Update(press("/"))
	b.ResetTimer()
	for b.Loop() {
		// From the whole list: type "9" (the worst case: every row tested),
		// render, then erase it outside the timing.
		s.Update(press("9"))
		_ = s.View(rc)
		b.StopTimer()
		s.Update(press("backspace"))
		b.StartTimer()
	}
}

// From a new App (and a new client: the token is part of startup) to the
// first page of organizations on screen, on a 100,000-org sandbox (target:
// under 300 ms).
func BenchmarkStartupToFirstPage(b *testing.B) {
	srv, err := sandbox.NewServer(sandbox.Options{Orgs: 100_000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	id, secret := srv.AdminCredentials()
	for b.Loop() {
		c, err := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
		if err != nil {
			b.Fatal(err)
		}
		// No background refresh: the test driver would wait out its 5 s
		// tick, which the program does not wait for to draw the page.
		a := New(context.Background(), c, Options{Tenant: "sandbox", RefreshEvery: -1})
		a, _ = pump(a, append([]tea.Msg{tea.WindowSizeMsg{Width: 120, Height: 40}}, run(a.Init())...)...)
		if !strings.Contains(screenText(a), "100 organizations") {
			b.Fatal("no first page")
		}
	}
}
