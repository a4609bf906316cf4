package ui

import (
	"reflect"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
)

// crash is what a panic inside the TUI left: what was being done, the
// panic's value and where it happened. The App stops on it, the terminal is
// given back as on any quit, and the command line writes the report.
type crash struct {
	what  string
	value any
	stack []byte
}

// crashBox holds the session's crash; App values share it (App is copied
// on every Update, and View cannot return a new one).
type crashBox struct{ c *crash }

func (b *crashBox) set(what string, r any) {
	if b.c == nil {
		b.c = &crash{what: what, value: r, stack: debug.Stack()}
	}
}

// crashedMsg carries a panic from a command's goroutine to Update.
type crashedMsg struct{ c *crash }

var cmdType = reflect.TypeFor[tea.Cmd]()

// guard runs cmd so that a panic in it comes back as a crashedMsg instead
// of taking the program down with the terminal in raw mode. The commands
// a batch or a sequence holds are guarded in turn.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = crashedMsg{c: &crash{what: "a background task", value: r, stack: debug.Stack()}}
			}
		}()
		return guardMsg(cmd())
	}
}

// guardMsg guards the commands of a batch or a sequence (bubbletea's
// sequence type is its own, so it is rebuilt by reflection).
func guardMsg(msg tea.Msg) tea.Msg {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return msg
	}
	out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := range v.Len() {
		c, _ := v.Index(i).Interface().(tea.Cmd)
		out.Index(i).Set(reflect.ValueOf(guard(c)).Convert(cmdType))
	}
	return out.Interface()
}

// Crash reports a panic that stopped the App: what it was doing, the
// panic's value and its stack, for the report. ok is false when the App
// quit normally.
func (a App) Crash() (what string, value any, stack []byte, ok bool) {
	c := a.crash.c
	if c == nil {
		return "", nil, nil, false
	}
	return c.what, c.value, c.stack, true
}
