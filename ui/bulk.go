package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// bulkScreen changes one connection's links on many organizations: the
// action (a form), the plan per organization, then the run with live
// results, pause and cancel, and after it retry of the failures and undo
// of the batch. Every run is journalled: orgscope bulk resume finishes one
// that stopped.
type bulkScreen struct {
	env   env
	orgs  []model.Organization
	conns []model.Connection
	v     *bulkValues
	form  *huh.Form
	stage bulkStage
	err   error
	width int
	// height is the screen's: the form scrolls within it, under the line
	// that shows a field's refusal (huh's own footer would fall below a
	// long group).
	height int

	plan  model.BulkPlan
	title string // what the plan does
	// fromForm is set when the plan on show came from the form (esc goes
	// back to it), not from a batch (retry, undo).
	fromForm bool
	undo     string // the journal an undo plan undoes
	est      time.Duration
	table    table

	batch *client.BulkBatch
	// resume is the journal of a stopped batch this screen finishes.
	resume string
	gate   *client.Gate
	stop   chan struct{}
	prog   *bulkProgress
	// progress follows the reads a plan needs; reading is its line.
	progress *readProgress
	reading  string
	keys     struct{ Run, Pause, Stop, Finish, Retry, Undo key.Binding }
}

type bulkStage int

const (
	bulkAsk bulkStage = iota
	bulkPlanning
	bulkReview
	bulkRunning
	bulkDone
)

// bulkValues are the form's values; "" keeps a setting as it is (update)
// or leaves it to Auth0's default (enable).
type bulkValues struct {
	Kind, ConnID                      string
	Membership, Signup, Button, Level string
	// Enabled is the link's is_enabled; Name its organization connection
	// name ("" keeps it: a name cannot be cleared from here).
	Enabled, Name string
}

// bulkProgress is a run's results, written by its goroutines.
type bulkProgress struct {
	mu      sync.Mutex
	results []client.BulkResult
	began   time.Time
	// oks and fails are the results shown so far, as rows, oldest first
	// (the UI's goroutine only).
	oks, fails []row
}

func (p *bulkProgress) add(r client.BulkResult) {
	p.mu.Lock()
	p.results = append(p.results, r)
	p.mu.Unlock()
}

// since returns the results after the first n.
func (p *bulkProgress) since(n int) []client.BulkResult {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]client.BulkResult(nil), p.results[min(n, len(p.results)):]...)
}

type (
	bulkConnsMsg struct {
		conns []model.Connection
		err   error
	}
	bulkPlannedMsg struct {
		snap  *model.Snapshot
		plan  model.BulkPlan
		title string
		est   time.Duration
		// undo is the journal an undo plan undoes ("": a plan of the form).
		undo string
		err  error
	}
	bulkStartedMsg struct {
		batch *client.BulkBatch
		err   error
	}
	bulkRanMsg  struct{ err error }
	bulkTickMsg struct{}
)

func newBulkScreen(e env, orgs []model.Organization, conn *model.Connection) Screen {
	s := &bulkScreen{env: e, orgs: orgs, v: &bulkValues{Kind: string(model.BulkEnable)}, width: 80,
		table: newTable(column{title: "OUTCOME", width: 8}, column{title: "ORGANIZATION", width: 24},
			column{title: "DETAIL", width: 30, flex: true})}
	if conn != nil {
		// From a connection's Used by: its organizations all have it, so
		// the change they are there for is to their links.
		s.v.Kind, s.v.ConnID, s.conns = string(model.BulkUpdate), conn.ID, []model.Connection{*conn}
	}
	s.keys.Run = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run it"))
	s.keys.Pause = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause or resume"))
	s.keys.Stop = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "stop"))
	s.keys.Finish = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "finish it"))
	s.keys.Retry = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry the failures"))
	s.keys.Undo = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo the batch"))
	s.build()
	return s
}

// newBulkResumeScreen finishes a batch that stopped, from its journal.
func newBulkResumeScreen(e env, path string) Screen {
	s := newBulkScreen(e, nil, nil).(*bulkScreen)
	s.resume, s.stage = path, bulkPlanning
	return s
}

// openJournal reads a batch's journal back, to run what it has left.
func (s *bulkScreen) openJournal(path string) tea.Cmd {
	return s.env.api("open the batch's journal", func(context.Context, *client.Client) (tea.Msg, error) {
		b, err := client.OpenBulk(path)
		return bulkStartedMsg{batch: b, err: err}, err
	})
}

// stopped reports a batch that ended before its last item (x, or an error).
func (s *bulkScreen) stopped() bool {
	if s.batch == nil {
		return false
	}
	done, failed := s.batch.Counts()
	return done+failed < len(s.batch.Items)
}

// newBulkUndoScreen shows the plan that undoes a batch, to run it.
func newBulkUndoScreen(e env, path string, plan model.BulkPlan, title string) Screen {
	orgs := make([]model.Organization, len(plan.Items))
	for i, it := range plan.Items {
		orgs[i] = it.Org
	}
	s := newBulkScreen(e, orgs, nil).(*bulkScreen)
	s.undo, s.plan, s.title, s.stage = path, plan, title, bulkPlanning
	return s
}

func (s *bulkScreen) Init() tea.Cmd {
	if s.undo != "" && s.stage == bulkPlanning {
		return s.planUndo(s.undo, s.plan, s.title)
	}
	if s.resume != "" {
		return s.openJournal(s.resume)
	}
	if s.stage == bulkReview {
		return nil
	}
	cmds := []tea.Cmd{s.form.Init()}
	if len(s.conns) <= 1 {
		cmds = append(cmds, s.env.api("read connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			conns, err := client.Collect(c.Connections(ctx))
			return bulkConnsMsg{conns: conns, err: err}, err
		}))
	}
	return tea.Batch(cmds...)
}

func (s *bulkScreen) Title() string {
	return "Bulk change · " + model.Count(len(s.orgs), "organization")
}

func (s *bulkScreen) Capturing() bool { return s.stage == bulkAsk }

// busy holds back a quit while a batch runs: the journal would keep the
// rest, but a q meant for something else should not stop it.
func (s *bulkScreen) busy() string {
	if s.stage == bulkRunning {
		return "a bulk batch is running"
	}
	return ""
}

// wantsEsc keeps esc on the screen where it means more than leaving it:
// from a plan back to its form (or to the results it retries or undoes),
// and while a batch runs, stopping it.
func (s *bulkScreen) wantsEsc() bool {
	switch s.stage {
	case bulkReview:
		return s.table.filter != "" || s.fromForm || s.batch != nil
	case bulkRunning:
		return true
	case bulkDone:
		return s.table.filter != ""
	}
	return false
}

func (s *bulkScreen) Keys() []key.Binding {
	switch s.stage {
	case bulkAsk:
		return s.form.KeyBinds()
	case bulkReview:
		if s.plan.Requests() == 0 {
			return []key.Binding{s.table.keys.Filter}
		}
		return []key.Binding{s.keys.Run, s.table.keys.Filter}
	case bulkRunning:
		return []key.Binding{s.keys.Pause, s.keys.Stop}
	case bulkDone:
		var keys []key.Binding
		if s.stopped() {
			keys = append(keys, s.keys.Finish)
		}
		if _, failed := s.batch.Counts(); failed > 0 {
			keys = append(keys, s.keys.Retry)
		}
		return append(keys, s.keys.Undo, s.table.keys.Filter)
	}
	return nil
}

// build makes the form from the values (the connection list may arrive
// after it is first built).
func (s *bulkScreen) build() {
	keep := func(title string) *huh.Select[string] {
		return huh.NewSelect[string]().Title(title).
			Options(huh.NewOption("as it is (Auth0's default on a new link)", ""), huh.NewOption("yes", "yes"), huh.NewOption("no", "no"))
	}
	var connOpts []huh.Option[string]
	for _, c := range s.conns {
		connOpts = append(connOpts, huh.NewOption(fmt.Sprintf("%-32s %s", c.Name, c.Strategy), c.ID))
	}
	if len(connOpts) == 0 {
		connOpts = []huh.Option[string]{huh.NewOption("(reading connections…)", "")}
	}
	v := s.v
	kinds := make([]huh.Option[string], 0, 4)
	for _, k := range model.BulkKinds() {
		kinds = append(kinds, huh.NewOption(string(k), string(k)))
	}
	s.form = huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title("Change").Options(kinds...).Value(&v.Kind),
			huh.NewSelect[string]().Title("Connection").Description("/ to filter").Options(connOpts...).Value(&v.ConnID).
				Validate(func(id string) error {
					if id == "" {
						return fmt.Errorf("choose a connection")
					}
					return nil
				}),
		),
		huh.NewGroup(
			keep("Assign membership on login?").Value(&v.Membership),
			keep("Allow signup? (database connections, with membership)").Value(&v.Signup).
				Validate(func(signup string) error {
					// What no organization can take is refused here; what
					// depends on each link is the plan's to say.
					i := slices.IndexFunc(s.conns, func(c model.Connection) bool { return c.ID == v.ConnID })
					if signup != "yes" || i < 0 {
						return nil
					}
					if vi := model.ValidateSignup(s.conns[i].Strategy, v.Membership != "no", true); vi != nil {
						return vi
					}
					return nil
				}),
			keep("Show as a button?").Value(&v.Button),
			huh.NewSelect[string]().Title("Organization access level").
				Options(huh.NewOption("as it is (none on a new link)", ""), huh.NewOption("none", "none"), huh.NewOption("readonly", "readonly"),
					huh.NewOption("limited", "limited"), huh.NewOption("full", "full")).Value(&v.Level),
			keep("Link switched on (is_enabled)?").Value(&v.Enabled),
			huh.NewInput().Title("Name within each organization").Description("organization_connection_name; empty keeps it").
				Value(&v.Name).Validate(func(n string) error {
				if n == "" {
					return nil
				}
				if v := model.ValidateOrgConnectionName(n); v != nil {
					return v
				}
				return nil
			}),
		).WithHideFunc(func() bool { return v.Kind != string(model.BulkEnable) && v.Kind != string(model.BulkUpdate) }),
	).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithShowErrors(false).WithWidth(min(s.width, 90)).WithHeight(s.formHeight())
	s.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	s.form.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
}

// formHeight is the form's room: the screen less the error line above it.
func (s *bulkScreen) formHeight() int { return max(0, s.height-1) }

// action reads the form.
func (s *bulkScreen) action() (model.BulkAction, error) {
	a := model.BulkAction{Kind: model.BulkKind(s.v.Kind)}
	i := slices.IndexFunc(s.conns, func(c model.Connection) bool { return c.ID == s.v.ConnID })
	if i < 0 {
		return a, fmt.Errorf("choose a connection")
	}
	a.Connection = s.conns[i]
	yes := func(v string) *bool {
		if v == "" {
			return nil
		}
		b := v == "yes"
		return &b
	}
	if a.Kind == model.BulkEnable || a.Kind == model.BulkUpdate {
		a.Settings.AssignMembershipOnLogin, a.Settings.IsSignupEnabled, a.Settings.ShowAsButton = yes(s.v.Membership), yes(s.v.Signup), yes(s.v.Button)
		if s.v.Level != "" {
			lvl := model.AccessLevel(s.v.Level)
			a.Settings.OrganizationAccessLevel = &lvl
		}
		a.Settings.IsEnabled = yes(s.v.Enabled)
		if s.v.Name != "" {
			name := s.v.Name
			a.Settings.OrganizationConnectionName = &name
		}
	}
	if a.Kind == model.BulkUpdate && a.Settings.IsZero() {
		return a, fmt.Errorf("say what to change")
	}
	return a, nil
}

// directReads is how many organizations a plan reads the links of
// directly (one request each) when the session has no snapshot yet; more
// than that and the tenant's snapshot is brought up (a crawl, once).
const directReads = 2000

// planIt works the plan out: from the session's snapshot, brought up to
// date from the tenant log first; without one, from the links of the
// organizations concerned, read one by one (a few marked organizations do
// not need a crawl of the tenant).
func (s *bulkScreen) planIt(a model.BulkAction) tea.Cmd {
	s.stage, s.err, s.reading = bulkPlanning, nil, ""
	s.progress = newReadProgress(time.Now())
	sess, orgs, p := s.env.session, s.orgs, s.progress
	return tea.Batch(s.env.longAPI("plan "+a.Describe(), func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		links, snap, err := linksNow(ctx, c, sess, orgs, p.set)
		if err != nil {
			return bulkPlannedMsg{err: err}, err
		}
		plan := model.PlanBulk(a, orgs, func(id string) []model.OrganizationConnection { return links[id] })
		burst, rate, _ := c.LinkWriteBudget()
		return bulkPlannedMsg{snap: snap, plan: plan, title: a.Describe(), est: model.BulkDuration(plan.Requests(), burst, rate)}, nil
	}), p.tick())
}

// planUndo checks an undo plan against the links as they are now (see
// model.GuardUndo): it puts back what the batch changed, not what changed
// since.
func (s *bulkScreen) planUndo(path string, plan model.BulkPlan, title string) tea.Cmd {
	s.stage, s.err, s.reading, s.undo = bulkPlanning, nil, "", path
	s.progress = newReadProgress(time.Now())
	sess, p := s.env.session, s.progress
	orgs := make([]model.Organization, len(plan.Items))
	for i, it := range plan.Items {
		orgs[i] = it.Org
	}
	return tea.Batch(s.env.longAPI("plan "+title, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		links, snap, err := linksNow(ctx, c, sess, orgs, p.set)
		if err != nil {
			return bulkPlannedMsg{undo: path, err: err}, err
		}
		guarded := model.GuardUndo(plan, func(id string) []model.OrganizationConnection { return links[id] })
		burst, rate, _ := c.LinkWriteBudget()
		return bulkPlannedMsg{snap: snap, plan: guarded, title: title, undo: path,
			est: model.BulkDuration(guarded.Requests(), burst, rate)}, nil
	}), p.tick())
}

// linksNow reads what a plan needs, the organizations' links: from the
// session's snapshot brought up to date (snap is then that snapshot);
// without one, for a few organizations, one request each rather than a
// crawl of the tenant.
func linksNow(ctx context.Context, c *client.Client, sess *session, orgs []model.Organization, progress func(client.CrawlProgress)) (map[string][]model.OrganizationConnection, *model.Snapshot, error) {
	if sess.snapshot() == nil && len(orgs) <= directReads {
		links, err := c.LinksOf(ctx, orgs, progress)
		return links, nil, err
	}
	snap, _, err := sess.updateSnapshot(ctx, c, progress)
	if err != nil {
		return nil, nil, err
	}
	return snap.Links, snap, nil
}

func (s *bulkScreen) showPlan(p model.BulkPlan, title string, est time.Duration) {
	s.plan, s.title, s.est, s.stage, s.fromForm = p, title, est, bulkReview, false
	rows := make([]row, len(p.Items))
	for i, it := range p.Items {
		detail := it.Reason
		if it.Outcome == model.OutcomeUpdate {
			detail = strings.Join(it.Changes(), " ")
		}
		rows[i] = row{key: it.Org.ID, cells: []string{string(it.Outcome), it.Org.Name, detail}}
	}
	s.table.setRows(rows)
}

// start journals the plan and runs it.
func (s *bulkScreen) start() tea.Cmd {
	scope := map[model.BulkKind]string{model.BulkEnable: "create:organization_connections", model.BulkRemove: "delete:organization_connections"}[s.plan.Action.Kind]
	if scope == "" {
		scope = "update:organization_connections"
	}
	if refusal := s.env.refuse(scope); refusal != nil {
		return refusal
	}
	dir, plan, undo := s.env.session.bulkDir, s.plan, s.undo
	return s.env.api("journal the batch", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		name := strings.NewReplacer(":", "_", "/", "_").Replace(c.Domain()) + "-" + time.Now().UTC().Format("20060102-150405.000") + ".jsonl"
		b, err := client.StartBulk(filepath.Join(dir, name), c.Domain(), plan, undo)
		return bulkStartedMsg{batch: b, err: err}, err
	})
}

func (s *bulkScreen) run() tea.Cmd {
	s.stage, s.gate, s.stop = bulkRunning, &client.Gate{}, make(chan struct{})
	s.prog = &bulkProgress{began: time.Now()}
	b, gate, stop, prog := s.batch, s.gate, s.stop, s.prog
	return tea.Batch(s.env.longAPI(b.Action.Describe()+" on "+model.Count(len(b.Items), "organization"), func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := c.RunBulk(ctx, b, gate, prog.add)
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		return bulkRanMsg{err: err}, nil
	}), bulkTick())
}

func bulkTick() tea.Cmd {
	return tea.Tick(200*time.Millisecond, func(time.Time) tea.Msg { return bulkTickMsg{} })
}

func (s *bulkScreen) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.form = s.form.WithWidth(min(msg.Width, 90)).WithHeight(s.formHeight())
		s.table.setArea(msg.Height - 3 - bulkDetailLines)
		return s, nil, Stay()
	case bulkConnsMsg:
		if msg.err != nil {
			s.err = fmt.Errorf("cannot read the connections to choose from (%w): esc, then B, tries again", msg.err)
			return s, nil, Stay()
		}
		s.conns = msg.conns
		sortConnections(s.conns)
		s.build()
		return s, s.form.Init(), Stay()
	case formCancelledMsg:
		return s, nil, Pop()
	case formSubmittedMsg:
		a, err := s.action()
		if err != nil {
			s.err = err
			s.build()
			return s, s.form.Init(), Stay()
		}
		return s, s.planIt(a), Stay()
	case bulkPlannedMsg:
		switch {
		case msg.err != nil && msg.undo != "":
			s.err = msg.err
			if s.batch != nil { // back to the results it was to undo
				s.stage = bulkDone
			}
			return s, nil, Stay()
		case msg.err != nil:
			s.stage, s.err = bulkAsk, msg.err
			s.build()
			return s, s.form.Init(), Stay()
		}
		if msg.snap != nil {
			s.env.session.setSnapshot(msg.snap)
		}
		s.showPlan(msg.plan, msg.title, msg.est)
		s.undo, s.fromForm = msg.undo, msg.undo == ""
		return s, nil, Stay()
	case bulkStartedMsg:
		if msg.err != nil {
			s.err = msg.err
			if s.batch != nil { // finishing a stopped batch: back to its results
				s.stage = bulkDone
			}
			return s, nil, Stay()
		}
		s.batch = msg.batch
		if len(s.orgs) == 0 {
			for _, it := range msg.batch.Items {
				s.orgs = append(s.orgs, it.Org)
			}
		}
		return s, s.run(), Stay()
	case readTickMsg:
		return s, s.progress.advance(msg, s.stage == bulkPlanning, &s.reading), Stay()
	case bulkTickMsg:
		if s.stage == bulkRunning {
			s.showResults()
			return s, bulkTick(), Stay()
		}
		return s, nil, Stay()
	case bulkRanMsg:
		s.stage, s.err = bulkDone, msg.err
		s.showResults()
		s.env.session.markStale() // the snapshot catches up from the tenant log
		done, failed := s.batch.Counts()
		if failed > 0 {
			s.table.move(-len(s.table.rows)) // the first failure, its error in full
		}
		text := fmt.Sprintf("✓ %s done", model.Count(done, "change"))
		if failed > 0 {
			text += fmt.Sprintf(", %d failed", failed)
		}
		return s, flash(text), Stay()
	case refreshMsg:
		if s.stage == bulkDone {
			return s.retry()
		}
		return s, nil, Stay()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	if s.stage == bulkAsk {
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, Stay()
	}
	s.table.update(msg)
	return s, nil, Stay()
}

func (s *bulkScreen) key(msg tea.KeyPressMsg) (Screen, tea.Cmd, Nav) {
	switch s.stage {
	case bulkAsk:
		if msg.String() == "esc" {
			if sel, ok := s.form.GetFocusedField().(*huh.Select[string]); !ok || !sel.GetFiltering() {
				return s, nil, Pop()
			}
		}
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, Stay()
	case bulkPlanning:
		return s, nil, Stay()
	case bulkReview:
		switch {
		case s.table.capturing():
		case key.Matches(msg, s.keys.Run):
			if s.plan.Requests() == 0 {
				return s, flash("nothing to send: every organization is already as asked or refused"), Stay()
			}
			return s, s.start(), Stay()
		case msg.String() == "esc" && s.table.filter == "":
			switch {
			case s.fromForm:
				s.stage = bulkAsk
				s.build()
				return s, s.form.Init(), Stay()
			case s.batch != nil: // a retry or an undo not run: back to the results
				s.stage = bulkDone
				s.showResults()
				return s, nil, Stay()
			}
			return s, nil, Pop()
		}
	case bulkRunning:
		switch {
		case key.Matches(msg, s.keys.Pause):
			if s.gate.Paused() {
				s.gate.Resume()
				return s, flash("resumed"), Stay()
			}
			s.gate.Pause()
			return s, flash("paused: the requests in flight finish · p resumes"), Stay()
		case key.Matches(msg, s.keys.Stop), msg.String() == "esc":
			s.gate.Resume()
			close(s.stop)
			s.stop = make(chan struct{}) // a second x does nothing
			return s, flash("stopping: the requests in flight finish; the journal keeps the rest for orgscope bulk resume"), Stay()
		}
		return s, nil, Stay()
	case bulkDone:
		switch {
		case s.table.capturing():
		case key.Matches(msg, s.keys.Finish) && s.stopped():
			s.stage, s.err = bulkPlanning, nil
			return s, s.openJournal(s.batch.Path), Stay()
		case key.Matches(msg, s.keys.Retry):
			return s.retry()
		case key.Matches(msg, s.keys.Undo):
			p := s.batch.UndoPlan()
			if len(p.Items) == 0 {
				return s, flash("nothing was changed: nothing to undo"), Stay()
			}
			return s, s.planUndo(s.batch.Path, p, "undo: "+s.batch.Action.Describe()), Stay()
		}
	}
	s.table.update(msg)
	return s, nil, Stay()
}

// retry plans the failures again (r: the app hands it over as a refresh).
func (s *bulkScreen) retry() (Screen, tea.Cmd, Nav) {
	p := s.failedPlan()
	if len(p.Items) == 0 {
		return s, flash("no failure to retry"), Stay()
	}
	s.undo = ""
	s.showPlan(p, "retry: "+s.batch.Action.Describe(), 0)
	return s, nil, Stay()
}

// failedPlan is a new plan of the batch's failed items.
func (s *bulkScreen) failedPlan() model.BulkPlan {
	p := model.BulkPlan{Action: s.batch.Action}
	for _, it := range s.batch.Items {
		if _, failed := s.batch.Failed[it.Org.ID]; failed {
			p.Items = append(p.Items, it)
		}
	}
	return p
}

// showResults lists the run's results, the failures first: newest first
// while it runs, by organization once it is over. Each tick turns only the
// results that came since into rows (a run of 100,000 ticks five times a
// second on the UI's goroutine).
func (s *bulkScreen) showResults() {
	p := s.prog
	for _, r := range p.since(len(p.oks) + len(p.fails)) {
		cells := []string{"✓ " + string(r.Item.Outcome), r.Item.Org.Name, strings.Join(r.Item.Changes(), " ")}
		if r.Err != nil {
			cells = []string{"✗ failed", r.Item.Org.Name, describe(r.Err)}
		}
		rw := newRow(r.Item.Org.ID, cells...)
		if r.Err != nil {
			p.fails = append(p.fails, rw)
		} else {
			p.oks = append(p.oks, rw)
		}
	}
	rows := make([]row, 0, len(p.fails)+len(p.oks))
	if s.stage == bulkDone {
		byOrg := func(a, b row) int { return strings.Compare(a.cells[1], b.cells[1]) }
		rows = append(append(rows, slices.SortedStableFunc(slices.Values(p.fails), byOrg)...),
			slices.SortedStableFunc(slices.Values(p.oks), byOrg)...)
	} else {
		for i := len(p.fails) - 1; i >= 0; i-- {
			rows = append(rows, p.fails[i])
		}
		for i := len(p.oks) - 1; i >= 0; i-- {
			rows = append(rows, p.oks[i])
		}
	}
	s.table.setRows(rows)
}

func (s *bulkScreen) View(rc RenderCtx) string {
	st := rc.Styles
	var head []string
	switch {
	case s.err != nil && s.stage == bulkAsk:
		head = append(head, st.Error.Render(describeChange(s.err))) // r is the form's
	case s.err != nil:
		head = append(head, st.Error.Render(describe(s.err)))
	}
	switch s.stage {
	case bulkAsk:
		for _, err := range s.form.Errors() {
			for _, l := range wrapLines("✗ "+err.Error(), rc.Width) {
				head = append(head, st.Error.Render(l))
			}
		}
		return strings.Join(append(head, s.form.View()), "\n")
	case bulkPlanning:
		if s.err != nil {
			return strings.Join(head, "\n") // the journal could not be read
		}
		line := "Working out the plan from the tenant's snapshot…"
		switch {
		case s.undo != "":
			line = "Checking the organizations as they are now: the undo leaves alone what changed since the batch…"
		case s.batch != nil || s.resume != "":
			line = "Reading the batch's journal…"
		}
		if s.reading != "" {
			line = s.reading
		}
		return strings.Join(append(head, st.Muted.Render(line)), "\n")
	case bulkReview:
		p := s.plan
		sum := fmt.Sprintf("%d add · %d update · %d remove · %d skip · %d refused", p.Count(model.OutcomeAdd), p.Count(model.OutcomeUpdate),
			p.Count(model.OutcomeRemove), p.Count(model.OutcomeSkip), p.Count(model.OutcomeRefused))
		back := "esc goes back" // to the results or the batches this plan retries or undoes
		if s.fromForm {
			back = "esc changes it"
		}
		cost := "nothing to send · " + back
		if p.Requests() > 0 {
			cost = model.Count(p.Requests(), "request")
			if s.est > 0 {
				cost += ", at least " + s.est.Round(time.Second).String() + " at the rate limit"
			}
			cost += " · enter runs it · " + back
		}
		head = append(head, fit(st.Header.Render(s.title), rc.Width), fit(sum, rc.Width), fit(st.Muted.Render(cost), rc.Width))
		return s.withTable(rc, head, "No organization.")
	}
	total := len(s.batch.Items)
	done, failed := s.batch.Counts()
	state := "running"
	switch {
	case s.stage == bulkDone && done+failed < total:
		state = "stopped"
	case s.stage == bulkDone:
		state = "finished"
	case s.gate.Paused():
		state = "paused"
	}
	bar := progressBar(done+failed, total, min(30, max(10, rc.Width/4)))
	line := fmt.Sprintf("%s %s  %d of %d · %d failed", bar, state, done+failed, total, failed)
	if s.stage == bulkRunning && done+failed > 0 && done+failed < total {
		left := time.Duration(float64(time.Since(s.prog.began)) / float64(done+failed) * float64(total-done-failed))
		line += " · about " + left.Round(time.Second).String() + " left"
	}
	title := s.batch.Action.Describe()
	if s.undo != "" {
		title = "undo: " + title
	}
	head = append(head, fit(st.Header.Render(title), rc.Width), fit(line, rc.Width))
	next := "p pauses · x stops (the journal keeps the rest)"
	if s.stage == bulkDone {
		next = "u undoes the batch"
		if failed > 0 {
			next = "r retries the failures · " + next
		}
		if s.stopped() {
			next = "enter finishes it · " + next
		}
	}
	head = append(head, fit(st.Muted.Render(next+" · journal "+s.batch.Path), rc.Width))
	return s.withTable(rc, head, "No result yet.")
}

// bulkDetailLines is the room under the table for the whole detail of
// the row under the cursor (a refusal's reason, a failure's error), which
// the table cuts to its column.
const bulkDetailLines = 2

// withTable draws head, the table, and the detail of the row under the cursor.
func (s *bulkScreen) withTable(rc RenderCtx, head []string, empty string) string {
	detail := make([]string, bulkDetailLines)
	if r, ok := s.table.selected(); ok && len(r.cells) > 2 && r.cells[2] != "" {
		copy(detail, wrapAtMost(r.cells[1]+": "+r.cells[2], rc.Width, bulkDetailLines))
	}
	for i := range detail {
		detail[i] = rc.Styles.Muted.Render(fit(detail[i], rc.Width))
	}
	h := rc.Height - len(head) - bulkDetailLines
	table := s.table.render(rc.withHeight(h), empty)
	if n := strings.Count(table, "\n") + 1; n < h {
		table += strings.Repeat("\n", h-n) // the detail sits at the foot
	}
	return strings.Join(append(append(head, table), detail...), "\n")
}

// progressBar draws done of total in width cells.
func progressBar(done, total, width int) string {
	filled := 0
	if total > 0 {
		filled = width * done / total
	}
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}
