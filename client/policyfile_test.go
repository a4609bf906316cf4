package client_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// policyTenant is healthySnapshot with a third organization on a trial
// plan and metadata on the others.
// healthySnapshot is a small tenant: acme with a database link (signup
// on), globex with an okta link (full access).
func healthySnapshot() *model.Snapshot {
	t := true
	return &model.Snapshot{
		Tenant: "acme.eu.auth0.com",
		Organizations: []model.Organization{
			{ID: "org_acme", Name: "acme", DisplayName: "Acme"},
			{ID: "org_globex", Name: "globex", DisplayName: "Globex"},
		},
		Links: map[string][]model.OrganizationConnection{
			"org_acme": {{ConnectionID: "con_db", AssignMembershipOnLogin: true, IsSignupEnabled: &t, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: model.AccessNone, Connection: model.ConnectionRef{Name: "db", Strategy: "auth0"}}},
			"org_globex": {{ConnectionID: "con_okta", AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true,
				OrganizationAccessLevel: model.AccessFull, Connection: model.ConnectionRef{Name: "globex-okta", Strategy: "okta"}}},
		},
		Connections: []model.Connection{
			{ID: "con_db", Name: "db", Strategy: "auth0"},
			{ID: "con_okta", Name: "globex-okta", Strategy: "okta"},
		},
	}
}

func policyTenant() *model.Snapshot {
	s := healthySnapshot()
	s.Organizations[0].Metadata = map[string]string{"tier": "enterprise"}
	s.Organizations[1].Metadata = map[string]string{"tier": "enterprise", "plan": "paid"}
	s.Organizations = append(s.Organizations, model.Organization{ID: "org_trial", Name: "trial-co", DisplayName: "trial co", Metadata: map[string]string{"plan": "trial"}})
	t := true
	s.Links["org_trial"] = []model.OrganizationConnection{{ConnectionID: "con_db", AssignMembershipOnLogin: true, IsSignupEnabled: &t, ShowAsButton: true,
		IsEnabled: true, OrganizationAccessLevel: model.AccessNone, Connection: model.ConnectionRef{Name: "db", Strategy: "auth0"}}}
	return s
}

func readPolicies(t *testing.T, s *model.Snapshot, text string) *model.PolicySet {
	t.Helper()
	ps, err := client.ParsePolicies("fleet.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Resolve(s.Connections); err != nil {
		t.Fatal(err)
	}
	return ps
}

// The example: enterprise organizations must have globex-okta on
// with membership; no signup outside trials.
const examplePolicies = `policies:
  - name: enterprise-orgs-sso
    organizations: { metadata: { tier: enterprise } }
    links:
      - connection: globex-okta
        enabled: true
        assign_membership_on_login: true
        show_as_button: any
  - name: no-signup-outside-trials
    organizations: { not: { metadata: { plan: trial } } }
    links:
      - connection: db
        is_signup_enabled: false
`

func TestPolicyCheckAndPlan(t *testing.T) {
	s := policyTenant()
	ps := readPolicies(t, s, examplePolicies)
	vs := ps.Check(s)
	var got []string
	for _, v := range vs {
		got = append(got, v.Policy+" "+v.Org.Name+" "+v.Connection+" "+v.Field+": "+v.Is+" → "+v.Should+" @"+v.Source.String())
	}
	want := []string{
		// acme is enterprise but lacks globex-okta; globex has it as asked.
		"enterprise-orgs-sso acme globex-okta link: absent → present @fleet.yaml:5:9",
		// acme is not on trial and has signup on db; trial-co may.
		"no-signup-outside-trials acme db is_signup_enabled: true → false @fleet.yaml:13:9",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := vs[0].Finding(); f.Rule != "policy/enterprise-orgs-sso" || f.Severity != model.SeverityError || len(f.Objects) != 2 {
		t.Fatalf("as a finding: %+v", f)
	}

	plan := ps.PlanPolicies(s)
	if plan.Action.Kind != model.BulkPolicy || len(plan.Action.Connections) != 2 || plan.Requests() != 2 {
		t.Fatalf("plan: %+v", plan)
	}
	add, upd := plan.Items[0], plan.Items[1]
	if add.Org.Name != "acme" || add.Outcome != model.OutcomeAdd || !add.After.IsEnabled || !add.After.AssignMembershipOnLogin || add.After.ConnectionID != "con_okta" {
		t.Fatalf("the add: %+v %+v", add, add.After)
	}
	if upd.Org.Name != "acme" || upd.Outcome != model.OutcomeUpdate || upd.After.SignupEnabled() || strings.Join(upd.Changes(), " ") != "is_signup_enabled=false" {
		t.Fatalf("the update: %+v %v", upd, upd.Changes())
	}
	if plan.Action.Key(add) == plan.Action.Key(upd) {
		t.Fatal("two items of one organization share a key")
	}
	// Once the plan is applied, the tenant complies.
	for _, it := range plan.Items {
		links := s.Links[it.Org.ID]
		if it.Before == nil {
			links = append(links, *it.After)
		} else {
			for i := range links {
				if links[i].ConnectionID == it.After.ConnectionID {
					links[i] = *it.After
				}
			}
		}
		s.Links[it.Org.ID] = links
	}
	if vs := ps.Check(s); len(vs) != 0 {
		t.Fatalf("after the plan: %+v", vs)
	}
	if p := ps.PlanPolicies(s); len(p.Items) != 0 {
		t.Fatalf("a second plan: %+v", p.Items)
	}
}

// Selectors: globs, ids, any metadata value, has_connection, not; linked
// false removes; the organizations' own bounds are reported, not planned.
func TestPolicySelectorsAndBounds(t *testing.T) {
	s := policyTenant()
	s.Organizations[1].Branding = &model.Branding{LogoURL: "https://x/logo.png"}
	ps := readPolicies(t, s, `policies:
  - name: no-okta-on-trials
    organizations: { name: "trial-*" }
    links: [ { connection: globex-okta, linked: false } ]
  - name: okta-orgs-named-well
    organizations: { has_connection: globex-okta, metadata: { tier: any } }
    organization: { display_name: "^[A-Z]", branding: true, metadata_keys: [plan] }
  - name: by-id
    organizations: { ids: [org_acme] }
    links: [ { connection: db, organization_access_level: readonly } ]
`)
	s.Links["org_trial"] = append(s.Links["org_trial"], s.Links["org_globex"][0])
	var got []string
	for _, v := range ps.Check(s) {
		got = append(got, v.Policy+" "+v.Org.Name+" "+v.Field+" "+v.Is+"→"+v.Should)
	}
	want := "no-okta-on-trials trial-co link present→absent\n" +
		"by-id acme organization_access_level none→readonly"
	if strings.Join(got, "\n") != want {
		t.Fatalf("violations:\n%s", strings.Join(got, "\n"))
	}
	// globex: display name "Globex" matches, branding set, plan there.
	s.Organizations[1].DisplayName, s.Organizations[1].Branding = "globex", nil
	delete(s.Organizations[1].Metadata, "plan")
	got = nil
	for _, v := range ps.Check(s) {
		if v.Policy == "okta-orgs-named-well" {
			got = append(got, v.Field+" "+v.Is+"→"+v.Should+" fixable="+map[bool]string{true: "yes", false: "no"}[v.Fixable])
		}
	}
	if strings.Join(got, "\n") != "metadata.plan absent→present fixable=no\ndisplay_name \"globex\"→matching ^[A-Z] fixable=no\nbranding not set→set fixable=no" {
		t.Fatalf("bounds:\n%s", strings.Join(got, "\n"))
	}
	plan := ps.PlanPolicies(s)
	if plan.Requests() != 2 || plan.Items[0].Outcome != model.OutcomeUpdate || plan.Items[1].Outcome != model.OutcomeRemove || plan.Items[1].Org.Name != "trial-co" {
		t.Fatalf("plan: %+v", plan.Items)
	}
}

// Two policies that contradict each other on one organization: its item
// is refused, naming both; Auth0's own refusal (signup without membership)
// is refused with its message.
func TestPolicyPlanRefusals(t *testing.T) {
	s := policyTenant()
	ps := readPolicies(t, s, `policies:
  - name: members-by-invitation
    organizations: { all: true }
    links: [ { connection: db, assign_membership_on_login: false } ]
  - name: trials-sign-up
    organizations: { metadata: { plan: trial } }
    links: [ { connection: db, assign_membership_on_login: true } ]
`)
	plan := ps.PlanPolicies(s)
	for _, it := range plan.Items {
		switch it.Org.Name {
		case "trial-co":
			if it.Outcome != model.OutcomeRefused || it.Reason != "policies members-by-invitation and trials-sign-up disagree on assign_membership_on_login of db" {
				t.Fatalf("trial-co: %+v", it)
			}
		case "acme":
			// Signup stays on: membership off would break Auth0's rule.
			if it.Outcome != model.OutcomeRefused || it.Reason != model.SignupRuleMessage {
				t.Fatalf("acme: %+v", it)
			}
		}
	}
	if plan.Requests() != 0 || len(plan.Items) != 2 {
		t.Fatalf("plan: %+v", plan.Items)
	}
}

// Every problem of a file, each where it is written.
func TestPolicyFileErrors(t *testing.T) {
	s := policyTenant()
	cases := []struct {
		name, text string
		want       []string
	}{
		{"not YAML", "policies: [", []string{"fleet.yaml:1:1: not YAML"}},
		{"empty", "", []string{"fleet.yaml:1:1: the file is empty"}},
		{"unknown keys and types", `policies:
  - name: a
    organisations: { all: true }
    links:
      - connection: db
        enabled: yes please
        show_as_buton: true
`, []string{
			`fleet.yaml:2:5: policy a needs organizations`,
			`fleet.yaml:3:5: unknown key "organisations" in policy a`,
			`fleet.yaml:6:18: is_enabled must be true, false or any, not "yes please"`,
			`fleet.yaml:7:9: unknown key "show_as_buton" in a link`,
		}},
		{"values", `policies:
  - name: bad name
    organizations: { name: "[a-" }
    organization: { display_name: "(" }
    links:
      - { connection: db, organization_access_level: admin, linked: false }
  - name: b
    severity: fatal
    organizations: {}
  - name: b
    organizations: { all: true }
`, []string{
			`fleet.yaml:2:11: a policy name is letters, digits`,
			`fleet.yaml:3:28: name "[a-" is not a valid glob`,
			`fleet.yaml:4:35: display_name is not a regular expression`,
			`fleet.yaml:6:27: organization_access_level is asked of a link that linked: false forbids`,
			`fleet.yaml:6:54: organization_access_level is none, readonly, limited, full or any, not "admin"`,
			`fleet.yaml:7:5: policy b asks nothing`,
			`fleet.yaml:8:15: severity is error, warning or info, not "fatal"`,
			`fleet.yaml:9:20: organizations is empty`,
			`fleet.yaml:10:5: policy b asks nothing`,
			`fleet.yaml:10:5: a second policy named b (the first is at line 7)`,
		}},
	}
	cases = append(cases, []struct {
		name, text string
		want       []string
	}{
		{"a syntax error at its line", "policies:\n  - name: a\n\torganizations: {}\n", []string{"fleet.yaml:3:1: not YAML: found a tab character"}},
		{"aliases", "policies:\n  - name: a\n    organizations: &all { all: true }\n    links: [ { connection: db } ]\n  - name: b\n    organizations: *all\n    links: [ { connection: db } ]\n",
			[]string{"fleet.yaml:6:20: an alias (*all): write the value out"}},
		{"strings, not numbers; linked is true or false", "policies:\n  - name: a\n    organizations: { name: 7 }\n    links: [ { connection: db, linked: any } ]\n    organization: { branding: any }\n",
			[]string{"fleet.yaml:3:28: name must be a string, not \"7\" (quote it)", "fleet.yaml:4:40: linked must be true or false, not \"any\"",
				"fleet.yaml:5:31: branding must be true or false, not \"any\""}},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := client.ParsePolicies("fleet.yaml", []byte(c.text))
			var errs model.PolicyErrors
			if !errors.As(err, &errs) {
				t.Fatalf("no errors: %v", err)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(c.want) {
				t.Fatalf("%d errors, want %d:\n%s", len(got), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d: %s\nwant it to start with %s", i, got[i], w)
				}
			}
		})
	}
	// What needs the tenant: an unknown connection, signup where Auth0
	// refuses it.
	ps, err := client.ParsePolicies("fleet.yaml", []byte(`policies:
  - name: a
    organizations: { has_connection: nope }
    links:
      - connection: globex-okta
        is_signup_enabled: true
      - connection: no-such-connection
        enabled: true
`))
	if err != nil {
		t.Fatal(err)
	}
	err = ps.Resolve(s.Connections)
	want := `fleet.yaml:3:20: has_connection names "nope", which the tenant does not have
fleet.yaml:6:9: is_signup_enabled: globex-okta is a okta connection; Auth0 refuses it: ` + model.SignupRuleMessage + `
fleet.yaml:7:9: connection "no-such-connection": the tenant has no connection by that name or id`
	if err == nil || err.Error() != want {
		t.Fatalf("resolve:\n%v\nwant:\n%s", err, want)
	}
}
