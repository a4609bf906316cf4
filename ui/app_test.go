package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

func TestOrganizationsScreen(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	if a.TopTitle() != "Organizations" {
		t.Fatalf("first screen %q", a.TopTitle())
	}
	mustContain(t, a, "globex", "Globex Corporation", "40 organizations · all read", "sandbox")
}

func TestOrganizationScreenShowsLinksAndPrompt(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 110, 30)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("umbrella")...), press("enter"), press("enter"))...)
	if a.Depth() != 2 || a.TopTitle() != "umbrella-corp" {
		t.Fatalf("after filter and enter: depth %d, %q", a.Depth(), a.TopTitle())
	}
	mustContain(t, a, "umbrella-saml", "no connections enabled for the organization are visible", "home realm discovery")

	// Back: the org list now knows umbrella-corp's number of connections.
	a, _ = pump(a, press("esc"))
	if a.Depth() != 1 {
		t.Fatalf("esc did not go back: depth %d", a.Depth())
	}
	if !strings.Contains(screenText(a), "org_CnYohQG6EPDcDWYI 1") {
		t.Fatalf("connection count not shown after visiting the org:\n%s", screenText(a))
	}
}

func TestGlobexPromptAndSwatches(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 110, 24)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "Globex SSO", "limited", "buttons  globex-okta", "signup link yes", "#1f6feb", "plan=enterprise")
}

// Esc at the root never quits; q does; ctrl+c always does.
func TestKeysAtTheRoot(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, quit := pump(a, press("esc"))
	if quit || a.Depth() != 1 {
		t.Fatal("esc at the root quit or navigated")
	}
	if _, quit := pump(a, press("q")); !quit {
		t.Fatal("q did not quit")
	}
	// While filtering, q is text, not quit.
	a, quit = pump(a, press("/"), press("q"))
	if quit || !strings.Contains(screenText(a), "/q") {
		t.Fatalf("q while filtering: quit=%v\n%s", quit, screenText(a))
	}
	if _, quit := pump(a, press("ctrl+c")); !quit {
		t.Fatal("ctrl+c did not quit while filtering")
	}
}

// Keys typed right after enter reach the new screen: navigation is applied
// in the same Update.
func TestTypeAheadReachesTheNewScreen(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	m, _ := a.Update(press("enter"))
	a = m.(App)
	m, _ = a.Update(press("/"))
	a = m.(App)
	if a.Depth() != 2 || !a.stack[1].screen.Capturing() || a.stack[0].screen.Capturing() {
		t.Fatal("the key typed after enter went to the old screen")
	}
}

// A reply for a screen that was closed is dropped, and its request was
// cancelled.
func TestRepliesForClosedScreensAreDropped(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	m, cmd := a.Update(press("enter")) // opens globex, which asks for its links
	a = m.(App)
	req := findAPIRequest(run(cmd))
	if req == nil {
		t.Fatal("the org screen asked nothing")
	}
	m, work := a.Update(*req)
	a = m.(App)
	a, _ = pump(a, press("esc")) // close it before the answer
	done := run(work)
	for _, d := range done {
		m, _ = a.Update(d)
		a = m.(App)
	}
	if a.Depth() != 1 || a.TopTitle() != "Organizations" || a.status.lastErr != "" {
		t.Fatalf("after a late reply: depth %d %q, error %q", a.Depth(), a.TopTitle(), a.status.lastErr)
	}
	for _, d := range done {
		if dm, ok := d.(apiDoneMsg); ok && !errors.Is(dm.err, contextCanceled()) {
			t.Fatalf("the closed screen's request was not cancelled: %v", dm.err)
		}
	}
}

func findAPIRequest(msgs []tea.Msg) *apiRequestMsg {
	for _, m := range msgs {
		if r, ok := m.(apiRequestMsg); ok {
			return &r
		}
	}
	return nil
}

// A token without read:organizations gets the scope to grant, not a stack trace.
func TestMissingScopeSaysWhatToGrant(t *testing.T) {
	srv, err := sandbox.NewServer(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := client.New(client.Config{Domain: srv.Addr(), Token: srv.Token("read:connections")})
	if err != nil {
		t.Fatal(err)
	}
	a := startApp(t, c, 100, 20)
	mustContain(t, a, "lacks the scope read:organizations or read:organizations_summary", "press r")
}

func TestPaletteNavigates(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("conn")...), press("enter"))...)
	if a.TopTitle() != "Connections" || a.Depth() != 1 {
		t.Fatalf("palette: %q depth %d", a.TopTitle(), a.Depth())
	}
	a, _ = pump(a, press("c"), press("c"), press("c")) // enterprise only
	mustContain(t, a, "showing enterprise", "globex-okta")
	if strings.Contains(screenText(a), "github") {
		t.Fatal("the class filter kept a social connection")
	}
}

func TestUsedByCrawl(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 40)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("connections")...), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("globex-okta")...), press("enter"), press("enter"), press("b"))...)
	mustContain(t, a, "USED BY 3 organizations", "globex", "oscorp", "buy-n-large")
	// Cached for the session: another connection's Used by needs no crawl.
	a, _ = pump(a, press("esc"), press("esc"), press("/"))
	a, _ = pump(a, append(typed("initech-entra"), press("enter"), press("enter"))...)
	mustContain(t, a, "USED BY 4 organizations")
}

func TestRequestLog(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("requests")...), press("enter"))...)
	mustContain(t, a, "Organizations › Requests", "GET", "/api/v2/organizations?take=100", "200")
	// enter: the request in full, with what came back and the rate limit.
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("take=100")...), press("enter"), press("enter"))...)
	mustContain(t, a, "GET http://127.0.0.1", "/api/v2/organizations?take=100", "status 200", "ANSWER", `"organizations"`)
}

// A write's request, in the log in full: what was sent, with a secret
// value redacted.
func TestRequestLogShowsWhatWasSent(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{Plan: "enterprise"}, 80, 24)
	p, err := a.client.PlanCreateConnection(model.Connection{Name: "logged-okta", Strategy: "okta",
		Options: map[string]any{"domain": "logged.okta.com", "client_id": "0oaL", "client_secret": "hush-hush-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.client.Execute(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	a, _ = pump(a, goTo("requests", "", 0)...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("POST")...), press("enter"), press("enter"))...)
	mustContain(t, a, "POST http://127.0.0.1", "status 201", "rate   limit", "SENT", `"client_secret": "[REDACTED]"`)
	if strings.Contains(screenText(a), "hush-hush-secret") {
		t.Fatal("the secret shows in the request log")
	}
	golden(t, a)
}

func TestProfilesAndClients(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 24)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("profiles")...), press("enter"), press("enter"))...)
	mustContain(t, a, "always on; org admins cannot turn it off", "con-org_", "for globex")
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("clients")...), press("enter"))...)
	mustContain(t, a, "Enterprise-SSO", "missing (cop_")
}

// The layout holds at 80×24, the smallest supported size.
func TestSmallTerminal(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a, _ = pump(a, press("enter"))
	lines := strings.Split(screenText(a), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines at 80×24", len(lines))
	}
	for i, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Fatalf("line %d is %d cells wide: %q", i, w, l)
		}
	}
}

// An unknown command says so and goes nowhere (":foo" opened Profiles:
// its letters are scattered over "profiles — connection profiles"); a
// command's letters in order still find it (":prfl" is the profiles).
func TestPaletteUnknownCommand(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("foo")...), press("enter"))...)
	if a.TopTitle() != "Organizations" {
		t.Fatalf(":foo opened %q", a.TopTitle())
	}
	mustContain(t, a, `no command ":foo"`)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("prfl")...), press("enter"))...)
	if a.TopTitle() != "Connection Profiles" {
		t.Fatalf(":prfl opened %q, want the profiles", a.TopTitle())
	}
}

// The palette scrolls: ↓ past its tenth entry brings the entry into view,
// and enter runs the one the cursor is on (quit, the last, was hidden).
func TestPaletteScrollsToTheCursor(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, press(":"))
	n := len(a.pal.matches())
	if n <= paletteRows {
		t.Fatalf("only %d commands: nothing to scroll, the test proves nothing", n)
	}
	for range n - 1 {
		a, _ = pump(a, press("down"))
	}
	last := a.pal.matches()[n-1].Title
	if !strings.Contains(screenText(a), last) {
		t.Fatalf("the last command %q is under the cursor but not shown:\n%s", last, screenText(a))
	}
}

// Found by the monkey (seed 7): ↓ in a palette that matches nothing, then
// enter, indexed the commands at -1 and crashed the program.
func TestPaletteDownWithNothingMatching(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("zzz")...), press("down"), press("enter"))...)
	if _, _, _, crashed := a.Crash(); crashed || a.TopTitle() != "Organizations" {
		t.Fatalf("crashed %v, on %q", crashed, a.TopTitle())
	}
	mustContain(t, a, `no command ":zzz"`)
}

// What the status bar said can be read again in full: :messages lists
// it, newest first, the one under the cursor whole below the table (the
// bar cuts a long line, and a flash goes with the next key).
func TestMessagesKeepTheStatusBar(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	long := "a-command-name-long-enough-to-be-cut-by-the-status-bar-at-eighty-columns-x"
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed(long)...), press("enter"))...)
	a, _ = pump(a, press("j")) // the flash goes with the next key
	a, _ = pump(a, goTo("messages", "", 0)...)
	if a.TopTitle() != "Messages" {
		t.Fatalf("on %q", a.TopTitle())
	}
	text := strings.Join(strings.Fields(screenText(a)), "")
	if !strings.Contains(text, "nocommand\":"+long+"\"") {
		t.Fatalf("the message is not there in full:\n%s", screenText(a))
	}
}

// The full help, left open, lists in a form only the keys a form takes:
// not r, :, ? or q, which a form takes as text (found by the monkey).
func TestFullHelpInAForm(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, press("?"), press("n"))
	if a.TopTitle() != "New organization" {
		t.Fatalf("on %q", a.TopTitle())
	}
	help := ansi.Strip(a.helpView())
	for _, k := range []string{"commands", "refresh", "q      quit"} {
		if strings.Contains(help, k) {
			t.Errorf("the help offers %q in a form:\n%s", k, help)
		}
	}
	if !strings.Contains(help, "ctrl+c") {
		t.Errorf("the help lost ctrl+c:\n%s", help)
	}
}

// esc closes the full help before it does anything else: on a screen
// below the root it would otherwise go back under the open help.
func TestEscClosesTheHelpFirst(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, goTo("", "globex", 1)...)
	a, _ = pump(a, press("?"))
	if !a.help.ShowAll {
		t.Fatal("? did not open the full help")
	}
	a, _ = pump(a, press("esc"))
	if a.help.ShowAll || a.Depth() != 2 {
		t.Fatalf("esc: help open %v, depth %d", a.help.ShowAll, a.Depth())
	}
}
