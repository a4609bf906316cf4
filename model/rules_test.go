package model

import (
	"strings"
	"testing"
)

func TestRulesGiveAuth0Messages(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		v    *Violation
		want string // "" means valid
	}{
		{"org name ok", ValidateOrganizationName("acme-corp_2"), ""},
		{"org name may start with digit", ValidateOrganizationName("9lives"), ""},
		{"org name uppercase", ValidateOrganizationName("Acme"),
			"Payload validation error: 'Object didn't pass validation for format organization-name: Acme' on property name."},
		{"org name empty", ValidateOrganizationName(""),
			"Payload validation error: 'String is too short (0 chars), minimum 1' on property name."},
		{"org name 51", ValidateOrganizationName(long(51)),
			"Payload validation error: 'String is too long (51 chars), maximum 50' on property name."},
		{"org name 50", ValidateOrganizationName(long(50)), ""},
		{"connection name ok", ValidateConnectionName("Acme-SAML-2"), ""},
		{"connection name double hyphen", ValidateConnectionName("acme--saml"),
			"Payload validation error: 'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: acme--saml' on property name."},
		{"connection name trailing hyphen", ValidateConnectionName("acme-"),
			"Payload validation error: 'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: acme-' on property name."},
		{"connection name underscore", ValidateConnectionName("acme_db"),
			"Payload validation error: 'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: acme_db' on property name."},
		{"connection name 128", ValidateConnectionName(long(128)), ""},
		{"connection name 129", ValidateConnectionName(long(129)),
			"Payload validation error: 'String is too long (129 chars), maximum 128' on property name."},
		{"strategy ok", ValidateStrategy("okta"), ""},
		{"member access unset", ValidateMemberAccessLevel(""), ""},
		{"member access full", ValidateMemberAccessLevel(AccessFull), ""},
		{"member access spelled as prose", ValidateMemberAccessLevel("read-only"),
			`Payload validation error: 'No enum match for: "read-only"' on property organization_member_access_level.`},
		{"strategy adldap cannot be created", ValidateStrategy("auth0-adldap"),
			`Payload validation error: 'No enum match for: "auth0-adldap"' on property strategy.`},
		{"signup on db with membership", ValidateSignup("auth0", true, true), ""},
		{"signup without membership", ValidateSignup("auth0", false, true), SignupRuleMessage},
		{"signup on enterprise", ValidateSignup("okta", true, true), SignupRuleMessage},
		{"no signup on enterprise", ValidateSignup("okta", false, false), ""},
		{"access level", ValidateAccessLevel("admin"),
			`Payload validation error: 'No enum match for: "admin"' on property organization_access_level.`},
		{"access level full", ValidateAccessLevel(AccessFull), ""},
		{"org connection name 51", ValidateOrgConnectionName(long(51)),
			"Payload validation error: 'String is too long (51 chars), maximum 50' on property organization_connection_name."},
		{"org connection name NUL", ValidateOrgConnectionName("a\x00b"),
			"Payload validation error: 'String does not match pattern ^[^\\u0000]*$: a\x00b' on property organization_connection_name."},
		{"prefix ok", ValidatePrefixTemplate("con-{org_id}-"), ""},
		{"prefix names", ValidatePrefixTemplate("{org_name}"), ""},
		{"prefix leading hyphen", ValidatePrefixTemplate("-x"),
			"Payload validation error: 'String does not match pattern " + PrefixTemplatePattern + ": -x' on property connection_name_prefix_template."},
		{"prefix double hyphen", ValidatePrefixTemplate("a--b"),
			"Payload validation error: 'String does not match pattern " + PrefixTemplatePattern + ": a--b' on property connection_name_prefix_template."},
		{"prefix unknown placeholder", ValidatePrefixTemplate("{org}"),
			"Payload validation error: 'String does not match pattern " + PrefixTemplatePattern + ": {org}' on property connection_name_prefix_template."},
		{"prefix 16 chars", ValidatePrefixTemplate("con-{org_name}-x"),
			"Payload validation error: 'String is too long (16 chars), maximum 15' on property connection_name_prefix_template."},
		{"features", ValidateFeatures("enabled_features", []Feature{"scim", "sso"}),
			`Payload validation error: 'No enum match for: "sso"' on property enabled_features.1.`},
		{"override key", ValidateStrategyOverrides(map[string]StrategyOverride{"github": {}}),
			"Payload validation error: 'Additional properties not allowed: github' on property strategy_overrides."},
		{"override google-apps", ValidateStrategyOverrides(map[string]StrategyOverride{"google-apps": {EnabledFeatures: []Feature{"scim"}}}), ""},
		{"connection config", ValidateConnectionConfig("connection_config", map[string]any{"x": 1}),
			"Payload validation error: 'Additional properties not allowed: x' on property connection_config."},
		{"org metadata 26 keys", ValidateOrganizationMetadata(keys(26)),
			"Payload validation error: 'Too many properties defined (26), must be at most 25' on property metadata."},
		{"org metadata 25 keys", ValidateOrganizationMetadata(keys(25)), ""},
		{"connection metadata 11 keys", ValidateConnectionMetadata(keys(11)),
			"Payload validation error: 'Too many properties defined (11), must be at most 10' on property metadata."},
		{"metadata long value", ValidateConnectionMetadata(map[string]string{"k": long(256)}),
			"Payload validation error: 'String is too long (256 chars), maximum 255' on property metadata.k."},
		{"branding http logo", ValidateBranding(&Branding{LogoURL: "http://x/logo.png"}),
			"Payload validation error: 'Object didn't pass validation for format strict-https-uri-or-null: http://x/logo.png' on property branding.logo_url."},
		{"branding half colours", ValidateBranding(&Branding{Colors: &BrandingColors{Primary: "#ffffff"}}),
			"Payload validation error: 'Missing required property: page_background' on property branding.colors."},
		{"myorg missing strategies", ValidateMyOrganizationConfiguration(MyOrganizationConfiguration{ConnectionDeletionBehavior: "allow"}),
			"Payload validation error: 'Missing required property: allowed_strategies' on property my_organization_configuration."},
		{"myorg ad refused", ValidateMyOrganizationConfiguration(MyOrganizationConfiguration{AllowedStrategies: []string{"okta", "ad"}, ConnectionDeletionBehavior: "allow"}),
			`Payload validation error: 'No enum match for: "ad"' on property my_organization_configuration.allowed_strategies.1.`},
		{"myorg behaviour", ValidateMyOrganizationConfiguration(MyOrganizationConfiguration{AllowedStrategies: []string{}, ConnectionDeletionBehavior: "never"}),
			`Payload validation error: 'No enum match for: "never"' on property my_organization_configuration.connection_deletion_behavior.`},
		{"myorg ok", ValidateMyOrganizationConfiguration(MyOrganizationConfiguration{AllowedStrategies: []string{"okta"}, ConnectionDeletionBehavior: "allow_if_empty"}), ""},
		{"profile ok", ValidateProfile(ConnectionProfile{Name: "p", Organization: &ProfileOrganization{ShowAsButton: "required"}, ConnectionNamePrefixTemplate: ptr("x")}), ""},
		{"profile bad setting", ValidateProfile(ConnectionProfile{Name: "p", Organization: &ProfileOrganization{AssignMembershipOnLogin: "always"}}),
			`Payload validation error: 'No enum match for: "always"' on property organization.assign_membership_on_login.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if tt.v != nil {
				got = tt.v.Error()
			}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func keys(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[strings.Repeat("k", i+1)] = "v"
	}
	return m
}

func TestViolationMessageForFormsIsTheInnerText(t *testing.T) {
	v := ValidateConnectionName("a_b")
	if v.Property != "name" || !strings.HasPrefix(v.Message, "String does not match pattern") {
		t.Fatalf("got %+v", v)
	}
	s := ValidateSignup("okta", true, true)
	if s.Property != "is_signup_enabled" || s.Message != SignupRuleMessage {
		t.Fatalf("got %+v", s)
	}
}

func TestStrategyClasses(t *testing.T) {
	want := map[string]StrategyClass{
		"auth0": ClassDatabase, "email": ClassPasswordless, "sms": ClassPasswordless,
		"ad": ClassEnterprise, "adfs": ClassEnterprise, "google-apps": ClassEnterprise, "oidc": ClassEnterprise,
		"okta": ClassEnterprise, "pingfederate": ClassEnterprise, "samlp": ClassEnterprise, "waad": ClassEnterprise,
		"google-oauth2": ClassSocial, "github": ClassSocial, "oauth2": ClassSocial,
		"auth0-adldap": ClassOther, "custom": ClassOther, "office365": ClassOther, "nonsense": ClassOther,
	}
	for s, c := range want {
		if got := ClassOf(s); got != c {
			t.Errorf("ClassOf(%q) = %s, want %s", s, got, c)
		}
	}
	n := 0
	for _, s := range CreatableStrategies() {
		if ClassOf(s) == ClassEnterprise {
			n++
		}
	}
	if n != 8 {
		t.Errorf("%d enterprise strategies among the creatable ones, want 8", n)
	}
	for _, s := range MyOrganizationStrategies() {
		if s == "ad" || !IsEnterprise(s) {
			t.Errorf("My Organization strategy %q must be enterprise and not ad", s)
		}
	}
}

func TestNewLinkDefaults(t *testing.T) {
	db := NewLink("con_1", ConnectionRef{Name: "db", Strategy: "auth0"})
	if db.IsSignupEnabled == nil || *db.IsSignupEnabled || !db.ShowAsButton || db.AssignMembershipOnLogin || !db.IsEnabled || db.OrganizationAccessLevel != AccessNone {
		t.Errorf("database link defaults wrong: %+v", db)
	}
	ent := NewLink("con_2", ConnectionRef{Name: "okta", Strategy: "okta"})
	if ent.IsSignupEnabled != nil {
		t.Errorf("enterprise link must not carry is_signup_enabled: %+v", ent)
	}
}

func TestProfileMappingAndPrefix(t *testing.T) {
	p := ConnectionProfile{Organization: &ProfileOrganization{ShowAsButton: SettingNone, AssignMembershipOnLogin: SettingRequired}}
	btn, mem := p.ProfileLinkRules()
	if btn.Value || btn.Editable || !mem.Value || mem.Editable {
		t.Errorf("none/required mapped to %+v / %+v", btn, mem)
	}
	btn, mem = ConnectionProfile{Organization: &ProfileOrganization{ShowAsButton: SettingOptional}}.ProfileLinkRules()
	if !btn.Value || !btn.Editable || mem.Value || !mem.Editable {
		t.Errorf("optional/unset mapped to %+v / %+v", btn, mem)
	}
	got := RenderPrefix("con-{org_id}-{org_name}", Organization{ID: "org_abc", Name: "acme"})
	if got != "con-org_abc-acme" {
		t.Errorf("RenderPrefix = %q", got)
	}
}

func TestEndpointGroup(t *testing.T) {
	cases := map[string]string{
		"GET /api/v2/organizations":                             GroupReadOrganizations,
		"GET /api/v2/organizations?take=100":                    GroupReadOrganizations,
		"GET /api/v2/organizations/org_1":                       GroupReadOrganizationByID,
		"GET /api/v2/organizations/name/acme":                   GroupReadOrganizationByName,
		"PATCH /api/v2/organizations/org_1":                     GroupWriteOrganizations,
		"POST /api/v2/organizations":                            GroupWriteOrganizations,
		"GET /api/v2/organizations/org_1/connections":           GroupReadOrgConnections,
		"GET /api/v2/organizations/org_1/enabled_connections/c": GroupReadOrgConnections,
		"DELETE /api/v2/organizations/org_1/connections/con_1":  GroupWriteOrgConnections,
		"POST /api/v2/organizations/org_1/enabled_connections":  GroupWriteOrgConnections,
		"GET /api/v2/connections":                               GroupReadConnections,
		"GET /api/v2/connections/con_1/clients":                 GroupReadConnections,
		"PATCH /api/v2/connections/con_1":                       GroupOther,
		"GET /api/v2/clients":                                   GroupReadClients,
		"GET /api/v2/logs":                                      GroupReadLogs,
		"GET /api/v2/connection-profiles":                       GroupOther,
	}
	for req, want := range cases {
		method, path, _ := strings.Cut(req, " ")
		if got := EndpointGroup(method, path); got != want {
			t.Errorf("%s: %s, want %s", req, got, want)
		}
	}
}
