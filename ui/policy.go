package ui

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// policyScreen checks a policy file (docs/policy.md) against the session's
// snapshot: the violations by policy and organization, the one under the
// cursor in full below. x applies the marked ones (or the one under the
// cursor), B all of them: the plan goes to the bulk screen, which runs it
// as any batch. The tenant's policy file (audit.policy_file) is checked as
// the screen opens; e picks another.
type policyScreen struct {
	env    env
	keys   policyKeys
	path   string
	form   *huh.Form // asking for the file
	asking bool
	ps     *model.PolicySet
	vs     []model.PolicyViolation
	data   *model.Snapshot // the snapshot checked
	marked map[int]bool    // violations marked, by index
	errs   []string        // the file's problems, a line each
	table  table.Model
	width  int
	height int
	// applied is set when a plan went to the bulk screen: back here, the
	// tenant is read again and the file checked against it.
	applied bool
	tenantRead
}

type policyKeys struct {
	Apply, ApplyAll, Mark, MarkAll, File key.Binding
}

func newPolicyKeys(k keys.Map) policyKeys {
	return policyKeys{
		Apply:    keys.As(k.Fix, "apply: the marked, or this one"),
		ApplyAll: keys.As(k.Bulk, "apply all"),
		Mark:     k.Mark,
		MarkAll:  k.MarkAll,
		File:     keys.As(k.Edit, "another policy file"),
	}
}

// policyCheckedMsg carries a check: the set and its violations, or the
// file's problems.
type policyCheckedMsg struct {
	path string
	ps   *model.PolicySet
	vs   []model.PolicyViolation
	snap *model.Snapshot
	err  error
}

// policyPlannedMsg carries the plan that makes some violations hold.
type policyPlannedMsg struct {
	plan  model.BulkPlan
	title string
	est   time.Duration
}

func newPolicyScreen(e env) screen {
	s := &policyScreen{env: e, keys: newPolicyKeys(e.keys), path: e.session.policyFile, marked: map[int]bool{},
		// WHAT is the widest when room is short: a setting and its
		// connection are what differ from row to row. A severity is its
		// policy's, said on the cursor's line.
		table: table.New(table.Column{Title: "POLICY", Width: 14},
			table.Column{Title: "ORGANIZATION", Width: 18, Flex: true}, table.Column{Title: "WHAT", Width: 32, Flex: true},
			table.Column{Title: "IS → SHOULD BE", Width: 16, Flex: true})}
	s.table.Detail = nil // the violation under the cursor is shown in full below
	if s.path == "" {
		s.ask()
	}
	return s
}

// ask builds the form that asks for the file, the last one typed kept.
func (s *policyScreen) ask() {
	s.asking = true
	s.form = huh.NewForm(huh.NewGroup(huh.NewInput().Title("Policy file").
		// One line at 80 columns: huh's input loses its line under a
		// description that wraps.
		Description("a YAML file of policies (docs/policy.md)").
		Value(&s.path).Validate(func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errText("name the file")
		}
		return nil
	}))).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithWidth(min(max(s.width, 40), 90))
	s.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	s.form.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
}

func (s *policyScreen) Init() tea.Cmd {
	if s.asking {
		return s.form.Init()
	}
	return s.check()
}

// check reads the file and checks it against the session's snapshot
// (read first when there is none), off the UI's goroutine.
func (s *policyScreen) check() tea.Cmd {
	s.errs, s.err = nil, nil
	path := strings.TrimSpace(s.path)
	if snap := s.env.session.snapshot(); snap != nil {
		s.ready = true
		return func() tea.Msg { return checkPolicies(path, snap) }
	}
	return s.startRead(s.env, "bring the tenant's snapshot up to date for the policies")
}

// checkPolicies reads, resolves and checks a policy file.
func checkPolicies(path string, snap *model.Snapshot) policyCheckedMsg {
	ps, err := loadPolicies(path, snap)
	if err != nil {
		return policyCheckedMsg{path: path, err: err}
	}
	return policyCheckedMsg{path: path, ps: ps, vs: ps.Check(snap), snap: snap}
}

// loadPolicies reads a policy file and ties it to snap's connections.
func loadPolicies(path string, snap *model.Snapshot) (*model.PolicySet, error) {
	return client.ReadPolicies(path, snap.Connections)
}

func (s *policyScreen) Title() string {
	if s.ps != nil {
		return "Policies of " + model.CleanLine(filepath.Base(s.ps.Path))
	}
	return "Policies"
}
func (s *policyScreen) Capturing() bool      { return s.asking || s.table.Capturing() }
func (s *policyScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *policyScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r checks again (the file, and the snapshot brought up to date).
func (s *policyScreen) refreshes() bool { return !s.asking }

func (s *policyScreen) Keys() []key.Binding {
	if s.asking {
		return s.form.KeyBinds()
	}
	_, row := s.table.Selected()
	return []key.Binding{keys.If(row, s.keys.Apply), keys.If(len(s.vs) > 0, s.keys.ApplyAll), keys.If(row, s.keys.Mark),
		keys.If(row, s.keys.MarkAll), s.keys.File, keys.If(len(s.vs) > 0, s.table.FilterKey())}
}

func (s *policyScreen) setViolations(vs []model.PolicyViolation) {
	s.vs, s.marked = vs, map[int]bool{}
	rows := make([]table.Row, len(vs))
	for i := range vs {
		rows[i] = table.Row{Key: itoa(i), Cells: s.cells(i)}
	}
	s.table.SetRows(rows)
}

// policyMarkColumn is the policy's column, which carries a row's mark.
const policyMarkColumn = 0

// cells are a violation's row, its mark on the policy's name. The setting
// leads WHAT: a narrow column cuts the connection's name, which the
// cursor's line says in full.
func (s *policyScreen) cells(i int) []string {
	v := s.vs[i]
	what := v.Field
	if v.Connection != "" {
		what = v.Field + " " + v.Connection
	}
	name := v.Policy
	if s.marked[i] {
		name = "✓ " + name
	}
	return []string{name, v.Org.Name, what, v.Is + " → " + v.Should}
}

func (s *policyScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.table.SetArea(msg.Height - 1 - policyDetailLines)
		if s.asking {
			s.form = s.form.WithWidth(min(msg.Width, 90))
		}
		if s.applied { // back from the bulk screen: what it changed shows
			s.applied, s.ready = false, false
			return s, s.startRead(s.env, "bring the tenant's snapshot up to date for the policies"), stay()
		}
		return s, nil, stay()
	case readTickMsg:
		return s, s.tickRead(msg), stay()
	case snapshotReadMsg:
		ok, cmd := s.readDone(s.env, msg)
		if ok {
			s.ready = true
			return s, tea.Batch(cmd, s.check()), stay()
		}
		return s, cmd, stay()
	case policyCheckedMsg:
		if msg.path != strings.TrimSpace(s.path) {
			return s, nil, stay() // an earlier file's check
		}
		s.ps, s.data = msg.ps, msg.snap
		if msg.err != nil {
			s.ps, s.errs = nil, strings.Split(msg.err.Error(), "\n")
			s.setViolations(nil)
			return s, nil, stay()
		}
		s.errs = nil
		s.setViolations(msg.vs)
		if idle := msg.ps.Idle(msg.snap); len(idle) > 0 {
			return s, flash("policy " + model.And(idle) + " selects no organization (a mistyped name or value?)"), stay()
		}
		return s, nil, stay()
	case refreshMsg:
		// r: the snapshot brought up to date from the tenant log, then
		// the file read and checked again.
		if !s.asking && s.path != "" {
			s.ready = false
			return s, s.startRead(s.env, "bring the tenant's snapshot up to date for the policies"), stay()
		}
		return s, nil, stay()
	case snapshotChangedMsg, linkChangedMsg:
		if !s.asking && s.path != "" {
			return s, s.check(), stay()
		}
		return s, nil, stay()
	case policyPlannedMsg:
		plan, title, est := msg.plan, msg.title, msg.est
		s.applied = true
		return s, nil, push(func(e env) screen { return newBulkPlanScreen(e, plan, title, est) })
	case formCancelledMsg:
		return s, nil, pop()
	case formSubmittedMsg:
		s.asking = false
		return s, s.check(), stay()
	case tea.KeyPressMsg:
		if s.asking {
			if escLeaves(s.form, msg, s.env.keys.Back) {
				if s.ps != nil || s.errs != nil {
					s.asking = false // back to the file checked before
					return s, nil, stay()
				}
				return s, nil, pop()
			}
			break
		}
		if s.table.Capturing() {
			s.table.Update(msg)
			return s, nil, stay()
		}
		return s.key(msg)
	}
	if s.asking {
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, stay()
	}
	return s, nil, stay()
}

func (s *policyScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd, nav) {
	r, row := s.table.Selected()
	switch {
	case key.Matches(msg, s.keys.File):
		s.ask()
		return s, s.form.Init(), stay()
	case key.Matches(msg, s.keys.Mark) && row:
		i := atoi(r.Key)
		s.mark(i, !s.marked[i])
		s.table.Move(1)
	case key.Matches(msg, s.keys.MarkAll) && row:
		shown := s.table.VisibleKeys()
		all := true
		for _, k := range shown {
			all = all && s.marked[atoi(k)]
		}
		for _, k := range shown {
			s.mark(atoi(k), !all)
		}
	case key.Matches(msg, s.keys.Apply) && row:
		pick := map[int]bool{}
		for i := range s.marked {
			pick[i] = true
		}
		if len(pick) == 0 {
			pick[atoi(r.Key)] = true
		}
		return s, s.plan(pick), stay()
	case key.Matches(msg, s.keys.ApplyAll) && len(s.vs) > 0:
		return s, s.plan(nil), stay()
	default:
		s.table.Update(msg)
	}
	return s, nil, stay()
}

func (s *policyScreen) mark(i int, on bool) {
	if on {
		s.marked[i] = true
	} else {
		delete(s.marked, i)
	}
	s.table.SetCell(itoa(i), policyMarkColumn, s.cells(i)[policyMarkColumn])
}

// plan works out the requests that make the picked violations hold (all
// when pick is nil): the policies' plan, kept to their organizations and
// connections. Violations no plan can fix (the organizations' own bounds)
// are left to a person, and said so.
func (s *policyScreen) plan(pick map[int]bool) tea.Cmd {
	if refusal := s.env.refuse(); refusal != nil {
		return refusal
	}
	want := map[string]bool{}
	unfixable := 0
	for i, v := range s.vs {
		if pick != nil && !pick[i] {
			continue
		}
		if !v.Fixable {
			unfixable++
			continue
		}
		want[v.Org.ID+"\x00"+v.Connection] = true
	}
	if len(want) == 0 {
		return flash("no plan can fix that: an organization's own bounds (metadata, display name, branding) need a person")
	}
	ps, snap := s.ps, s.data
	return s.env.api("plan the policies", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		full := ps.PlanPolicies(snap)
		plan := model.BulkPlan{Action: full.Action}
		for _, it := range full.Items {
			if want[it.Org.ID+"\x00"+full.Action.ConnectionOf(it).Name] {
				plan.Items = append(plan.Items, it)
			}
		}
		burst, rate, _ := c.LinkWriteBudget()
		title := full.Action.Describe()
		if unfixable > 0 {
			title += " · " + model.Count(unfixable, "violation") + " left to a person"
		}
		return policyPlannedMsg{plan: plan, title: title, est: model.BulkDuration(plan.Requests(), burst, rate)}, nil
	})
}

// policyDetailLines are the lines under the table: the violation in full.
const policyDetailLines = 3

func (s *policyScreen) View(rc renderCtx) string {
	st := rc.Styles
	if s.asking {
		return s.form.View()
	}
	if v, reading := s.readView(st); reading {
		return v
	}
	if s.errs != nil {
		path := strings.TrimSpace(s.path)
		lines := []string{st.Error.Render(model.CleanLine(path) + " cannot be checked:")}
		room := max(1, rc.Height-3) // the heading, and the hint under a blank line
		for i, e := range s.errs {
			// line:column, the file named once above
			wrapped := wrapStyled(st.Error.Render, "  "+model.CleanLine(strings.TrimPrefix(e, path+":")), rc.Width)
			if len(lines)+len(wrapped) > room {
				lines = append(lines, st.Error.Render("  … and "+model.Count(len(s.errs)-i, "more problem")+": orgscope policy check -f FILE lists them all"))
				break
			}
			lines = append(lines, wrapped...)
		}
		return strings.Join(append(lines, "", st.Muted.Render("e picks another file · r checks again")), "\n")
	}
	if s.ps == nil {
		return st.Muted.Render("Checking " + model.CleanLine(s.path) + "…")
	}
	if len(s.vs) == 0 {
		return st.OK.Render(model.CleanLine(s.data.Tenant) + " complies with the " + model.Count(len(s.ps.Policies), "policy") + " of " +
			model.CleanLine(s.ps.Path) + " (" + model.Count(len(s.data.Organizations), "organization") + ").")
	}
	body := s.table.View(rc.Width, st, "No violation matches the filter.")
	detail := make([]string, policyDetailLines)
	if r, ok := s.table.Selected(); ok {
		v := s.vs[atoi(r.Key)]
		f := v.Finding()
		fix := "x applies it"
		if !v.Fixable {
			fix = "a person must fix it: orgscope cannot choose the value"
		}
		at := v.Source
		at.File = filepath.Base(at.File) // the title names the file
		copy(detail, wrapAtMost(s.table.Position()+"  "+model.CleanLine(f.Problem+" · "+fix+" · "+string(v.Severity)+" of "+v.Policy+", "+at.String()), rc.Width, policyDetailLines))
	}
	for i, l := range detail {
		detail[i] = table.Fit(l, rc.Width)
	}
	return body + "\n" + strings.Join(detail, "\n")
}
