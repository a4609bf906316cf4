package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/orgscope/orgscope/client/sandbox"
)

// probeMsg asks the running program for a snapshot of its model.
type probeMsg struct{}

type snapshot struct {
	title string
	depth int
	text  string
}

// The real program on the sandbox: it starts, opens an organization and one
// of its connections, and quits on q. The model is observed through a
// filter that snapshots it on the program's own goroutine.
func TestSmokeRealProgram(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	snaps := make(chan snapshot, 1)
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(probeMsg); ok {
			a := m.(App)
			snaps <- snapshot{title: a.TopTitle(), depth: a.Depth(), text: screenText(a)}
			return nil
		}
		return msg
	}
	tm := teatest.NewTestModel(t, New(ctx, c, Options{Tenant: "sandbox"}),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithFilter(filter), tea.WithColorProfile(colorprofile.Ascii)))

	waitFor := func(what string, cond func(snapshot) bool) {
		t.Helper()
		var last snapshot
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			tm.Send(probeMsg{})
			select {
			case last = <-snaps:
				if cond(last) {
					return
				}
			case <-time.After(time.Second):
			}
		}
		t.Fatalf("waiting for %s; the screen is:\n%s", what, last.text)
	}
	waitFor("the organizations", func(s snapshot) bool { return strings.Contains(s.text, "40 organizations") })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("globex's connections", func(s snapshot) bool {
		return s.title == "globex" && strings.Contains(s.text, "globex-okta") && strings.Contains(s.text, "LOGIN PROMPT")
	})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("the globex-okta connection", func(s snapshot) bool { return s.title == "globex-okta" && s.depth == 3 })
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}
