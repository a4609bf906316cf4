package sandbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestClassicEnabledConnections(t *testing.T) {
	a := start(t, sandbox.Options{})
	org := a.orgID("soylent") // no links in the demo
	db, okta := a.connID("Username-Password-Authentication"), a.connID("globex-okta")
	base := "/api/v2/organizations/" + org + "/enabled_connections"

	// Minimal POST on a database connection: Auth0's defaults, recorded.
	r := a.do("POST", base, map[string]any{"connection_id": db})
	if r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.raw)
	}
	jsonEqual(t, r.raw, fmt.Sprintf(`{"connection_id":%q,"assign_membership_on_login":false,"is_signup_enabled":false,"show_as_button":true,"connection":{"name":"Username-Password-Authentication","strategy":"auth0"}}`, db))
	// Enterprise: no is_signup_enabled unless sent.
	r = a.do("POST", base, map[string]any{"connection_id": okta, "assign_membership_on_login": true, "show_as_button": true})
	jsonEqual(t, r.raw, fmt.Sprintf(`{"connection_id":%q,"assign_membership_on_login":true,"show_as_button":true,"connection":{"name":"globex-okta","strategy":"okta"}}`, okta))
	a.wantError(a.do("POST", base, map[string]any{"connection_id": okta}), 409,
		`{"statusCode":409,"error":"Conflict","message":"The organization connection already exists."}`)
	a.wantError(a.do("POST", base, map[string]any{"connection_id": db, "is_enabled": true}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: is_enabled'.","errorCode":"invalid_body"}`)

	// The classic list's limit is the number of items returned.
	m := a.obj("GET", base+"?include_totals=true&per_page=50", nil, 200)
	if m["limit"] != 2.0 || m["total"] != 2.0 || m["start"] != 0.0 {
		t.Fatalf("classic list totals: %v", m)
	}
	m = a.obj("GET", base+"?include_totals=true&per_page=50&page=1", nil, 200)
	if m["limit"] != 0.0 || m["start"] != 50.0 || len(m["enabled_connections"].([]any)) != 0 {
		t.Fatalf("past the end: %v", m)
	}

	// The signup rule, recorded body.
	a.wantError(a.do("PATCH", base+"/"+db, map[string]any{"assign_membership_on_login": false, "is_signup_enabled": true}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Only database connections with assign_membership_on_login = true support is_signup_enabled = true.","errorCode":"invalid_body"}`)
	// PATCH is partial.
	a.obj("PATCH", base+"/"+db, map[string]any{"assign_membership_on_login": true, "is_signup_enabled": true}, 200)
	got := a.obj("PATCH", base+"/"+db, map[string]any{"show_as_button": false}, 200)
	if got["assign_membership_on_login"] != true || got["is_signup_enabled"] != true || got["show_as_button"] != false {
		t.Fatalf("partial PATCH lost values: %v", got)
	}
	a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"is_signup_enabled": true}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Only database connections with assign_membership_on_login = true support is_signup_enabled = true.","errorCode":"invalid_body"}`)

	if r := a.do("DELETE", base+"/"+db, nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
	a.wantError(a.do("GET", base+"/"+db, nil), 404, `{"statusCode":404,"error":"Not Found","message":"No connection found by that id"}`)
	a.wantError(a.do("GET", "/api/v2/organizations/org_nope/enabled_connections", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`)
}

func TestNewOrganizationConnections(t *testing.T) {
	a := start(t, sandbox.Options{})
	org := a.orgID("soylent")
	db, okta := a.connID("Username-Password-Authentication"), a.connID("globex-okta")
	base := "/api/v2/organizations/" + org + "/connections"

	r := a.do("POST", base, map[string]any{"is_enabled": true, "connection_id": db})
	jsonEqual(t, r.raw, fmt.Sprintf(`{"connection_id":%q,"is_signup_enabled":false,"assign_membership_on_login":false,"show_as_button":true,"is_enabled":true,"organization_access_level":"none","connection":{"name":"Username-Password-Authentication","strategy":"auth0"}}`, db))
	r = a.do("POST", base, map[string]any{"assign_membership_on_login": true, "is_enabled": true, "connection_id": okta})
	jsonEqual(t, r.raw, fmt.Sprintf(`{"connection_id":%q,"assign_membership_on_login":true,"show_as_button":true,"is_enabled":true,"organization_access_level":"none","connection":{"name":"globex-okta","strategy":"okta"}}`, okta))

	got := a.obj("PATCH", base+"/"+okta, map[string]any{"is_enabled": false, "organization_access_level": "full", "organization_connection_name": "Globex SSO"}, 200)
	if got["is_enabled"] != false || got["organization_access_level"] != "full" || got["organization_connection_name"] != "Globex SSO" || got["assign_membership_on_login"] != true {
		t.Fatalf("PATCH: %v", got)
	}
	m := a.obj("GET", base+"?include_totals=true&is_enabled=true&page=0&per_page=50", nil, 200)
	if m["total"] != 1.0 || m["limit"] != 50.0 {
		t.Fatalf("is_enabled filter: %v", m)
	}
	got = a.obj("PATCH", base+"/"+okta, map[string]any{"organization_connection_name": nil, "organization_access_level": nil}, 200)
	if _, ok := got["organization_connection_name"]; ok || got["organization_access_level"] != "none" {
		t.Fatalf("null must clear: %v", got)
	}
	// Both families share one store of links.
	classic := a.obj("GET", "/api/v2/organizations/"+org+"/enabled_connections/"+okta, nil, 200)
	if classic["assign_membership_on_login"] != true {
		t.Fatalf("classic view of a new-family link: %v", classic)
	}

	a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"organization_access_level": "admin"}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'No enum match for: \"admin\"' on property organization_access_level.","errorCode":"invalid_body"}`)
	a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"organization_connection_name": strings.Repeat("n", 51)}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'String is too long (51 chars), maximum 50' on property organization_connection_name.","errorCode":"invalid_body"}`)
	a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"connection_id": db}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: connection_id'.","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", base, map[string]any{"connection_id": db}), 409,
		`{"statusCode":409,"error":"Conflict","message":"The organization connection already exists."}`)
	a.wantError(a.do("POST", base, map[string]any{"connection_id": "con_0000000000000000"}), 404,
		`{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}`)
	a.wantError(a.do("GET", base+"/"+a.connID("github"), nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"The organization connection does not exists."}`)
	a.wantError(a.do("GET", "/api/v2/organizations/org_0000000000000000/connections", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"The organization does not exists."}`)
	if r := a.do("DELETE", base+"/"+okta, nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
	if l := a.list(base); len(l) != 1 {
		t.Fatalf("after DELETE %d links remain, want 1", len(l))
	}
}

// organization_member_access_level (newer than the OpenAPI document): set
// on create, kept by a PATCH that changes only is_enabled, unset by null,
// refused outside the enum with Auth0's message, absent from the classic
// family.
func TestMemberAccessLevel(t *testing.T) {
	a := start(t, sandbox.Options{})
	org := a.orgID("soylent")
	okta := a.connID("globex-okta")
	base := "/api/v2/organizations/" + org + "/connections"
	r := a.do("POST", base, map[string]any{"connection_id": okta, "organization_member_access_level": "readonly"})
	if r.status != 201 || !strings.Contains(string(r.raw), `"organization_member_access_level":"readonly"`) {
		t.Fatalf("POST: %d %s", r.status, r.raw)
	}
	got := a.obj("PATCH", base+"/"+okta, map[string]any{"is_enabled": false}, 200)
	if got["organization_member_access_level"] != "readonly" || got["is_enabled"] != false {
		t.Fatalf("a PATCH of is_enabled reset the member access level: %v", got)
	}
	if got := a.obj("GET", base+"/"+okta, nil, 200); got["organization_member_access_level"] != "readonly" {
		t.Fatalf("GET: %v", got)
	}
	for _, bad := range []any{"read-only", "", "admin"} {
		a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"organization_member_access_level": bad}), 400,
			fmt.Sprintf(`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'No enum match for: \"%s\"' on property organization_member_access_level.","errorCode":"invalid_body"}`, bad))
	}
	a.wantError(a.do("PATCH", base+"/"+okta, map[string]any{"organization_member_access_level": true}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Expected type string but found type boolean' on property organization_member_access_level.","errorCode":"invalid_body"}`)
	got = a.obj("PATCH", base+"/"+okta, map[string]any{"organization_member_access_level": nil}, 200)
	if _, ok := got["organization_member_access_level"]; ok {
		t.Fatalf("null should unset the level: %v", got)
	}
	a.obj("PATCH", base+"/"+okta, map[string]any{"organization_member_access_level": "full"}, 200)
	classic := a.obj("GET", "/api/v2/organizations/"+org+"/enabled_connections/"+okta, nil, 200)
	if _, ok := classic["organization_member_access_level"]; ok {
		t.Fatalf("the classic family shows the member access level: %v", classic)
	}
	a.wantError(a.do("POST", "/api/v2/organizations/"+org+"/enabled_connections", map[string]any{"connection_id": a.connID("Username-Password-Authentication"), "organization_member_access_level": "full"}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: organization_member_access_level'.","errorCode":"invalid_body"}`)
}
