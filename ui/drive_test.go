package ui

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	"charm.land/huh/v2"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

// updating reports -update, the flag that teatest's golden package
// registers: go test ./ui -update rewrites the golden files.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// cmdDeadline is how long a command may take before the harness asks
// whether it is a timer (a spinner tick, a cursor blink, a progress tick),
// whose message is dropped: the UI works without it, and waiting for every
// tick would make a test last minutes.
const cmdDeadline = 40 * time.Millisecond

// workDeadline bounds the wait for a command that is not a timer: a
// client call, a snapshot load, a tenant switch. Its message is always
// delivered, however slow a loaded CI machine makes it.
const workDeadline = 15 * time.Second

var cmdSliceType = reflect.TypeOf([]tea.Cmd(nil))

// timerPackages are the packages whose slow commands are timers: the
// packages of the messages those timers produce (bubbletea's Tick and Every,
// the spinner's tick, the cursor's blink, huh's fields). They are read off
// the message types, so that a library that moves (a new major version, a
// new module path) moves them with it.
func timerPackages() []string {
	pkgs := []string{
		reflect.TypeFor[tea.KeyPressMsg]().PkgPath() + ".Tick.",  // tea.Tick's closure
		reflect.TypeFor[tea.KeyPressMsg]().PkgPath() + ".Every.", // tea.Every's
	}
	// The modules of the components: bubbles (its spinner and cursor
	// packages' parent) and huh (its root package), with their packages.
	spinnerPkg := reflect.TypeFor[spinner.TickMsg]().PkgPath()
	cursorPkg := reflect.TypeFor[cursor.BlinkMsg]().PkgPath()
	for _, root := range []string{path.Dir(spinnerPkg), path.Dir(cursorPkg), reflect.TypeFor[huh.Form]().PkgPath()} {
		pkgs = append(pkgs, root+".", root+"/")
	}
	return pkgs
}

// isTimer reports whether cmd is a timer: a closure of bubbletea's Tick or
// Every, or of a bubbles or huh component (their only slow commands are
// blinks and ticks). orgscope's own commands do work, never wait.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, p := range timerPackages() {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// run executes cmd and the commands it batches, returning their messages,
// less those of timers.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(cmdDeadline):
		if isTimer(cmd) {
			return nil
		}
		select {
		case msg = <-done:
		case <-time.After(workDeadline):
			panic(fmt.Sprintf("%s ran over %v", runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name(), workDeadline))
		}
	}
	if msg == nil {
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
		var out []tea.Msg
		for _, c := range v.Convert(cmdSliceType).Interface().([]tea.Cmd) {
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// pump delivers each input to the app and settles every message the
// resulting commands produce before the next input (people type slower
// than loopback answers). It reports whether the app asked to quit.
func pump(a App, inputs ...tea.Msg) (App, bool) {
	quit := false
	for _, in := range inputs {
		queue := []tea.Msg{in}
		for steps := 0; len(queue) > 0 && steps < 10_000; steps++ {
			msg := queue[0]
			queue = queue[1:]
			if _, ok := msg.(tea.QuitMsg); ok {
				quit = true
				continue
			}
			// Update less its guard: the harness must see each command
			// as it is, to tell timers from work (TestCrash* test the guard).
			m, cmd := a.updateAndTell(msg)
			a = m.(App)
			queue = append(queue, run(cmd)...)
		}
	}
	return a, quit
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// sandboxClient starts a sandbox and a client on it with the admin
// application.
func sandboxClient(t testing.TB, opts sandbox.Options) (*client.Client, *sandbox.Server) {
	t.Helper()
	srv, err := sandbox.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	id, secret := srv.AdminCredentials()
	c, err := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// sandboxApp starts a sandbox and an App on it, sized and loaded.
func sandboxApp(t testing.TB, opts sandbox.Options, w, h int) (App, *sandbox.Server) {
	t.Helper()
	c, srv := sandboxClient(t, opts)
	return startApp(t, c, w, h), srv
}

func startApp(t testing.TB, c *client.Client, w, h int) App {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// No background refresh: its timer would hold up every pump. The
	// refresh has its own test, which sends the timer's message.
	a := New(ctx, c, Options{Tenant: "sandbox", NoColor: true, RefreshEvery: -1})
	msgs := append([]tea.Msg{tea.WindowSizeMsg{Width: w, Height: h}}, run(a.init())...)
	a, _ = pump(a, msgs...)
	return a
}

// screenText is the UI as plain text.
func screenText(a App) string { return ansi.Strip(a.Render()) }

// trimLines cuts the trailing spaces of every line and the empty lines
// at the end.
func trimLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// golden compares the screen with testdata/NAME[-step].golden (go test
// ./ui -update rewrites it); step names a second screen of one test.
func golden(t *testing.T, a App, step ...string) {
	t.Helper()
	// The sandbox listens on a new port each run; journals live in a new
	// temporary directory and carry the time they were started.
	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(screenText(a), "127.0.0.1:PORT")
	got = regexp.MustCompile(`\S*/Test\S+`).ReplaceAllString(got, "JOURNAL")
	got = regexp.MustCompile(`127\.0\.0\.1_\d+-\d{8}-\d{6}\.\d{3}-[0-9a-f]{6}`).ReplaceAllString(got, "TENANT-STAMP")
	got = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`).ReplaceAllString(got, "YYYY-MM-DD HH:MM")
	got = regexp.MustCompile(`\b\d{2}:\d{2}:\d{2}\b`).ReplaceAllString(got, "HH:MM:SS") // :messages' and :requests' times
	got = regexp.MustCompile(`took [0-9.]+(µs|ms|s) `).ReplaceAllString(got, "took T ")
	got = regexp.MustCompile(`remaining \d+, reset \d+`).ReplaceAllString(got, "remaining N, reset N")
	// What a mask replaced was of any length: the padding after it is not
	// the screen's, so lines compare without their trailing spaces.
	got = trimLines(got) + "\n"
	name := t.Name()
	if len(step) > 0 {
		name += "-" + step[0]
	}
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no golden file (run go test ./ui -update): %v", err)
	}
	if got != trimLines(string(want))+"\n" {
		t.Fatalf("screen differs from %s (go test ./ui -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// must fails the test on an error and returns the value.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func mustContain(t *testing.T, a App, parts ...string) {
	t.Helper()
	s := screenText(a)
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Fatalf("screen lacks %q:\n%s", p, s)
		}
	}
}

func contextCanceled() error { return context.Canceled }

// sandboxClientFor opens another client on a running sandbox.
func sandboxClientFor(srv *sandbox.Server) (*client.Client, error) {
	id, secret := srv.AdminCredentials()
	return client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
}

// The harness tells timers from work: bubbletea's Tick, a spinner's tick
// and a huh field's blink are timers; orgscope's own commands are not.
func TestIsTimer(t *testing.T) {
	blink := huh.NewInput().Focus()
	for name, c := range map[string]tea.Cmd{
		"tea.Tick":      tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil }),
		"tea.Every":     tea.Every(time.Hour, func(time.Time) tea.Msg { return nil }),
		"spinner tick":  spinner.New().Tick,
		"huh its blink": blink,
	} {
		if c != nil && !isTimer(c) {
			t.Errorf("%s is a timer", name)
		}
	}
	if isTimer(func() tea.Msg { return nil }) {
		t.Error("orgscope's own command taken for a timer")
	}
}
