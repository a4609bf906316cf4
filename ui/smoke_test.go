package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

// probeMsg asks the running program for a snapshot of its model.
type probeMsg struct{}

type snapshot struct {
	title string
	depth int
	text  string
}

// program is the real program, running on its own goroutines: keys sent
// while a command runs arrive while it runs, as a user's do.
type program struct {
	t     *testing.T
	tm    *teatest.TestModel
	snaps chan snapshot
}

// runProgram starts the program on c. The model is observed through a
// filter that snapshots it on the program's own goroutine.
func runProgram(t *testing.T, c *client.Client, opts Options, edit func(*App)) *program {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p := &program{t: t, snaps: make(chan snapshot, 1)}
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(probeMsg); ok {
			a := m.(App)
			p.snaps <- snapshot{title: a.TopTitle(), depth: a.Depth(), text: screenText(a)}
			return nil
		}
		return msg
	}
	a := New(ctx, c, opts)
	if edit != nil {
		edit(&a)
	}
	p.tm = teatest.NewTestModel(t, a, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithFilter(filter), tea.WithColorProfile(colorprofile.Ascii)))
	return p
}

func (p *program) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		p.tm.Send(m)
	}
}

// waitFor polls the model until cond holds, failing after 15 s.
func (p *program) waitFor(what string, cond func(snapshot) bool) {
	p.t.Helper()
	var last snapshot
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		p.tm.Send(probeMsg{})
		select {
		case last = <-p.snaps:
			if cond(last) {
				return
			}
		case <-time.After(time.Second):
		}
	}
	p.t.Fatalf("waiting for %s; the screen is:\n%s", what, last.text)
}

func (p *program) quit() {
	p.send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	p.tm.WaitFinished(p.t, teatest.WithFinalTimeout(3*time.Second))
}

// The real program on the sandbox: it starts, opens an organization and one
// of its connections, and quits on q.
func TestSmokeRealProgram(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	p := runProgram(t, c, Options{Tenant: "sandbox"}, nil)
	p.waitFor("the organizations", func(s snapshot) bool { return strings.Contains(s.text, "40 organizations") })
	p.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	p.waitFor("globex's connections", func(s snapshot) bool {
		return s.title == "globex" && strings.Contains(s.text, "globex-okta") && strings.Contains(s.text, "LOGIN PROMPT")
	})
	p.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	p.waitFor("the globex-okta connection", func(s snapshot) bool { return s.title == "globex-okta" && s.depth == 3 })
	p.quit()
}
