package ui

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// panicky is a screen that fails as told: on a key, or when drawn.
type panicky struct{ onKey, onView bool }

func (p *panicky) Init() tea.Cmd { return nil }
func (p *panicky) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	if _, ok := msg.(tea.KeyPressMsg); ok && p.onKey {
		var m map[string]int
		m["boom"] = 1 // the nil-map write of issue 13
	}
	return p, nil, stay()
}
func (p *panicky) View(renderCtx) string {
	if p.onView {
		panic("cannot draw")
	}
	return ""
}
func (p *panicky) Title() string       { return "panicky" }
func (p *panicky) Keys() []key.Binding { return nil }
func (p *panicky) Capturing() bool     { return false }

func withTop(a App, s screen) App {
	a.stack = append(a.stack, frame{id: 999, screen: s, ctx: a.base, cancel: func() {}})
	return a
}

func wantCrash(t *testing.T, a App, what string) {
	t.Helper()
	got, value, stack, ok := a.Crash()
	if !ok || !strings.Contains(got, what) || value == nil || !strings.Contains(string(stack), "goroutine") {
		t.Fatalf("crash %v %q (%v), stack %.200q; want one about %q with its stack", ok, got, value, stack, what)
	}
}

func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// A panic while handling a key stops the App as a quit does (the terminal
// given back), keeping what failed and its stack for the report.
func TestCrashInUpdateQuitsWithAReport(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = withTop(a, &panicky{onKey: true})
	m, cmd := a.Update(press("x"))
	if !quits(cmd) {
		t.Fatal("a panic in Update did not quit")
	}
	wantCrash(t, m.(App), "handling tea.KeyPressMsg")
	if _, again := m.(App).Update(press("j")); !quits(again) {
		t.Fatal("after a crash every message quits")
	}
	if _, _, _, ok := a.Crash(); !ok {
		t.Fatal("the crash is the session's, whichever copy of the App is asked")
	}
}

// A panic in a command's goroutine, even one in a batch or a sequence,
// comes back as a message that stops the App.
func TestCrashInACommandComesBack(t *testing.T) {
	boom := func() tea.Msg { panic("lost the snapshot") }
	fine := func() tea.Msg { return nil }
	for name, cmd := range map[string]tea.Cmd{"alone": boom, "in a batch": tea.Batch(fine, boom), "in a sequence": tea.Sequence(fine, boom)} {
		var msgs []tea.Msg
		var walk func(tea.Cmd)
		walk = func(c tea.Cmd) {
			msg := c()
			if inner, ok := msg.(tea.BatchMsg); ok {
				for _, ic := range inner {
					walk(ic)
				}
				return
			}
			if cs := asCmds(msg); cs != nil {
				for _, ic := range cs {
					walk(ic)
				}
				return
			}
			msgs = append(msgs, msg)
		}
		walk(guard(cmd)) // must not panic
		var crashed *crashedMsg
		for _, m := range msgs {
			if c, ok := m.(crashedMsg); ok {
				crashed = &c
			}
		}
		if crashed == nil {
			t.Fatalf("%s: the panic did not come back as a message: %v", name, msgs)
		}
		a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
		m, quit := a.Update(*crashed)
		if !quits(quit) {
			t.Fatalf("%s: the crash did not stop the App", name)
		}
		wantCrash(t, m.(App), "a background task")
	}
}

// asCmds is the commands of a sequence (bubbletea's own slice type).
func asCmds(msg tea.Msg) []tea.Cmd {
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
		return v.Convert(cmdSliceType).Interface().([]tea.Cmd)
	}
	return nil
}

// A panic while drawing shows one line and stops at the next message.
func TestCrashInViewStopsAtTheNextMessage(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a = withTop(a, &panicky{onView: true})
	if v := a.View(); !strings.Contains(v.Content, "internal error") {
		t.Fatalf("the view after a panic in drawing: %q", v.Content)
	}
	if _, cmd := a.Update(press("j")); !quits(cmd) {
		t.Fatal("the next message did not quit")
	}
	wantCrash(t, a, "drawing the screen")
}
