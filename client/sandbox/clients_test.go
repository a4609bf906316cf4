package sandbox_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestClientsMyOrganizationConfiguration(t *testing.T) {
	a := start(t, sandbox.Options{})
	prof := a.obj("GET", "/api/v2/connection-profiles?take=1", nil, 200)["connection_profiles"].([]any)[0].(map[string]any)["id"].(string)
	cfg := map[string]any{
		"connection_profile_id":        prof,
		"user_attribute_profile_id":    "uap_1cB4Qk5YYUM6tQBtksk7mv",
		"allowed_strategies":           []any{"pingfederate", "adfs", "waad", "google-apps", "okta", "oidc", "samlp"},
		"connection_deletion_behavior": "allow",
		"invitation_landing_client_id": "OTWEBNgzRBCTaNzAyAp6PAqlyqZvrXJE",
	}
	c := a.obj("POST", "/api/v2/clients", map[string]any{"name": "My Org App", "my_organization_configuration": cfg}, 201)
	jsonEqual(t, mustJSON(t, c["my_organization_configuration"]), string(mustJSON(t, cfg)))
	if len(c["client_id"].(string)) != 32 || c["client_secret"] == nil {
		t.Fatalf("create answer: %v", c)
	}
	id := c["client_id"].(string)
	got := a.obj("GET", "/api/v2/clients/"+id+"?fields=client_id,my_organization_configuration&include_fields=true", nil, 200)
	if len(got) != 2 || got["client_secret"] != nil {
		t.Fatalf("fields: %v", got)
	}

	bad := func(mut func(m map[string]any), want string, status int) {
		t.Helper()
		m := map[string]any{}
		for k, v := range cfg {
			m[k] = v
		}
		mut(m)
		r := a.do("PATCH", "/api/v2/clients/"+id, map[string]any{"my_organization_configuration": m})
		if r.status != status || !strings.Contains(string(r.raw), want) {
			t.Fatalf("status %d %s, want %d with %q", r.status, r.raw, status, want)
		}
	}
	bad(func(m map[string]any) { m["connection_profile_id"] = "cop_WRONG" }, `"errorCode":"invalid_body"`, 400)
	bad(func(m map[string]any) { delete(m, "allowed_strategies") }, "Missing required property: allowed_strategies", 400)
	bad(func(m map[string]any) { delete(m, "connection_deletion_behavior") }, "Missing required property: connection_deletion_behavior", 400)
	bad(func(m map[string]any) { m["allowed_strategies"] = []any{"okta", "ad"} }, `No enum match for: \"ad\"' on property my_organization_configuration.allowed_strategies.1.`, 400)
	bad(func(m map[string]any) { m["connection_deletion_behavior"] = "never" }, `No enum match for: \"never\"`, 400)

	bad(func(m map[string]any) { m["enforce_permission_ceiling"] = "yes" },
		`Expected type boolean but found type string' on property my_organization_configuration.enforce_permission_ceiling`, 400)
	bad(func(m map[string]any) { m["enforce_self_assignment_restriction"] = 1 },
		`on property my_organization_configuration.enforce_self_assignment_restriction`, 400)
	// The member-management controls (newer than the OpenAPI document).
	controls := a.obj("PATCH", "/api/v2/clients/"+id, map[string]any{"my_organization_configuration": map[string]any{
		"allowed_strategies": []any{"okta"}, "connection_deletion_behavior": "allow",
		"enforce_permission_ceiling": true, "enforce_self_assignment_restriction": false}}, 200)
	if m := controls["my_organization_configuration"].(map[string]any); m["enforce_permission_ceiling"] != true || m["enforce_self_assignment_restriction"] != false {
		t.Fatalf("the controls: %v", m)
	}
	patched := a.obj("PATCH", "/api/v2/clients/"+id, map[string]any{"my_organization_configuration": map[string]any{
		"allowed_strategies": []any{"okta", "samlp", "oidc"}, "connection_deletion_behavior": "allow_if_empty"}}, 200)
	if patched["my_organization_configuration"].(map[string]any)["connection_deletion_behavior"] != "allow_if_empty" || patched["name"] != "My Org App" {
		t.Fatalf("PATCH: %v", patched)
	}
	removed := a.obj("PATCH", "/api/v2/clients/"+id, map[string]any{"my_organization_configuration": nil}, 200)
	if _, ok := removed["my_organization_configuration"]; ok {
		t.Fatalf("null must remove the configuration: %v", removed)
	}
	a.wantError(a.do("POST", "/api/v2/clients", map[string]any{"name": "x", "unknown_prop": true}), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Payload validation error: 'Additional properties not allowed: unknown_prop'.","errorCode":"invalid_body"}`)
	if r := a.do("DELETE", "/api/v2/clients/"+id, nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
	a.wantError(a.do("GET", "/api/v2/clients/"+id, nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`)
}

// A client's token carries exactly the scopes of its grant on the
// Management API, so tests can make clients with only some scopes.
func TestClientGrantsDecideTokenScopes(t *testing.T) {
	a := start(t, sandbox.Options{Empty: true})
	c := a.obj("POST", "/api/v2/clients", map[string]any{"name": "reader", "app_type": "non_interactive"}, 201)
	id, secret := c["client_id"].(string), c["client_secret"].(string)
	aud := a.base + "/api/v2/"

	tok := token(t, a, id, secret, aud)
	if tok.status != 403 || !strings.Contains(string(tok.raw), `You need to create a \"client-grant\" associated to this API`) {
		t.Fatalf("token without grant: %d %s", tok.status, tok.raw)
	}
	g := a.obj("POST", "/api/v2/client-grants", map[string]any{"client_id": id, "audience": aud, "scope": []any{"read:organizations"}}, 201)
	tok = token(t, a, id, secret, aud)
	var body map[string]any
	jsonDecode(t, tok.raw, &body)
	if tok.status != 200 || body["scope"] != "read:organizations" || body["expires_in"] != 86400.0 || body["token_type"] != "Bearer" {
		t.Fatalf("token: %d %s", tok.status, tok.raw)
	}
	reader := &api{t: t, srv: a.srv, base: a.base, token: body["access_token"].(string)}
	reader.list("/api/v2/organizations")
	reader.wantError(reader.do("POST", "/api/v2/organizations", map[string]any{"name": "x"}), 403,
		`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: create:organizations","errorCode":"insufficient_scope"}`)
	reader.wantError(reader.do("GET", "/api/v2/clients", nil), 403,
		`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:clients, read:client_keys, read:client_credentials, read:client_summary","errorCode":"insufficient_scope"}`)

	a.obj("PATCH", "/api/v2/client-grants/"+g["id"].(string), map[string]any{"scope": []any{"read:organizations", "create:organizations"}}, 200)
	jsonDecode(t, token(t, a, id, secret, aud).raw, &body)
	if body["scope"] != "read:organizations create:organizations" {
		t.Fatalf("scope after PATCH: %v", body["scope"])
	}

	if r := token(t, a, id, "wrong", aud); r.status != 401 {
		t.Fatalf("wrong secret: %d", r.status)
	} else {
		jsonEqual(t, r.raw, `{"error":"access_denied","error_description":"Unauthorized"}`)
	}
	if r := token(t, a, id, secret, "https://other.example/api"); r.status != 403 || !strings.Contains(string(r.raw), "Service not found") {
		t.Fatalf("unknown audience: %d %s", r.status, r.raw)
	}
	web := a.obj("POST", "/api/v2/clients", map[string]any{"name": "web", "app_type": "regular_web", "grant_types": []any{"authorization_code"}}, 201)
	r := token(t, a, web["client_id"].(string), web["client_secret"].(string), aud)
	jsonEqual(t, r.raw, `{"error":"unauthorized_client","error_description":"Grant type 'client_credentials' not allowed for the client.","error_uri":"https://auth0.com/docs/clients/client-grant-types"}`)
}

func token(t *testing.T, a *api, id, secret, aud string) response {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {aud}}
	res, err := httpPostForm(a.base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
