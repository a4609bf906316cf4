package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// One of orgscope's own writes (a link, as a bulk batch makes thousands)
// put into the session's snapshot of 100,000 organizations: the App does
// it after every message that follows a write, so it must stay well under
// a bulk tick (200 ms).
func BenchmarkOwnWriteReachesTheSnapshot100k(b *testing.B) {
	snap := model.NewSnapshot("t", time.Now())
	for i := range 100_000 {
		o := model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("org-%d", i)}
		snap.Organizations = append(snap.Organizations, o)
		snap.Links[o.ID] = []model.OrganizationConnection{{ConnectionID: "con_1"}}
	}
	s := newSession()
	s.setSnapshot(snap)
	l := &model.OrganizationConnection{ConnectionID: "con_2"}
	done := []client.ExecutedPlan{{Plan: client.Plan{Method: "POST", Org: snap.Organizations[5], After: l}, Result: l}}
	for b.Loop() {
		s.applyExecuted(done)
	}
}
