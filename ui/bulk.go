package ui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// bulkScreen changes one connection's links on many organizations: the
// action (a form), the plan per organization, then the run with live
// results, pause and cancel, and after it retry of the failures and undo
// of the batch. Every run is journalled: orgscope bulk resume finishes one
// that stopped.
type bulkScreen struct {
	// initial are the choices the form started from, and asking is set
	// by esc with choices changed: the next key says whether to drop them.
	initial bulkValues
	asking  bool
	env     env
	orgs    []model.Organization
	conns   []model.Connection
	v       *bulkValues
	form    *huh.Form
	stage   bulkStage
	err     error
	width   int
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
	table    table.Model

	batch *client.BulkBatch
	// resume is the journal of a stopped batch this screen finishes.
	resume string
	gate   *client.Gate
	stop   chan struct{}
	prog   *bulkProgress
	// progress follows the reads a plan needs; reading is its line.
	progress *readProgress
	reading  string
	keys     bulkKeys
}

type bulkStage int

const (
	bulkAsk bulkStage = iota
	bulkPlanning
	bulkReview
	bulkRunning
	bulkDone
)

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
	bulkRanMsg struct {
		err     error
		stopped bool // by x: the journal keeps the rest
	}
	bulkTickMsg struct{}
)

func newBulkScreen(e env, orgs []model.Organization, conn *model.Connection) screen {
	s := &bulkScreen{env: e, orgs: orgs, v: &bulkValues{Kind: string(model.BulkEnable)}, width: 80,
		table: table.New(table.Column{Title: "OUTCOME", Width: 8}, table.Column{Title: "ORGANIZATION", Width: 24},
			table.Column{Title: "DETAIL", Width: 30, Flex: true})}
	s.table.Detail = nil // withTable shows the row's detail in full, on two lines
	if conn != nil {
		// From a connection's Used by: its organizations all have it, so
		// the change they are there for is to their links.
		s.v.Kind, s.v.ConnID, s.conns = string(model.BulkUpdate), conn.ID, []model.Connection{*conn}
	}
	s.keys = newBulkKeys(e.keys)
	s.build()
	s.initial = *s.v
	return s
}

// newBulkResumeScreen finishes a batch that stopped, from its journal.
// bulkKeys run a plan, pause, stop, finish a stopped batch, retry its failures, undo it.
type bulkKeys struct{ Run, Pause, Stop, Finish, Retry, Undo key.Binding }

func newBulkKeys(k keys.Map) bulkKeys {
	return bulkKeys{
		Run:    keys.As(k.Send, "run it"),
		Pause:  k.Pause,
		Stop:   k.Stop,
		Finish: keys.As(k.Open, "finish it"),
		Retry:  k.Retry,
		Undo:   keys.As(k.Undo, "undo the batch"),
	}
}

func newBulkResumeScreen(e env, path string) screen {
	s := newBulkScreen(e, nil, nil).(*bulkScreen)
	s.resume, s.stage = path, bulkPlanning
	return s
}

// newBulkUndoScreen shows the plan that undoes a batch, to run it.
func newBulkUndoScreen(e env, path string, plan model.BulkPlan, title string) screen {
	orgs := make([]model.Organization, len(plan.Items))
	for i, it := range plan.Items {
		orgs[i] = it.Org
	}
	s := newBulkScreen(e, orgs, nil).(*bulkScreen)
	s.undo, s.plan, s.title, s.stage = path, plan, title, bulkPlanning
	return s
}

// newBulkPlanScreen shows a plan worked out elsewhere (a policy's), to
// run it as any batch: journalled, paused, stopped, resumed, undone.
func newBulkPlanScreen(e env, plan model.BulkPlan, title string, est time.Duration) screen {
	orgs := make([]model.Organization, 0, len(plan.Items))
	for _, it := range plan.Items {
		orgs = append(orgs, it.Org)
	}
	s := newBulkScreen(e, orgs, nil).(*bulkScreen)
	s.showPlan(plan, title, est)
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
		return s.table.Filter() != "" || s.fromForm || s.batch != nil
	case bulkRunning:
		return true
	case bulkDone:
		return s.table.Filter() != ""
	}
	return false
}

func (s *bulkScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r retries the failures of a finished batch.
func (s *bulkScreen) refreshes() bool { return s.stage == bulkDone }

func (s *bulkScreen) Keys() []key.Binding {
	switch s.stage {
	case bulkAsk:
		return s.form.KeyBinds()
	case bulkReview:
		if s.plan.Requests() == 0 {
			return []key.Binding{s.table.FilterKey()}
		}
		return []key.Binding{s.keys.Run, s.table.FilterKey()}
	case bulkRunning: // esc stops it too (the journal keeps the rest)
		return []key.Binding{s.keys.Pause, s.keys.Stop, keys.As(s.env.keys.Back, "stop")}
	case bulkDone:
		var keys []key.Binding
		if s.stopped() {
			keys = append(keys, s.keys.Finish)
		}
		if _, failed := s.batch.Counts(); failed > 0 {
			keys = append(keys, s.keys.Retry)
		}
		return append(keys, s.keys.Undo, s.table.FilterKey())
	}
	return nil
}

func (s *bulkScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.form = s.form.WithWidth(min(msg.Width, 90)).WithHeight(s.formHeight())
		s.table.SetArea(msg.Height - bulkHeadLines - bulkDetailLines)
		return s, nil, stay()
	case bulkConnsMsg:
		if msg.err != nil {
			s.err = fmt.Errorf("cannot read the connections to choose from (%w): esc, then B, tries again", msg.err)
			return s, nil, stay()
		}
		s.conns = msg.conns
		sortConnections(s.conns)
		s.build()
		s.initial = *s.v // huh settles the connection's value as it builds
		return s, s.form.Init(), stay()
	case formCancelledMsg:
		return s, nil, pop()
	case formSubmittedMsg:
		a, err := s.action()
		if err != nil {
			s.err = err
			s.build()
			return s, s.form.Init(), stay()
		}
		return s, s.planIt(a), stay()
	case bulkPlannedMsg:
		switch {
		case msg.err != nil && msg.undo != "":
			s.err = msg.err
			if s.batch != nil { // back to the results it was to undo
				s.stage = bulkDone
			}
			return s, nil, stay()
		case msg.err != nil:
			s.stage, s.err = bulkAsk, msg.err
			s.build()
			return s, s.form.Init(), stay()
		}
		if msg.snap != nil {
			s.env.session.setSnapshot(msg.snap)
		}
		s.showPlan(msg.plan, msg.title, msg.est)
		s.undo, s.fromForm = msg.undo, msg.undo == ""
		return s, nil, stay()
	case bulkStartedMsg:
		if msg.err != nil {
			s.err = msg.err
			if s.batch != nil { // finishing a stopped batch: back to its results
				s.stage = bulkDone
			}
			return s, nil, stay()
		}
		s.batch = msg.batch
		if len(s.orgs) == 0 {
			for _, it := range msg.batch.Items {
				s.orgs = append(s.orgs, it.Org)
			}
		}
		return s, s.run(), stay()
	case readTickMsg:
		return s, s.progress.advance(msg, s.stage == bulkPlanning, &s.reading), stay()
	case bulkTickMsg:
		if s.stage == bulkRunning {
			s.showResults()
			return s, bulkTick(), stay()
		}
		return s, nil, stay()
	case bulkRanMsg:
		s.stage, s.err = bulkDone, msg.err
		s.showResults()
		s.env.session.markStale() // the snapshot catches up from the tenant log
		done, failed := s.batch.Counts()
		if failed > 0 {
			s.table.Move(-s.table.Len()) // the first failure, its error in full
		}
		text := fmt.Sprintf("✓ %s done", model.Count(done, "change"))
		if failed > 0 {
			text += fmt.Sprintf(", %d failed", failed)
		}
		if msg.stopped {
			text = fmt.Sprintf("stopped at %d of %d — enter finishes it", done+failed, len(s.batch.Items))
			if failed > 0 {
				text += ", r retries the failures"
			}
		}
		return s, flash(text), stay()
	case refreshMsg:
		if s.stage == bulkDone {
			return s.retry()
		}
		return s, nil, stay()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	if s.stage == bulkAsk {
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, stay()
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *bulkScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd, nav) {
	switch s.stage {
	case bulkAsk:
		if s.asking { // "discard your choices?"
			s.asking = false
			if key.Matches(msg, s.env.keys.Discard) {
				return s, nil, pop()
			}
			return s, nil, stay() // any other key goes on choosing
		}
		if key.Matches(msg, s.env.keys.Previous) && len(s.form.Errors()) > 0 {
			// huh holds a group with an error; the fix may be an earlier
			// choice (the connection that cannot take signup): the form
			// starts again from its first group, the choices kept.
			s.build()
			return s, s.form.Init(), stay()
		}
		if escLeaves(s.form, msg, s.env.keys.Back) {
			if *s.v != s.initial {
				s.asking = true // as every change form asks
				return s, nil, stay()
			}
			return s, nil, pop()
		}
		fm, cmd := s.form.Update(msg)
		if hf, ok := fm.(*huh.Form); ok {
			s.form = hf
		}
		return s, cmd, stay()
	case bulkPlanning:
		return s, nil, stay()
	case bulkReview:
		switch {
		case s.table.Capturing():
		case key.Matches(msg, s.keys.Run):
			if s.plan.Requests() == 0 {
				return s, flash("nothing to send: every organization is already as asked or refused"), stay()
			}
			return s, s.start(), stay()
		case key.Matches(msg, s.env.keys.Back) && s.table.Filter() == "":
			switch {
			case s.fromForm:
				s.stage = bulkAsk
				s.build()
				return s, s.form.Init(), stay()
			case s.batch != nil: // a retry or an undo not run: back to the results
				s.stage = bulkDone
				s.showResults()
				return s, nil, stay()
			}
			return s, nil, pop()
		}
	case bulkRunning:
		switch {
		case key.Matches(msg, s.keys.Pause):
			if s.gate.Paused() {
				s.gate.Resume()
				return s, flash("resumed"), stay()
			}
			s.gate.Pause()
			return s, flash("paused: the requests in flight finish · p resumes"), stay()
		case key.Matches(msg, s.keys.Stop, s.env.keys.Back):
			s.gate.Resume()
			close(s.stop)
			s.stop = make(chan struct{}) // a second x does nothing
			return s, flash("stopping: the requests in flight finish; the journal keeps the rest for orgscope bulk resume"), stay()
		}
		return s, nil, stay()
	case bulkDone:
		switch {
		case s.table.Capturing():
		case key.Matches(msg, s.keys.Finish) && s.stopped():
			s.stage, s.err = bulkPlanning, nil
			return s, s.openJournal(s.batch.Path), stay()
		case key.Matches(msg, s.keys.Retry):
			return s.retry()
		case key.Matches(msg, s.keys.Undo):
			p := s.batch.UndoPlan()
			if len(p.Items) == 0 {
				return s, flash("nothing was changed: nothing to undo"), stay()
			}
			return s, s.planUndo(s.batch.Path, p, "undo: "+s.batch.Describe()), stay()
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}
