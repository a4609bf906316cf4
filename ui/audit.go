package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// auditScreen reads the whole tenant (with progress, cancelled by esc)
// and shows what the audit rules find in it, worst first; enter opens the
// object a finding concerns.
type auditScreen struct {
	env      env
	progress *readProgress
	snap     *model.Snapshot
	findings []model.Finding
	err      error
	reading  string // the crawl's progress line, updated on each tick
	table    table.Model
	keys     auditKeys
}

type (
	// auditDoneMsg carries a snapshot and what the rules find in it,
	// worked out off the UI's goroutine (0.3 s at 100,000 orgs).
	auditDoneMsg struct {
		snap     *model.Snapshot
		findings []model.Finding
		how      string // how the snapshot was brought up to date
		err      error
	}
)

func newAuditScreen(e env) screen {
	s := &auditScreen{env: e, table: table.New(table.Column{Title: "SEVERITY", Width: 8}, table.Column{Title: "RULE", Width: 26},
		table.Column{Title: "OBJECT", Width: 20, Flex: true}, table.Column{Title: "PROBLEM", Width: 30, Flex: true})}
	s.table.Detail = nil // the finding under the cursor is shown in full below
	s.keys = newAuditKeys(e.keys)
	return s
}

// auditKeys are the audit's: open the object of a finding, fix it, bring the snapshot up to date.
type auditKeys struct{ Open, Fix, Again key.Binding }

func newAuditKeys(k keys.Map) auditKeys {
	return auditKeys{
		Open:  keys.As(k.Open, "open the object"),
		Fix:   k.Fix,
		Again: keys.As(k.Refresh, "bring up to date"),
	}
}

// crawl brings the session's snapshot up to date (a refresh from the
// tenant log, or a crawl) and audits it.
func (s *auditScreen) crawl() tea.Cmd {
	p := newReadProgress(time.Now())
	s.progress, s.err, s.reading = p, nil, ""
	sess := s.env.session
	return tea.Batch(s.env.longAPI("bring the tenant's snapshot up to date for the audit", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		snap, how, err := sess.updateSnapshot(ctx, c, p.set)
		if err != nil {
			return auditDoneMsg{err: err}, err
		}
		return auditDoneMsg{snap: snap, findings: sess.auditOf(snap), how: how}, nil
	}), p.tick())
}

// auditSnapshot audits a snapshot the session already holds, off the UI
// goroutine.
func auditSnapshot(sess *session, snap *model.Snapshot) tea.Cmd {
	return func() tea.Msg {
		return auditDoneMsg{snap: snap, findings: sess.auditOf(snap)}
	}
}

// auditOf runs the audit's rules over snap, with the tenant's policy file
// (read again each time: it may have been edited): a file that cannot be
// checked is itself a finding, whose fix is :policy.
func (s *session) auditOf(snap *model.Snapshot) []model.Finding {
	cfg := s.audit
	var problem *model.Finding
	if s.policyFile != "" {
		if ps, err := loadPolicies(s.policyFile, snap); err != nil {
			lines := strings.Split(err.Error(), "\n")
			problem = &model.Finding{Rule: "policy-file", Severity: model.SeverityError,
				Objects: []model.ObjectRef{{Kind: "file", ID: s.policyFile, Name: s.policyFile}},
				Problem: "the policy file cannot be checked: " + lines[0] + map[bool]string{true: " (and " + model.Count(len(lines)-1, "more problem") + ")", false: ""}[len(lines) > 1],
				Fix:     ":policy lists every problem, at its line", Source: "audit.policy_file in the config"}
		} else {
			cfg.Policies = ps
		}
	}
	fs := model.Audit(snap, cfg)
	if problem != nil {
		fs = append([]model.Finding{*problem}, fs...)
	}
	return fs
}

func (s *auditScreen) Init() tea.Cmd {
	if snap := s.env.session.snapshot(); snap != nil {
		s.progress = newReadProgress(time.Now())
		return auditSnapshot(s.env.session, snap)
	}
	return s.crawl()
}
func (s *auditScreen) Title() string        { return "Audit" }
func (s *auditScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *auditScreen) Capturing() bool      { return s.table.Capturing() }
func (s *auditScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r brings the snapshot up to date and checks it again.
func (s *auditScreen) refreshes() bool { return s.snap != nil || s.err != nil }

// Keys are the audit's in its state: while it reads, only esc, which
// stops the reading; on a finding, x only where a form fixes it.
func (s *auditScreen) Keys() []key.Binding {
	if s.snap == nil && s.err == nil {
		return []key.Binding{keys.As(s.env.keys.Back, "stop reading")}
	}
	f, ok := s.finding()
	return []key.Binding{keys.If(ok, s.keys.Open), keys.If(ok && fixable(f.Rule), s.keys.Fix), s.keys.Again, s.table.FilterKey()}
}

func (s *auditScreen) setFindings(fs []model.Finding) {
	s.findings = fs
	rows := make([]table.Row, len(fs))
	for i, f := range fs {
		names := make([]string, len(f.Objects))
		for j, o := range f.Objects {
			names[j] = o.Name
		}
		rows[i] = table.Row{Key: itoa(i), Cells: []string{string(f.Severity), f.Rule, strings.Join(names, ", "), f.Problem}}
	}
	s.table.SetRows(rows)
}

func (s *auditScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height - 1 - auditDetailLines)
	case readTickMsg:
		return s, s.progress.advance(msg, s.snap == nil && s.err == nil, &s.reading), stay()
	case auditDoneMsg:
		s.err = msg.err
		if msg.err == nil {
			s.snap = msg.snap
			s.env.session.setSnapshot(msg.snap)
			s.setFindings(msg.findings)
		}
		if msg.how != "" {
			return s, flash("snapshot " + msg.how), stay()
		}
		return s, nil, stay()
	case snapshotChangedMsg:
		// A background refresh brought news: audit it.
		if snap := s.env.session.snapshot(); s.snap != nil && snap != nil && snap != s.snap {
			return s, auditSnapshot(s.env.session, snap), stay()
		}
		return s, nil, stay()
	case refreshMsg:
		s.snap = nil
		return s, s.crawl(), stay()
	case linkChangedMsg:
		return s, s.reaudit(msg.summary), stay()
	case appChangedMsg:
		return s, flash("✓ " + msg.summary + " · r re-checks now"), stay()
	case connChangedMsg:
		return s, flash("✓ " + msg.summary + " · r re-checks now"), stay()
	case profileChangedMsg:
		return s, flash("✓ " + msg.summary + " · r re-checks now"), stay()
	case tea.KeyPressMsg:
		if s.table.Capturing() {
			break
		}
		switch {
		case key.Matches(msg, s.keys.Again) && (s.snap != nil || s.err != nil):
			s.snap = nil
			return s, s.crawl(), stay()
		case key.Matches(msg, s.keys.Open) && s.snap != nil:
			return s, nil, s.open()
		case key.Matches(msg, s.keys.Fix) && s.snap != nil:
			if f, ok := s.finding(); ok {
				cmd, nav := s.fix(f)
				return s, cmd, nav
			}
			return s, nil, stay()
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

// open goes to the first object of the selected finding.
func (s *auditScreen) open() nav {
	f, ok := s.finding()
	if !ok || len(f.Objects) == 0 {
		return stay()
	}
	return openObject(f.Objects[0], s.snap, s.env.id)
}

// openObject opens the screen of a tenant object (a link opens its
// organization) as snap holds it; nothing when snap does not hold it.
func openObject(o model.ObjectRef, snap *model.Snapshot, parent int) nav {
	if snap == nil {
		return stay()
	}
	switch o.Kind {
	case model.KindOrganization, model.KindLink:
		id := o.ID
		if o.Kind == model.KindLink {
			id = o.OrgID
		}
		for _, org := range snap.Organizations {
			if org.ID == id {
				return push(func(e env) screen { return newOrgDetailScreen(e, org, parent) })
			}
		}
	case model.KindConnection:
		if c, ok := snap.ConnectionsByID()[o.ID]; ok {
			return push(func(e env) screen { return newConnDetailScreen(e, c) })
		}
	case model.KindProfile:
		if p, ok := snap.ProfilesByID()[o.ID]; ok {
			return push(func(e env) screen { return newProfileDetailScreen(e, p) })
		}
	case model.KindClient:
		names := map[string]string{}
		for _, p := range snap.Profiles {
			names[p.ID] = p.Name
		}
		for _, app := range snap.Clients {
			if app.ClientID == o.ID {
				apps := snap.Clients
				return push(func(e env) screen { return newClientDetailScreen(e, app, names, apps) })
			}
		}
	}
	return stay()
}

// finding is the finding under the cursor.
func (s *auditScreen) finding() (model.Finding, bool) {
	r, ok := s.table.Selected()
	if !ok {
		return model.Finding{}, false
	}
	i, err := strconv.Atoi(r.Key)
	if err != nil || i >= len(s.findings) {
		return model.Finding{}, false
	}
	return s.findings[i], true
}

func (s *auditScreen) View(rc renderCtx) string {
	st := rc.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(describe(s.err)) + "\n" + st.Muted.Render("r tries again.")
	case s.snap == nil:
		return readingView(st, s.reading)
	}
	counts := map[model.Severity]int{}
	for _, f := range s.findings {
		counts[f.Severity]++
	}
	head := fmt.Sprintf("%s: %s · %s · %d info", model.Count(len(s.findings), "finding"),
		model.Count(counts[model.SeverityError], "error"), model.Count(counts[model.SeverityWarning], "warning"), counts[model.SeverityInfo])
	// The cursor's place leads the heading: the detail's lines are the
	// finding's, whole.
	if pos := s.table.Position(); pos != "" {
		head = pos + " · " + head
	}
	sub := model.Count(len(s.snap.Organizations), "organization") + ", " + model.Count(len(s.snap.Connections), "connection") +
		"; r brings them up to date"
	if s.snap.GrantsUnread != "" {
		sub = "grant rules not run (" + s.snap.GrantsUnread + ") · " + sub
	}
	// Under the table, the finding under the cursor in full: the table
	// cuts its problem to a column.
	detail := make([]string, 0, auditDetailLines)
	if f, ok := s.finding(); ok {
		fix := f.Fix
		switch {
		case plannedFix(f.Rule):
			fix += " · x shows the request that fixes it"
		case fixable(f.Rule):
			fix += " · x opens the form"
		}
		for i, l := range wrapAtMost("what "+f.Problem, rc.Width, auditProblemLines) {
			if i == 0 {
				l = st.Label.Render("what") + strings.TrimPrefix(l, "what")
			}
			detail = append(detail, l)
		}
		for i, l := range wrapAtMost("fix  "+fix, rc.Width, auditDetailLines-auditProblemLines) {
			if i == 0 {
				l = st.Label.Render("fix") + strings.TrimPrefix(l, "fix")
			}
			detail = append(detail, l)
		}
	}
	for len(detail) < auditDetailLines {
		detail = append(detail, "")
	}
	tbl := s.table.View(rc.Width, rc.Styles, "Nothing to report: every rule passes.")
	if n := strings.Count(tbl, "\n") + 1; n < rc.Height-1-auditDetailLines {
		tbl += strings.Repeat("\n", rc.Height-1-auditDetailLines-n)
	}
	return table.Fit(st.Header.Render(head)+"  "+st.Muted.Render(sub), rc.Width) + "\n" + tbl + "\n" + strings.Join(detail, "\n")
}

// auditDetailLines is the room under the findings for the one under the
// cursor: its problem (auditProblemLines: the longest need three at 80
// columns) and its fix.
const (
	auditDetailLines  = 5
	auditProblemLines = 3
)
