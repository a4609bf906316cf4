package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

func TestAuditScreen(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("audit")...), press("enter"))...)
	if a.TopTitle() != "Audit" {
		t.Fatalf("on %q", a.TopTitle())
	}
	mustContain(t, a, "18 findings: 8 errors · 8 warnings · 2 info", "40 organizations, 14 connections",
		"org-no-connection", "soylent", "fix  Enable a connection on soylent", "what soylent has no connection enabled: its members cannot log in.")
	golden(t, a)
	// The first finding is soylent's: enter opens the organization.
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "soylent" {
		t.Fatalf("enter opened %q", a.TopTitle())
	}
	// Back, filter on a rule, open the connection it names.
	a, _ = pump(a, press("esc"))
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("conn-stale")...), press("enter"))...)
	mustContain(t, a, "legacy-ad")
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "legacy-ad" {
		t.Fatalf("enter on conn-stale opened %q", a.TopTitle())
	}
	// The audit's crawl is the session's: Used by answers without reading again.
	if _, ok := a.session.usedBy("any"); !ok {
		t.Fatal("the audit's crawl was not shared with Used by")
	}
}

// The line a long read shows: its stage, the organizations read, the
// requests and their rate, the time left.
func TestReadProgressLine(t *testing.T) {
	s := struct{ progress *readProgress }{}
	began := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s.progress = newReadProgress(began)
	if got := s.progress.line(began); got != "Reading the tenant: -" {
		t.Fatalf("before anything: %q", got)
	}
	s.progress.set(client.CrawlProgress{Stage: "links", Done: 25})
	if got := s.progress.line(began.Add(10 * time.Second)); got != "Reading links: 25 organizations read" {
		t.Fatalf("while listing: %q", got)
	}
	s.progress.set(client.CrawlProgress{Stage: "links", Done: 25, Total: 100, Requests: 40})
	if got := s.progress.line(began.Add(10 * time.Second)); got != "Reading links: 25 of 100 organizations · about 30s left · 40 requests, 4.0/s" {
		t.Fatalf("with a total: %q", got)
	}
}

// x shows the request that fixes a finding, in its form filled with the
// fix; once sent, the organization is read again and the finding is gone.
func TestAuditFix(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, 120, 30)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("audit")...), press("enter"))...)
	a, _ = pump(a, append(append([]tea.Msg{press("/")}, typed("kramerica")...), press("enter"))...)
	mustContain(t, a, "link-signup-invalid", "x shows the request that fixes it")
	a, _ = pump(a, press("x"))
	if a.TopTitle() != "Edit Username-Password-Authentication" {
		t.Fatalf("x opened %q", a.TopTitle())
	}
	// The request, at once; esc edits it in the form, filled with the fix.
	mustContain(t, a, "PATCH /api/v2/organizations/", "enter sends it")
	mustSend(t, a, `"assign_membership_on_login":true`)
	a, _ = pump(a, press("esc"))
	if f := a.stack[len(a.stack)-1].screen.(*linkForm); f.stage != stageForm || !f.vals.Membership {
		t.Fatalf("esc on the fix's plan: stage %d, membership %v", f.stage, f.vals.Membership)
	}
	for range 8 {
		if f, ok := a.stack[len(a.stack)-1].screen.(*linkForm); ok && f.stage == stageReview {
			break
		}
		a, _ = pump(a, press("enter"))
	}
	mustContain(t, a, "PATCH /api/v2/organizations/")
	mustSend(t, a, `"assign_membership_on_login":true`)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "Audit" {
		t.Fatalf("after sending: on %q", a.TopTitle())
	}
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "17 findings: 7 errors")
	if got := links(t, srv, "kramerica"); got != "Username-Password-Authentication+member+signup" {
		t.Fatalf("kramerica's link: %s", got)
	}
}

// The organizations list shows each one's link count once any screen has
// read the whole tenant: here the audit's crawl, seen on going back.
func TestOrgLinkCountsFromTheAuditsCrawl(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 30)
	countOf := func(a App, name string) string {
		for _, line := range strings.Split(screenText(a), "\n") {
			if f := strings.Fields(line); len(f) > 0 && f[0] == name {
				return f[len(f)-1]
			}
		}
		t.Fatalf("no row for %s:\n%s", name, screenText(a))
		return ""
	}
	if got := countOf(a, "globex"); got != "·" {
		t.Fatalf("globex's count before any read: %q", got)
	}
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("audit")...), press("enter"))...)
	a, _ = pump(a, press("esc"))
	snap := a.session.snapshot()
	if a.TopTitle() != "Organizations" || snap == nil {
		t.Fatalf("back on %q, snapshot %v", a.TopTitle(), snap != nil)
	}
	for _, o := range snap.Organizations {
		if o.Name == "globex" {
			if got, want := countOf(a, "globex"), strconv.Itoa(len(snap.Links[o.ID])); got != want {
				t.Fatalf("globex shows %s links, the crawl read %s", got, want)
			}
			return
		}
	}
	t.Fatal("the crawl has no globex")
}

// At 80 columns the table cuts a finding's problem; under it, the one
// under the cursor reads in full.
func TestAuditFindingInFullAt80Columns(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a, _ = pump(a, append(append([]tea.Msg{press(":")}, typed("audit")...), press("enter"))...)
	a, _ = pump(a, press("down"), press("down")) // umbrella-corp's: a long one
	f, _ := a.stack[len(a.stack)-1].screen.(*auditScreen).finding()
	words := strings.Join(strings.Fields(screenText(a)), " ")
	if len(f.Problem) < 80 || !strings.Contains(words, f.Problem) || !strings.Contains(words, f.Fix) {
		t.Fatalf("the finding %q is not in full:\n%s", f.Problem, screenText(a))
	}
}
