package model

import (
	"strings"
	"testing"
)

func originFixture() (Organization, []Client, []ConnectionProfile) {
	org := Organization{ID: "org_abc123", Name: "acme"}
	short, long := "con-", "con-{org_name}-"
	profiles := []ConnectionProfile{
		{ID: "cop_short", Name: "Short", ConnectionNamePrefixTemplate: &short},
		{ID: "cop_long", Name: "Partners", ConnectionNamePrefixTemplate: &long,
			Organization:      &ProfileOrganization{ShowAsButton: SettingRequired, AssignMembershipOnLogin: SettingNone},
			EnabledFeatures:   []Feature{FeatureSCIM},
			StrategyOverrides: map[string]StrategyOverride{"samlp": {EnabledFeatures: []Feature{FeatureUniversalLogout}}}},
	}
	clients := []Client{
		{Name: "Portal", MyOrganizationConfiguration: &MyOrganizationConfiguration{ConnectionProfileID: "cop_long", AllowedStrategies: []string{"okta", "samlp"}}},
		{Name: "Admin", MyOrganizationConfiguration: &MyOrganizationConfiguration{ConnectionProfileID: "cop_short", AllowedStrategies: []string{"okta"}}},
		{Name: "Plain"},
	}
	return org, clients, profiles
}

func TestOriginOfPicksTheProfileWhosePrefixTheNameCarries(t *testing.T) {
	org, clients, profiles := originFixture()
	o, ok := OriginOf(org, Connection{Name: "con-acme-okta", Strategy: "okta"}, clients, profiles)
	if !ok || o.Profile.ID != "cop_long" || o.Prefix != "con-acme-" || strings.Join(o.Apps, ",") != "Portal" {
		t.Fatalf("okta under con-acme-: %+v %v", o, ok)
	}
	// The short prefix matches too, but only an app allowing okta uses it.
	o, ok = OriginOf(org, Connection{Name: "con-other", Strategy: "okta"}, clients, profiles)
	if !ok || o.Profile.ID != "cop_short" {
		t.Fatalf("okta under con-: %+v %v", o, ok)
	}
	// No application using either profile allows waad.
	if o, ok := OriginOf(org, Connection{Name: "con-acme-waad", Strategy: "waad"}, clients, profiles); ok {
		t.Fatalf("waad should have no origin: %+v", o)
	}
	// A name rendered for another organization is not this one's.
	if o, ok := OriginOf(org, Connection{Name: "okta-acme", Strategy: "okta"}, clients, profiles); ok {
		t.Fatalf("no prefix: %+v", o)
	}
}

func TestConstraintsSayWhatTheProfileSettlesAndWhatDeparts(t *testing.T) {
	org, clients, profiles := originFixture()
	o, _ := OriginOf(org, Connection{Name: "con-acme-saml", Strategy: "samlp"}, clients, profiles)
	link := OrganizationConnection{ShowAsButton: false, AssignMembershipOnLogin: false, Connection: ConnectionRef{Name: "con-acme-saml", Strategy: "samlp"}}
	cs := o.Constraints(link)
	if len(cs) != 4 {
		t.Fatalf("constraints: %+v", cs)
	}
	if cs[0].Setting != "show_as_button: required" || !cs[0].Departs {
		t.Errorf("a hidden button under required departs: %+v", cs[0])
	}
	if cs[1].Setting != "assign_membership_on_login: none" || cs[1].Departs {
		t.Errorf("membership off under none keeps the rule: %+v", cs[1])
	}
	if cs[2].Setting != "enabled_features: universal_logout" || !strings.Contains(cs[2].Rule, "override for samlp") {
		t.Errorf("the samlp override decides the features: %+v", cs[2])
	}
	if !strings.Contains(cs[3].Rule, "con-acme-") {
		t.Errorf("prefix: %+v", cs[3])
	}
	link.ShowAsButton = true
	if o.Constraints(link)[0].Departs {
		t.Error("a shown button under required keeps the rule")
	}
}

// Okta Express Configuration generates a profile; for the okta
// connections Okta admins create through it, membership on login of
// optional acts as required (Auth0's Connection Profiles page). Other
// strategies, and the same profile used by My Organization, keep optional.
func TestExpressConfigurationTreatsOptionalMembershipAsRequired(t *testing.T) {
	org := Organization{ID: "org_abc123", Name: "acme"}
	prefix := "oin-{org_name}-"
	p := ConnectionProfile{ID: "cop_oin", Name: "Okta-Express", ConnectionNamePrefixTemplate: &prefix,
		Organization: &ProfileOrganization{ShowAsButton: SettingOptional, AssignMembershipOnLogin: SettingOptional}}
	clients := []Client{{Name: "OIN App", ExpressConfiguration: &ExpressConfiguration{ConnectionProfileID: "cop_oin"}}}
	if got := ExpressApps(clients)["cop_oin"]; len(got) != 1 || got[0] != "OIN App" {
		t.Fatalf("ExpressApps: %v", got)
	}
	o, ok := OriginOf(org, Connection{Name: "oin-acme-okta", Strategy: "okta"}, clients, []ConnectionProfile{p})
	if !ok || !o.Express || !strings.Contains(strings.Join(o.Apps, ","), "OIN App (Okta Express Configuration)") {
		t.Fatalf("origin: %+v %v", o, ok)
	}
	cs := o.Constraints(OrganizationConnection{ShowAsButton: true, Connection: ConnectionRef{Name: "oin-acme-okta", Strategy: "okta"}})
	if cs[1].Rule != ExpressMembershipNote || !cs[1].Departs {
		t.Fatalf("membership off on an Express Configuration link departs from required: %+v", cs[1])
	}
	if _, m := p.LinkRulesFor("samlp", true); !m.Editable {
		t.Fatal("only okta connections are made through Express Configuration")
	}
	if _, m := p.LinkRulesFor("okta", false); !m.Editable {
		t.Fatal("the same profile under My Organization keeps optional")
	}
	// No Express Configuration app uses it: a samlp connection has no origin.
	if _, ok := OriginOf(org, Connection{Name: "oin-acme-saml", Strategy: "samlp"}, clients, []ConnectionProfile{p}); ok {
		t.Fatal("samlp under an Express Configuration profile")
	}
}
