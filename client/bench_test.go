package client_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// Issue #3's target: reading 5,000 orgs and every org's connections takes at
// most 1.1 × its floor (the slowest bucket's requests minus its burst, over
// its refill rate), with no 429 reaching the caller. Each benchmark reports
// the crawl's time over its floor as "x-floor". They take minutes: run them
// one at a time, e.g.
//
//	go test ./client -run '^$' -bench 'Crawl5000/limit50' -benchtime 1x

const crawlOrgs = 5000

// crawlAll reads every org and every org's links; parallel uses ForEach.
func crawlAll(b *testing.B, c *client.Client, parallel bool) int {
	ctx := context.Background()
	links := 0
	read := func(ctx context.Context, o model.Organization) error {
		ls, err := client.Collect(c.OrganizationConnections(ctx, o.ID))
		links += 0 * len(ls)
		return err
	}
	var err error
	if parallel {
		err = client.ForEach(ctx, c, c.Organizations(ctx), model.GroupReadOrgConnections, read)
	} else {
		for o, e := range c.Organizations(ctx) {
			if e != nil {
				err = e
				break
			}
			if err = read(ctx, o); err != nil {
				break
			}
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	return links
}

// benchClient starts a sandbox and a client on it that already holds its
// token, so that the timing counts only the crawl.
func benchClient(b *testing.B, opts sandbox.Options) (*client.Client, *sandbox.Server) {
	srv, err := sandbox.NewServer(opts)
	if err != nil {
		b.Fatal(err)
	}
	id, secret := srv.AdminCredentials()
	c, err := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Scopes(context.Background()); err != nil {
		b.Fatal(err)
	}
	return c, srv
}

func benchCrawl(b *testing.B, opts sandbox.Options, floor time.Duration, parallel bool) {
	for b.Loop() {
		b.StopTimer()
		c, srv := benchClient(b, opts)
		b.StartTimer()
		began := time.Now()
		crawlAll(b, c, parallel)
		took := time.Since(began)
		b.StopTimer()
		all, n429 := c.Requests().Count(429)
		b.ReportMetric(took.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(float64(all), "requests")
		b.ReportMetric(float64(n429), "429s-absorbed")
		srv.Close()
		b.StartTimer()
	}
}

// (a) One global bucket of 50 requests/s (burst 50) and 100 ms latency:
// 50 org pages + 5,000 link reads, floor (5,050 − 50) / 50 = 100 s.
func BenchmarkCrawl5000(b *testing.B) {
	limit50 := sandbox.Options{Orgs: crawlOrgs, Plan: "unlimited", RateLimit: 50, Burst: 50, Latency: 100 * time.Millisecond}
	// (b) Enterprise plan, every refill ×60: the org-links bucket (burst
	// 10, 100/min × 60 = 100/s) is the slowest: floor (5,000 − 10) / 100 = 49.9 s.
	enterprise := sandbox.Options{Orgs: crawlOrgs, Plan: "enterprise", RateScale: 60}
	b.Run("limit50-latency100ms", func(b *testing.B) { benchCrawl(b, limit50, 100*time.Second, true) })
	b.Run("enterprise-x60", func(b *testing.B) { benchCrawl(b, enterprise, 49900*time.Millisecond, true) })
	b.Run("limit50-latency100ms-one-at-a-time", func(b *testing.B) { benchCrawl(b, limit50, 100*time.Second, false) })
	b.Run("enterprise-x60-one-at-a-time", func(b *testing.B) { benchCrawl(b, enterprise, 49900*time.Millisecond, false) })
}

// Issue #6's target: the crawl behind an audit of 10,000 orgs takes at most
// 1.05 × its floor. The floor counts the requests the crawl made: (a) all
// of them share the one bucket; (b) the org-links bucket (burst 10, 100/s)
// is the slowest. Run one at a time:
//
//	go test ./client -run '^$' -bench 'AuditCrawl10000/enterprise' -benchtime 1x
func BenchmarkAuditCrawl10000(b *testing.B) {
	run := func(b *testing.B, opts sandbox.Options, floor func(requests int) time.Duration) {
		for b.Loop() {
			b.StopTimer()
			c, srv := benchClient(b, opts)
			b.StartTimer()
			began := time.Now()
			s, err := c.Crawl(context.Background(), nil)
			took := time.Since(began)
			b.StopTimer()
			if err != nil || len(s.Organizations) != opts.Orgs {
				b.Fatalf("crawl: %v", err)
			}
			all, n429 := c.Requests().Count(429)
			b.ReportMetric(took.Seconds()/floor(all).Seconds(), "x-floor")
			b.ReportMetric(float64(all), "requests")
			b.ReportMetric(float64(n429), "429s-absorbed")
			srv.Close()
			b.StartTimer()
		}
	}
	b.Run("limit50-latency100ms", func(b *testing.B) {
		run(b, sandbox.Options{Orgs: 10_000, Plan: "unlimited", RateLimit: 50, Burst: 50, Latency: 100 * time.Millisecond},
			func(n int) time.Duration { return time.Duration(n-50) * time.Second / 50 })
	})
	b.Run("enterprise-x60", func(b *testing.B) {
		run(b, sandbox.Options{Orgs: 10_000, Plan: "enterprise", RateScale: 60},
			func(int) time.Duration { return (10_000 - 10) * time.Second / 100 })
	})
}

// Issue #6's target: after 50 changes on the 10,000-org tenant, a refresh
// makes at most 50 reads plus the log pages. The changes: 40 links
// enabled on as many organizations, 7 organizations renamed, the
// applications of 3 connections changed. Rate limits are off: the
// figure is a count of requests (the time is reported too).
//
//	go test ./client -run '^$' -bench 'Refresh10000After50Changes' -benchtime 3x
func BenchmarkRefresh10000After50Changes(b *testing.B) {
	ctx := context.Background()
	c, srv := benchClient(b, sandbox.Options{Orgs: 10_000})
	defer srv.Close()
	snap, err := c.Crawl(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	round := 0
	for b.Loop() {
		b.StopTimer()
		changes := 0
		exec := func(p *client.Plan, err error) {
			if err == nil {
				_, err = c.Execute(ctx, p)
			}
			if err != nil {
				b.Fatal(err)
			}
			changes++
		}
		orgs := snap.Organizations[round*50 : round*50+50]
		for _, o := range orgs[:40] {
			have := map[string]bool{}
			for _, l := range snap.Links[o.ID] {
				have[l.ConnectionID] = true
			}
			for _, conn := range snap.Connections {
				if !have[conn.ID] {
					exec(c.PlanEnable(o, conn, client.LinkSettings{}))
					break
				}
			}
		}
		for _, o := range orgs[40:47] {
			after := o
			after.DisplayName = fmt.Sprintf("%s (round %d)", o.DisplayName, round)
			exec(c.PlanUpdateOrganization(o, after))
		}
		for _, conn := range snap.Connections[:3] {
			enable, disable := []string{snap.Clients[0].ClientID}, []string(nil)
			if len(conn.EnabledClients) > 0 {
				enable, disable = nil, conn.EnabledClients[:1]
			}
			plans, err := c.PlanConnectionClients(conn, enable, disable)
			if err != nil {
				b.Fatal(err)
			}
			exec(plans[0], nil)
		}
		if changes != 50 {
			b.Fatalf("%d changes made, want 50", changes)
		}
		b.StartTimer()
		next, st, err := c.Refresh(ctx, snap, nil)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if st.Writes != 50 || st.Reads > 50 {
			b.Fatalf("refresh after 50 changes: %+v", st)
		}
		b.ReportMetric(float64(st.Reads), "reads")
		b.ReportMetric(float64(st.LogPages), "log-pages")
		snap = next
		round++
		b.StartTimer()
	}
}

// Issue #8's target: enabling one connection on 5,000 organizations on a
// sandbox limited to 20 requests/s takes at most 1.05 × the minimum (the
// batch's requests, less the burst, over the rate). The connection is new,
// so every organization is an add. About 4 minutes:
//
//	go test ./client -run '^$' -bench 'BulkEnable5000' -benchtime 1x -timeout 20m
func BenchmarkBulkEnable5000(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		c, srv := benchClient(b, sandbox.Options{Orgs: 5000, Plan: "unlimited", RateLimit: 20, Burst: 20})
		orgs, err := client.Collect(c.Organizations(ctx))
		if err != nil {
			b.Fatal(err)
		}
		p, err := c.PlanCreateConnection(model.Connection{Name: "bulk-bench-db", Strategy: "auth0"})
		if err != nil {
			b.Fatal(err)
		}
		res, err := c.Execute(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		conn := *res.(*model.Connection)
		plan := model.PlanBulk(model.BulkAction{Kind: model.BulkEnable, Connection: conn}, orgs,
			func(string) []model.OrganizationConnection { return nil })
		batch, err := client.StartBulk(filepath.Join(b.TempDir(), "batch.jsonl"), c.Domain(), plan, "")
		if err != nil {
			b.Fatal(err)
		}
		before := c.Requests().Total()
		time.Sleep(time.Second) // the bucket refills after the setup
		b.StartTimer()
		began := time.Now()
		err = c.RunBulk(ctx, batch, nil, nil)
		took := time.Since(began)
		b.StopTimer()
		if done, failed := batch.Counts(); err != nil || done != 5000 || failed != 0 {
			b.Fatalf("run: %v, %d done, %d failed", err, done, failed)
		}
		sent := c.Requests().Total() - before
		floor := time.Duration(sent-20) * time.Second / 20
		_, n429 := c.Requests().Count(429)
		b.ReportMetric(took.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(float64(sent), "requests")
		b.ReportMetric(float64(n429), "429s-absorbed")
		batch.Close()
		srv.Close()
		b.StartTimer()
	}
}

// Issue #17's target: policy apply runs at the bulk floor (≤ 1.05×). A
// policy over 1,000 organizations that enables a new connection with
// membership and turns signup off on the database links: adds and updates
// of two connections in one batch, on a sandbox limited to 20 requests/s.
// About a minute and a half:
//
//	go test ./client -run '^$' -bench 'PolicyApply1000' -benchtime 1x -timeout 20m
func BenchmarkPolicyApply1000(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		c, srv := benchClient(b, sandbox.Options{Orgs: 1000, Plan: "unlimited", RateLimit: 20, Burst: 20})
		p, err := c.PlanCreateConnection(model.Connection{Name: "policy-bench-db", Strategy: "auth0"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Execute(ctx, p); err != nil {
			b.Fatal(err)
		}
		snap, err := c.Crawl(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		ps, err := client.ParsePolicies("bench.yaml", []byte(`policies:
  - name: everyone-on-the-new-database
    organizations: { all: true }
    links:
      - { connection: policy-bench-db, enabled: true, assign_membership_on_login: true }
      - { connection: Username-Password-Authentication, is_signup_enabled: false }
`))
		if err != nil {
			b.Fatal(err)
		}
		if err := ps.Resolve(snap.Connections); err != nil {
			b.Fatal(err)
		}
		plan := ps.PlanPolicies(snap)
		batch, err := client.StartBulk(filepath.Join(b.TempDir(), "batch.jsonl"), c.Domain(), plan, "")
		if err != nil {
			b.Fatal(err)
		}
		before := c.Requests().Total()
		time.Sleep(time.Second) // the bucket refills after the setup
		b.StartTimer()
		began := time.Now()
		err = c.RunBulk(ctx, batch, nil, nil)
		took := time.Since(began)
		b.StopTimer()
		if done, failed := batch.Counts(); err != nil || done != plan.Requests() || failed != 0 {
			b.Fatalf("run: %v, %d done of %d, %d failed", err, done, plan.Requests(), failed)
		}
		sent := c.Requests().Total() - before
		floor := time.Duration(sent-20) * time.Second / 20
		_, n429 := c.Requests().Count(429)
		b.ReportMetric(took.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(float64(sent), "requests")
		b.ReportMetric(float64(plan.Count(model.OutcomeAdd)), "adds")
		b.ReportMetric(float64(plan.Count(model.OutcomeUpdate)), "updates")
		b.ReportMetric(float64(n429), "429s-absorbed")
		batch.Close()
		srv.Close()
		b.StartTimer()
	}
}
