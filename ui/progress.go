package ui

import (
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
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
func (p *readProgress) line(now time.Time) string { return CrawlLine(p.get(), now.Sub(p.began)) }

// CrawlLine says how far a crawl has come after took: the stage, the
// organizations read, the requests and their rate, the time left. The
// CLI prints it too.
func CrawlLine(p client.CrawlProgress, took time.Duration) string {
	line := "Reading the tenant: " + orDash(p.Stage)
	switch {
	case p.Stage == "logs" && p.Done > 0:
		return "Reading the tenant log since the snapshot: " + model.Count(p.Done, "page") + crawlRate(p, took)
	case p.Stage == "changes" && p.Total > 0:
		return fmt.Sprintf("Reading what changed: %d of %d organizations", p.Done, p.Total) + crawlRate(p, took)
	case p.Stage != "links":
		return line
	}
	line += " — " + model.Count(p.Done, "organization") + " read"
	if p.Total > 0 {
		line += fmt.Sprintf(" of %d", p.Total)
	}
	return line + crawlRate(p, took)
}

// crawlRate says a crawl's requests, their rate and the time left.
func crawlRate(p client.CrawlProgress, took time.Duration) string {
	out := ""
	if p.Requests > 0 && took > 0 {
		out += fmt.Sprintf(" · %s, %.1f/s", model.Count(p.Requests, "request"), float64(p.Requests)/took.Seconds())
	}
	if p.Total > 0 && p.Done > 0 && p.Done < p.Total {
		left := time.Duration(float64(took) / float64(p.Done) * float64(p.Total-p.Done))
		out += " · about " + left.Round(time.Second).String() + " left"
	}
	return out
}
