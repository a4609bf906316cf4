package client_test

import (
	"strings"
	"testing"

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
		{"Acme Admin Console", "oscorp", "bob@oscorp.test", "globex-okta", true, "", "through globex-okta (its button) and must already be a member"},
	}
	for _, tc := range cases {
		t.Run(tc.app+" in "+tc.org, func(t *testing.T) {
			in := model.TraceInputFrom(snap, tc.app, tc.org)
			in.Email, in.Connection = tc.email, tc.connection
			offline := model.TraceLogin(in)
			live, _, err := c.TraceInput(ctx, tc.app, tc.org)
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
