package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// The session's snapshot of the whole tenant: read from the store at
// start, refreshed from the tenant log in the background, crawled when a
// screen needs it and there is none (or the log cannot vouch for it).

// beginUpdate claims the snapshot update; false when one is running.
func (s *session) beginUpdate() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.updating {
		return false
	}
	s.updating = true
	return true
}

func (s *session) endUpdate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updating = false
}

// markStale says a change made in the session awaits a refresh.
func (s *session) markStale() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stale = true
}

// takeStale reports whether a change made in the session awaits a
// refresh, and clears it.
func (s *session) takeStale() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stale
	s.stale = false
	return st
}

// updateSnapshot brings the session's snapshot up to date for a screen
// that needs the whole tenant: from the tenant log when it can vouch for
// the snapshot, otherwise by a crawl (kept in the store, resuming an
// interrupted one, when orgscope keeps snapshots). how says which, for
// the status bar. It runs in a client call, off the UI's goroutine.
func (s *session) updateSnapshot(ctx context.Context, c *client.Client, progress func(client.CrawlProgress)) (snap *model.Snapshot, how string, err error) {
	return s.update(ctx, c, progress, false)
}

// refreshFromLog brings the session's snapshot up to date from the tenant
// log only: *client.NeedsFullCrawl says why the log cannot, and nothing
// is crawled (a pane that polls would crawl the tenant each time).
func (s *session) refreshFromLog(ctx context.Context, c *client.Client) (*model.Snapshot, error) {
	snap, _, err := s.update(ctx, c, nil, true)
	return snap, err
}

func (s *session) update(ctx context.Context, c *client.Client, progress func(client.CrawlProgress), logOnly bool) (snap *model.Snapshot, how string, err error) {
	// A background refresh may be running: wait for it rather than read
	// the same log twice.
	for !s.beginUpdate() {
		select {
		case <-ctx.Done():
			return nil, "", ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	defer s.endUpdate()
	s.mu.Lock()
	store, cur := s.store, s.snap
	s.stale = false
	s.mu.Unlock()
	if store != nil {
		snap, rep, err := c.UpdateSnapshot(ctx, *store, client.UpdateOptions{Progress: progress, LogOnly: logOnly})
		if err != nil {
			return nil, "", err
		}
		s.noteEvents(rep.Stats.Logged)
		return snap, updateHow(rep), nil
	}
	if cur != nil {
		snap, st, err := c.Refresh(ctx, cur, progress)
		var full *client.NeedsFullCrawl
		switch {
		case err == nil:
			s.noteEvents(st.Logged)
			return snap, updateHow(client.UpdateReport{Refreshed: true, Stats: st}), nil
		case !errors.As(err, &full) || logOnly:
			return nil, "", err
		}
		how = "crawled the tenant: " + full.Reason
	}
	if logOnly {
		return nil, "", &client.NeedsFullCrawl{Reason: "there is no snapshot of the tenant yet"}
	}
	snap, err = c.Crawl(ctx, progress)
	if err == nil {
		snap.KeepPrefixHistory(cur)
	}
	return snap, how, err
}

// updateHow says in a few words how a snapshot was brought up to date.
func updateHow(rep client.UpdateReport) string {
	switch {
	case rep.Refreshed:
		return "refreshed from the tenant log: " + model.Count(rep.Stats.Writes, "change") + ", " + model.Count(rep.Stats.Reads, "read")
	case rep.Resumed > 0:
		return "resumed the interrupted crawl (" + model.Count(rep.Resumed, "organization") + " already read)"
	case rep.CrawlReason != "":
		return "crawled the tenant: " + rep.CrawlReason
	}
	return ""
}

type (
	// snapshotLoadedMsg carries the stored snapshot read at start.
	snapshotLoadedMsg struct {
		snap *model.Snapshot
		// stale is why an earlier session found that the snapshot needs
		// a crawl ("" when none did).
		stale string
		err   error
	}
	// snapshotRefreshedMsg carries a background refresh's outcome.
	snapshotRefreshedMsg struct {
		snap *model.Snapshot
		how  string
		err  error
	}
	// snapshotTickMsg paces the background refresh and the age shown.
	snapshotTickMsg struct{}
	// snapshotChangedMsg tells screens the session has a newer snapshot.
	snapshotChangedMsg struct{}
	// ownWritesMsg tells screens the writes the session has just made,
	// with what Auth0 answered.
	ownWritesMsg struct{ executed []client.ExecutedPlan }
)

// snapshotTick is how often the app looks at the snapshot's age.
const snapshotTick = 5 * time.Second

// tickSnapshot paces the background refresh (none when it is off).
func (a App) tickSnapshot() tea.Cmd {
	if a.opts.RefreshEvery < 0 {
		return nil
	}
	return tea.Tick(snapshotTick, func(time.Time) tea.Msg { return snapshotTickMsg{} })
}

// loadSnapshot reads the tenant's stored snapshot, off the UI goroutine.
func (a App) loadSnapshot() tea.Cmd {
	if a.opts.Store == nil {
		return nil
	}
	store, tenant := *a.opts.Store, a.client.Domain()
	return func() tea.Msg {
		snap, err := store.Load(tenant)
		if err != nil || snap == nil {
			return snapshotLoadedMsg{snap: snap, err: err}
		}
		stale, err := store.StaleReason(tenant)
		return snapshotLoadedMsg{snap: snap, stale: stale, err: err}
	}
}

// refreshInBackground reads the tenant log since the snapshot and what it
// names, never crawling: a crawl of a large tenant takes hours, and is
// left to the screens that need one (the audit's r says so).
func (a *App) refreshInBackground() tea.Cmd {
	cur := a.session.snapshot()
	if cur == nil || !a.session.beginUpdate() {
		return nil
	}
	a.status.snapRefreshing = true
	c, base, store, sess := a.client, a.base, a.opts.Store, a.session
	return func() tea.Msg {
		defer sess.endUpdate()
		ctx, cancel := context.WithTimeout(base, 10*time.Minute)
		defer cancel()
		snap, st, err := c.Refresh(ctx, cur, nil)
		sess.noteEvents(st.Logged)
		var full *client.NeedsFullCrawl
		switch {
		case err == nil && store != nil:
			err = store.Save(snap)
		case errors.As(err, &full) && store != nil:
			// The next start says so at once instead of failing again.
			if merr := store.MarkStale(c.Domain(), full.Reason); merr != nil {
				err = merr
			}
		}
		how := ""
		if err == nil && st.Writes > 0 {
			how = updateHow(client.UpdateReport{Refreshed: true, Stats: st})
		}
		return snapshotRefreshedMsg{snap: snap, how: how, err: err}
	}
}

// updateSnapshotState handles the snapshot's messages at the app level.
func (a *App) updateSnapshotState(msg tea.Msg) tea.Cmd {
	now := time.Now()
	switch msg := msg.(type) {
	case snapshotLoadedMsg:
		if msg.err != nil {
			a.status.lastErr = msg.err.Error()
			return nil
		}
		if msg.snap == nil {
			return nil
		}
		a.session.setSnapshot(msg.snap) // Update tells the screens
		a.status.snapNow = now
		if msg.stale != "" {
			a.noteNeedsCrawl(msg.stale)
			return nil
		}
		return a.refreshInBackground()
	case snapshotRefreshedMsg:
		a.status.snapRefreshing, a.status.snapNow = false, now
		a.lastRefresh = now
		var full *client.NeedsFullCrawl
		switch {
		case errors.As(msg.err, &full):
			a.noteNeedsCrawl(full.Reason)
			return nil
		case errors.Is(msg.err, context.Canceled):
			return nil
		case msg.err != nil:
			a.status.snapNote, a.snapNoteFor = "refresh failed", a.session.snapshot()
			a.status.lastErr = "refresh the snapshot: " + msg.err.Error()
			return nil
		}
		a.status.snapNote = ""
		if msg.how == "" {
			a.session.renewSnapshot(msg.snap)
			return nil
		}
		a.session.setSnapshot(msg.snap) // Update tells the screens
		a.status.flash = "snapshot " + msg.how
		return nil
	case snapshotTickMsg:
		a.status.snapNow = now
		cmds := []tea.Cmd{a.tickSnapshot()}
		if a.opts.RefreshEvery > 0 && a.snapshotNote() == "" &&
			(a.session.takeStale() || now.Sub(a.lastRefresh) >= a.opts.RefreshEvery) {
			cmds = append(cmds, a.refreshInBackground())
		}
		return tea.Batch(cmds...)
	}
	return nil
}

// noteNeedsCrawl says, until a newer snapshot comes, that the session's
// snapshot cannot be refreshed from the tenant log, and why.
func (a *App) noteNeedsCrawl(reason string) {
	a.status.snapNote, a.snapNoteFor = "needs a crawl", a.session.snapshot()
	a.status.flash = "snapshot not refreshed: " + reason + " · r on :audit crawls the tenant"
}

// snapshotNote is why the session's snapshot was not refreshed ("" when
// nothing stands in the way, or when a newer snapshot came since).
func (a App) snapshotNote() string {
	if a.snapNoteFor == nil || a.snapNoteFor != a.session.snapshot() {
		return ""
	}
	return a.status.snapNote
}

// broadcast delivers msg to every screen on the stack.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i := range a.stack {
		cmds = append(cmds, a.updateFrame(i, msg))
	}
	return tea.Batch(cmds...)
}

// snapshotAge says how old the session's snapshot is, for the status bar
// ("" before one).
func snapshotAge(s *model.Snapshot, now time.Time) string {
	if s == nil {
		return ""
	}
	age := now.Sub(s.AsOf())
	switch {
	case now.IsZero() || age < time.Minute:
		return "snapshot just now"
	case age < time.Hour:
		return "snapshot " + itoa(int(age/time.Minute)) + "m old"
	case age < 48*time.Hour:
		return "snapshot " + itoa(int(age/time.Hour)) + "h old"
	}
	return "snapshot " + itoa(int(age/(24*time.Hour))) + "d old"
}
