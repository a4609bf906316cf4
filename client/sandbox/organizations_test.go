package sandbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestOrganizationCreateReadUpdateDelete(t *testing.T) {
	a := start(t, sandbox.Options{Empty: true})
	org := a.obj("POST", "/api/v2/organizations", map[string]any{
		"name": "acme", "display_name": "Acme",
		"branding": map[string]any{"logo_url": "https://example.com/logo.gif"},
		"metadata": map[string]any{"tier": "gold"},
	}, 201)
	id := org["id"].(string)
	if !strings.HasPrefix(id, "org_") || len(id) != 20 {
		t.Fatalf("org id %q is not org_ + 16", id)
	}

	got := a.obj("GET", "/api/v2/organizations/"+id, nil, 200)
	if got["name"] != "acme" || got["display_name"] != "Acme" {
		t.Fatalf("GET = %v", got)
	}
	// PATCH keeps what is not sent, replaces metadata as a whole, renames.
	patched := a.obj("PATCH", "/api/v2/organizations/"+id, map[string]any{"name": "new-org-name", "metadata": map[string]any{}}, 200)
	if patched["name"] != "new-org-name" || patched["branding"] == nil {
		t.Fatalf("PATCH = %v", patched)
	}
	if _, ok := patched["metadata"]; ok {
		t.Fatalf("metadata {} must remove every key, got %v", patched["metadata"])
	}
	if byName := a.obj("GET", "/api/v2/organizations/name/new-org-name", nil, 200); byName["id"] != id {
		t.Fatalf("GET by new name = %v", byName)
	}
	a.wantError(a.do("GET", "/api/v2/organizations/name/acme", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`)

	if r := a.do("DELETE", "/api/v2/organizations/"+id, nil); r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("DELETE: %d %s", r.status, r.raw)
	}
	a.wantError(a.do("DELETE", "/api/v2/organizations/"+id, nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`)
	a.wantError(a.do("GET", "/api/v2/organizations/org_XXXXXXXXXXXXXXXX", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`)
}

func TestOrganizationValidation(t *testing.T) {
	a := start(t, sandbox.Options{})
	cases := []struct {
		body any
		msg  string
	}{
		{map[string]any{"display_name": "x"}, "Payload validation error: 'Missing required property: name'."},
		{map[string]any{"name": "Acme Corp"}, "Payload validation error: 'Object didn't pass validation for format organization-name: Acme Corp' on property name."},
		{map[string]any{"name": strings.Repeat("a", 51)}, "Payload validation error: 'String is too long (51 chars), maximum 50' on property name."},
		{map[string]any{"name": "x", "bogus": 1}, "Payload validation error: 'Additional properties not allowed: bogus'."},
		{map[string]any{"name": 7}, "Payload validation error: 'Expected type string but found type integer' on property name."},
		{map[string]any{"name": "x", "branding": map[string]any{"logo_url": "http://insecure.example/l.png"}},
			"Payload validation error: 'Object didn't pass validation for format strict-https-uri-or-null: http://insecure.example/l.png' on property branding.logo_url."},
		{map[string]any{"name": "x", "branding": map[string]any{"colors": map[string]any{"primary": "#fff"}}},
			"Payload validation error: 'Missing required property: page_background' on property branding.colors."},
	}
	for _, c := range cases {
		a.wantError(a.do("POST", "/api/v2/organizations", c.body), 400,
			fmt.Sprintf(`{"statusCode":400,"error":"Bad Request","message":%q,"errorCode":"invalid_body"}`, c.msg))
	}
	md := map[string]any{}
	for i := range 26 {
		md[fmt.Sprintf("k%d", i)] = "v"
	}
	a.wantError(a.do("POST", "/api/v2/organizations", map[string]any{"name": "x", "metadata": md}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Too many properties defined (26), must be at most 25' on property metadata.","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", "/api/v2/organizations", "{not json"), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Invalid request payload JSON format","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", "/api/v2/organizations", map[string]any{"name": "globex"}), 409,
		`{"statusCode":409,"error":"Conflict","message":"An organization with this name already exists."}`)
	// enabled_connections is accepted on POST only.
	a.wantError(a.do("PATCH", "/api/v2/organizations/"+a.orgID("globex"), map[string]any{"enabled_connections": []any{}}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: enabled_connections'.","errorCode":"invalid_body"}`)
}

func TestOrganizationCreateWithEnabledConnections(t *testing.T) {
	a := start(t, sandbox.Options{})
	db, okta := a.connID("Username-Password-Authentication"), a.connID("globex-okta")
	r := a.do("POST", "/api/v2/organizations", map[string]any{
		"name": "with-links",
		"enabled_connections": []any{
			map[string]any{"connection_id": okta, "assign_membership_on_login": true, "show_as_button": true},
			map[string]any{"connection_id": db, "assign_membership_on_login": true, "is_signup_enabled": true},
		},
	})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	org := map[string]any{}
	jsonDecode(t, r.raw, &org)
	links := org["enabled_connections"].([]any)
	jsonEqual(t, mustJSON(t, links[0]), fmt.Sprintf(`{"connection_id":%q,"assign_membership_on_login":true,"show_as_button":true,"connection":{"name":"globex-okta","strategy":"okta"}}`, okta))
	jsonEqual(t, mustJSON(t, links[1]), fmt.Sprintf(`{"connection_id":%q,"assign_membership_on_login":true,"is_signup_enabled":true,"show_as_button":true,"connection":{"name":"Username-Password-Authentication","strategy":"auth0"}}`, db))

	var eleven []any
	for range 11 {
		eleven = append(eleven, map[string]any{"connection_id": db})
	}
	a.wantError(a.do("POST", "/api/v2/organizations", map[string]any{"name": "too-many", "enabled_connections": eleven}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Array is too long (11), maximum 10' on property enabled_connections.","errorCode":"invalid_body"}`)
	a.wantError(a.do("POST", "/api/v2/organizations", map[string]any{"name": "bad-signup",
		"enabled_connections": []any{map[string]any{"connection_id": okta, "is_signup_enabled": true, "assign_membership_on_login": true}}}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Only database connections with assign_membership_on_login = true support is_signup_enabled = true.","errorCode":"invalid_body"}`)
	// Sending links needs create:organization_connections too.
	limited := a.withScopes("create:organizations")
	limited.wantError(limited.do("POST", "/api/v2/organizations", map[string]any{"name": "no-scope", "enabled_connections": []any{map[string]any{"connection_id": db}}}), 403,
		`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: create:organization_connections","errorCode":"insufficient_scope"}`)
	limited.obj("POST", "/api/v2/organizations", map[string]any{"name": "no-links"}, 201)
}

func TestOrganizationOffsetPaging(t *testing.T) {
	a := start(t, sandbox.Options{Orgs: 1200})
	m := a.obj("GET", "/api/v2/organizations?include_totals=true&per_page=50&page=1", nil, 200)
	if m["start"] != 50.0 || m["limit"] != 50.0 || m["total"] != 1200.0 || len(m["organizations"].([]any)) != 50 {
		t.Fatalf("page 1: start %v limit %v total %v n %d", m["start"], m["limit"], m["total"], len(m["organizations"].([]any)))
	}
	if l := a.list("/api/v2/organizations?per_page=7"); len(l) != 7 {
		t.Fatalf("without include_totals: bare array of 7 wanted, got %d", len(l))
	}
	// Offset paging reaches the first 1000 records only.
	last := a.obj("GET", "/api/v2/organizations?include_totals=true&per_page=100&page=9", nil, 200)
	if len(last["organizations"].([]any)) != 100 {
		t.Fatalf("page 9 of 100 should be full")
	}
	a.wantError(a.do("GET", "/api/v2/organizations?per_page=100&page=10", nil), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Requesting page exceeds the allowed maximum of 1000 records","errorCode":"invalid_paging"}`)
	a.wantError(a.do("GET", "/api/v2/organizations?per_page=101", nil), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Query validation error: 'Value 101 is greater than maximum 100' on property per_page.","errorCode":"invalid_query_string"}`)
	desc := a.list("/api/v2/organizations?sort=name:-1&per_page=3")
	asc := a.list("/api/v2/organizations?sort=name:1&per_page=3")
	if !(name(desc[0]) > name(desc[1]) && name(asc[0]) < name(asc[1])) {
		t.Fatalf("sort: desc %v asc %v", names(desc), names(asc))
	}
	a.wantError(a.do("GET", "/api/v2/organizations?sort=id:1", nil), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Query validation error: 'String does not match pattern ^((name)|(display_name)|(created_at)):(1|-1)$: id:1' on property sort.","errorCode":"invalid_query_string"}`)
}

func TestOrganizationCheckpointPagingReadsEachOrgOnce(t *testing.T) {
	a := start(t, sandbox.Options{Orgs: 2345})
	seen := map[string]bool{}
	from, pages := "", 0
	for {
		path := "/api/v2/organizations?take=100"
		if pages == 0 {
			// take wins over include_totals and per_page, as recorded.
			path += "&include_totals=true&per_page=50"
		}
		if from != "" {
			path += "&from=" + from
		}
		m := a.obj("GET", path, nil, 200)
		pages++
		if _, ok := m["total"]; ok {
			t.Fatalf("checkpoint page carries totals: %v", m["total"])
		}
		for _, o := range m["organizations"].([]any) {
			id := o.(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("org %s returned twice", id)
			}
			seen[id] = true
		}
		next, ok := m["next"].(string)
		if !ok {
			break
		}
		from = next
	}
	if len(seen) != 2345 || pages != 24 {
		t.Fatalf("saw %d orgs in %d pages, want 2345 in 24", len(seen), pages)
	}
}

func name(o any) string { return o.(map[string]any)["name"].(string) }

func names(l []any) []string {
	var out []string
	for _, o := range l {
		out = append(out, name(o))
	}
	return out
}
