// Package keys declares every key binding of orgscope's screens once.
// Screens pick theirs from a Map; where an action reads better in a
// screen's own words ("enter: open connection"), the screen takes the
// declared binding with another description (As), never a key of its own.
// A screen's Keys (the help bar and ?) list the bindings it picked, and the
// README's key table is written from the same key structs (Of), so they
// cannot drift apart. Two kinds of keys are not declared here: huh's form
// keys (huh owns them; the forms pass them to the help as they are) and
// the keys that edit typed text (a filter, the palette's query).
package keys

import (
	"reflect"

	"charm.land/bubbles/v2/key"
)

// Map is every binding orgscope has. Built by Default; owned by whoever
// built it (no package state).
type Map struct {
	// The router's: they work wherever no text is being typed.
	Quit, ForceQuit, Back, Help, Palette, Refresh key.Binding

	// Moving through a list or a table (Left and Right: the matrix); Move
	// and MoveAround say all of them at once in the full help.
	Up, Down, PageUp, PageDown, Top, Bottom, Left, Right key.Binding
	Move, MoveAround                                     key.Binding

	// What lists and objects share.
	Open, Filter, New, Edit, Delete, Undo, Toggle, Bulk key.Binding

	// Organizations: sorting, reading every page, marking for a bulk change.
	Sort, LoadAll, Mark, MarkDown, MarkUp, MarkAll key.Binding

	// Organization: enable a connection on it.
	Enable key.Binding

	// Connections and the matrix: the strategy class shown; a connection's
	// Used by and its applications.
	Class, UsedBy, Apps key.Binding

	// Profiles: start from a template; the next example organization.
	Template, NextOrg key.Binding

	// Application: its access to the My Organization API.
	Grant key.Binding
	// Trace traces a login into an organization or to an application.
	Trace key.Binding
	// Delegation shows what an organization's own admins can do; Wider
	// keeps, in the tenant-wide view, the organizations whose admins can
	// do more than is usual.
	Delegation, Wider key.Binding

	// Audit: fix the finding.
	Fix key.Binding

	// A running bulk batch.
	Pause, Stop, Retry key.Binding

	// Plans and confirmations: send what is shown; copy its curl; discard
	// a form's changes when asked.
	Send, CopyCurl, Discard key.Binding

	// Forms' own keys; Previous is huh's, which orgscope also answers to
	// where huh would not (a group with an error).
	Preset, RemoveAccess, SimulateOrg, SimulateStrategy, Previous key.Binding
}

// Default returns orgscope's bindings.
func Default() Map {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return Map{
		Quit:      b("q", "quit", "q"),
		ForceQuit: b("ctrl+c", "quit, even while typing", "ctrl+c"),
		Back:      b("esc", "back", "esc"),
		Help:      b("?", "help", "?"),
		Palette:   b(":", "commands", ":", "ctrl+k"),
		Refresh:   b("r", "refresh", "r"),

		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+b"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+f"),
		Top:      b("g", "top", "home", "g"),
		Bottom:   b("G", "bottom", "end", "G"),
		Left:     b("←/h", "left", "left", "h"),
		Right:    b("→/l", "right", "right", "l"),
		Move:     b("↑↓ pgup pgdn g G", "move", "up", "k", "down", "j", "pgup", "ctrl+b", "pgdown", "ctrl+f", "home", "g", "end", "G"),
		MoveAround: b("↑↓←→ hjkl pgup pgdn g G", "move", "up", "k", "down", "j", "left", "h", "right", "l",
			"pgup", "ctrl+b", "pgdown", "ctrl+f", "home", "g", "end", "G"),

		Open:   b("enter", "open", "enter"),
		Filter: b("/", "filter", "/"),
		New:    b("n", "new", "n"),
		Edit:   b("e", "edit", "e"),
		Delete: b("d", "delete", "d"),
		Undo:   b("u", "undo", "u"),
		Toggle: b("space", "switch on/off", "space"),
		Bulk:   b("B", "bulk change", "B"),

		Sort:     b("s", "sort", "s"),
		LoadAll:  b("L", "load all", "L"),
		Mark:     b("space", "mark or unmark, then down", "space"),
		MarkDown: b("shift+↓", "mark and go down", "shift+down", "J"),
		MarkUp:   b("shift+↑", "mark and go up", "shift+up", "K"),
		MarkAll:  b("*", "mark all shown", "*"),

		Enable: b("a", "enable a connection", "a"),

		Class:  b("c", "class", "c"),
		UsedBy: b("b", "find or update Used by", "b"),
		Apps:   b("c", "applications", "c"),

		Template: b("t", "from a template", "t"),
		NextOrg:  b("o", "next example org", "o"),

		Grant:      b("g", "My Organization API access", "g"),
		Trace:      b("t", "trace a login", "t"),
		Delegation: b("w", "what its admins can do", "w"),
		Wider:      b("W", "only wider than usual", "W"),

		Fix: b("x", "fix it", "x"),

		Pause: b("p", "pause or resume", "p"),
		Stop:  b("x", "stop", "x"),
		Retry: b("r", "retry the failures", "r"),

		Send:     b("enter", "send", "enter"),
		CopyCurl: b("y", "copy the curl", "y"),
		Discard:  b("y", "discard the changes, when asked", "y"),

		Preset:           b("ctrl+p", "next least-privilege set", "ctrl+p"),
		RemoveAccess:     b("ctrl+x", "remove the access", "ctrl+x"),
		SimulateOrg:      b("ctrl+o", "simulate another org", "ctrl+o"),
		SimulateStrategy: b("ctrl+t", "simulate another strategy", "ctrl+t"),
		Previous:         b("shift+tab", "back", "shift+tab"),
	}
}

// As is b described in a screen's own words: the same keys and the same
// key label, another description.
func As(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// If is b offered only when it works: switched off (and so left out of
// the help) when works is false.
func If(works bool, b key.Binding) key.Binding {
	b.SetEnabled(works)
	return b
}

// Of lists the bindings held in the fields of v, a struct of key.Binding
// fields (or a pointer to one), in the order they are declared: a screen's
// key set as the full help and the README list it.
func Of(v any) []key.Binding {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return nil
	}
	var out []key.Binding
	bt := reflect.TypeFor[key.Binding]()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Type() == bt {
			out = append(out, f.Interface().(key.Binding))
		}
	}
	return out
}
