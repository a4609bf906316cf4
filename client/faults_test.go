package client_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// manyTries lets a client outlast the high fault rates of these tests
// (at 30 % faults, four tries still fail one request in 120).
func manyTries(cfg *client.Config) { cfg.MaxAttempts = 12 }

type orgWithLinks struct {
	Org   model.Organization
	Links []model.OrganizationConnection
}

func crawl(t *testing.T, c *client.Client) []orgWithLinks {
	t.Helper()
	ctx := context.Background()
	var out []orgWithLinks
	for o, err := range c.Organizations(ctx) {
		if err != nil {
			t.Fatalf("reading orgs: %v", err)
		}
		links, err := client.Collect(c.OrganizationConnections(ctx, o.ID))
		if err != nil {
			t.Fatalf("reading %s's links: %v", o.Name, err)
		}
		out = append(out, orgWithLinks{o, links})
	}
	return out
}

// With a quarter of the requests failing (500, 503, dropped connections,
// truncated bodies), a rate limit that answers 429s, and slow answers,
// every read completes with the right data.
func TestReadsUnderFaultsGiveTheRightData(t *testing.T) {
	t.Parallel()
	clean := startSandbox(t, sandbox.Options{Orgs: 150, Seed: 5})
	faulty := startSandbox(t, sandbox.Options{Orgs: 150, Seed: 5, FaultRate: 0.25, Latency: time.Millisecond,
		Jitter: 4 * time.Millisecond, RateLimit: 400, Burst: 5})
	want := crawl(t, connect(t, clean))
	c := connect(t, faulty, manyTries)
	got := crawl(t, c)
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if string(wb) != string(gb) {
		t.Fatalf("crawl under faults differs from the clean crawl (%d vs %d orgs)", len(got), len(want))
	}
	all, n429 := c.Requests().Count(429)
	if all <= len(want)+2 {
		t.Fatalf("%d requests for %d orgs: the faults did not happen", all, len(want))
	}
	t.Logf("%d requests, %d answered 429, for %d orgs and their links", all, n429, len(want))
}

// Every write happens exactly once: each enable is one successful POST in
// the tenant's log, however many tries it took.
func TestWritesUnderFaultsHappenExactlyOnce(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Options{Orgs: 60, Seed: 9, FaultRate: 0.3, RateLimit: 300, Burst: 5})
	c := connect(t, srv, manyTries)
	ctx := context.Background()
	conn, err := c.Connection(ctx, "github")
	for err != nil {
		conn, err = c.Connection(ctx, "github")
	}
	var targets []model.Organization
	for o, err := range c.Organizations(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		links, err := client.Collect(c.OrganizationConnections(ctx, o.ID))
		if err != nil {
			t.Fatal(err)
		}
		has := false
		for _, l := range links {
			has = has || l.ConnectionID == conn.ID
		}
		if !has {
			targets = append(targets, o)
		}
	}
	for _, o := range targets {
		p, err := c.PlanEnable(o, conn, client.LinkSettings{AssignMembershipOnLogin: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		link, err := c.ExecuteLink(ctx, p)
		if err != nil {
			t.Fatalf("enable on %s: %v", o.Name, err)
		}
		if !link.AssignMembershipOnLogin || link.ConnectionID != conn.ID {
			t.Fatalf("link on %s: %+v", o.Name, link)
		}
	}
	posts := map[string]int{}
	for _, ev := range srv.LogEvents() {
		req := ev.Details["request"].(map[string]any)
		if req["method"] == "post" {
			posts[req["path"].(string)]++
		}
	}
	for _, o := range targets {
		if n := posts["/api/v2/organizations/"+o.ID+"/connections"]; n != 1 {
			t.Errorf("%s: %d successful POSTs, want exactly 1", o.Name, n)
		}
	}
	// And removing them again, with DELETEs retried through the faults.
	for _, o := range targets {
		l, err := c.OrganizationConnection(ctx, o.ID, conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ExecuteLink(ctx, c.PlanRemove(o, l)); err != nil {
			t.Fatalf("remove from %s: %v", o.Name, err)
		}
		if _, err := c.OrganizationConnection(ctx, o.ID, conn.ID); !client.IsNotFound(err) {
			t.Fatalf("%s still has the link: %v", o.Name, err)
		}
	}
	if len(targets) < 10 {
		t.Fatalf("only %d orgs to write to", len(targets))
	}
}

// A 429 storm (a tiny bucket) slows the crawl down but never reaches the caller.
func TestRateLimitStormNeverReachesTheCaller(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Options{RateLimit: 100, Burst: 2})
	c := connect(t, srv)
	got := crawl(t, c)
	if len(got) != 40 {
		t.Fatalf("crawled %d orgs", len(got))
	}
}
