package table

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/ui/theme"
)

func typeKeys(t *Model, s string) {
	for _, r := range s {
		t.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func sample() Model {
	m := New(Column{Title: "NAME", Width: 10, Flex: true}, Column{Title: "ID", Width: 6})
	m.SetArea(10)
	m.SetRows([]Row{NewRow("1", "acme", "org_1"), NewRow("2", "globex", "org_2"), NewRow("3", "Acme Labs", "org_3")})
	return m
}

// Typing a filter keeps the rows that hold every word, ignoring case, and
// esc gives every row back.
func TestFilter(t *testing.T) {
	m := sample()
	typeKeys(&m, "/acme")
	if got := m.VisibleKeys(); strings.Join(got, ",") != "1,3" {
		t.Fatalf("filter acme shows %v, want 1,3", got)
	}
	typeKeys(&m, " labs")
	if got := m.VisibleKeys(); strings.Join(got, ",") != "3" {
		t.Fatalf("filter 'acme labs' shows %v, want 3", got)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.Capturing() || m.Filter() != "acme labs" {
		t.Fatalf("enter keeps the filter: capturing %v, filter %q", m.Capturing(), m.Filter())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.Filter() != "" || len(m.VisibleKeys()) != 3 {
		t.Fatalf("esc clears the filter: %q, %v", m.Filter(), m.VisibleKeys())
	}
}

// New rows keep the cursor on the object it was on.
func TestSetRowsKeepsTheCursor(t *testing.T) {
	m := sample()
	m.Move(1)
	m.SetRows([]Row{NewRow("0", "new"), NewRow("1", "acme"), NewRow("2", "globex")})
	if r, ok := m.Selected(); !ok || r.Key != "2" {
		t.Fatalf("cursor on %q, want the row it was on (2)", r.Key)
	}
}

// The view is exactly as wide as asked, shows only the rows that fit, and
// says so when none matches.
func TestView(t *testing.T) {
	m := New(Column{Title: "NAME", Width: 10, Flex: true})
	rows := make([]Row, 100)
	for i := range rows {
		rows[i] = NewRow(string(rune('a'+i%26))+"x", "row")
	}
	m.SetRows(rows)
	m.SetArea(5)
	out := m.View(30, theme.New(true, true), "nothing")
	lines := strings.Split(out, "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines in an area of 5:\n%s", len(lines), out)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 30 {
			t.Fatalf("a line %d cells wide, want 30: %q", w, l)
		}
	}
	typeKeys(&m, "/zzz")
	if out := ansi.Strip(m.View(30, theme.New(true, true), "nothing")); !strings.Contains(out, "nothing") || !strings.Contains(out, "0 of 100") {
		t.Fatalf("no match should say so and count:\n%s", out)
	}
}

func TestFit(t *testing.T) {
	if got := Fit("organization", 6); got != "organ…" {
		t.Errorf("Fit cuts to %q", got)
	}
	if got := Fit("ab", 4); got != "ab  " {
		t.Errorf("Fit pads to %q", got)
	}
}

// ctrl+u clears what was typed into the filter, as in a shell.
func TestCtrlUClearsTheFilter(t *testing.T) {
	m := sample()
	typeKeys(&m, "/acme")
	m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	if m.Filter() != "" || len(m.VisibleKeys()) != 3 || !m.Capturing() {
		t.Fatalf("after ctrl+u: filter %q, %d rows shown, typing %v", m.Filter(), len(m.VisibleKeys()), m.Capturing())
	}
}

func TestEditLine(t *testing.T) {
	for _, c := range []struct {
		line string
		key  tea.KeyPressMsg
		want string
		ok   bool
	}{
		{"ac", tea.KeyPressMsg{Code: 'm', Text: "m"}, "acm", true},
		{"acmé", tea.KeyPressMsg{Code: tea.KeyBackspace}, "acm", true},
		{"", tea.KeyPressMsg{Code: tea.KeyBackspace}, "", false},
		{"acme", tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, "", true},
		{"acme", tea.KeyPressMsg{Code: tea.KeyEnter}, "acme", false},
		{"acme", tea.KeyPressMsg{Code: tea.KeyEscape}, "acme", false},
	} {
		if got, ok := EditLine(c.line, c.key); got != c.want || ok != c.ok {
			t.Errorf("EditLine(%q, %s) = %q, %v; want %q, %v", c.line, c.key, got, ok, c.want, c.ok)
		}
	}
}
