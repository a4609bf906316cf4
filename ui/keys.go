package ui

import (
	"charm.land/bubbles/v2/key"

	"github.com/orgscope/orgscope/ui/keys"
)

// helpKeys merges a screen's keys with the router's for the help line.
type helpKeys struct {
	screen []key.Binding
	global keys.Map
	root   bool // no back at the root
}

// ShortHelp leads with "? help", so that it shows however narrow the
// terminal: the full help lists everything else.
func (h helpKeys) ShortHelp() []key.Binding {
	out := append([]key.Binding{h.global.Help}, h.screen...)
	if !h.root {
		out = append(out, h.global.Back)
	}
	return append(out, h.global.Palette, h.global.Quit)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	global := []key.Binding{h.global.Refresh, h.global.Palette, h.global.Help, h.global.Quit}
	if !h.root {
		global = append([]key.Binding{h.global.Back}, global...)
	}
	return [][]key.Binding{h.screen, global}
}
