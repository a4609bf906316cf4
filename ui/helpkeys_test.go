package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// offeredKeys are the keys the full help lists in the app's state.
func offeredKeys(a App) map[string]bool {
	f, _ := a.top()
	h := a.helpKeys(f)
	out := map[string]bool{}
	for _, col := range h.FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				for _, k := range b.Keys() {
					out[k] = true
				}
			}
		}
	}
	return out
}

// probeKeys are the keys tried on every screen: what a user might press.
func probeKeys() []string {
	var out []string
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/?:[]-+=.," {
		out = append(out, string(r))
	}
	return append(out, "enter", "esc", "tab", "shift+tab", "space", "backspace", "left", "right", "up", "down",
		"pgup", "pgdown", "home", "end", "ctrl+u", "ctrl+d", "ctrl+k", "ctrl+r")
}

// stateOf is what a user sees of the app, without what moves on its own
// (the clock, the rate-limit figures), and the requests sent (r reads
// again what may not have changed).
func stateOf(a App) string {
	s := regexp.MustCompile(`\b\d{2}:\d{2}:\d{2}\b|rate \S+|snapshot [^·]*`).ReplaceAllString(screenText(a), "")
	return fmt.Sprint(a.Depth(), a.TopTitle(), len(a.client.Requests().Records()), "\n", s)
}

// Every screen's help lists the keys that do something there, and no
// other: a key the help offers changes what the user sees (or quits), and
// a key it does not offer changes nothing.
func TestHelpSaysWhatKeysDo(t *testing.T) {
	screens := helpScreens()
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			open := func() App {
				a := openHelpScreen(t, sc, 100, 30)
				return a
			}
			a := open()
			if a.stack[len(a.stack)-1].screen.Capturing() {
				t.Fatalf("%q takes every key as it opens", a.TopTitle())
			}
			title, offered := a.TopTitle(), offeredKeys(a)
			// Keys not offered: pressed one after another on the same
			// app, since none may change anything.
			before := stateOf(a)
			for _, k := range probeKeys() {
				if offered[k] || k == "q" {
					continue
				}
				a, quit := pump(a, monkeyPress(k))
				if after := stateOf(a); after != before || quit {
					t.Errorf("%s: %s is not in the help, but it did something:\n%s", title, k, screenText(a))
					return
				}
			}
			// Keys offered: each on a new app, since it changes things.
			var listed []string
			for k := range offered {
				listed = append(listed, k)
			}
			slices.Sort(listed)
			for _, k := range listed {
				if !slices.Contains(probeKeys(), k) && k != "q" && k != "ctrl+c" {
					continue // not pressable as a probe (none today)
				}
				if k == "r" && sc.name == "batches" {
					continue
				}
				// As opened, one row down, and one column right: a move
				// up does nothing on the first row, and is still the
				// right key to offer.
				did := false
				for _, first := range [][]tea.Msg{nil, {monkeyPress("down")}, {monkeyPress("right")}} {
					b := open()
					if b.TopTitle() != title {
						t.Fatalf("reopened on %q", b.TopTitle())
					}
					b, _ = pump(b, first...)
					if sc.prepare != nil {
						b = sc.prepare(t, b)
					}
					before := stateOf(b)
					after, quit := pump(b, monkeyPress(k))
					if did = stateOf(after) != before || quit; did {
						break
					}
				}
				if !did {
					t.Errorf("%s: the help offers %s, which did nothing:\n%s", title, k, strings.TrimSpace(screenText(open())))
				}
			}
		})
	}
}

// helpScreen is a screen the help tests open, and how.
type helpScreen struct {
	name   string
	inputs []tea.Msg
	// prepare makes r's work visible: something for it to bring in.
	prepare func(t *testing.T, a App) App
}

// helpScreens are every screen, as a user reaches it.
func helpScreens() []helpScreen {
	return []helpScreen{
		{"organizations", nil, nil},
		{"organization", goTo("", "globex", 1), nil},
		{"connections", goTo("connections", "", 0), nil},
		{"connection", goTo("connections", "globex-okta", 1), nil},
		{"profiles", goTo("profiles", "", 0), nil},
		{"profile", goTo("profiles", "", 1), nil},
		{"templates", append(goTo("profiles", "", 0), press("t")), nil},
		{"applications", goTo("clients", "", 0), nil},
		{"application", goTo("clients", "dashboard", 1), nil},
		{"audit", goTo("audit", "", 0), nil},
		{"matrix", goTo("matrix", "", 0), nil},
		{"requests", goTo("requests", "", 0), func(t *testing.T, a App) App {
			if _, err := a.client.Connection(t.Context(), "globex-okta"); err != nil {
				t.Fatal(err)
			}
			return a
		}},
		{"request", goTo("requests", "", 1), nil},
		{"messages", append(append(append([]tea.Msg{press(":")}, typed("nothing-of-the-sort")...), press("enter")), goTo("messages", "", 0)...),
			func(t *testing.T, a App) App { a, _ = pump(a, flashMsg{text: "a later message"}, press("Z")); return a }}, // Z lets the flash go
		// r lists the journals again: TestBatchesResumeAndUndo sees a new one come in.
		{"batches", goTo("batches", "", 0), nil},
		{"trace", append(goTo("", "umbrella-corp", 1), press("t"), press("enter"), press("enter")), nil},
		{"delegation", append(goTo("", "globex", 1), press("w")), nil},
		{"delegation matrix", goTo("delegation", "", 0), nil},
		{"policies", goTo("policy", "", 0), nil},
		{"changes", goTo("changes", "", 0), func(t *testing.T, a App) App {
			// Something for r to bring in, and for enter to open.
			org, err := a.client.Organization(t.Context(), "hooli")
			if err != nil {
				t.Fatal(err)
			}
			after := org
			after.DisplayName = "Hooli!"
			p, err := a.client.PlanUpdateOrganization(org, after)
			if err == nil {
				_, err = a.client.Execute(t.Context(), p)
			}
			if err != nil {
				t.Fatal(err)
			}
			return a
		}},
	}
}

// At 80×24 the full help lists every key the screen offers, esc, : and q
// included: columns that do not fit side by side go one under another.
func TestFullHelpFitsAt80(t *testing.T) {
	for _, sc := range helpScreens() {
		t.Run(sc.name, func(t *testing.T) {
			a := openHelpScreen(t, sc, 80, 24)
			f, _ := a.top()
			h := a.helpKeys(f)
			a, _ = pump(a, press("?"))
			text := screenText(a)
			for _, col := range h.FullHelp() {
				for _, b := range col {
					if b.Enabled() && !strings.Contains(text, b.Help().Key+" ") {
						t.Fatalf("%s: the full help lacks %s (%s):\n%s", a.TopTitle(), b.Help().Key, b.Help().Desc, text)
					}
				}
			}
		})
	}
}

// demoSnapshot is a crawl of the demo tenant, made once: every sandbox
// serves the same demo tenant, with the same ids.
func demoSnapshot(t *testing.T) *model.Snapshot {
	demoCrawl.once.Do(func() {
		c, _ := sandboxClient(t, sandbox.Options{})
		demoCrawl.snap, demoCrawl.err = c.Crawl(context.Background(), nil)
	})
	if demoCrawl.err != nil {
		t.Fatal(demoCrawl.err)
	}
	return demoCrawl.snap
}

// demoCrawl holds demoSnapshot's crawl for the test binary's life.
var demoCrawl struct {
	once sync.Once
	snap *model.Snapshot
	err  error
}

// helpPolicyFile is a policy file for the help tests, the same each run.
func helpPolicyFile() string {
	path := filepath.Join(os.TempDir(), "orgscope-help-policies.yaml")
	_ = os.WriteFile(path, []byte(screenPolicies), 0o600)
	return path
}

// openHelpScreen opens sc on a new demo app of w×h.
func openHelpScreen(t *testing.T, sc helpScreen, w, h int) App {
	a, _ := sandboxApp(t, sandbox.Options{}, w, h)
	// The tenant's policy file, as the config gives it; and its snapshot
	// from the start, not crawled for every key tried.
	switch sc.name {
	case "policies":
		a.session.policyFile = helpPolicyFile()
		a.session.setSnapshot(demoSnapshot(t))
	case "changes":
		a.session.setSnapshot(demoSnapshot(t))
	}
	a, _ = pump(a, sc.inputs...)
	return a
}
