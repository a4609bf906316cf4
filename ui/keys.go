package ui

import "charm.land/bubbles/v2/key"

// GlobalKeys are the router's keys. Built by a constructor and owned by
// the App value.
type GlobalKeys struct {
	Quit, ForceQuit, Back, Help, Palette, Refresh key.Binding
}

// DefaultGlobalKeys returns the router's key map.
func DefaultGlobalKeys() GlobalKeys {
	return GlobalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Palette:   key.NewBinding(key.WithKeys(":", "ctrl+k"), key.WithHelp(":", "commands")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// helpKeys merges a screen's keys with the router's for the help line.
type helpKeys struct {
	screen []key.Binding
	global GlobalKeys
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

// listKeys are the keys every list screen shares.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, Filter key.Binding
}

func defaultListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
	}
}
