package model

import (
	"strings"
	"testing"
)

func TestConnectionOptionsPerStrategy(t *testing.T) {
	opts := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		v    *Violation
		want string // "" means valid
	}{
		{"okta domain", ValidateConnectionOptions("okta", opts("client_id", "0oa1", "domain", "globex.okta.com")), ""},
		{"okta domain not a host", ValidateConnectionOptions("okta", opts("client_id", "0oa1", "domain", "not a domain!")),
			"Payload validation error: 'Object didn't pass validation for format hostname: not a domain!' on property options.domain."},
		{"okta domain too short", ValidateConnectionOptions("okta", opts("client_id", "0oa1", "domain", "a.b")),
			"Payload validation error: 'String is too short (3 chars), minimum 4' on property options.domain."},
		{"okta domain a number", ValidateConnectionOptions("okta", opts("client_id", "0oa1", "domain", 12.0)),
			"Payload validation error: 'Expected type string but found type number' on property options.domain."},
		{"waad tenant id", ValidateConnectionOptions("waad", opts("tenant_domain", "0b6c9a2e-1d3f-4a5b-8c7d-9e0f1a2b3c4d")), ""},
		{"waad host", ValidateConnectionOptions("waad", opts("tenant_domain", "initech.onmicrosoft.com")), ""},
		{"waad bad", ValidateConnectionOptions("waad", opts("tenant_domain", "initech onmicrosoft")),
			"Payload validation error: 'Object didn't pass validation for format hostname: initech onmicrosoft' on property options.tenant_domain."},
		{"google-apps domain", ValidateConnectionOptions("google-apps", opts("domain", "hooli.example")), ""},
		{"oidc discovery", ValidateConnectionOptions("oidc", opts("client_id", "0oa1", "discovery_url", "https://id.stark.example/.well-known/openid-configuration")), ""},
		{"oidc discovery not a URL", ValidateConnectionOptions("oidc", opts("client_id", "0oa1", "discovery_url", "id.stark.example")),
			"Payload validation error: 'Object didn't pass validation for format url: id.stark.example' on property options.discovery_url."},
		{"saml sign-in", ValidateConnectionOptions("samlp", opts("signInEndpoint", "https://sso.umbrella.example/saml")), ""},
		{"aliases", ValidateConnectionOptions("samlp", opts("domain_aliases", []any{"umbrella.example", "xn--bcher-kva.example"})), ""},
		{"alias with a space", ValidateConnectionOptions("okta", opts("client_id", "0oa1", "domain_aliases", []any{"acme.test", "bad domain"})),
			"Payload validation error: 'String does not match pattern " + DomainAliasPattern + ": bad domain' on property options.domain_aliases.1."},
		{"alias leading hyphen", ValidateConnectionOptions("adfs", opts("domain_aliases", []any{"-acme.test"})),
			"Payload validation error: 'String does not match pattern " + DomainAliasPattern + ": -acme.test' on property options.domain_aliases.0."},
		{"database combination", ValidateConnectionOptions("auth0", opts("attributes", map[string]any{}, "validation", map[string]any{})),
			"Cannot set both options.attributes and options.validation"},
		{"okta without its client id", ValidateConnectionOptions("okta", opts("domain", "acme.okta.com")),
			"Payload validation error: 'Missing required property: client_id' on property options."},
		{"social options unchecked", ValidateConnectionOptions("github", opts("domain", "not a domain!")), ""},
		{"database realms", ValidateRealms("auth0", "users", []string{"users", "acme.test"}), ""},
		{"realm with a space", ValidateRealms("auth0", "users", []string{"bad realm!"}),
			"Payload validation error: 'Object didn't pass validation for format connection-realm: bad realm!' on property realms.0."},
		{"eleven realms", ValidateRealms("auth0", "users", strings.Split("a,b,c,d,e,f,g,h,i,j,k", ",")),
			"Payload validation error: 'Array is too long (11), maximum 10' on property realms."},
		{"enterprise keeps its name", ValidateRealms("okta", "acme-okta", []string{"acme-okta"}), ""},
		{"enterprise other realm", ValidateRealms("samlp", "acme-saml", []string{"acme.test"}), RealmsRuleMessage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if tc.v != nil {
				got = tc.v.APIMessage()
			}
			if got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	if v := ValidateConnectionOption("okta", "domain", "bad realm!"); v == nil || v.Message != "Object didn't pass validation for format hostname: bad realm!" {
		t.Fatalf("one option: %+v", v)
	}
}
