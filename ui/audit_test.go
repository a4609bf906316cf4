package ui

import (
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
	mustContain(t, a, "17 findings: 8 errors · 7 warnings · 2 info", "40 organizations, 14 connections",
		"org-no-connection", "soylent", "fix Enable a connection on soylent")
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

func TestAuditProgressLine(t *testing.T) {
	s := newAuditScreen(env{}).(*auditScreen)
	began := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s.progress = &auditProgress{began: began}
	if got := s.progressLine(began); got != "Reading the tenant: -" {
		t.Fatalf("before anything: %q", got)
	}
	s.progress.set(client.CrawlProgress{Stage: "links", Done: 25})
	if got := s.progressLine(began.Add(10 * time.Second)); got != "Reading the tenant: links — 25 organizations read" {
		t.Fatalf("while listing: %q", got)
	}
	s.progress.set(client.CrawlProgress{Stage: "links", Done: 25, Total: 100})
	if got := s.progressLine(began.Add(10 * time.Second)); got != "Reading the tenant: links — 25 organizations read of 100 · about 30s left" {
		t.Fatalf("with a total: %q", got)
	}
}
