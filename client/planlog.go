package client

import (
	"sync"
	"time"
)

// ExecutedPlan is one executed plan: what was asked, the state before, what
// came back.
type ExecutedPlan struct {
	Time   time.Time
	Plan   Plan
	Result any // as Execute returned it
	Err    error
}

// PlanLog is the session's record of executed plans, readable by the UI.
type PlanLog struct {
	mu      sync.Mutex
	entries []ExecutedPlan
}

func (j *PlanLog) add(e ExecutedPlan) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e.Plan.run = nil // the undo stays: the journal is what undo reads
	j.entries = append(j.entries, e)
}

// Entries returns the journal, oldest first.
func (j *PlanLog) Entries() []ExecutedPlan {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]ExecutedPlan(nil), j.entries...)
}

// Last returns the newest successful entry whose plan concerns subject.
func (j *PlanLog) Last(subject string) (ExecutedPlan, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := len(j.entries) - 1; i >= 0; i-- {
		if e := j.entries[i]; e.Err == nil && e.Plan.Subject == subject {
			return e, true
		}
	}
	return ExecutedPlan{}, false
}
