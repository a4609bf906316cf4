package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// helpKeys merges a screen's keys with the router's for the help line:
// only keys that work in the screen's state. A screen that takes text (a
// form, a filter being typed) gets every key, so the router's ?, :, r and
// q do nothing there and are not offered; esc and ctrl+c still work.
type helpKeys struct {
	screen    []key.Binding
	moves     []key.Binding // how the screen's list moves, for the full help
	global    keys.Map
	root      bool // no back at the root
	capturing bool
	refresh   bool // the screen reads again on r
}

// refresher is a screen that r reads again (the tenant, or the files or
// the log it lists): r is offered there only.
type refresher interface{ refreshes() bool }

// refreshes reports whether r does something on s.
func refreshes(s screen) bool {
	r, ok := s.(refresher)
	return ok && r.refreshes()
}

// ShortHelp leads with "? help", so that it shows however narrow the
// terminal: the full help lists everything else.
func (h helpKeys) ShortHelp() []key.Binding {
	if h.capturing {
		return append(append([]key.Binding(nil), h.screen...), h.unless(h.global.Back, keys.As(h.global.ForceQuit, "quit"))...)
	}
	out := append([]key.Binding{h.global.Help}, h.screen...)
	if !h.root {
		out = append(out, h.unless(h.global.Back)...)
	}
	return append(out, h.unless(h.global.Palette, h.global.Quit)...)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	if h.capturing { // the help opened before the screen took the keys
		return [][]key.Binding{h.screen, h.unless(h.global.Back, keys.As(h.global.ForceQuit, "quit"))}
	}
	global := []key.Binding{keys.If(h.refresh, h.global.Refresh), h.global.Palette, h.global.Help, h.global.Quit, h.global.ForceQuit}
	if !h.root {
		global = append([]key.Binding{h.global.Back}, global...)
	}
	return [][]key.Binding{h.screen, append(append([]key.Binding(nil), h.moves...), h.unless(global...)...)}
}

// unless keeps the router's bindings whose keys the screen does not take
// for itself in this state (a plan's esc, the audit's r): the screen's
// meaning is the one that happens, and the help says it once.
func (h helpKeys) unless(global ...key.Binding) []key.Binding {
	taken := map[string]bool{}
	for _, b := range h.screen {
		if !b.Enabled() {
			continue // huh lists bindings it has switched off in this state
		}
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	var out []key.Binding
	for _, g := range global {
		if !slices.ContainsFunc(g.Keys(), func(k string) bool { return taken[k] }) {
			out = append(out, g)
		}
	}
	return out
}

// mover is a screen with a list to move through: the full help lists its
// movements too.
type mover interface{ moves() []key.Binding }

// tableMoves says how a table moves, in one entry of the full help (its
// filter is among the screen's own keys): offered when it has rows to
// move through.
func tableMoves(t table.Model) []key.Binding {
	return []key.Binding{keys.If(t.Shown() > 1, keys.Default().Move)}
}
