package model

import (
	"strings"
	"testing"
	"time"
)

// An application whose My Organization configuration goes: the change is
// the configuration's. Its grant is not read without one, so the diff does
// not say it went (it is still there).
func TestDiffOfAnUnconfiguredApplication(t *testing.T) {
	a, b := NewSnapshot("acme.test", time.Now()), NewSnapshot("acme.test", time.Now())
	cfg := &MyOrganizationConfiguration{AllowedStrategies: []string{"okta"}, ConnectionDeletionBehavior: DeletionAllowIfEmpty}
	a.Clients = []Client{{ClientID: "app_1", Name: "Admin Console", MyOrganizationConfiguration: cfg}}
	a.MyOrganizationGrants = map[string]ClientGrant{"app_1": {ID: "cgr_1", ClientID: "app_1", Audience: "my-org"}}
	b.Clients = []Client{{ClientID: "app_1", Name: "Admin Console"}}
	changes := DiffSnapshots(a, b)
	if len(changes) != 1 || !strings.HasPrefix(changes[0].What, "my_organization_configuration ") || strings.Contains(changes[0].What, "grant") {
		t.Fatalf("%+v", changes)
	}
	// Configured on both sides, the grant's changes show.
	b.Clients[0].MyOrganizationConfiguration = cfg
	if changes := DiffSnapshots(a, b); len(changes) != 1 || !strings.Contains(changes[0].What, "my_organization_api_grant") {
		t.Fatalf("a grant removed from a configured application: %+v", changes)
	}
}
