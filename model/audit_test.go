package model

import (
	"fmt"
	"strings"
	"testing"
)

// healthySnapshot is a small tenant with nothing to report: each rule's
// test breaks one thing in it.
func healthySnapshot() *Snapshot {
	prefix := "con-{org_id}-"
	t := true
	return &Snapshot{
		Tenant: "acme.eu.auth0.com",
		Organizations: []Organization{
			{ID: "org_acme", Name: "acme", DisplayName: "Acme"},
			{ID: "org_globex", Name: "globex", DisplayName: "Globex"},
		},
		Links: map[string][]OrganizationConnection{
			"org_acme": {{ConnectionID: "con_db", AssignMembershipOnLogin: true, IsSignupEnabled: &t, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}}},
			"org_globex": {{ConnectionID: "con_okta", AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: AccessFull, Connection: ConnectionRef{Name: "globex-okta", Strategy: "okta"}}},
		},
		Connections: []Connection{
			{ID: "con_db", Name: "db", Strategy: "auth0", EnabledClients: []string{"app_portal"}},
			{ID: "con_okta", Name: "globex-okta", Strategy: "okta", EnabledClients: []string{"app_portal"}},
		},
		Profiles: []ConnectionProfile{{ID: "cop_sso", Name: "SSO", ConnectionNamePrefixTemplate: &prefix,
			StrategyOverrides: map[string]StrategyOverride{"okta": {EnabledFeatures: []Feature{FeatureSCIM}}}}},
		Clients: []Client{{ClientID: "app_portal", Name: "Portal", OrganizationUsage: "require",
			MyOrganizationConfiguration: &MyOrganizationConfiguration{ConnectionProfileID: "cop_sso", AllowedStrategies: []string{"okta"},
				ConnectionDeletionBehavior: DeletionAllowIfEmpty}}},
		MyOrganizationAPI:    "https://acme.eu.auth0.com/my-org/",
		MyOrganizationGrants: map[string]ClientGrant{"app_portal": {ID: "cgr_1", ClientID: "app_portal", Scope: []string{"read:my_org:details"}, SubjectType: SubjectUser}},
	}
}

func describeFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %v: %s\n", f.Severity, f.Rule, f.Objects, f.Problem)
	}
	return b.String()
}

// With the user policy allow_all, the users of any application may call
// the My Organization API: no grant is needed, and none is missing.
func TestAllowAllNeedsNoGrant(t *testing.T) {
	s := healthySnapshot()
	s.MyOrganizationGrants = nil
	s.MyOrganizationPolicies = &SubjectTypeAuthorization{User: &SubjectPolicy{Policy: PolicyAllowAll}}
	if fs := Audit(s, AuditConfig{}); len(fs) != 0 {
		t.Fatalf("findings under allow_all:\n%s", describeFindings(fs))
	}
	if works, says := MyOrganizationAccess(nil, &ClientGrant{Scope: []string{"read:my_org:details"}, SubjectType: SubjectUser}); !works ||
		says != "users of this app can call the My Organization API with 1 scope: user-flow grant present, policy require_client_grant" {
		t.Fatalf("a user-flow grant under the defaults: %v %q", works, says)
	}
}

func TestHealthyTenantHasNoFinding(t *testing.T) {
	if fs := Audit(healthySnapshot(), AuditConfig{}); len(fs) != 0 {
		t.Fatalf("findings on a healthy tenant:\n%s", describeFindings(fs))
	}
	// An earlier prefix no connection carries is no finding.
	s := healthySnapshot()
	s.PrefixHistory = map[string][]string{"cop_sso": {"old-{org_id}-"}}
	if fs := Audit(s, AuditConfig{}); len(fs) != 0 {
		t.Fatalf("findings from an unused earlier prefix:\n%s", describeFindings(fs))
	}
}

// A snapshot keeps the prefix templates its profiles had before.
func TestKeepPrefixHistory(t *testing.T) {
	old := healthySnapshot()
	now := healthySnapshot()
	p := "sso-{org_name}-"
	now.Profiles[0].ConnectionNamePrefixTemplate = &p
	now.KeepPrefixHistory(old)
	if got := now.PrefixHistory["cop_sso"]; len(got) != 1 || got[0] != "con-{org_id}-" {
		t.Fatalf("history %v", now.PrefixHistory)
	}
	later := now.Clone()
	later.KeepPrefixHistory(now)
	if got := later.PrefixHistory["cop_sso"]; len(got) != 1 {
		t.Fatalf("an unchanged template added history: %v", got)
	}
}

// Each rule, on a snapshot broken for it: exactly that rule fires, on the
// object broken, with a problem and a fix to show.
func TestEachRuleOnASnapshotBuiltForIt(t *testing.T) {
	tru := true
	cases := []struct {
		rule, object, says string
		breakIt            func(s *Snapshot)
	}{
		{"org-no-connection", "acme", "has no connection enabled", func(s *Snapshot) { delete(s.Links, "org_acme") }},
		{"org-no-connection", "acme", "all switched off", func(s *Snapshot) { s.Links["org_acme"][0].IsEnabled = false }},
		{"org-all-hidden", "globex", NoVisibleConnectionsError, func(s *Snapshot) { s.Links["org_globex"][0].ShowAsButton = false }},
		{"link-signup-invalid", "acme/db", "without membership", func(s *Snapshot) { s.Links["org_acme"][0].AssignMembershipOnLogin = false }},
		{"link-signup-invalid", "globex/globex-okta", "only database connections", func(s *Snapshot) { s.Links["org_globex"][0].IsSignupEnabled = &tru }},
		{"link-button-ignored", "acme/db", "shows the same either way", func(s *Snapshot) { s.Links["org_acme"][0].ShowAsButton = false }},
		{"conn-no-client", "db", "for no application", func(s *Snapshot) { s.Connections[0].EnabledClients = nil }},
		{"conn-no-client", "db", "none of its applications", func(s *Snapshot) {
			s.Clients = append(s.Clients, Client{ClientID: "app_m2m", Name: "Batch"})
			s.Connections[0].EnabledClients = []string{"app_m2m"}
		}},
		{"conn-stale", "old", "no organization", func(s *Snapshot) {
			s.Connections = append(s.Connections, Connection{ID: "con_old", Name: "old", Strategy: "auth0"})
		}},
		{"link-full-access-deletable", "globex/globex-okta", "delete a connection with all its users", func(s *Snapshot) {
			s.Clients[0].MyOrganizationConfiguration.ConnectionDeletionBehavior = DeletionAllow
		}},
		{"myorg-missing-profile", "Portal", "does not exist", func(s *Snapshot) { s.Profiles = nil }},
		{"myorg-no-strategies", "Portal", "allows no strategy", func(s *Snapshot) {
			s.Clients[0].MyOrganizationConfiguration.AllowedStrategies = []string{}
		}},
		{"myorg-strategy-no-override", "Portal", "samlp", func(s *Snapshot) {
			s.Clients[0].MyOrganizationConfiguration.AllowedStrategies = []string{"okta", "samlp"}
		}},
		{"myorg-no-grant", "Portal", "users of this app cannot call the My Organization API: it has no grant for them", func(s *Snapshot) { s.MyOrganizationGrants = nil }},
		// Org admins who cannot call the API manage no members: the grant
		// is what is wrong, not the member controls.
		{"myorg-no-grant", "Portal", "it has no grant for them", func(s *Snapshot) {
			s.Links["org_globex"][0].OrganizationMemberAccessLevel = AccessFull
			s.MyOrganizationGrants = nil
		}},
		{"myorg-no-grant", "Portal", "user policy is deny_all", func(s *Snapshot) {
			s.MyOrganizationPolicies = &SubjectTypeAuthorization{User: &SubjectPolicy{Policy: PolicyDenyAll}}
		}},
		// A grant orgscope made before it knew subject types.
		{"myorg-grant-client-subject", "Portal", "subject_type client), which has no effect for users; client flows are deny_all", func(s *Snapshot) {
			g := s.MyOrganizationGrants["app_portal"]
			g.SubjectType = ""
			s.MyOrganizationGrants["app_portal"] = g
		}},
		{"link-full-members-no-ceiling", "Portal", "globex/globex-okta) gives org admins full access to the members", func(s *Snapshot) {
			s.Links["org_globex"][0].OrganizationMemberAccessLevel = AccessFull
			s.Clients[0].MyOrganizationConfiguration.EnforceSelfAssignmentRestriction = &tru
		}},
		{"myorg-member-controls", "Portal", "1 link gives them access to members (globex/globex-okta)", func(s *Snapshot) {
			s.Links["org_globex"][0].OrganizationMemberAccessLevel = AccessLimited
		}},
		{"myorg-member-controls", "Portal", "Without enforce_self_assignment_restriction they can give themselves permissions", func(s *Snapshot) {
			s.Links["org_globex"][0].OrganizationMemberAccessLevel = AccessFull
			s.Clients[0].MyOrganizationConfiguration.EnforcePermissionCeiling = &tru
		}},
		{"myorg-member-controls", "Portal", "grant holds create:my_org:member_roles", func(s *Snapshot) {
			g := s.MyOrganizationGrants["app_portal"]
			g.Scope = append(g.Scope, "read:my_org:members", "create:my_org:member_roles")
			s.MyOrganizationGrants["app_portal"] = g
		}},
		{"myorg-grant-all-scopes", "Portal", "every My Organization API scope", func(s *Snapshot) {
			m := s.Clients[0].MyOrganizationConfiguration
			m.EnforcePermissionCeiling, m.EnforceSelfAssignmentRestriction = &tru, &tru
			g := s.MyOrganizationGrants["app_portal"]
			g.Scope = nil
			for _, sc := range MyOrganizationScopes() {
				g.Scope = append(g.Scope, sc.Value)
			}
			s.MyOrganizationGrants["app_portal"] = g
		}},
		{"profile-prefix-invalid", "SSO", "breaks Auth0's rule", func(s *Snapshot) {
			p := "{org_name}-{org_id}-x"
			s.Profiles[0].ConnectionNamePrefixTemplate = &p
		}},
		// The profile's prefix was {org_name}- when globex-okta was created.
		{"profile-prefix-missing", "globex/globex-okta", `when its prefix for globex was "globex-"`, func(s *Snapshot) {
			s.PrefixHistory = map[string][]string{"cop_sso": {"{org_name}-"}}
		}},
		{"org-many-links", "acme", "more than 20", func(s *Snapshot) {
			for i := range 21 {
				s.Links["org_acme"] = append(s.Links["org_acme"], OrganizationConnection{ConnectionID: "con_db", IsEnabled: i == 0, ShowAsButton: true,
					AssignMembershipOnLogin: true, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}})
			}
		}},
		{"org-duplicate-display-name", "acme", `show as "Acme"`, func(s *Snapshot) { s.Organizations[1].DisplayName = "ACME" }},
		{"text-control-characters", "acme", `Control characters in acme's display name: \x1b]0;pwned\x07Acme`, func(s *Snapshot) {
			s.Organizations[0].DisplayName = "\x1b]0;pwned\x07Acme"
		}},
		{"text-control-characters", "acme/db", `organization connection name: SSO\u009b2J`, func(s *Snapshot) {
			s.Links["org_acme"][0].OrganizationConnectionName = "SSO\u009b2J"
		}},
		{"text-control-characters", "globex-okta", `metadata: owner`, func(s *Snapshot) {
			s.Connections[1].Metadata = map[string]string{"owner\u202e": "x"}
		}},
		{"text-control-characters", "globex-okta", `options: \x1b_apc`, func(s *Snapshot) {
			s.Connections[1].Options = map[string]any{"nested": map[string]any{"note": "\x1b_apc\x1b\\"}}
		}},
		{"text-control-characters", "Portal", `Portal's description`, func(s *Snapshot) {
			s.Clients[0].Description = "\x1b]52;c;eA==\x07"
		}},
		{"org-metadata-near-limit", "acme", "23 of the 25", func(s *Snapshot) {
			s.Organizations[0].Metadata = map[string]string{}
			for i := range 23 {
				s.Organizations[0].Metadata[fmt.Sprint("k", i)] = "v"
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.says, func(t *testing.T) {
			s := healthySnapshot()
			c.breakIt(s)
			fs := Audit(s, AuditConfig{})
			if len(fs) != 1 || fs[0].Rule != c.rule {
				t.Fatalf("want one %s finding, got:\n%s", c.rule, describeFindings(fs))
			}
			got := fs[0]
			if got.Objects[0].Name != c.object || !strings.Contains(got.Problem, c.says) || got.Fix == "" || got.Source == "" {
				t.Fatalf("finding: %+v", got)
			}
			// Switched off in the config, the rule says nothing.
			if fs := Audit(s, AuditConfig{Disabled: []string{c.rule}}); len(fs) != 0 {
				t.Fatalf("disabled rule still reports:\n%s", describeFindings(fs))
			}
		})
	}
}

func TestEveryRuleIsTestedAndHasAUniqueID(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range AuditRules() {
		if seen[r.ID] || r.Title == "" || r.Source == "" || r.check == nil {
			t.Errorf("rule %+v: duplicate or incomplete", r.ID)
		}
		seen[r.ID] = true
	}
	if len(seen) != 21 {
		t.Errorf("%d rules; update the rule tests when adding one", len(seen))
	}
}

func TestFindingsComeWorstFirst(t *testing.T) {
	s := healthySnapshot()
	delete(s.Links, "org_acme")                                      // error
	s.Clients[0].MyOrganizationConfiguration.AllowedStrategies = nil // warning
	s.Connections = append(s.Connections, Connection{ID: "con_old", Name: "old", Strategy: "auth0"})
	fs := Audit(s, AuditConfig{})
	var order []string
	for _, f := range fs {
		order = append(order, string(f.Severity))
	}
	if strings.Join(order, ",") != "error,warning,info" {
		t.Fatalf("order %v:\n%s", order, describeFindings(fs))
	}
}

func TestMaxLinksIsConfigurable(t *testing.T) {
	s := healthySnapshot()
	if fs := Audit(s, AuditConfig{MaxLinks: 0}); len(fs) != 0 {
		t.Fatalf("default threshold: %s", describeFindings(fs))
	}
	if fs := Audit(s, AuditConfig{MaxLinks: 1}); len(fs) != 0 {
		t.Fatalf("one link is not more than 1: %s", describeFindings(fs))
	}
	s.Links["org_acme"] = append(s.Links["org_acme"], s.Links["org_acme"][0])
	if fs := Audit(s, AuditConfig{MaxLinks: 1}); len(fs) != 1 || fs[0].Rule != "org-many-links" {
		t.Fatalf("two links over a threshold of 1: %s", describeFindings(fs))
	}
}
