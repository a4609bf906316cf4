package model

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// bigSnapshot is a tenant of n organizations with 5 links each, over 50
// connections, shaped like the generated sandbox tenant.
func bigSnapshot(n int) *Snapshot {
	s := healthySnapshot()
	strategies := []string{"auth0", "okta", "samlp", "google-oauth2", "waad"}
	s.Connections = nil
	for i := range 50 {
		st := strategies[i%len(strategies)]
		s.Connections = append(s.Connections, Connection{ID: fmt.Sprintf("con_%016d", i), Name: fmt.Sprintf("%s-%d", st, i), Strategy: st,
			EnabledClients: []string{"app_portal"}})
	}
	s.Organizations = make([]Organization, n)
	s.Links = make(map[string][]OrganizationConnection, n)
	t := true
	for i := range n {
		o := Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("customer-%06d", i), DisplayName: fmt.Sprintf("Customer %d", i),
			Metadata: map[string]string{"plan": "enterprise", "region": "eu"}}
		s.Organizations[i] = o
		links := make([]OrganizationConnection, 5)
		for j := range links {
			c := s.Connections[(i+j*7)%len(s.Connections)]
			links[j] = OrganizationConnection{ConnectionID: c.ID, AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: c.Name, Strategy: c.Strategy}}
			if c.Strategy == "auth0" {
				links[j].IsSignupEnabled = &t
			}
		}
		s.Links[o.ID] = links
	}
	return s
}

// Issue #6: the rules run over 100,000 orgs in under 1 s.
func BenchmarkAudit100k(b *testing.B) {
	s := bigSnapshot(100_000)
	for b.Loop() {
		Audit(s, AuditConfig{})
	}
}

// Issue #6: the snapshot of 100,000 orgs with 5 links each holds under
// 200 MB and loads in under 1 s.
func BenchmarkSnapshotLoad100k(b *testing.B) {
	data, err := EncodeSnapshot(bigSnapshot(100_000))
	if err != nil {
		b.Fatal(err)
	}
	// The heap one loaded snapshot holds, measured once outside the loop.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	kept, err := DecodeSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	for b.Loop() {
		if _, err := DecodeSnapshot(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/1e6, "file-MB")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "heap-MB")
}

// A trace on a 100,000-organization snapshot (target: under 10 ms): the
// look-ups by name and the steps.
func BenchmarkTraceOn100kSnapshot(b *testing.B) {
	s := bigSnapshot(100_000)
	for b.Loop() {
		tr := TraceLogin(TraceInputFrom(s, "Portal", "customer-099999"))
		if !tr.Works {
			b.Fatal(tr.Verdict)
		}
	}
}

// The delegation of every organization through 10 applications with My
// Organization settings, on a 100,000-organization snapshot (the matrix's
// work; target: under 1 s).
func BenchmarkDelegation100kBy10Apps(b *testing.B) {
	s := tenApps(bigSnapshot(100_000))
	for b.Loop() {
		d := NewDelegator(s)
		apps := len(d.Apps())
		n := 0
		for _, o := range s.Organizations {
			for i := range apps {
				if d.Cell(o, i).Works {
					n++
				}
			}
		}
		if n != 1_000_000 {
			b.Fatal(n)
		}
	}
}

// The delegation matrix screen's whole work on its data (issue #16: < 1 s):
// each application's usual cell over 100,000 organizations, then the
// organizations with a cell wider than usual (W).
func BenchmarkDelegationMatrixUsualAndWider100kBy10Apps(b *testing.B) {
	s := tenApps(bigSnapshot(100_000))
	for i, o := range s.Organizations {
		if i%100 == 0 { // one in a hundred gives org admins a full link
			links := slices.Clone(s.Links[o.ID])
			for j := range links {
				links[j].OrganizationAccessLevel = AccessFull
			}
			s.Links[o.ID] = links
		}
	}
	for b.Loop() {
		d := NewDelegator(s)
		usual := d.Usual(s.Organizations)
		row := make([]DelegationCell, len(usual))
		wider := 0
		for _, o := range s.Organizations {
			d.Row(o, row)
			for i, c := range row {
				if c.Wider(usual[i]) {
					wider++
					break
				}
			}
		}
		if wider == 0 || wider == len(s.Organizations) {
			b.Fatalf("%d organizations wider than usual", wider)
		}
	}
}

// tenApps gives s ten applications with My Organization settings, each
// with the SSO self-service grant.
func tenApps(s *Snapshot) *Snapshot {
	base := s.Clients[0]
	for i := range 9 {
		c := base
		c.ClientID, c.Name = fmt.Sprintf("app_%d", i), fmt.Sprintf("App %d", i)
		s.Clients = append(s.Clients, c)
		g := s.MyOrganizationGrants["app_portal"]
		g.ClientID, g.Scope = c.ClientID, MyOrganizationScopeSets()["SSO self-service"]
		s.MyOrganizationGrants[c.ClientID] = g
	}
	return s
}
