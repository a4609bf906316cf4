package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
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
	a, _ = pump(a, press("s")) // by name
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
			s := newOrgsScreen(env{id: 1, session: newSession()}).(*orgsScreen)
			s.started = true
			for i := range n {
				s.orgs = append(s.orgs, model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i), DisplayName: "Org"})
			}
			s.table.setRows(s.rows())
			s.table.setArea(40)
			s.table.move(n / 2)
			rc := RenderCtx{Width: 120, Height: 42, Styles: NewStyles(true, false)}
			for b.Loop() {
				_ = s.View(rc)
			}
		})
	}
}

// A cursor move costs the same at 100,000 rows.
func BenchmarkOrganizationsCursor(b *testing.B) {
	s := newOrgsScreen(env{id: 1, session: newSession()}).(*orgsScreen)
	for i := range 100_000 {
		s.orgs = append(s.orgs, model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i)})
	}
	s.table.setRows(s.rows())
	s.table.setArea(40)
	down := press("down")
	for b.Loop() {
		s.Update(down)
	}
}
