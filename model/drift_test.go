package model

import (
	"slices"
	"testing"
)

func driftEvent(method, path string, reqBody, resBody map[string]any) LogEvent {
	return LogEvent{Type: "sapi", Details: map[string]any{
		"request":  map[string]any{"method": method, "path": path, "body": reqBody},
		"response": map[string]any{"statusCode": 200, "body": resBody}}}
}

// Each write route names the object Change names: a link by organization
// and connection, whichever family and whether in the path or the body.
func TestEventTargets(t *testing.T) {
	for _, c := range []struct {
		ev   LogEvent
		want []string
	}{
		{driftEvent("post", "/api/v2/organizations", nil, map[string]any{"id": "org_1"}), []string{"organization org_1"}},
		{driftEvent("patch", "/api/v2/organizations/org_1", nil, nil), []string{"organization org_1"}},
		{driftEvent("post", "/api/v2/organizations/org_1/connections", map[string]any{"connection_id": "con_1"}, nil), []string{"link org_1/con_1"}},
		{driftEvent("patch", "/api/v2/organizations/org_1/enabled_connections/con_2", nil, nil), []string{"link org_1/con_2"}},
		{driftEvent("delete", "/api/v2/organizations/org_1/connections/con_3", nil, nil), []string{"link org_1/con_3"}},
		{driftEvent("patch", "/api/v2/connections/con_1", nil, nil), []string{"connection con_1"}},
		{driftEvent("post", "/api/v2/connections", nil, nil), []string{"connection"}},
		{driftEvent("patch", "/api/v2/connection-profiles/cop_1", nil, nil), []string{"connection_profile cop_1"}},
		{driftEvent("post", "/api/v2/client-grants", map[string]any{"client_id": "app_1"}, nil), []string{"client app_1"}},
		{driftEvent("get", "/api/v2/organizations/org_1", nil, nil), nil},
		{LogEvent{Type: "s"}, nil},
	} {
		if got := EventTargets(c.ev); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.ev.Details["request"], got, c.want)
		}
	}
}

// The newest event on an object names who made its change; a change the
// log does not explain has no one, and comes last.
func TestAttribute(t *testing.T) {
	a := driftEvent("patch", "/api/v2/organizations/org_1", nil, nil)
	a.LogID, a.ClientID, a.Date = "1", "app_a", "2026-11-30T07:00:00.000Z"
	b := a
	b.LogID, b.ClientID, b.IP = "2", "app_b", "203.0.113.5"
	changes := []Change{{Kind: KindConnection, ID: "con_9"}, {Kind: KindOrganization, ID: "org_1"}}
	got := Attribute(changes, []LogEvent{a, b}, map[string]string{"app_b": "Deployer"}, "app_b", nil)
	if got[0].ID != "org_1" || got[0].By == nil || got[0].By.ClientName != "Deployer" || !got[0].By.Orgscope || got[0].By.IP != "203.0.113.5" {
		t.Fatalf("org_1: %+v", got[0].By)
	}
	if got[1].By != nil {
		t.Fatalf("con_9 has no event: %+v", got[1].By)
	}
	if s := got[0].By.Says(); s != "Deployer (app_b), orgscope from 203.0.113.5 at 2026-11-30T07:00:00.000Z" {
		t.Fatalf("says %q", s)
	}
}
