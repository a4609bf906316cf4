package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

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
	rows := make([]table.Row, len(p.Items))
	for i, it := range p.Items {
		detail := it.Reason
		if it.Outcome == model.OutcomeUpdate {
			detail = strings.Join(it.Changes(), " ")
		}
		rows[i] = table.Row{Key: p.Action.Key(it), Cells: []string{string(it.Outcome), p.Action.ItemName(it), detail}}
	}
	s.table.SetRows(rows)
}
