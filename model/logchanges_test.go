package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func sapi(method, path string, body map[string]any) LogEvent {
	return LogEvent{Type: "sapi", Details: map[string]any{
		"request":  map[string]any{"method": method, "path": path},
		"response": map[string]any{"statusCode": 200, "body": body},
	}}
}

func idSet(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// Each write route lands on the objects it changes, and nothing else
// makes a refresh read.
func TestTenantChangesFromLogEvents(t *testing.T) {
	tc := NewTenantChanges()
	for _, ev := range []LogEvent{
		sapi("post", "/api/v2/organizations", map[string]any{"id": "org_new"}),
		sapi("patch", "/api/v2/organizations/org_a", nil),
		sapi("delete", "/api/v2/organizations/org_gone", nil),
		sapi("post", "/api/v2/organizations/org_b/enabled_connections", nil),
		sapi("patch", "/api/v2/organizations/org_c/connections/con_1", nil),
		sapi("post", "/api/v2/organizations/org_d/members", nil), // not in a snapshot
		sapi("post", "/api/v2/connections", map[string]any{"id": "con_new"}),
		sapi("patch", "/api/v2/connections/con_2/clients", nil),
		sapi("delete", "/api/v2/connections/con_3", nil),
		sapi("delete", "/api/v2/connections/con_4/users", nil), // users, not the connection
		sapi("post", "/api/v2/connection-profiles", nil),       // no id in the event
		sapi("patch", "/api/v2/clients/cli%7Cx", nil),
		sapi("post", "/api/v2/clients/cli_y/rotate-secret", nil),
		sapi("post", "/api/v2/client-grants", map[string]any{"client_id": "cli_z"}),
		sapi("delete", "/api/v2/client-grants/cgr_1", nil),
		{Type: "s", Details: map[string]any{}}, // a login
		sapi("get", "/api/v2/organizations/org_e", nil),
	} {
		tc.Add(ev)
	}
	got := fmt.Sprintf("writes=%d orgs=%s gone=%s links=%s conns=%s conngone=%s profiles-unlisted=%v clients=%s grants=%s grantids=%s all=%v",
		tc.Writes, idSet(tc.Organizations.Changed), idSet(tc.Organizations.Deleted), idSet(tc.Links),
		idSet(tc.Connections.Changed), idSet(tc.Connections.Deleted), tc.Profiles.Unlisted,
		idSet(tc.Clients.Changed), idSet(tc.GrantClients), idSet(tc.GrantIDs), tc.AllGrants)
	want := "writes=15 orgs=org_a,org_new gone=org_gone links=org_b,org_c,org_new conns=con_2,con_new conngone=con_3 profiles-unlisted=true clients=cli|x grants=cli_z grantids=cgr_1 all=false"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
