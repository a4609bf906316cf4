package sandbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/client/sandbox"
)

// Where the sandbox departed from Auth0 (issue #15 §4), each over HTTP;
// TestSDKReadsTheNewShapes drives the same through Auth0's SDK.

// A connection's answer always carries options; a database connection
// gets Auth0's default options beside those sent (recorded); realms []
// means the connection's name.
func TestConnectionOptionsAndRealmsAsAuth0(t *testing.T) {
	a := start(t, sandbox.Options{})
	gh := a.obj("POST", "/api/v2/connections", map[string]any{"name": "gh-2", "strategy": "github"}, 201)
	if opts, ok := gh["options"].(map[string]any); !ok || len(opts) != 0 {
		t.Fatalf("a connection created without options answers %v", gh["options"])
	}
	if got := a.obj("GET", "/api/v2/connections/"+gh["id"].(string), nil, 200); got["options"] == nil {
		t.Fatalf("GET lacks options: %v", got)
	}
	for _, c := range a.list("/api/v2/connections?per_page=100") {
		if _, ok := c.(map[string]any)["options"]; !ok {
			t.Fatalf("a listed connection lacks options: %v", c)
		}
	}
	db := a.obj("POST", "/api/v2/connections", map[string]any{"name": "db-2", "strategy": "auth0", "realms": []any{},
		"options": map[string]any{"upstream_params": map[string]any{"screen_name": map[string]any{"alias": "login_hint"}}}}, 201)
	jsonEqual(t, mustJSON(t, db["options"]), `{"mfa":{"active":true,"return_enroll_settings":true},"passwordPolicy":"good",`+
		`"upstream_params":{"screen_name":{"alias":"login_hint"}},"strategy_version":2,"brute_force_protection":true}`)
	if r := db["realms"].([]any); len(r) != 1 || r[0] != "db-2" {
		t.Fatalf("realms [] should be the name: %v", db["realms"])
	}
	got := a.obj("PATCH", "/api/v2/connections/"+db["id"].(string), map[string]any{"realms": []any{}}, 200)
	if r := got["realms"].([]any); len(r) != 1 || r[0] != "db-2" {
		t.Fatalf("PATCH realms []: %v", got["realms"])
	}
}

// A profile's organization settings are none, optional or required: ""
// is refused, not stored as nothing.
func TestProfileSettingEmptyIsRefused(t *testing.T) {
	a := start(t, sandbox.Options{})
	for _, k := range []string{"show_as_button", "assign_membership_on_login"} {
		a.wantError(a.do("POST", "/api/v2/connection-profiles", map[string]any{"name": "p-" + k, "organization": map[string]any{k: ""}}), 400,
			fmt.Sprintf(`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'No enum match for: \"\"' on property organization.%s.","errorCode":"invalid_body"}`, k))
	}
	a.obj("POST", "/api/v2/connection-profiles", map[string]any{"name": "p-ok", "organization": map[string]any{"show_as_button": "optional"}}, 201)
}

// A My Organization configuration names an existing user attribute
// profile, and its allowed strategies once each.
func TestMyOrganizationNamesRealUserAttributeProfiles(t *testing.T) {
	a := start(t, sandbox.Options{})
	cfg := func(uap string, strategies ...any) map[string]any {
		m := map[string]any{"allowed_strategies": strategies, "connection_deletion_behavior": "allow"}
		if uap != "" {
			m["user_attribute_profile_id"] = uap
		}
		return map[string]any{"name": "uap-app", "my_organization_configuration": m}
	}
	a.wantError(a.do("POST", "/api/v2/clients", cfg("uap_0000000000000000000000", "okta")), 400,
		`{"statusCode":400,"error":"Bad Request","message":"User attribute profile not found.","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", "/api/v2/clients", cfg("", "okta", "samlp", "okta")), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Array items are not unique (indexes 0 and 2)' on property my_organization_configuration.allowed_strategies.","errorCode":"invalid_body"}`)
	// ad is not in the OpenAPI document's enum for allowed_strategies.
	a.wantError(a.do("POST", "/api/v2/clients", cfg("", "ad")), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'No enum match for: \"ad\"' on property my_organization_configuration.allowed_strategies.0.","errorCode":"invalid_body"}`)

	uap := a.obj("POST", "/api/v2/user-attribute-profiles", map[string]any{"name": "Contractors", "user_attributes": map[string]any{
		"email": map[string]any{"description": "Email", "label": "Email", "profile_required": true, "auth0_mapping": "email"}}}, 201)
	id := uap["id"].(string)
	if !strings.HasPrefix(id, "uap_") {
		t.Fatalf("created %v", uap)
	}
	a.obj("POST", "/api/v2/clients", cfg(id, "okta"), 201)
	a.wantError(a.do("POST", "/api/v2/user-attribute-profiles", map[string]any{"name": "x", "user_attributes": map[string]any{}}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Too few properties defined (0), must be at least 1' on property user_attributes.","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", "/api/v2/user-attribute-profiles", map[string]any{"name": "y", "user_attributes": map[string]any{"email": map[string]any{"label": "Email"}}}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Missing required property: description' on property user_attributes.email.","errorCode":"invalid_body"}`)
	page := a.obj("GET", "/api/v2/user-attribute-profiles?take=10", nil, 200)
	if n := len(page["user_attribute_profiles"].([]any)); n != 2 { // the demo's and this one
		t.Fatalf("list: %v", page)
	}
	a.withScopes("read:clients").wantError(a.withScopes("read:clients").do("GET", "/api/v2/user-attribute-profiles", nil), 403,
		`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:user_attribute_profiles","errorCode":"insufficient_scope"}`)
	if r := a.do("DELETE", "/api/v2/user-attribute-profiles/"+id, nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
	a.wantError(a.do("GET", "/api/v2/user-attribute-profiles/"+id, nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"User attribute profile not found."}`)
}

// Members and organization client grants answer with Auth0's shapes.
func TestOrganizationMembersAndClientGrants(t *testing.T) {
	a := start(t, sandbox.Options{})
	org := a.orgID("globex")
	if r := a.do("GET", "/api/v2/organizations/"+org+"/members", nil); r.status != 200 || strings.TrimSpace(string(r.raw)) != "[]" {
		t.Fatalf("members: %d %s", r.status, r.raw)
	}
	jsonEqual(t, a.do("GET", "/api/v2/organizations/"+org+"/members?include_totals=true", nil).raw, `{"members":[],"start":0,"limit":50,"total":0}`)
	jsonEqual(t, a.do("GET", "/api/v2/organizations/"+org+"/members?take=10", nil).raw, `{"members":[]}`)
	a.wantError(a.do("GET", "/api/v2/organizations/org_0000000000000000/members", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`)
	// oscorp's seeded members: fields selects, the checkpoint pages them.
	oscorp := "/api/v2/organizations/" + a.orgID("oscorp") + "/members"
	page := a.obj("GET", oscorp+"?take=1&fields=user_id,email&include_fields=true", nil, 200)
	first := page["members"].([]any)[0].(map[string]any)
	if len(first) != 2 || first["email"] == nil || !strings.HasPrefix(first["user_id"].(string), "auth0|") || page["next"] == nil {
		t.Fatalf("first page: %v", page)
	}
	next := a.obj("GET", oscorp+"?take=1&from="+page["next"].(string), nil, 200)
	if second := next["members"].([]any)[0].(map[string]any); second["user_id"] == first["user_id"] || second["name"] == nil || next["next"] != nil {
		t.Fatalf("second page: %v", next)
	}
	if m := a.list(oscorp + "?fields=email&include_fields=false"); len(m) != 2 || m[0].(map[string]any)["email"] != nil {
		t.Fatalf("include_fields=false: %v", m)
	}

	grants := a.list("/api/v2/client-grants")
	grant := grants[0].(map[string]any)["id"].(string)
	base := "/api/v2/organizations/" + org + "/client-grants"
	jsonEqual(t, a.do("GET", base+"?include_totals=true", nil).raw, `{"client_grants":[],"start":0,"limit":50,"total":0}`)
	a.obj("POST", base, map[string]any{"grant_id": grant}, 201)
	a.wantError(a.do("POST", base, map[string]any{"grant_id": grant}), 409,
		`{"statusCode":409,"error":"Conflict","message":"The client grant is already associated with the organization."}`)
	if l := a.list(base); len(l) != 1 || l[0].(map[string]any)["id"] != grant {
		t.Fatalf("associated grants: %v", l)
	}
	if r := a.do("DELETE", base+"/"+grant, nil); r.status != 204 {
		t.Fatalf("DELETE: %d %s", r.status, r.raw)
	}
	if l := a.list(base); len(l) != 0 {
		t.Fatalf("after DELETE: %v", l)
	}
}

func TestSDKReadsTheNewShapes(t *testing.T) {
	m, a := sdk(t, sandbox.Options{})
	ctx := context.Background()
	conn, err := m.Connections.Create(ctx, &management.CreateConnectionRequestContent{Name: "sdk-db", Strategy: "auth0", Realms: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if conn.Options == nil || conn.GetRealms()[0] != "sdk-db" {
		t.Fatalf("created %+v", conn)
	}
	org := a.orgID("globex")
	members, err := m.Organizations.Members.List(ctx, org, &management.ListOrganizationMembersRequestParameters{})
	if err != nil || len(members.Results) != 0 {
		t.Fatalf("members: %+v %v", members, err)
	}
	grants, err := m.Organizations.ClientGrants.List(ctx, org, &management.ListOrganizationClientGrantsRequestParameters{})
	if err != nil || len(grants.Results) != 0 {
		t.Fatalf("organization client grants: %+v %v", grants, err)
	}
	uaps, err := m.UserAttributeProfiles.List(ctx, &management.ListUserAttributeProfileRequestParameters{})
	if err != nil || len(uaps.Results) != 1 {
		t.Fatalf("user attribute profiles: %+v %v", uaps, err)
	}
}

// The prompt settings and discovery domains the tracer reads.
func TestPromptsAndDiscoveryDomains(t *testing.T) {
	a := start(t, sandbox.Options{})
	jsonEqual(t, a.do("GET", "/api/v2/prompts", nil).raw, `{"universal_login_experience":"new","identifier_first":false,"webauthn_platform_first_factor":false}`)
	got := a.obj("PATCH", "/api/v2/prompts", map[string]any{"identifier_first": true}, 200)
	if got["identifier_first"] != true || got["universal_login_experience"] != "new" {
		t.Fatalf("PATCH: %v", got)
	}
	a.wantError(a.do("PATCH", "/api/v2/prompts", map[string]any{"universal_login_experience": "retro"}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'No enum match for: \"retro\"' on property universal_login_experience.","errorCode":"invalid_body"}`)
	org := a.orgID("globex")
	base := "/api/v2/organizations/" + org + "/discovery-domains"
	jsonEqual(t, a.do("GET", base, nil).raw, `{"domains":[]}`)
	d := a.obj("POST", base, map[string]any{"domain": "Globex.test", "status": "verified"}, 201)
	if d["domain"] != "globex.test" || d["status"] != "verified" || !strings.HasPrefix(d["id"].(string), "ord_") {
		t.Fatalf("created %v", d)
	}
	a.wantError(a.do("POST", base, map[string]any{"domain": "globex.test"}), 409,
		`{"statusCode":409,"error":"Conflict","message":"The domain globex.test is already a discovery domain of the organization."}`)
	if l := a.obj("GET", base+"?take=10", nil, 200)["domains"].([]any); len(l) != 1 {
		t.Fatalf("list: %v", l)
	}
	if r := a.do("DELETE", base+"/"+d["id"].(string), nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
}
