package ui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/theme"
)

// readProgress follows a long read of the tenant for one screen (the
// audit's, the matrix's, Used by's): the read's goroutines set it, the
// screen's ticks turn it into a line.
type readProgress struct {
	mu    sync.Mutex
	p     client.CrawlProgress
	began time.Time
}

// readTickMsg asks the screen whose read p follows to redraw its line.
type readTickMsg struct{ p *readProgress }

func newReadProgress(began time.Time) *readProgress { return &readProgress{began: began} }

func (p *readProgress) set(cp client.CrawlProgress) {
	p.mu.Lock()
	p.p = cp
	p.mu.Unlock()
}

func (p *readProgress) get() client.CrawlProgress {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.p
}

// tick asks for the next redraw.
func (p *readProgress) tick() tea.Cmd {
	return tea.Tick(200*time.Millisecond, func(time.Time) tea.Msg { return readTickMsg{p: p} })
}

// advance redraws *line on a tick of p while its read goes on, and asks
// for the next tick. A tick of an earlier read, or one after the read
// ended, stops the ticking.
func (p *readProgress) advance(msg readTickMsg, reading bool, line *string) tea.Cmd {
	if msg.p != p || !reading {
		return nil
	}
	*line = p.line(time.Now())
	return p.tick()
}

// line says how far the read has come at now.
func (p *readProgress) line(now time.Time) string { return p.get().Line(now.Sub(p.began)) }

// tenantRead is how a whole-tenant screen (the two matrices) comes by the
// session's snapshot when the session has none yet: read (a refresh from
// the tenant log, or a crawl) with its progress on screen.
type tenantRead struct {
	loading, ready bool
	err            error
	progress       *readProgress
	reading        string
}

// snapshotReadMsg carries the snapshot a tenantRead brought up to date.
type snapshotReadMsg struct {
	snap *model.Snapshot
	how  string
	err  error
}

// startRead reads the tenant for the screen (why says it in the request
// log), ticking its progress.
func (r *tenantRead) startRead(e env, why string) tea.Cmd {
	r.loading = true
	sess, p := e.session, newReadProgress(time.Now())
	r.progress = p
	return tea.Batch(e.longAPI(why, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		snap, how, err := sess.updateSnapshot(ctx, c, p.set)
		return snapshotReadMsg{snap: snap, how: how, err: err}, err
	}), p.tick())
}

// tickRead redraws the progress line while the read goes on.
func (r *tenantRead) tickRead(msg readTickMsg) tea.Cmd {
	return r.progress.advance(msg, r.loading, &r.reading)
}

// readDone takes the read's end: the snapshot shared with the session
// (ok), or the error kept to show; cmd says how the snapshot was had.
func (r *tenantRead) readDone(e env, msg snapshotReadMsg) (ok bool, cmd tea.Cmd) {
	r.loading, r.err = false, msg.err
	if msg.err == nil {
		e.session.setSnapshot(msg.snap)
	}
	if msg.how != "" {
		cmd = flash("snapshot " + msg.how)
	}
	return msg.err == nil, cmd
}

// readView is the screen while it has no data: the error, or the read's
// progress; ok false once the data is there.
func (r *tenantRead) readView(st theme.Styles) (string, bool) {
	switch {
	case r.err != nil:
		return st.Error.Render(describe(r.err)), true
	case !r.ready:
		return readingView(st, r.reading), true
	}
	return "", false
}

// readingView is what a screen reading the whole tenant shows meanwhile.
func readingView(st theme.Styles, line string) string {
	if line == "" {
		line = "Reading the tenant…"
	}
	return st.Muted.Render(line) + "\n" + st.Muted.Render("Auth0 reads one organization's links per request; the rate limits set the pace. esc stops.")
}
