package client_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func orgNamed(t *testing.T, s *model.Snapshot, name string) model.Organization {
	t.Helper()
	for _, o := range s.Organizations {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no organization %s", name)
	return model.Organization{}
}

func connNamed(t *testing.T, s *model.Snapshot, name string) model.Connection {
	t.Helper()
	for _, c := range s.Connections {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no connection %s", name)
	return model.Connection{}
}

func execute(t *testing.T, c *client.Client, p *client.Plan, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(t.Context(), p); err != nil {
		t.Fatal(err)
	}
}

// sameTenant fails when two snapshots differ in anything the audit,
// the matrix or Used by read.
func sameTenant(t *testing.T, got, want *model.Snapshot) {
	t.Helper()
	if d := model.DiffSnapshots(got, want); len(d) > 0 {
		t.Fatalf("the refreshed snapshot differs from a new crawl: %+v", d)
	}
	enabled := func(s *model.Snapshot) string {
		var out []string
		for _, c := range s.Connections {
			cl := slices.Sorted(slices.Values(c.EnabledClients))
			out = append(out, c.ID+"="+strings.Join(cl, ","))
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	if enabled(got) != enabled(want) {
		t.Fatalf("enabled clients differ:\n got %s\nwant %s", enabled(got), enabled(want))
	}
	if len(got.Organizations) != len(want.Organizations) || len(got.Links) != len(want.Links) {
		t.Fatalf("refreshed: %d orgs with links of %d; crawled: %d with %d", len(got.Organizations), len(got.Links), len(want.Organizations), len(want.Links))
	}
}

// A refresh replays the tenant log since the snapshot: it reads again
// only what changed and ends where a new crawl would.
func TestRefreshReadsOnlyWhatChanged(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	s0 := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	if s0.Checkpoint == nil || s0.Checkpoint.Newest != "" {
		t.Fatalf("the demo tenant's log is empty, yet the checkpoint is %+v", s0.Checkpoint)
	}

	// Changes of every kind the snapshot holds.
	soylent, tyrell := orgNamed(t, s0, "soylent"), orgNamed(t, s0, "tyrell")
	db := connNamed(t, s0, "Username-Password-Authentication")
	p, err := c.PlanEnable(soylent, db, client.LinkSettings{})
	execute(t, c, p, err)
	renamed := tyrell
	renamed.DisplayName = "Tyrell Corporation (renamed)"
	p, err = c.PlanUpdateOrganization(tyrell, renamed)
	execute(t, c, p, err)
	p, err = c.PlanCreateOrganization(model.Organization{Name: "newco", DisplayName: "NewCo"})
	execute(t, c, p, err)
	// A connection deleted takes its links off every organization.
	var used model.Connection
	for id, orgs := range s0.OrgsUsing() {
		if len(orgs) > 0 && s0.ConnectionsByID()[id].Strategy != "auth0" {
			used = s0.ConnectionsByID()[id]
			break
		}
	}
	execute(t, c, c.PlanDeleteConnection(used), nil)
	for _, cl := range s0.Clients {
		if cl.Name == "Partner Portal" {
			execute(t, c, must[*client.Plan](t)(c.PlanMyOrganization(cl, nil)), nil)
		}
	}

	s1, st, err := c.Refresh(ctx, s0, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2 := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	sameTenant(t, s1, s2)
	if d := model.DiffSnapshots(s0, s1); len(d) == 0 {
		t.Fatal("the refresh changed nothing")
	}
	// 5 writes: soylent's links, tyrell, newco and its links, the
	// connection (read to learn it is gone), Partner Portal and its grant.
	if st.Writes != 5 || st.LogPages != 1 || st.Reads > 7 {
		t.Fatalf("refresh stats %+v: want 5 writes, 1 log page, at most 7 reads", st)
	}
	if s1.Checkpoint == nil || s1.Checkpoint.Newest == "" || s1.RefreshedAt.IsZero() {
		t.Fatalf("the refreshed snapshot's checkpoint is %+v", s1.Checkpoint)
	}
	if s0.Checkpoint.Newest != "" || len(s0.Links[soylent.ID]) != 0 {
		t.Fatal("the refresh changed the old snapshot")
	}

	// Nothing new: one log page, no read.
	before := c.Requests().Total()
	s3, st, err := c.Refresh(ctx, s1, nil)
	if err != nil || st.Events != 0 || c.Requests().Total()-before != 1 {
		t.Fatalf("idle refresh: %+v, %d requests, %v", st, c.Requests().Total()-before, err)
	}
	sameTenant(t, s3, s2)
}

// A refresh that cannot be trusted says why, and asks for a crawl.
func TestRefreshFallsBackToACrawl(t *testing.T) {
	t.Run("without read:logs", func(t *testing.T) {
		srv := startSandbox(t, sandbox.Options{})
		id, secret := srv.AdminCredentials()
		admin := connect(t, srv)
		scopes := must[[]string](t)(admin.Scopes(t.Context()))
		scopes = slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return strings.HasPrefix(s, "read:logs") })
		c := connect(t, srv, func(cfg *client.Config) { cfg.ClientID, cfg.ClientSecret, cfg.Token = "", "", srv.Token(scopes...) })
		_ = id
		_ = secret
		s := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
		if s.Checkpoint != nil {
			t.Fatalf("a token without read:logs gave a checkpoint %+v", s.Checkpoint)
		}
		_, _, err := c.Refresh(t.Context(), s, nil)
		wantCrawl(t, err, "read:logs")
		// A snapshot taken with read:logs, refreshed by a token without.
		full := must[*model.Snapshot](t)(admin.Crawl(t.Context(), nil))
		_, _, err = c.Refresh(t.Context(), full, nil)
		wantCrawl(t, err, "lacks read:logs")
	})
	t.Run("checkpoint aged out", func(t *testing.T) {
		srv := startSandbox(t, sandbox.Options{LogRetention: time.Hour})
		c := connect(t, srv)
		s0 := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
		rename(t, c, s0, "tyrell", "One")
		s1, _, err := c.Refresh(t.Context(), s0, nil)
		if err != nil {
			t.Fatal(err)
		}
		srv.Advance(2 * time.Hour) // s1's checkpoint ages out
		rename(t, c, s1, "tyrell", "Two")
		_, _, err = c.Refresh(t.Context(), s1, nil)
		wantCrawl(t, err, "aged out")
	})
	t.Run("empty log a day ago", func(t *testing.T) {
		srv := startSandbox(t, sandbox.Options{})
		c := connect(t, srv)
		s := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
		s.TakenAt = s.TakenAt.Add(-25 * time.Hour)
		_, _, err := c.Refresh(t.Context(), s, nil)
		wantCrawl(t, err, "empty")
	})
}

func rename(t *testing.T, c *client.Client, s *model.Snapshot, org, display string) {
	t.Helper()
	o := orgNamed(t, s, org)
	after := o
	after.DisplayName = display
	p, err := c.PlanUpdateOrganization(o, after)
	execute(t, c, p, err)
}

func wantCrawl(t *testing.T, err error, reason string) {
	t.Helper()
	var full *client.NeedsFullCrawl
	if !errors.As(err, &full) || !strings.Contains(full.Reason, reason) {
		t.Fatalf("got %v, want a full crawl because of %q", err, reason)
	}
}

// A crawl journals each organization as it goes: one stopped half-way
// resumes without reading those organizations again, and the store keeps
// the finished snapshot, which the next update refreshes.
func TestStoreResumesAnInterruptedCrawl(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	st := client.Store{Dir: t.TempDir()}
	ctx, cancel := context.WithCancel(t.Context())
	j, err := st.Recorder(c.Domain(), false)
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	_, err = c.CrawlWith(ctx, client.CrawlOptions{Record: j, Progress: func(p client.CrawlProgress) {
		if p.Stage == "links" && p.Done >= 15 {
			cancel()
		}
		read = max(read, p.Done)
	}})
	j.Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped crawl answered %v", err)
	}
	// A crash can leave half a line.
	f, _ := os.OpenFile(st.CrawlPath(c.Domain()), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"org":"org_half`)
	f.Close()
	partial, err := st.Interrupted(c.Domain())
	if err != nil || len(partial.Links) < 15 {
		t.Fatalf("journal: %v, %d orgs", err, len(partial.Links))
	}

	// The resumed crawl stops too; its journal still reads.
	ctx, cancel = context.WithCancel(t.Context())
	j, err = st.Recorder(c.Domain(), true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CrawlWith(ctx, client.CrawlOptions{Record: j, Resume: partial, Progress: func(p client.CrawlProgress) {
		if p.Stage == "links" && p.Done >= 25 {
			cancel()
		}
	}})
	j.Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped crawl answered %v", err)
	}
	partial, err = st.Interrupted(c.Domain())
	if err != nil || len(partial.Links) < 25 {
		t.Fatalf("journal after the second stop: %v, %d orgs", err, len(partial.Links))
	}

	linkReads := func() int {
		n := 0
		for _, r := range c.Requests().Records() {
			if strings.HasPrefix(r.Path, "/api/v2/organizations/org_") && r.Method == "GET" {
				n++
			}
		}
		return n
	}
	before := linkReads()
	s, rep, err := c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed != len(partial.Links) || linkReads()-before != 40-len(partial.Links) {
		t.Fatalf("resumed %d, read %d organizations' links; the journal had %d of 40", rep.Resumed, linkReads()-before, len(partial.Links))
	}
	sameTenant(t, s, must[*model.Snapshot](t)(c.Crawl(t.Context(), nil)))
	if _, err := os.Stat(st.CrawlPath(c.Domain())); !os.IsNotExist(err) {
		t.Fatal("the finished crawl's journal is still there")
	}
	if fi, err := os.Stat(st.SnapshotPath(c.Domain())); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot file: %v %v", fi, err)
	}

	// The next update refreshes from the log.
	rename(t, c, s, "tyrell", "Renamed")
	s2, rep, err := c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{})
	if err != nil || !rep.Refreshed || rep.Stats.Writes != 1 || orgNamed(t, s2, "tyrell").DisplayName != "Renamed" {
		t.Fatalf("update after the crawl: %+v, %v", rep, err)
	}
	stored, err := st.Load(c.Domain())
	if err != nil || orgNamed(t, stored, "tyrell").DisplayName != "Renamed" {
		t.Fatalf("the stored snapshot was not refreshed: %v", err)
	}
}

// A snapshot or journal orgscope cannot read is reported with its path
// and left as it was.
func TestStoreReportsCorruptFiles(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	st := client.Store{Dir: t.TempDir()}
	for _, path := range []string{st.SnapshotPath(c.Domain()), st.CrawlPath(c.Domain())} {
		t.Run(path[strings.LastIndex(path, "."):], func(t *testing.T) {
			os.WriteFile(path, []byte("{\"orgscope_crawl\":1,\"tenant\":\""+c.Domain()+"\"}\nnot json\n{}\n"), 0o600)
			defer os.Remove(path)
			_, _, err := c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{})
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want an error naming %s", err, path)
			}
			data, _ := os.ReadFile(path)
			if !strings.Contains(string(data), "not json") {
				t.Fatal("the corrupt file was overwritten")
			}
		})
	}
}

// A profile's prefix changed since connections were created under it: the
// refresh keeps the earlier prefix, and the audit finds the connections
// that carry it instead of the new one.
func TestRefreshKeepsPrefixHistory(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	s0 := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
	var changed model.ConnectionProfile
	var old string
	for _, p := range s0.Profiles {
		// Okta-Partners renders "globex-" for globex: globex-okta's mark.
		if p.Name == "Okta-Partners" && p.ConnectionNamePrefixTemplate != nil {
			changed, old = p, *p.ConnectionNamePrefixTemplate
		}
	}
	if old == "" {
		t.Fatal("the demo tenant has no profile with a prefix")
	}
	after := changed
	tmpl := "sso2-{org_id}-"
	after.ConnectionNamePrefixTemplate = &tmpl
	p, err := c.PlanUpdateProfile(changed, after)
	execute(t, c, p, err)
	s1, _, err := c.Refresh(t.Context(), s0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h := s1.PrefixHistory[changed.ID]; len(h) != 1 || h[0] != old {
		t.Fatalf("prefix history %v, want [%s]", s1.PrefixHistory, old)
	}
	n := 0
	for _, f := range model.Audit(s1, model.AuditConfig{}) {
		if f.Rule == "profile-prefix-missing" {
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no connection created under %s with %q was found", changed.Name, old)
	}
}

// A snapshot served by a sandbox reads back as the same tenant: how
// orgscope browses a snapshot file offline.
func TestSandboxServesASnapshot(t *testing.T) {
	demo := startSandbox(t, sandbox.Options{})
	s := must[*model.Snapshot](t)(connect(t, demo).Crawl(t.Context(), nil))
	data, err := model.EncodeSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	file, err := model.DecodeSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	offline := startSandbox(t, sandbox.Options{FromSnapshot: file})
	again := must[*model.Snapshot](t)(connect(t, offline).Crawl(t.Context(), nil))
	sameTenant(t, again, s)
	if len(again.MyOrganizationGrants) != len(s.MyOrganizationGrants) {
		t.Fatalf("grants: %d, want %d", len(again.MyOrganizationGrants), len(s.MyOrganizationGrants))
	}
	if a, b := len(model.Audit(again, model.AuditConfig{})), len(model.Audit(s, model.AuditConfig{})); a != b {
		t.Fatalf("the served snapshot audits to %d findings, the original to %d", a, b)
	}
}

// A refresh that finds the snapshot needs a crawl marks it stale in the
// store: when that crawl does not finish, the next update crawls at once
// with the reason (reading no log), and the finished crawl clears the mark.
func TestStaleMarkSurvivesAStoppedCrawl(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	st := client.Store{Dir: t.TempDir()}
	s, _, err := c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Checkpoint = nil // a snapshot the tenant log cannot vouch for
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	stopped, cancel := context.WithCancel(t.Context())
	_, rep, err := c.UpdateSnapshot(stopped, st, client.UpdateOptions{Progress: func(client.CrawlProgress) { cancel() }})
	if !errors.Is(err, context.Canceled) || !strings.Contains(rep.CrawlReason, "no place in the tenant log") {
		t.Fatalf("the stopped update: %+v, %v", rep, err)
	}
	if reason, err := st.StaleReason(c.Domain()); !strings.Contains(reason, "no place in the tenant log") || err != nil {
		t.Fatalf("stale mark %q, %v", reason, err)
	}
	os.Remove(st.CrawlPath(c.Domain())) // as if the crawl stopped before its first page
	logReads := func() int {
		n := 0
		for _, r := range c.Requests().Records() {
			if strings.HasPrefix(r.Path, "/api/v2/logs") {
				n++
			}
		}
		return n
	}
	before := logReads()
	_, rep, err = c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{})
	if err != nil || rep.Refreshed || !strings.Contains(rep.CrawlReason, "no place in the tenant log") {
		t.Fatalf("the update after the stop: %+v, %v", rep, err)
	}
	if n := logReads() - before; n > 1 {
		t.Fatalf("the update tried the refresh again (%d log reads)", n)
	}
	if reason, _ := st.StaleReason(c.Domain()); reason != "" {
		t.Fatalf("the crawl left the mark %q", reason)
	}
}

// A crawl refused at its first request leaves an empty journal: the next
// update crawls as if there were none, instead of failing on it forever.
func TestEmptyCrawlJournalIsNone(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	st := client.Store{Dir: t.TempDir()}
	if err := os.WriteFile(st.CrawlPath(c.Domain()), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.UpdateSnapshot(t.Context(), st, client.UpdateOptions{}); err != nil {
		t.Fatalf("an empty crawl journal blocks the update: %v", err)
	}
	if _, err := os.Stat(st.CrawlPath(c.Domain())); !os.IsNotExist(err) {
		t.Fatal("the finished crawl left its journal")
	}
}

// The identifier-first setting is kept in the snapshot and brought up to
// date from the tenant log; with it on, an organization whose connections
// are all hidden is reached through home realm discovery, and the audit no
// longer says Universal Login shows nothing.
func TestRefreshReadsIdentifierFirst(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	s0 := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	hidden := func(s *model.Snapshot) bool {
		for _, f := range model.Audit(s, model.AuditConfig{}) {
			if f.Rule == "org-all-hidden" {
				return true
			}
		}
		return false
	}
	if s0.IdentifierFirst == nil || *s0.IdentifierFirst || !hidden(s0) {
		t.Fatalf("the crawl: identifier-first %v, org-all-hidden %v", s0.IdentifierFirst, hidden(s0))
	}
	req, _ := http.NewRequest("PATCH", srv.URL()+"/api/v2/prompts", strings.NewReader(`{"identifier_first":true}`))
	req.Header.Set("Authorization", "Bearer "+srv.Token("update:prompts"))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("PATCH /prompts: %v %v", res, err)
	}
	s1, _, err := c.Refresh(ctx, s0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s1.IdentifierFirst == nil || !*s1.IdentifierFirst || hidden(s1) {
		t.Fatalf("after the refresh: identifier-first %v, org-all-hidden %v", s1.IdentifierFirst, hidden(s1))
	}
	data, err := model.EncodeSnapshot(s1)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := model.DecodeSnapshot(data); err != nil || back.IdentifierFirst == nil || !*back.IdentifierFirst {
		t.Fatalf("the snapshot file lost it: %v", err)
	}
}

// A token that cannot read the My Organization API or the grants still
// crawls: the snapshot holds no grant, as for a tenant without the API.
func TestCrawlWithoutTheGrantScopes(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	admin := connect(t, srv)
	all := must[[]string](t)(admin.Scopes(t.Context()))
	for _, drop := range []string{"read:resource_servers", "read:client_grants"} {
		scopes := slices.DeleteFunc(slices.Clone(all), func(s string) bool { return s == drop })
		c := connect(t, srv, func(cfg *client.Config) { cfg.ClientID, cfg.ClientSecret, cfg.Token = "", "", srv.Token(scopes...) })
		s, err := c.Crawl(t.Context(), nil)
		if err != nil {
			t.Fatalf("without %s: %v", drop, err)
		}
		if s.MyOrganizationAPI != "" || len(s.MyOrganizationGrants) != 0 || len(s.Organizations) == 0 || !strings.Contains(s.GrantsUnread, drop) {
			t.Fatalf("without %s: api %q, %d grants, %d organizations, unread %q", drop, s.MyOrganizationAPI, len(s.MyOrganizationGrants), len(s.Organizations), s.GrantsUnread)
		}
		// Unknown, not absent: against a full read, no grant was removed.
		full := must[*model.Snapshot](t)(admin.Crawl(t.Context(), nil))
		if d := model.DiffSnapshots(full, s); len(d) != 0 {
			t.Fatalf("without %s, the diff with a full read: %+v", drop, d)
		}
	}
}
