package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/ui/keys"
)

// monkeyKeys are the keys the monkey presses: every binding's keys, the
// keys huh's fields answer to, and some text. q and ctrl+c are left out:
// quitting is no bug, and would end the walk.
func monkeyKeys() []tea.Msg {
	seen := map[string]bool{"q": true, "ctrl+c": true}
	var out []tea.Msg
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, monkeyPress(k))
		}
	}
	for _, b := range keys.Of(keys.Default()) {
		for _, k := range b.Keys() {
			add(k)
		}
	}
	for _, k := range []string{"enter", "esc", "tab", "shift+tab", "space", "backspace", "left", "right", "up", "down", "ctrl+u", "ctrl+a", "ctrl+e", "x", "y", "n", "1", "-", "é"} {
		add(k)
	}
	for _, r := range "abcdefghiklmnopstuvwz/:" {
		add(string(r))
	}
	return out
}

// monkeyPress is the key press a terminal sends for k.
func monkeyPress(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
		"backspace": tea.KeyBackspace, "left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd}
	mod := tea.KeyMod(0)
	base := k
	switch {
	case strings.HasPrefix(k, "ctrl+"):
		mod, base = tea.ModCtrl, strings.TrimPrefix(k, "ctrl+")
	case strings.HasPrefix(k, "shift+"):
		mod, base = tea.ModShift, strings.TrimPrefix(k, "shift+")
	}
	if code, ok := named[base]; ok {
		msg := tea.KeyPressMsg{Code: code, Mod: mod}
		if base == "space" {
			msg.Text = " "
		}
		return msg
	}
	r := []rune(base)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: base}
}

// monkey drives the App on the demo tenant with n seeded random keys and
// resizes, and checks after every one what a user must be able to count
// on: no crash, a screen that fits the window, and a way back to the root
// with esc. It returns the first failure with the keys that led to it.
func monkey(t *testing.T, seed uint64, n int, faults float64) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	a, _ := sandboxApp(t, sandbox.Options{Seed: seed, FaultRate: faults}, 100, 30)
	w, h := 100, 30
	alphabet := monkeyKeys()
	var trail []string
	fail := func(format string, args ...any) {
		t.Helper()
		start := max(0, len(trail)-40)
		t.Fatalf("seed %d, after %d keys (the last: %s): %s\n%s", seed, len(trail), strings.Join(trail[start:], " "), fmt.Sprintf(format, args...), screenText(a))
	}
	check := func() {
		t.Helper()
		if what, value, _, crashed := a.Crash(); crashed {
			fail("crashed %s: %v", what, value)
		}
		lines := strings.Split(ansi.Strip(a.Render()), "\n")
		if len(lines) > h {
			fail("the screen has %d lines in a window of %d", len(lines), h)
		}
		for i, l := range lines {
			if ansi.StringWidth(l) > w {
				fail("line %d is %d cells wide in a window of %d: %q", i, ansi.StringWidth(l), w, l)
			}
		}
	}
	// Nothing is written that a plan did not show first: the writes shown
	// so far, and the client's requests checked after every key. The one
	// write without a plan is the documented quick toggle (space on a
	// link, u undoes it).
	shown, bulkOrgs, writes := map[string]bool{}, map[string]bool{}, 0
	defer func() { t.Logf("seed %d: %d keys, %d writes, each shown first", seed, n, writes) }()
	sent := len(a.client.Requests().Records())
	linkPath := regexp.MustCompile(`^/api/v2/organizations/(org_[^/]+)/connections(/con_[^/?]+)?$`)
	look := func() {
		f, _ := a.top()
		w, orgs := shownWrites(f.screen)
		for _, x := range w {
			shown[x] = true
		}
		for _, o := range orgs {
			bulkOrgs[o] = true
		}
	}
	checkWrites := func(key string, onLink bool) {
		t.Helper()
		recs := a.client.Requests().Records()
		for _, r := range recs[min(sent, len(recs)):] {
			if r.Method == "GET" {
				continue
			}
			writes++
			m := linkPath.FindStringSubmatch(r.Path)
			switch {
			case shown[r.Method+" "+r.Path]:
			case m != nil && bulkOrgs[m[1]]:
			case m != nil && r.Method == "PATCH" && key == "space" && onLink:
			default:
				fail("%s %s was sent, and no plan showed it", r.Method, r.Path)
			}
		}
		sent = len(recs)
	}
	for i := range n {
		look()
		f, _ := a.top()
		_, onLink := f.screen.(*orgDetailScreen)
		var msg tea.Msg
		switch r := rng.IntN(100); {
		case r < 2:
			w, h = 60+rng.IntN(101), 16+rng.IntN(35)
			msg = tea.WindowSizeMsg{Width: w, Height: h}
			trail = append(trail, fmt.Sprintf("[%dx%d]", w, h))
		default:
			k := alphabet[rng.IntN(len(alphabet))].(tea.KeyPressMsg)
			msg = k
			trail = append(trail, k.String())
		}
		var quit bool
		func() {
			defer func() {
				if r := recover(); r != nil {
					fail("panic: %v", r)
				}
			}()
			a, quit = pump(a, msg)
		}()
		if quit {
			if _, _, _, crashed := a.Crash(); !crashed {
				fail("the App quit on a key the monkey does not press to quit")
			}
		}
		check()
		if k, ok := msg.(tea.KeyPressMsg); ok {
			checkWrites(k.String(), onLink)
		} else {
			checkWrites("", false)
		}
		if i%200 == 199 {
			// However deep it went, esc leads back to a root screen (y when
			// a form asks whether to discard its changes).
			for range 30 {
				if a.Depth() == 1 && !a.stack[0].screen.Capturing() {
					break
				}
				if strings.Contains(screenText(a), "Discard your changes?") {
					a, _ = pump(a, monkeyPress("y"))
				} else {
					a, _ = pump(a, monkeyPress("esc"))
				}
				trail = append(trail, "esc")
				check()
			}
			if a.Depth() != 1 {
				fail("30 esc did not lead back to a root screen: on %q at depth %d", a.TopTitle(), a.Depth())
			}
		}
	}
}

// The monkey: random keys and resizes on the demo tenant, a few thousand in
// CI. ORGSCOPE_MONKEY_KEYS=100000 (and ORGSCOPE_MONKEY_SEED) runs a long
// walk by hand; a seed that found a bug becomes a case of its own here.
func TestMonkey(t *testing.T) {
	n, seeds := 1200, []uint64{1}
	if testing.Short() {
		n = 400
	}
	if v, err := strconv.Atoi(os.Getenv("ORGSCOPE_MONKEY_KEYS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.ParseUint(os.Getenv("ORGSCOPE_MONKEY_SEED"), 10, 64); err == nil {
		seeds = []uint64{v}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { monkey(t, seed, n, 0) })
		t.Run(fmt.Sprint("seed ", seed, " with faults"), func(t *testing.T) { monkey(t, seed+100, n/2, 0.05) })
	}
}
