package client_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// The demo tenant carries the mistakes real tenants do: a crawl and the
// audit find each of them, and nothing else.
func TestCrawlDemoAndAudit(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	linksDone, linksTotal, totalLate := 0, 0, false
	s, err := c.Crawl(t.Context(), func(p client.CrawlProgress) {
		if p.Stage == "links" {
			linksDone, linksTotal = max(linksDone, p.Done), p.Total
			// The total (and so the time left) is known from the start.
			totalLate = totalLate || p.Total != 40
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Organizations) != 40 || len(s.Links) != 40 || linksDone != 40 || linksTotal != 40 || totalLate {
		t.Fatalf("crawl: %d orgs, links of %d, progress %d/%d", len(s.Organizations), len(s.Links), linksDone, linksTotal)
	}
	if len(s.Connections) != 14 || len(s.Profiles) != 4 || s.MyOrganizationAPI == "" {
		t.Fatalf("crawl: %d connections, %d profiles, My Organization API %q", len(s.Connections), len(s.Profiles), s.MyOrganizationAPI)
	}
	var got []string
	for _, f := range model.Audit(s, model.AuditConfig{}) {
		names := make([]string, len(f.Objects))
		for i, o := range f.Objects {
			names[i] = o.Name
		}
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, strings.Join(names, "+")))
	}
	want := []string{
		"error org-no-connection soylent",                                      // nothing enabled yet
		"error org-no-connection tyrell",                                       // every link switched off
		"error org-all-hidden umbrella-corp",                                   // its only connection is a hidden SAML one
		"error link-signup-invalid kramerica/Username-Password-Authentication", // signup without membership
		"error link-signup-invalid virtucon/stark-oidc",                        // signup on an enterprise connection
		"error conn-no-client sms",                                             // only for Acme Mobile, which does not use organizations
		"error conn-no-client wayne-adfs",                                      // for no application at all
		"error myorg-missing-profile Partner Portal",                           // points at a deleted profile
		// Acme Admin Console lets org admins delete connections with their users.
		"warning link-full-access-deletable buy-n-large/globex-okta",
		"warning link-full-access-deletable cyberdyne/cyberdyne-ping",
		"warning link-full-access-deletable initech/initech-entra",
		"warning link-full-access-deletable nakatomi-trading/hooli-workspace",
		// initech's members can be managed fully; the console, whose org
		// admins manage members, sets neither control (the dashboard sets
		// both; the portal's admins cannot call the API at all).
		"warning link-full-members-no-ceiling Acme Admin Console+initech/initech-entra",
		"warning myorg-member-controls Acme Admin Console",
		// Configured for My Organization, never granted the API.
		"warning myorg-no-grant Acme Cloud Dashboard",
		// Granted for the application itself: nothing for its users.
		"warning myorg-grant-client-subject Partner Portal",
		"info conn-stale legacy-ad",
		"info myorg-strategy-no-override Acme Admin Console+Okta-Partners", // pingfederate, adfs, google-apps
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A crawl's progress line, at each stage.
func TestCrawlProgressLine(t *testing.T) {
	for _, c := range []struct {
		p    client.CrawlProgress
		took time.Duration
		want string
	}{
		{client.CrawlProgress{}, 0, "Reading the tenant: -"},
		{client.CrawlProgress{Stage: "connections", Requests: 3}, time.Second, "Reading the tenant: connections"},
		{client.CrawlProgress{Stage: "logs", Done: 1, Requests: 2}, time.Second, "Reading the tenant log since the snapshot: 1 page · 2 requests, 2.0/s"},
		{client.CrawlProgress{Stage: "logs"}, time.Second, "Reading the tenant: logs"},
		{client.CrawlProgress{Stage: "changes", Done: 5, Total: 20, Requests: 10}, 5 * time.Second,
			"Reading what changed: 5 of 20 organizations · about 15s left · 10 requests, 2.0/s"},
		{client.CrawlProgress{Stage: "links", Done: 25}, 10 * time.Second, "Reading links: 25 organizations read"},
		{client.CrawlProgress{Stage: "links", Done: 25, Total: 100, Requests: 40}, 10 * time.Second,
			"Reading links: 25 of 100 organizations · about 30s left · 40 requests, 4.0/s"},
		{client.CrawlProgress{Stage: "links", Done: 100, Total: 100, Requests: 1}, 0, "Reading links: 100 of 100 organizations"},
	} {
		if got := c.p.Line(c.took); got != c.want {
			t.Errorf("%+v after %s: %q, want %q", c.p, c.took, got, c.want)
		}
	}
}
