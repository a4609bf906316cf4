package client_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// The demo tenant holds a case for each verdict of the tracer: each is
// traced from its crawl (offline) and from the live tenant (the reads the
// tracer makes), and both agree.
func TestTraceDemoVerdicts(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	snap := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	cases := []struct {
		app, org, email string
		connection      string
		works           bool
		broken, says    string
	}{
		{"Acme Cloud Dashboard", "globex", "alice@globex.test", "", true, "", "through Username-Password-Authentication (the identifier field) and becomes a member"},
		{"Acme Mobile", "globex", "", "", false, model.StepApplication, "does not use organizations"},
		{"orgscope sandbox admin", "globex", "", "", false, model.StepApplication, "a machine-to-machine application"},
		{"Acme Cloud Dashboard", "no-such-org", "", "", false, model.StepOrganization, `the tenant has no organization "no-such-org"`},
		{"Acme Cloud Dashboard", "soylent", "", "", false, model.StepConnections, "soylent has no connection enabled"},
		{"Acme Cloud Dashboard", "tyrell", "", "", false, model.StepConnections, "Switch one of tyrell's links on"},
		{"Acme Cloud Dashboard", "gringotts", "", "", false, model.StepConnections, "Enable partners-db for Acme Cloud Dashboard"},
		{"Acme Cloud Dashboard", "umbrella-corp", "", "", false, model.StepPrompt, model.NoVisibleConnectionsError},
		// Through globex-okta's button: its link does not assign membership.
		// Offline, whether bob is a member is unknown; live, the members say.
		{"Acme Admin Console", "oscorp", "bob@oscorp.test", "globex-okta", true, "", "through globex-okta (its button) and must already be a member"},
	}
	for _, tc := range cases {
		t.Run(tc.app+" in "+tc.org, func(t *testing.T) {
			in := model.TraceInputFrom(snap, tc.app, tc.org)
			in.Email, in.Connection = tc.email, tc.connection
			offline := model.TraceLogin(in)
			live, _, err := c.TraceInput(ctx, tc.app, tc.org, "") // membership is TestTraceMembership's
			if err != nil {
				t.Fatal(err)
			}
			live.Email, live.Connection = tc.email, tc.connection
			online := model.TraceLogin(live)
			for _, tr := range []model.Trace{offline, online} {
				broken := ""
				for _, s := range tr.Steps {
					if s.Status == model.TraceFail {
						broken = s.Step
					}
				}
				if tr.Works != tc.works || broken != tc.broken || !strings.Contains(tr.Verdict, tc.says) {
					t.Fatalf("works %v, broken at %q: %s", tr.Works, broken, tr.Verdict)
				}
			}
			if offline.Verdict != online.Verdict {
				t.Fatalf("offline and live disagree:\n%s\n%s", offline.Verdict, online.Verdict)
			}
		})
	}
}

// With an email, a live trace reads the organization's members when the
// link does not assign membership: bob is one of oscorp's, eve is not (the
// fix: assign membership on the link). A token without
// read:organization_members says which scope would tell.
func TestTraceMembership(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	trace := func(c *client.Client, email string) model.Trace {
		in, _, err := c.TraceInput(ctx, "Acme Admin Console", "oscorp", email)
		if err != nil {
			t.Fatal(err)
		}
		in.Connection = "globex-okta"
		return model.TraceLogin(in)
	}
	if tr := trace(c, "Bob@Oscorp.test"); !tr.Works || !strings.Contains(tr.Verdict, "through globex-okta (its button) and is a member already") {
		t.Fatalf("bob: %s", tr.Verdict)
	}
	tr := trace(c, "eve@oscorp.test")
	last := tr.Steps[len(tr.Steps)-1]
	if tr.Works || last.Step != model.StepEmail || last.FixKind != model.FixAssignMembership ||
		!strings.Contains(strings.Join(last.Facts, "\n"), "the user is not a member of oscorp") {
		t.Fatalf("eve: %s\n%+v", tr.Verdict, last)
	}
	// A token that cannot read members: unknown, and the scope named.
	noMembers := connect(t, srv, func(cfg *client.Config) {
		var scopes []string
		for _, s := range sandbox.AllScopes() {
			if s != "read:organization_members" {
				scopes = append(scopes, s)
			}
		}
		cfg.ClientID, cfg.ClientSecret, cfg.Token = "", "", srv.Token(scopes...)
	})
	tr = trace(noMembers, "eve@oscorp.test")
	last = tr.Steps[len(tr.Steps)-1]
	if !tr.Works || last.Status != model.TraceWarn || !strings.Contains(strings.Join(last.Facts, "\n"), "the token lacks read:organization_members") {
		t.Fatalf("without the scope: %s\n%+v", tr.Verdict, last)
	}
}

// Membership reads no further than its bound, 20 pages of 100 members,
// asking for user_id and email alone; an address found early stops it.
func TestMembershipReadsAtMost2000Members(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	emails := make([]string, 2100)
	for i := range emails {
		emails[i] = fmt.Sprintf("user%04d@oscorp.test", i)
	}
	if err := srv.AddMembers("oscorp", emails...); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	org := must[model.Organization](t)(c.Organization(t.Context(), "oscorp"))
	path := "GET /api/v2/organizations/" + org.ID + "/members"
	member, why, err := c.Membership(t.Context(), org.ID, "nobody@oscorp.test")
	if err != nil || member != nil || !strings.Contains(why, "not among the first 2000 members read") {
		t.Fatalf("past the bound: %v %q %v", member, why, err)
	}
	if n := rec.count(path); n != 20 {
		t.Fatalf("%d pages read, want 20", n)
	}
	// bob is among the first: one page, or a few, not twenty.
	before := rec.count(path)
	member, _, err = c.Membership(t.Context(), org.ID, "bob@oscorp.test")
	if err != nil || member == nil || !*member {
		t.Fatalf("bob: %v %v", member, err)
	}
	if n := rec.count(path) - before; n >= 20 {
		t.Fatalf("finding bob read %d pages", n)
	}
}
