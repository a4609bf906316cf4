package model

import (
	"strings"
	"testing"
)

// traceFixture: Portal requires organizations; acme has a database link
// (membership, signup), an okta link whose domain alias is acme.test, and
// a hidden SAML link whose connection Portal does not have.
func traceFixture() TraceInput {
	on := true
	app := &Client{ClientID: "app_portal", Name: "Portal", AppType: "regular_web", GrantTypes: []string{"authorization_code", "refresh_token"},
		OrganizationUsage: "require", OrganizationRequireBehavior: "pre_login_prompt"}
	conns := map[string]Connection{
		"con_db":   {ID: "con_db", Name: "db", Strategy: "auth0", EnabledClients: []string{"app_portal"}},
		"con_okta": {ID: "con_okta", Name: "acme-okta", Strategy: "okta", EnabledClients: []string{"app_portal"}, Options: map[string]any{"domain_aliases": []any{"acme.test"}}},
		"con_saml": {ID: "con_saml", Name: "acme-saml", Strategy: "samlp", EnabledClients: []string{}},
	}
	links := []OrganizationConnection{
		{ConnectionID: "con_db", AssignMembershipOnLogin: true, IsSignupEnabled: &on, ShowAsButton: true, IsEnabled: true, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}},
		{ConnectionID: "con_okta", AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true, Connection: ConnectionRef{Name: "acme-okta", Strategy: "okta"}},
		{ConnectionID: "con_saml", ShowAsButton: false, IsEnabled: true, Connection: ConnectionRef{Name: "acme-saml", Strategy: "samlp"}},
	}
	return TraceInput{ClientName: "Portal", OrgName: "acme", Client: app, Org: &Organization{ID: "org_acme", Name: "acme"},
		Links: links, Conns: conns, IdentifierFirst: &on}
}

func stepOf(tr Trace, name string) TraceStep {
	for _, s := range tr.Steps {
		if s.Step == name {
			return s
		}
	}
	return TraceStep{}
}

// Every step and verdict, each a case of its own.
func TestTraceLogin(t *testing.T) {
	off, no := false, false
	cases := []struct {
		name      string
		edit      func(*TraceInput)
		works     bool
		step      string      // the step to look at
		status    TraceStatus // its status
		says, fix string      // in its facts, its fix
		verdict   string      // in the verdict
	}{
		{"works without an email", nil, true, StepConnections, TraceWarn, "acme-saml: enabled on acme but not for Portal, so invisible in it",
			"Enable acme-saml for Portal", "Users sign in to Portal in acme through db, acme-okta."},
		{"no such application", func(in *TraceInput) { in.Client, in.ClientName = nil, "Nope" }, false, StepApplication, TraceFail,
			`the tenant has no application "Nope"`, "orgscope clients list", "Broken at application"},
		{"machine to machine", func(in *TraceInput) { in.Client.AppType = "non_interactive" }, false, StepApplication, TraceFail,
			"a machine-to-machine application", "web, single-page or native", "it logs in no users"},
		{"no login grant", func(in *TraceInput) { in.Client.GrantTypes = []string{"client_credentials"} }, false, StepApplication, TraceFail,
			"none logs a user in", "authorization_code", ""},
		{"organizations denied", func(in *TraceInput) { in.Client.OrganizationUsage = "" }, false, StepApplication, TraceFail,
			"does not use organizations (deny is Auth0's default)", "organization_usage of Portal to allow or require", ""},
		{"no such organization", func(in *TraceInput) { in.Org, in.OrgName = nil, "nope" }, false, StepOrganization, TraceFail,
			`the tenant has no organization "nope"`, "orgscope orgs list", ""},
		{"nothing enabled", func(in *TraceInput) { in.Links = nil }, false, StepConnections, TraceFail,
			"acme has no connection enabled", "Enable a connection on acme.", ""},
		{"only a connection the app lacks", func(in *TraceInput) { in.Links = in.Links[2:] }, false, StepConnections, TraceFail,
			"not for Portal, so invisible in it", "Enable acme-saml for Portal (Auth0 needs a connection enabled on both).", ""},
		{"links switched off", func(in *TraceInput) {
			in.Links = in.Links[:1]
			in.Links[0].IsEnabled = false
		}, false, StepConnections, TraceFail, "its link is switched off", "Switch one of acme's links on.", ""},
		{"all hidden, identifier-first off", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.IdentifierFirst = c, in.Links[2:], &off
		}, false, StepPrompt, TraceFail, NoVisibleConnectionsError, "turn identifier-first on", ""},
		{"all hidden, identifier-first unknown", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.IdentifierFirst, in.DiscoveryDomains = c, in.Links[2:], nil, []string{"acme.test"}
		}, true, StepPrompt, TraceWarn, "with identifier-first off, Universal Login says", "Check that identifier-first is on", ""},
		{"all hidden, no domain leads there", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.DiscoveryDomains = c, in.Links[2:], []string{}
		}, false, StepPrompt, TraceFail, "no email domain leads to acme-saml: nobody reaches it", "domain_aliases of acme-saml", ""},
		{"all hidden, discovery domains unknown", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.IdentifierFirst = c, in.Links[2:], nil
		}, true, StepPrompt, TraceWarn, "the organization's discovery domains are unknown", "Check that identifier-first is on", ""},
		{"hidden, reached by a discovery domain", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.DiscoveryDomains, in.Email = c, in.Links[2:], []string{"acme.test"}, "carol@acme.test"
		}, true, StepEmail, TraceWarn, "carol@acme.test goes to acme-saml through home realm discovery by acme.test", "",
			"carol@acme.test signs in to Portal in acme through acme-saml (home realm discovery by acme.test) and must already be a member."},
		{"home realm discovery", func(in *TraceInput) { in.Email = "alice@ACME.test" }, true, StepEmail, TraceOK,
			"alice@ACME.test goes to acme-okta through home realm discovery by acme.test", "",
			"alice@ACME.test signs in to Portal in acme through acme-okta (home realm discovery by acme.test) and becomes a member."},
		{"HRD needs identifier-first", func(in *TraceInput) { in.Email, in.IdentifierFirst = "alice@acme.test", &off }, true, StepEmail, TraceOK,
			"acme.test would lead to acme-okta, but identifier-first is off", "", "through db (the identifier field)"},
		{"the database field, with signup", func(in *TraceInput) { in.Email = "bob@else.test" }, true, StepEmail, TraceOK,
			"a new user can sign up (is_signup_enabled)", "", "bob@else.test signs in to Portal in acme through db (the identifier field) and becomes a member."},
		{"a member already, through a link that would make one", func(in *TraceInput) {
			yes := true
			in.Email, in.Member = "bob@else.test", &yes
			in.Links[0].IsSignupEnabled = nil
		}, true, StepEmail, TraceOK, "the user is a member of acme already", "",
			"bob@else.test signs in to Portal in acme through db (the identifier field) and is a member already (with an account there already: signup is off)."},
		{"must already be a member", func(in *TraceInput) {
			in.Email = "bob@else.test"
			in.Links[0].AssignMembershipOnLogin = false
		}, true, StepEmail, TraceWarn, "read:organization_members would tell", "", "must already be a member"},
		{"not a member", func(in *TraceInput) {
			in.Email, in.Member = "bob@else.test", &no
			in.Links[0].AssignMembershipOnLogin = false
		}, false, StepEmail, TraceFail, "the user is not a member of acme", "Add the user to acme, or turn assign_membership_on_login on for db.", ""},
		{"not an address", func(in *TraceInput) { in.Email = "bob" }, false, StepEmail, TraceFail, "bob is not an email address", "alice@acme.test", ""},
		{"one connection asked", func(in *TraceInput) { in.Connection = "acme-okta" }, true, StepPrompt, TraceOK, "buttons: acme-okta", "",
			"Users sign in to Portal in acme through acme-okta."},
		{"a connection not on the organization", func(in *TraceInput) { in.Connection = "github" }, false, StepConnections, TraceFail,
			"github is not enabled on acme", "Enable github on acme.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := traceFixture()
			if c.edit != nil {
				c.edit(&in)
			}
			tr := TraceLogin(in)
			s := stepOf(tr, c.step)
			if tr.Works != c.works || s.Status != c.status || !strings.Contains(strings.Join(s.Facts, "\n"), c.says) ||
				!strings.Contains(s.Fix, c.fix) || !strings.Contains(tr.Verdict, c.verdict) {
				t.Fatalf("trace:\n%s", describeTrace(tr))
			}
			// A fix orgscope's forms make names its kind and connection.
			if s.FixKind != "" && s.FixKind != FixEnableOnOrganization && in.Conns[s.FixConnection].ID == "" {
				t.Fatalf("fix %s on a connection the tenant lacks: %q", s.FixKind, s.FixConnection)
			}
			if !tr.Works {
				// Every step after the broken one says it was not reached.
				seen := false
				for _, st := range tr.Steps {
					if seen && st.Status != TraceUnknown {
						t.Fatalf("a step after the failure was judged:\n%s", describeTrace(tr))
					}
					seen = seen || st.Status == TraceFail
				}
			}
		})
	}
}

func describeTrace(tr Trace) string {
	var b strings.Builder
	b.WriteString(tr.Verdict + "\n")
	for _, s := range tr.Steps {
		b.WriteString(string(s.Status) + " " + s.Step + ": " + strings.Join(s.Facts, " | ") + " → " + s.Fix + "\n")
	}
	return b.String()
}

// The fixes a form makes: which one, on which connection.
func TestTraceFixKinds(t *testing.T) {
	no := false
	for _, c := range []struct {
		name, kind, conn string
		edit             func(*TraceInput)
	}{
		{"enable for the application", FixEnableForApplication, "con_saml", func(in *TraceInput) { in.Links = in.Links[2:] }},
		{"enable on the organization", FixEnableOnOrganization, "", func(in *TraceInput) { in.Links = nil }},
		{"switch a link on", FixSwitchLinkOn, "con_db", func(in *TraceInput) { in.Links = in.Links[:1]; in.Links[0].IsEnabled = false }},
		{"show as a button", FixShowAsButton, "con_saml", func(in *TraceInput) {
			c := in.Conns["con_saml"]
			c.EnabledClients = []string{"app_portal"}
			in.Conns["con_saml"], in.Links, in.IdentifierFirst = c, in.Links[2:], &no
		}},
		{"assign membership", FixAssignMembership, "con_db", func(in *TraceInput) {
			in.Email, in.Member = "bob@else.test", &no
			in.Links[0].AssignMembershipOnLogin = false
		}},
	} {
		in := traceFixture()
		c.edit(&in)
		tr := TraceLogin(in)
		got, _ := tr.FixStep()
		if got.FixKind != c.kind || got.FixConnection != c.conn {
			t.Errorf("%s: fix %q on %q\n%s", c.name, got.FixKind, got.FixConnection, describeTrace(tr))
		}
	}
}
