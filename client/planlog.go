package client

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/orgscope/orgscope/model"
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

// Len is how many plans were executed.
func (j *PlanLog) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries)
}

// Since returns the plans executed after the first n, oldest first.
func (j *PlanLog) Since(n int) []ExecutedPlan {
	j.mu.Lock()
	defer j.mu.Unlock()
	if n < 0 || n > len(j.entries) {
		n = len(j.entries)
	}
	return slices.Clone(j.entries[n:])
}

// Last returns the change that undo on subject must invert: the newest
// successful entry whose plan concerns subject — or, when a later change
// went to the same object (or to what holds it: the organization of a
// link), that later change. Undoing the earlier one would repeat what was
// done since instead of undoing it (a connection created, then deleted:
// undoing the creation would delete it a second time).
func (j *PlanLog) Last(subject string) (ExecutedPlan, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := len(j.entries) - 1; i >= 0; i-- {
		e := j.entries[i]
		if e.Err != nil || e.Plan.Subject != subject {
			continue
		}
		obj := e.object()
		for k := len(j.entries) - 1; k > i; k-- {
			if later := j.entries[k]; later.Err == nil && covers(later.object(), obj) {
				return later, true
			}
		}
		return e, true
	}
	return ExecutedPlan{}, false
}

// object is the API path of what e changed: the plan's own path for an
// update or a deletion, the path of what Auth0 made for a creation.
func (e ExecutedPlan) object() string {
	p := e.Plan
	if p.Method != http.MethodPost {
		return p.Path
	}
	if id := createdID(e.Result); id != "" {
		return strings.TrimSuffix(p.Path, "/") + "/" + id
	}
	return p.Path
}

// createdID is the id of an object Auth0 made, as Execute returned it.
func createdID(res any) string {
	switch r := res.(type) {
	case *model.OrganizationConnection:
		return r.ConnectionID
	case *model.Organization:
		return r.ID
	case *model.Connection:
		return r.ID
	case *model.ConnectionProfile:
		return r.ID
	case *model.ClientGrant:
		return r.ID
	}
	return ""
}

// covers reports that a change to object a reaches object b: the same
// object, or one that holds it.
func covers(a, b string) bool { return a == b || strings.HasPrefix(b, a+"/") }
