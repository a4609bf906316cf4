package client_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// bigSnapshot is n organizations of 5 links each over 50 connections.
func bigSnapshot(n int) *model.Snapshot {
	strategies := []string{"auth0", "okta", "samlp", "google-oauth2", "waad"}
	s := &model.Snapshot{Tenant: "bench", Links: make(map[string][]model.OrganizationConnection, n)}
	for i := range 50 {
		st := strategies[i%len(strategies)]
		s.Connections = append(s.Connections, model.Connection{ID: fmt.Sprintf("con_%016d", i), Name: fmt.Sprintf("%s-%d", st, i), Strategy: st})
	}
	t := true
	s.Organizations = make([]model.Organization, n)
	for i := range n {
		o := model.Organization{ID: fmt.Sprintf("org_%016d", i), Name: fmt.Sprintf("customer-%06d", i), DisplayName: fmt.Sprintf("Customer %d", i),
			Metadata: map[string]string{"plan": "enterprise", "region": "eu"}}
		s.Organizations[i] = o
		links := make([]model.OrganizationConnection, 5)
		for j := range links {
			c := s.Connections[(i+j*7)%len(s.Connections)]
			links[j] = model.OrganizationConnection{ConnectionID: c.ID, AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: model.AccessNone, Connection: model.ConnectionRef{Name: c.Name, Strategy: c.Strategy}}
			if c.Strategy == "auth0" {
				links[j].IsSignupEnabled = &t
			}
		}
		s.Links[o.ID] = links
	}
	return s
}

// twentyPolicies are 20 policies of every kind of selector and rule, over
// bigSnapshot's connections.
func twentyPolicies(b *testing.B, s *model.Snapshot) *model.PolicySet {
	var y strings.Builder
	y.WriteString("policies:\n")
	sels := []string{"{ all: true }", `{ name: "customer-0*" }`, "{ metadata: { plan: enterprise } }", "{ not: { metadata: { region: us } } }",
		"{ has_connection: okta-1 }"}
	for i := range 20 {
		conn := s.Connections[i%len(s.Connections)]
		fmt.Fprintf(&y, "  - name: p%02d\n    organizations: %s\n    links:\n      - connection: %s\n        assign_membership_on_login: true\n        show_as_button: any\n",
			i, sels[i%len(sels)], conn.Name)
		if i%4 == 0 {
			y.WriteString("        enabled: true\n")
		}
		if i%5 == 0 {
			y.WriteString("    organization: { metadata_keys: [plan], display_name: \"^Customer\" }\n")
		}
	}
	ps, err := client.ParsePolicies("bench.yaml", []byte(y.String()))
	if err != nil {
		b.Fatal(err)
	}
	if err := ps.Resolve(s.Connections); err != nil {
		b.Fatal(err)
	}
	return ps
}

// Issue #17: policy check of 20 policies over 100,000 organizations < 1 s.
func BenchmarkPolicyCheck100k20Policies(b *testing.B) {
	s := bigSnapshot(100_000)
	ps := twentyPolicies(b, s)
	for b.Loop() {
		if vs := ps.Check(s); len(vs) == 0 {
			b.Fatal("no violation")
		}
	}
}

// The plan of the same: every organization's wanted links, merged.
func BenchmarkPolicyPlan100k20Policies(b *testing.B) {
	s := bigSnapshot(100_000)
	ps := twentyPolicies(b, s)
	for b.Loop() {
		if p := ps.PlanPolicies(s); p.Requests() == 0 {
			b.Fatal("nothing to send")
		}
	}
}
