package sandbox_test

import (
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestConnectionProfiles(t *testing.T) {
	a := start(t, sandbox.Options{})
	r := a.do("POST", "/api/v2/connection-profiles", map[string]any{
		"name":                            "Test-Profile-TestAccConnectionProfile",
		"organization":                    map[string]any{"show_as_button": "required", "assign_membership_on_login": "optional"},
		"connection_name_prefix_template": "template1",
		"enabled_features":                []any{"scim", "universal_logout"},
		"connection_config":               map[string]any{},
	})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	var p map[string]any
	jsonDecode(t, r.raw, &p)
	id := p["id"].(string)
	if len(id) != 26 || id[:4] != "cop_" {
		t.Fatalf("profile id %q is not cop_ + 22", id)
	}
	jsonEqual(t, r.raw, `{"id":"`+id+`","name":"Test-Profile-TestAccConnectionProfile","organization":{"show_as_button":"required","assign_membership_on_login":"optional"},"connection_name_prefix_template":"template1","enabled_features":["scim","universal_logout"],"connection_config":{},"strategy_overrides":null}`)
	// connection_config is null when it was never sent.
	bare := a.obj("POST", "/api/v2/connection-profiles", map[string]any{"name": "bare"}, 201)
	if v, ok := bare["connection_config"]; !ok || v != nil {
		t.Fatalf("connection_config of a bare profile: %v (present %v)", v, ok)
	}

	for body, msg := range map[string]string{
		`{"name":"x","connection_name_prefix_template":"-bad"}`:                 `Payload validation error: 'String does not match pattern ^(?!-)(?!.*--)(?:[a-zA-Z0-9-]|{org_id}|{org_name})*$: -bad' on property connection_name_prefix_template.`,
		`{"name":"x","connection_name_prefix_template":"con-{org_name}-x"}`:     `Payload validation error: 'String is too long (16 chars), maximum 15' on property connection_name_prefix_template.`,
		`{"name":"x","enabled_features":["sso"]}`:                               `Payload validation error: 'No enum match for: "sso"' on property enabled_features.0.`,
		`{"name":"x","strategy_overrides":{"github":{}}}`:                       `Payload validation error: 'Additional properties not allowed: github' on property strategy_overrides.`,
		`{"name":"x","connection_config":{"a":1}}`:                              `Payload validation error: 'Additional properties not allowed: a' on property connection_config.`,
		`{"name":"x","organization":{"show_as_button":"always"}}`:               `Payload validation error: 'No enum match for: "always"' on property organization.show_as_button.`,
		`{"name":"x","strategy_overrides":{"okta":{"enabled_features":["x"]}}}`: `Payload validation error: 'No enum match for: "x"' on property strategy_overrides.okta.enabled_features.0.`,
	} {
		r := a.do("POST", "/api/v2/connection-profiles", body)
		a.wantError(r, 400, `{"statusCode":400,"error":"Bad Request","message":`+string(mustJSON(t, msg))+`,"errorCode":"invalid_body"}`)
	}
	a.wantError(a.do("POST", "/api/v2/connection-profiles", map[string]any{"name": "bare"}), 409,
		`{"statusCode":409,"error":"Conflict","message":"Connection profile conflict."}`)

	// PATCH replaces what is sent and keeps the rest.
	got := a.obj("PATCH", "/api/v2/connection-profiles/"+id, map[string]any{"connection_name_prefix_template": "template2", "enabled_features": []any{"scim"}}, 200)
	if got["connection_name_prefix_template"] != "template2" || got["organization"] == nil || len(got["enabled_features"].([]any)) != 1 {
		t.Fatalf("PATCH: %v", got)
	}

	// The demo has three; take is 1–10 (default 5).
	list := a.obj("GET", "/api/v2/connection-profiles?take=3", nil, 200)
	if len(list["connection_profiles"].([]any)) != 3 || list["next"] == nil {
		t.Fatalf("list take=3 of 5: %v", list)
	}
	a.wantError(a.do("GET", "/api/v2/connection-profiles?take=11", nil), 400,
		`{"statusCode":400,"error":"Bad Request","message":"Query validation error: 'Value 11 is greater than maximum 10' on property take.","errorCode":"invalid_query_string"}`)

	tpls := a.obj("GET", "/api/v2/connection-profiles/templates", nil, 200)["connection_profile_templates"].([]any)
	tid := tpls[0].(map[string]any)["id"].(string)
	one := a.obj("GET", "/api/v2/connection-profiles/templates/"+tid, nil, 200)
	// A template is a ready-made create payload.
	tpl := one["template"].(map[string]any)
	delete(tpl, "strategy_overrides")
	tpl["name"] = "from-template"
	a.obj("POST", "/api/v2/connection-profiles", tpl, 201)
	a.wantError(a.do("GET", "/api/v2/connection-profiles/templates/nope", nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"Connection profile template not found."}`)

	if r := a.do("DELETE", "/api/v2/connection-profiles/"+id, nil); r.status != 204 {
		t.Fatalf("DELETE: %d", r.status)
	}
	a.wantError(a.do("GET", "/api/v2/connection-profiles/"+id, nil), 404,
		`{"statusCode":404,"error":"Not Found","message":"Connection profile not found."}`)
}
