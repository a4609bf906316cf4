package ui

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

// bulkProgress is a run's results, written by its goroutines.
type bulkProgress struct {
	mu      sync.Mutex
	results []client.BulkResult
	began   time.Time
	// oks and fails are the results shown so far, as rows, oldest first
	// (the UI's goroutine only).
	oks, fails []table.Row
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

// bulkScopes are the scopes a plan's requests need: one per kind of
// request it sends (a policy's plan may add, update and remove).
func bulkScopes(p model.BulkPlan) []string {
	need := map[model.BulkOutcome]string{model.OutcomeAdd: "create:organization_connections",
		model.OutcomeUpdate: "update:organization_connections", model.OutcomeRemove: "delete:organization_connections"}
	var out []string
	for _, it := range p.Items {
		if sc, ok := need[it.Outcome]; ok && !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}

// start journals the plan and runs it.
func (s *bulkScreen) start() tea.Cmd {
	if refusal := s.env.refuse(bulkScopes(s.plan)...); refusal != nil {
		return refusal
	}
	dir, plan, undo := s.env.session.bulkDir, s.plan, s.undo
	return s.env.api("journal the batch", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		b, err := client.StartBulk(filepath.Join(dir, client.JournalName(c.Domain())), c.Domain(), plan, undo)
		return bulkStartedMsg{batch: b, err: err}, err
	})
}

func (s *bulkScreen) run() tea.Cmd {
	s.stage, s.gate, s.stop = bulkRunning, &client.Gate{}, make(chan struct{})
	s.prog = &bulkProgress{began: time.Now()}
	b, gate, stop, prog := s.batch, s.gate, s.stop, s.prog
	return tea.Batch(s.env.longAPI(b.Describe()+" on "+model.Count(len(b.Items), "organization"), func(ctx context.Context, c *client.Client) (tea.Msg, error) {
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
		stopped := false
		select {
		case <-stop:
			// x stopped it: the batch is stopped, not failed, and its
			// journal keeps the rest.
			stopped = true
			if errors.Is(err, context.Canceled) {
				err = nil
			}
		default:
		}
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		return bulkRanMsg{err: err, stopped: stopped}, nil
	}), bulkTick())
}

func bulkTick() tea.Cmd {
	return tea.Tick(200*time.Millisecond, func(time.Time) tea.Msg { return bulkTickMsg{} })
}

// retry plans the failures again (r: the app hands it over as a refresh).
func (s *bulkScreen) retry() (screen, tea.Cmd, nav) {
	p := s.failedPlan()
	if len(p.Items) == 0 {
		return s, flash("no failure to retry"), stay()
	}
	s.undo = ""
	s.showPlan(p, "retry: "+s.batch.Describe(), 0)
	return s, nil, stay()
}

// failedPlan is a new plan of the batch's failed items.
func (s *bulkScreen) failedPlan() model.BulkPlan {
	p := model.BulkPlan{Action: s.batch.Action}
	for _, it := range s.batch.Items {
		if _, failed := s.batch.Failure(it); failed {
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
		name := s.batch.Action.ItemName(r.Item)
		cells := []string{"✓ " + string(r.Item.Outcome), name, strings.Join(r.Item.Changes(), " ")}
		if r.Err != nil {
			cells = []string{"✗ failed", name, describe(r.Err)}
		}
		rw := table.NewRow(s.batch.Action.Key(r.Item), cells...)
		if r.Err != nil {
			p.fails = append(p.fails, rw)
		} else {
			p.oks = append(p.oks, rw)
		}
	}
	rows := make([]table.Row, 0, len(p.fails)+len(p.oks))
	if s.stage == bulkDone {
		byOrg := func(a, b table.Row) int { return strings.Compare(a.Cells[1], b.Cells[1]) }
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
	s.table.SetRows(rows)
}
