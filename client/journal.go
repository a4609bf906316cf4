package client

import (
	"sync"
	"time"
)

// JournalEntry is one executed plan: what was asked, the state before, what
// came back.
type JournalEntry struct {
	Time   time.Time
	Plan   Plan
	Result any // as Execute returned it
	Err    error
}

// Journal is the session's record of executed plans, readable by the UI.
type Journal struct {
	mu      sync.Mutex
	entries []JournalEntry
}

func (j *Journal) add(e JournalEntry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e.Plan.run = nil // the undo stays: the journal is what undo reads
	j.entries = append(j.entries, e)
}

// Entries returns the journal, oldest first.
func (j *Journal) Entries() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]JournalEntry(nil), j.entries...)
}

// Last returns the newest successful entry whose plan concerns subject.
func (j *Journal) Last(subject string) (JournalEntry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := len(j.entries) - 1; i >= 0; i-- {
		if e := j.entries[i]; e.Err == nil && e.Plan.Subject == subject {
			return e, true
		}
	}
	return JournalEntry{}, false
}
