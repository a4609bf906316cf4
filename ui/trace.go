package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/theme"
)

// traceScreen answers "why can't this user sign in?": a short form (the
// application or the organization the screen was opened from lacks, and
// an email address, which may stay empty), then the login path step by
// step (model.TraceLogin), from what the client reads of the tenant.
type traceScreen struct {
	env   env
	keys  traceKeys
	form  *huh.Form
	width int
	// app and org are what is traced (names or ids); fixedApp/fixedOrg
	// say which one the screen was opened on, so the form asks the other.
	app, org, email    string
	fixedApp, fixedOrg bool
	apps               []model.Client // to pick from, when the app is asked
	snapGen            int            // the session's snapshot the names come from
	stage              traceStage
	trace              model.Trace
	in                 model.TraceInput
	notes              []string
	err                error
	textScroll
}

type traceStage int

const (
	traceAsk traceStage = iota
	traceReading
	traceShown
)

// traceKeys are the trace screen's, beside esc.
type traceKeys struct{ Fix, Again, Move key.Binding }

func newTraceKeys(k keys.Map) traceKeys {
	return traceKeys{Fix: keys.As(k.Fix, "make the fix"), Again: keys.As(k.Edit, "trace another"), Move: keys.As(k.Move, "scroll")}
}

// tracedMsg carries a trace read from the tenant, or why it could not be;
// in is what it was traced from, for the forms that make its fixes.
type tracedMsg struct {
	trace model.Trace
	in    model.TraceInput
	notes []string
	err   error
}

// traceConnsMsg carries the tenant's connections, for the form that
// enables one on the organization.
type traceConnsMsg struct {
	conns []model.Connection
	err   error
}

// traceAppsMsg carries the applications to pick from.
type traceAppsMsg struct {
	apps []model.Client
	err  error
}

// newTraceFromOrg traces a login into org: the application is picked from
// the tenant's (read as the screen opens).
func newTraceFromOrg(e env, org model.Organization) *traceScreen {
	s := &traceScreen{env: e, keys: newTraceKeys(e.keys), org: org.ID, fixedOrg: true}
	s.build()
	return s
}

// setApps puts the applications to pick from in order: those that use
// organizations first.
func (s *traceScreen) setApps(apps []model.Client) {
	s.apps = nil
	for _, first := range []bool{true, false} {
		for _, a := range apps {
			if a.UsesOrganizations() == first {
				s.apps = append(s.apps, a)
			}
		}
	}
	if len(s.apps) > 0 && s.app == "" {
		s.app = s.apps[0].ClientID
	}
}

// newTraceFromApp traces a login to app: the organization is typed, its
// name completed from the session's snapshot when there is one (a list to
// pick from would not do at 100,000 organizations).
func newTraceFromApp(e env, app model.Client) *traceScreen {
	s := &traceScreen{env: e, keys: newTraceKeys(e.keys), app: app.ClientID, fixedApp: true, snapGen: e.session.snapshotGen()}
	s.build()
	return s
}

// orgNames are the names to complete the organization with: the session
// snapshot's, none before it has one. huh asks again when snapGen moves.
func (s *traceScreen) orgNames() []string {
	snap := s.env.session.snapshot()
	if snap == nil {
		return nil
	}
	names := make([]string, len(snap.Organizations))
	for i, o := range snap.Organizations {
		names[i] = o.Name
	}
	return names
}

func (s *traceScreen) build() {
	var fields []huh.Field
	if !s.fixedApp {
		opts := make([]huh.Option[string], 0, len(s.apps))
		for _, a := range s.apps {
			opts = append(opts, huh.NewOption(model.CleanLine(a.Name)+"  ("+model.OrDash(a.OrganizationUsage)+")", a.ClientID))
		}
		fields = append(fields, huh.NewSelect[string]().Title("Application").Description("/ to filter; those that use organizations first").
			Options(opts...).Value(&s.app).Height(min(10, len(opts)+2)))
	}
	if !s.fixedOrg {
		about := func() string {
			if s.env.session.snapshot() == nil {
				return "its name or id"
			}
			return "its name or id; ctrl+e completes a name"
		}
		fields = append(fields, huh.NewInput().Title("Organization").DescriptionFunc(about, &s.snapGen).Value(&s.org).
			SuggestionsFunc(s.orgNames, &s.snapGen).
			Validate(func(v string) error {
				if strings.TrimSpace(v) == "" {
					return errText("name the organization")
				}
				return nil
			}))
	}
	fields = append(fields, huh.NewInput().Title("Email address").
		Description("optional: where this address goes, and whether it becomes a member").Value(&s.email))
	s.form = huh.NewForm(huh.NewGroup(fields...)).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithShowErrors(false).
		WithWidth(min(max(s.width, 40), 90))
	s.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	s.form.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
}

// errText is an error whose text is the sentence.
type errText string

func (e errText) Error() string { return string(e) }

func (s *traceScreen) Init() tea.Cmd {
	if s.fixedApp {
		return s.form.Init()
	}
	return tea.Batch(s.form.Init(), s.env.api("read the applications", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		apps, err := client.Collect(c.Clients(ctx))
		return traceAppsMsg{apps: apps, err: err}, err
	}))
}

func (s *traceScreen) Title() string { return "Trace a login" }

func (s *traceScreen) Capturing() bool { return s.stage == traceAsk }

func (s *traceScreen) Keys() []key.Binding {
	if s.stage == traceShown {
		_, fixable := s.trace.FixStep()
		return []key.Binding{keys.If(fixable, s.keys.Fix), s.keys.Again, keys.If(s.scrolls(), s.keys.Move)}
	}
	return s.form.KeyBinds()
}

func (s *traceScreen) read() tea.Cmd {
	s.stage, s.err = traceReading, nil
	app, org, email := s.app, strings.TrimSpace(s.org), strings.TrimSpace(s.email)
	return s.env.api("trace the login path", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		in, notes, err := c.TraceInput(ctx, app, org, email)
		if err != nil {
			return tracedMsg{err: err}, err
		}
		return tracedMsg{trace: model.TraceLogin(in), in: in, notes: notes}, nil
	})
}

func (s *traceScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.form = s.form.WithWidth(min(msg.Width, 90))
		s.fitScroll()
		return s, nil, stay()
	case traceConnsMsg:
		if msg.err != nil || s.in.Org == nil {
			return s, nil, stay() // the request log and the status bar say why
		}
		conns := make(map[string]model.Connection, len(msg.conns))
		for _, c := range msg.conns {
			conns[c.ID] = c
		}
		s.env.session.setConnections(msg.conns)
		org, links, parent := *s.in.Org, s.in.Links, s.env.id
		return s, nil, push(func(e env) screen { return newLinkForm(e, parent, org, links, conns, nil) })
	case snapshotChangedMsg:
		s.snapGen = s.env.session.snapshotGen() // the names to complete change
	case traceAppsMsg:
		if msg.err != nil {
			s.err = msg.err
			return s, nil, stay()
		}
		s.setApps(msg.apps)
		s.build()
		return s, s.form.Init(), stay()
	case formCancelledMsg:
		return s, nil, pop()
	case formSubmittedMsg:
		return s, s.read(), stay()
	case tracedMsg:
		if msg.err != nil {
			// The read failed: back to the form, values kept, the error said.
			s.stage, s.err = traceAsk, msg.err
			s.build()
			return s, s.form.Init(), stay()
		}
		s.stage, s.trace, s.in, s.notes, s.top = traceShown, msg.trace, msg.in, msg.notes, 0
		s.fitScroll()
		return s, nil, stay()
	case linkChangedMsg, connChangedMsg:
		// A fix was made: trace again, to show what it changed.
		if s.stage == traceShown {
			return s, s.read(), stay()
		}
		return s, nil, stay()
	case tea.KeyPressMsg:
		switch s.stage {
		case traceShown:
			switch {
			case key.Matches(msg, s.keys.Fix):
				cmd, nav := s.fix()
				return s, cmd, nav
			case key.Matches(msg, s.keys.Again):
				s.stage = traceAsk
				s.build()
				return s, s.form.Init(), stay()
			default:
				s.scroll(s.env.keys, msg)
			}
			return s, nil, stay()
		case traceReading:
			return s, nil, stay()
		}
	}
	if s.stage == traceAsk {
		if k, ok := msg.(tea.KeyPressMsg); ok && escLeaves(s.form, k, s.env.keys.Back) {
			return s, nil, pop() // nothing is sent: nothing to ask
		}
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, stay()
	}
	return s, nil, stay()
}

func (s *traceScreen) View(rc renderCtx) string {
	st := rc.Styles
	switch s.stage {
	case traceAsk:
		var head []string
		if s.err != nil {
			head = append(head, wrapStyled(st.Error.Render, "✗ "+describe(s.err), rc.Width)...)
		}
		for _, err := range s.form.Errors() {
			head = append(head, wrapStyled(st.Error.Render, "✗ "+err.Error(), rc.Width)...)
		}
		return strings.Join(append(head, s.form.View()), "\n")
	case traceReading:
		return st.Muted.Render("Reading what the login path needs…")
	}
	return strings.Join(s.traceLines(rc), "\n")
}

// fitScroll works out how far the trace scrolls at the screen's size.
func (s *traceScreen) fitScroll() {
	s.fit(len(s.allLines(renderCtx{Width: max(s.width, 20), Styles: theme.New(false, true)})))
}

// traceLines are the trace as the screen shows it, in a window that the
// scroll keys move.
func (s *traceScreen) traceLines(rc renderCtx) []string {
	return s.window(s.allLines(rc), rc.Width, rc.Height)
}

// allLines are the whole trace: the verdict first, then each step with
// its facts and fix.
func (s *traceScreen) allLines(rc renderCtx) []string {
	st := rc.Styles
	tr := s.trace
	verdict := st.OK.Render
	if !tr.Works {
		verdict = st.Error.Render
	}
	lines := wrapStyled(verdict, model.CleanLine(tr.Verdict), rc.Width)
	for _, n := range s.notes {
		lines = append(lines, wrapStyled(st.Muted.Render, model.CleanLine(n), rc.Width)...)
	}
	lines = append(lines, "")
	marks := map[model.TraceStatus]string{model.TraceOK: "✓", model.TraceFail: "✗", model.TraceWarn: "!", model.TraceUnknown: "·"}
	styles := map[model.TraceStatus]func(...string) string{model.TraceOK: st.OK.Render, model.TraceFail: st.Error.Render,
		model.TraceWarn: st.Warn.Render, model.TraceUnknown: st.Muted.Render}
	for _, step := range tr.Steps {
		lines = append(lines, styles[step.Status](marks[step.Status]+" "+strings.ToUpper(step.Step)))
		for _, f := range step.Facts {
			for _, l := range wrapLines(model.CleanLine(f), rc.Width-4) {
				lines = append(lines, "    "+l)
			}
		}
		if step.Fix != "" {
			for _, l := range wrapStyled(st.Label.Render, "fix: "+model.CleanLine(step.Fix), rc.Width-4) {
				lines = append(lines, "    "+l)
			}
		}
	}
	return lines
}

// wrapStyled wraps text to width and styles each line.
func wrapStyled(style func(...string) string, text string, width int) []string {
	lines := wrapLines(text, width)
	for i, l := range lines {
		lines[i] = style(l)
	}
	return lines
}

// fix opens the form that makes the fix of the trace's FixStep, filled in
// and, where the fix is one known change of a link, straight at its plan.
func (s *traceScreen) fix() (tea.Cmd, nav) {
	step, ok := s.trace.FixStep()
	if !ok || s.in.Org == nil {
		return nil, stay()
	}
	org, links, conns, parent := *s.in.Org, s.in.Links, s.in.Conns, s.env.id
	switch step.FixKind {
	case model.FixEnableForApplication:
		if refusal := s.env.refuse("update:connections"); refusal != nil {
			return refusal, stay()
		}
		conn := conns[step.FixConnection]
		app := s.in.Client.ClientID // the cursor on the application traced
		return nil, push(func(e env) screen {
			cs := newConnAppsScreen(e, parent, conn).(*connAppsScreen)
			cs.focus = app
			return cs
		})
	case model.FixEnableOnOrganization:
		if refusal := s.env.refuse("create:organization_connections"); refusal != nil {
			return refusal, stay()
		}
		// The trace read only the connections the organization has: the
		// form picks from all of the tenant's.
		return s.env.api("read the connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			all, err := client.Collect(c.Connections(ctx))
			return traceConnsMsg{conns: all, err: err}, err
		}), stay()
	}
	if refusal := s.env.refuse("update:organization_connections"); refusal != nil {
		return refusal, stay()
	}
	var link *model.OrganizationConnection
	for i := range links {
		if links[i].ConnectionID == step.FixConnection {
			l := links[i]
			link = &l
		}
	}
	if link == nil {
		return nil, stay()
	}
	change := map[string]func(*linkValues){
		model.FixSwitchLinkOn:     func(v *linkValues) { v.Enabled = true },
		model.FixShowAsButton:     func(v *linkValues) { v.Button = true },
		model.FixAssignMembership: func(v *linkValues) { v.Membership = true },
	}[step.FixKind]
	if change == nil {
		return nil, stay()
	}
	return linkFixForm(parent, org, links, conns, link, change)
}
