package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// storedApp starts the app on a sandbox whose snapshot is in a store, as a
// second session on a tenant finds it; the app's commands are run by the
// test, one by one.
func storedApp(t *testing.T, edit func(*model.Snapshot)) (App, *client.Client, client.Store) {
	t.Helper()
	c, _ := sandboxClient(t, sandbox.Options{})
	store := client.Store{Dir: t.TempDir()}
	snap, _, err := c.UpdateSnapshot(t.Context(), store, client.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edit(snap)
	if err := store.Save(snap); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a := New(ctx, c, Options{Tenant: "sandbox", NoColor: true, Store: &store, RefreshEvery: time.Hour})
	a, _ = pump(a, tea.WindowSizeMsg{Width: 100, Height: 30})
	return a, c, store
}

func step(a App, msg tea.Msg) (App, tea.Cmd) {
	m, cmd := a.Update(msg)
	return m.(App), cmd
}

// The stored snapshot answers at once (Used by needs no crawl), and the
// background refresh brings in a change made elsewhere, from the tenant
// log, and keeps it.
func TestStoredSnapshotRefreshesInTheBackground(t *testing.T) {
	a, c, store := storedApp(t, func(s *model.Snapshot) {})
	a, _ = step(a, a.loadSnapshot()())
	if a.session.snapshot() == nil {
		t.Fatal("the stored snapshot was not loaded")
	}
	// Used by answers from it.
	var conn model.Connection
	for _, cn := range a.session.snapshot().Connections {
		if cn.Name == "Username-Password-Authentication" {
			conn = cn
		}
	}
	used, ok := a.session.usedBy(conn.ID)
	if !ok || len(used) == 0 {
		t.Fatalf("Used by without a crawl: %d orgs, %v", len(used), ok)
	}

	// Someone else enables the connection on soylent.
	var soylent model.Organization
	for _, o := range a.session.snapshot().Organizations {
		if o.Name == "soylent" {
			soylent = o
		}
	}
	p, err := c.PlanEnable(soylent, conn, client.LinkSettings{})
	if err == nil {
		_, err = c.Execute(t.Context(), p)
	}
	if err != nil {
		t.Fatal(err)
	}
	// The next tick finds the refresh due.
	a.lastRefresh = time.Now().Add(-2 * time.Hour)
	a, _ = step(a, snapshotTickMsg{})
	if !a.status.snapRefreshing {
		t.Fatal("the tick did not start a refresh")
	}
	a.session.endUpdate() // the refresh below is the one the tick started
	a, _ = pump(a, a.refreshInBackground()())
	mustContain(t, a, "snapshot just now", "snapshot refreshed from the tenant log: 1 change, 1 read")
	if n, _ := a.session.linkCount(soylent.ID); n != 1 {
		t.Fatalf("soylent has %d links in the refreshed snapshot", n)
	}
	kept, err := store.Load(c.Domain())
	if err != nil || len(kept.Links[soylent.ID]) != 1 {
		t.Fatalf("the store was not updated: %v", err)
	}
}

// A snapshot the log cannot vouch for stays on screen, with the reason,
// and the background never crawls; the audit's r does.
func TestSnapshotThatCannotBeRefreshed(t *testing.T) {
	a, c, store := storedApp(t, func(s *model.Snapshot) {
		s.Checkpoint = nil
		s.TakenAt = time.Now().Add(-3 * time.Hour)
	})
	a, cmd := step(a, a.loadSnapshot()())
	if cmd == nil || !a.status.snapRefreshing {
		t.Fatal("no refresh after loading")
	}
	mustContain(t, a, "snapshot 3h old · refreshing")
	a.session.endUpdate()
	a, _ = pump(a, a.refreshInBackground()())
	mustContain(t, a, "snapshot 3h old · needs a crawl", "snapshot not refreshed")
	if !strings.Contains(a.status.flash, "no place in the tenant log") {
		t.Fatalf("the reason is not given: %q", a.status.flash)
	}
	// The next start says so at once, without trying the refresh again.
	again := New(a.base, c, Options{Tenant: "sandbox", NoColor: true, Store: &store, RefreshEvery: time.Hour})
	again, _ = pump(again, tea.WindowSizeMsg{Width: 100, Height: 30})
	again, cmd = step(again, again.loadSnapshot()())
	if cmd != nil || again.status.snapRefreshing {
		t.Fatal("a restart tried the refresh that cannot work")
	}
	mustContain(t, again, "snapshot 3h old · needs a crawl")
	if !strings.Contains(again.status.flash, "no place in the tenant log") {
		t.Fatalf("the restart does not give the reason: %q", again.status.flash)
	}
	// The audit works from it at once, then r crawls and clears the note.
	a, _ = pump(a, tea.KeyPressMsg{Code: ':', Text: ":"})
	a, _ = pump(a, typed("audit")...)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "18 findings")
	a, _ = pump(a, press("r"))
	mustContain(t, a, "18 findings", "snapshot crawled the tenant")
	if strings.Contains(screenText(a), "3h old") || strings.Contains(screenText(a), "needs a crawl") {
		t.Fatalf("the crawled snapshot still shows as old:\n%s", screenText(a))
	}
	if reason, err := store.StaleReason(c.Domain()); reason != "" || err != nil {
		t.Fatalf("the crawl left the stale mark: %q %v", reason, err)
	}
}

func TestSnapshotAge(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ago  time.Duration
		want string
	}{{10 * time.Second, "snapshot just now"}, {5 * time.Minute, "snapshot 5m old"}, {3 * time.Hour, "snapshot 3h old"}, {72 * time.Hour, "snapshot 3d old"}} {
		if got := snapshotAge(&model.Snapshot{TakenAt: now.Add(-c.ago)}, now); got != c.want {
			t.Errorf("%v ago: %q, want %q", c.ago, got, c.want)
		}
	}
	if snapshotAge(nil, now) != "" {
		t.Error("an age without a snapshot")
	}
}

// A snapshot file browsed offline: the session has it from the start, its
// age shows, and the audit answers from it without a crawl.
func TestOfflineSnapshot(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	snap, err := c.Crawl(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	snap.TakenAt = time.Now().Add(-72 * time.Hour)
	a := New(t.Context(), c, Options{Tenant: "acme (snapshot file)", NoColor: true, RefreshEvery: -1, Snapshot: snap})
	a, _ = pump(a, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, run(a.Init())...)...)
	mustContain(t, a, "acme (snapshot file)", "snapshot 3d old")
	before := c.Requests().Total()
	a, _ = pump(a, tea.KeyPressMsg{Code: ':', Text: ":"})
	a, _ = pump(a, typed("audit")...)
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "18 findings")
	if n := c.Requests().Total() - before; n != 0 {
		t.Fatalf("the audit of the snapshot sent %d requests", n)
	}
}

// A change made on an organization's screen reaches every answer the
// session gives without a refresh: Used by and the matrix stop listing
// the organization as soon as its link is removed.
func TestLinkRemovedReachesUsedBy(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a, _ = pump(a, goTo("audit", "", 0)...) // the audit crawls the tenant: the session has a snapshot
	a, _ = pump(a, press("esc"))
	okta := ""
	for _, c := range a.session.snapshot().Connections {
		if c.Name == "globex-okta" {
			okta = c.ID
		}
	}
	usedByOscorp := func() bool {
		used, _ := a.session.usedBy(okta)
		for _, u := range used {
			if u.org.Name == "oscorp" {
				return true
			}
		}
		return false
	}
	if !usedByOscorp() {
		t.Fatal("the demo's oscorp does not use globex-okta: the test proves nothing")
	}
	a = openOrg(a, "oscorp")
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("okta")...), press("enter"), press("d"), press("enter"))...)
	if usedByOscorp() {
		t.Fatal("Used by still lists oscorp after its link was removed")
	}
}

// A write reaches every answer at once, whichever screen made it: an
// organization deleted from the list leaves the audit's findings, with no
// refresh in between (the audit still listed it, and enter on it gave 404).
func TestDeletedOrganizationLeavesTheAudit(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 40)
	a, _ = pump(a, goTo("audit", "", 0)...)
	mustContain(t, a, "umbrella-corp")
	a, _ = pump(a, press("esc"))
	a, _ = pump(a, goTo("orgs", "umbrella", 0)...)
	a, _ = pump(a, press("d"), press("enter"))
	for _, o := range a.session.snapshot().Organizations {
		if o.Name == "umbrella-corp" {
			t.Fatal("the session's snapshot still holds the deleted organization")
		}
	}
	a, _ = pump(a, goTo("audit", "", 0)...)
	if strings.Contains(screenText(a), "umbrella-corp") {
		t.Fatalf("the audit still lists the deleted organization:\n%s", screenText(a))
	}
}

// The delete confirmation of a connection counts the organizations that
// use it from the session's snapshot, the tool's own writes included: a
// connection made and enabled on soylent a moment ago is not "used by no
// organization".
func TestDeleteConfirmationCountsAWriteJustMade(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 40)
	a, _ = pump(a, goTo("audit", "", 0)...) // a snapshot for the session
	a, _ = pump(a, press("esc"))
	write := func(p *client.Plan, err error) any { // a write, as any screen makes one
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.client.Execute(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	fresh := write(a.client.PlanCreateConnection(model.Connection{Name: "fresh-db", Strategy: "auth0"})).(*model.Connection)
	var soylent model.Organization
	for _, o := range a.session.snapshot().Organizations {
		if o.Name == "soylent" {
			soylent = o
		}
	}
	write(a.client.PlanEnable(soylent, *fresh, client.LinkSettings{}))
	a, _ = pump(a, goTo("connections", "fresh-db", 1)...)
	a, _ = pump(a, press("d"))
	mustContain(t, a, "1 organization lose it", "soylent")
}
