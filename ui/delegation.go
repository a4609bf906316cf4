package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/theme"
)

// delegationScreen answers "what can this organization's admins do?": for
// each application with My Organization settings, the sentence, then the
// facts (model.Delegation), from what the client reads of the tenant.
type delegationScreen struct {
	env   env
	keys  delegationKeys
	org   model.Organization
	ds    []model.Delegation
	read  bool
	width int
	textScroll
}

type delegationKeys struct{ Move key.Binding }

func newDelegationKeys(k keys.Map) delegationKeys {
	return delegationKeys{Move: keys.As(k.Move, "scroll")}
}

// delegatedMsg carries the delegations of an organization, or why they
// could not be read.
type delegatedMsg struct {
	ds  []model.Delegation
	err error
}

func newDelegationScreen(e env, org model.Organization) *delegationScreen {
	return &delegationScreen{env: e, keys: newDelegationKeys(e.keys), org: org}
}

func (s *delegationScreen) Init() tea.Cmd {
	id := s.org.ID
	return s.env.api("read what "+s.org.Name+"'s admins can do", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		snap, err := c.DelegationSnapshot(ctx, id)
		if err != nil {
			return delegatedMsg{err: err}, err
		}
		return delegatedMsg{ds: model.DelegationsOf(snap, snap.Organizations[0])}, nil
	})
}

func (s *delegationScreen) Title() string {
	return "What " + model.CleanLine(s.org.Name) + "'s admins can do"
}
func (s *delegationScreen) Capturing() bool { return false }

// refreshes: r reads it all again.
func (s *delegationScreen) refreshes() bool { return true }

func (s *delegationScreen) Keys() []key.Binding {
	return []key.Binding{keys.If(s.scrolls(), s.keys.Move)}
}

func (s *delegationScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.fitScroll()
	case delegatedMsg:
		s.read = msg.err == nil
		s.ds = msg.ds
		s.fitScroll()
	case refreshMsg:
		return s, s.Init(), stay()
	case tea.KeyPressMsg:
		s.scroll(s.env.keys, msg)
	}
	return s, nil, stay()
}

func (s *delegationScreen) fitScroll() {
	s.fit(len(s.lines(renderCtx{Width: max(s.width, 20), Styles: theme.New(false, true)})))
}

func (s *delegationScreen) View(rc renderCtx) string {
	if !s.read {
		return rc.Styles.Muted.Render("Reading the applications, their grants and profiles, and " + model.CleanLine(s.org.Name) + "'s links…")
	}
	return strings.Join(s.window(s.lines(rc), rc.Width, rc.Height), "\n")
}

// lines are every application's delegation: a header, the sentence, the
// facts indented.
func (s *delegationScreen) lines(rc renderCtx) []string {
	st := rc.Styles
	if len(s.ds) == 0 {
		return []string{st.Muted.Render("No application has My Organization settings: " + model.CleanLine(s.org.Name) + "'s admins can do nothing through the My Organization API.")}
	}
	var lines []string
	for i, d := range s.ds {
		if i > 0 {
			lines = append(lines, "")
		}
		style := st.OK.Render
		if !d.Works {
			style = st.Muted.Render
		}
		// Upper case before the cleaning: an escape still reads \x1b.
		lines = append(lines, st.Header.Render(model.CleanLine(strings.ToUpper(d.App))))
		lines = append(lines, wrapStyled(style, model.CleanLine(d.Summary), rc.Width)...)
		for _, l := range d.Lines() {
			for j, w := range wrapLines(model.CleanLine(l), rc.Width-2) {
				if j > 0 {
					w = "            " + w
				}
				lines = append(lines, "  "+w)
			}
		}
	}
	return lines
}
