package sandbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestConnectionCreateDefaultsAndRules(t *testing.T) {
	a := start(t, sandbox.Options{})
	ad := a.obj("POST", "/api/v2/connections", map[string]any{"name": "test-conn758", "display_name": "Test Connection 877", "strategy": "ad"}, 201)
	if !strings.HasPrefix(ad["id"].(string), "con_") || ad["show_as_button"] != false || ad["is_domain_connection"] != false {
		t.Fatalf("ad defaults: %v", ad)
	}
	if realms := ad["realms"].([]any); len(realms) != 1 || realms[0] != "test-conn758" {
		t.Fatalf("realms default: %v", ad["realms"])
	}
	if !strings.Contains(ad["provisioning_ticket_url"].(string), "/p/ad/") {
		t.Fatalf("provisioning ticket: %v", ad["provisioning_ticket_url"])
	}
	jsonEqual(t, mustJSON(t, ad["options"]), `{"ips":null,"brute_force_protection":true}`)
	jsonEqual(t, mustJSON(t, ad["authentication"]), `{"active":true}`)
	gh := a.obj("POST", "/api/v2/connections", map[string]any{"name": "gh2", "strategy": "github", "show_as_button": true}, 201)
	if _, ok := gh["show_as_button"]; ok {
		t.Fatalf("show_as_button returned for a social connection: %v", gh)
	}

	pattern := "^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$"
	for _, c := range []struct {
		body any
		msg  string
	}{
		{map[string]any{"name": "bad_name", "strategy": "auth0"}, "Payload validation error: 'String does not match pattern " + pattern + ": bad_name' on property name."},
		{map[string]any{"name": strings.Repeat("a", 129), "strategy": "auth0"}, "Payload validation error: 'String is too long (129 chars), maximum 128' on property name."},
		{map[string]any{"name": "x", "strategy": "auth0-adldap"}, `Payload validation error: 'No enum match for: "auth0-adldap"' on property strategy.`},
		{map[string]any{"name": "x"}, "Payload validation error: 'Missing required property: strategy'."},
		{map[string]any{"name": "x", "strategy": "auth0", "options": map[string]any{"attributes": map[string]any{}, "validation": map[string]any{}}}, "Cannot set both options.attributes and options.validation"},
		{map[string]any{"name": "x", "strategy": "okta", "options": map[string]any{"domain": "not a domain!", "client_id": "0oa1"}}, "Payload validation error: 'Object didn't pass validation for format hostname: not a domain!' on property options.domain."},
		{map[string]any{"name": "x", "strategy": "auth0", "realms": []any{"bad realm!"}}, "Payload validation error: 'Object didn't pass validation for format connection-realm: bad realm!' on property realms.0."},
		{map[string]any{"name": "x", "strategy": "samlp", "realms": []any{"acme.test"}}, "Realms is only supported for database connections."},
		{map[string]any{"name": "x", "strategy": "oidc", "options": map[string]any{"discovery_url": "https://id.acme.test/.well-known/openid-configuration"}}, "Payload validation error: 'Missing required property: client_id' on property options."},
	} {
		a.wantError(a.do("POST", "/api/v2/connections", c.body), 400,
			fmt.Sprintf(`{"statusCode":400,"error":"Bad Request","message":%q,"errorCode":"invalid_body"}`, c.msg))
	}
	a.wantError(a.do("POST", "/api/v2/connections", map[string]any{"name": "github", "strategy": "github"}), 409,
		`{"statusCode":409,"error":"Conflict","message":"A connection with the same name already exists"}`)

	id := ad["id"].(string)
	// name and strategy cannot change; options are replaced as a whole.
	a.wantError(a.do("PATCH", "/api/v2/connections/"+id, map[string]any{"name": "renamed"}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: name'.","errorCode":"invalid_body"}`)
	a.wantError(a.do("PATCH", "/api/v2/connections/"+id, map[string]any{}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Too few properties defined (0), must be at least 1'.","errorCode":"invalid_body"}`)
	p := a.obj("PATCH", "/api/v2/connections/"+id, map[string]any{"options": map[string]any{"ips": []any{"10.0.0.1"}}}, 200)
	jsonEqual(t, mustJSON(t, p["options"]), `{"ips":["10.0.0.1"]}`)
	// An update's options are checked by the connection's strategy.
	okta := a.obj("POST", "/api/v2/connections", map[string]any{"name": "acme-okta", "strategy": "okta", "options": map[string]any{"domain": "acme.okta.com", "client_id": "0oa1"}}, 201)
	a.wantError(a.do("PATCH", "/api/v2/connections/"+okta["id"].(string), map[string]any{"options": map[string]any{"domain": "acme okta", "client_id": "0oa1"}}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Object didn't pass validation for format hostname: acme okta' on property options.domain.","errorCode":"invalid_body"}`)
}

func TestConnectionListFilters(t *testing.T) {
	a := start(t, sandbox.Options{})
	m := a.obj("GET", "/api/v2/connections?fields=id&include_fields=true&include_totals=true&per_page=50", nil, 200)
	if m["total"] != 14.0 {
		t.Fatalf("total %v, want the 14 demo connections", m["total"])
	}
	for _, c := range m["connections"].([]any) {
		if len(c.(map[string]any)) != 2 || c.(map[string]any)["is_domain_connection"] == nil {
			t.Fatalf("fields=id must give id + is_domain_connection: %v", c)
		}
	}
	m = a.obj("GET", "/api/v2/connections?strategy=okta&strategy=samlp&include_totals=true", nil, 200)
	if m["total"] != 2.0 {
		t.Fatalf("strategy filter: %v", m["total"])
	}
	a.wantError(a.do("GET", "/api/v2/connections?strategy=nope", nil), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Query validation error: 'No enum match for: \"nope\"' on property strategy.","errorCode":"invalid_query_string"}`)
	first := a.obj("GET", "/api/v2/connections?take=10", nil, 200)
	rest := a.obj("GET", "/api/v2/connections?take=10&from="+first["next"].(string), nil, 200)
	if len(first["connections"].([]any)) != 10 || len(rest["connections"].([]any)) != 4 || rest["next"] != nil {
		t.Fatalf("checkpoint: %d then %d, next %v", len(first["connections"].([]any)), len(rest["connections"].([]any)), rest["next"])
	}
}

func TestConnectionDeleteAndClients(t *testing.T) {
	a := start(t, sandbox.Options{})
	id := a.connID("globex-okta")
	org := a.orgID("globex")
	r := a.do("DELETE", "/api/v2/connections/"+id, nil)
	if r.status != 202 {
		t.Fatalf("DELETE: %d %s", r.status, r.raw)
	}
	again := a.do("DELETE", "/api/v2/connections/"+id, nil)
	if again.status != 202 || string(again.raw) != string(r.raw) {
		t.Fatalf("repeated DELETE: %d %s, want 202 %s", again.status, again.raw, r.raw)
	}
	a.wantError(a.do("GET", "/api/v2/connections/"+id, nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}`)
	for _, l := range a.list("/api/v2/organizations/" + org + "/connections") {
		if l.(map[string]any)["connection_id"] == id {
			t.Fatal("a deleted connection is still enabled on an org")
		}
	}

	gh := a.connID("github")
	clients := a.obj("GET", "/api/v2/connections/"+gh+"/clients?take=50", nil, 200)
	if n := len(clients["clients"].([]any)); n != 1 || clients["next"] != nil {
		t.Fatalf("github clients: %v", clients)
	}
	mobile := a.list("/api/v2/clients?app_type=native")[0].(map[string]any)["client_id"].(string)
	if r := a.do("PATCH", "/api/v2/connections/"+gh+"/clients", []any{map[string]any{"client_id": mobile, "status": true}}); r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("PATCH clients: %d %s", r.status, r.raw)
	}
	clients = a.obj("GET", "/api/v2/connections/"+gh+"/clients?take=1", nil, 200)
	if clients["next"] == nil {
		t.Fatalf("take=1 of 2 clients must give next: %v", clients)
	}
	a.wantError(a.do("PATCH", "/api/v2/connections/"+gh+"/clients", []any{map[string]any{"client_id": "nope", "status": true}}), 404,
		`{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`)
	conn := a.obj("GET", "/api/v2/connections/"+gh, nil, 200)
	if len(conn["enabled_clients"].([]any)) != 2 {
		t.Fatalf("enabled_clients after PATCH: %v", conn["enabled_clients"])
	}
}
