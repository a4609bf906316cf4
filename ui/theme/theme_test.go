package theme

import (
	"strings"
	"testing"
)

// NO_COLOR keeps text plain: no colour escapes, only bold and reverse.
func TestNoColor(t *testing.T) {
	s := New(true, true)
	for name, out := range map[string]string{
		"error": s.Error.Render("x"), "ok": s.OK.Render("x"), "muted": s.Muted.Render("x"), "warn": s.Warn.Render("x"),
	} {
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("%s carries a colour under NO_COLOR: %q", name, out)
		}
	}
	if out := New(true, false).Error.Render("x"); !strings.Contains(out, "38;") {
		t.Errorf("errors are coloured otherwise: %q", out)
	}
}

// A light and a dark background get different colours.
func TestLightAndDark(t *testing.T) {
	if New(true, false).Title.Render("x") == New(false, false).Title.Render("x") {
		t.Error("the title looks the same on light and dark backgrounds")
	}
	if Background(true) == Background(false) {
		t.Error("dark and light backgrounds are the same colour")
	}
}
