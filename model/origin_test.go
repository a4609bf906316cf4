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
