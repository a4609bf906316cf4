package ui

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
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
