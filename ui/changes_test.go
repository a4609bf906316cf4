package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// :changes lists what the tenant log reports, who did it, newest first;
// enter opens the organization a link change was on.
func TestChangesPane(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	a := startApp(t, c, 80, 24)
	a, _ = pump(a, goTo("changes", "", 0)...) // reads the tenant first
	mustContain(t, a, "No change since the session's snapshot was taken")
	// A change made elsewhere (here: the same application, outside the TUI).
	org, err := c.Organization(t.Context(), "hooli")
	if err != nil {
		t.Fatal(err)
	}
	links := linkTo(t, c, "hooli", "hooli-workspace")
	off := false
	p, err := c.PlanUpdate(org, *links, model.LinkSettings{ShowAsButton: &off})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	a, _ = pump(a, refreshMsg{}) // r: the log now, not in 15 seconds
	mustContain(t, a, "application orgscope", "link hooli/hooli-workspace changed: show_as_button")
	golden(t, a)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "hooli" {
		t.Fatalf("enter opened %q", a.TopTitle())
	}
}

// A token without read:logs: the pane says the log cannot say what
// changed, and r reads the log again without crawling the tenant (a poll
// that crawled each time would read every organization every 15 s).
func TestChangesPaneWithoutTheLog(t *testing.T) {
	admin, srv := sandboxClient(t, sandbox.Options{})
	scopes, err := admin.Scopes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	scopes = slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return strings.HasPrefix(s, "read:logs") })
	c, err := client.New(client.Config{Domain: srv.Addr(), Token: srv.Token(scopes...)})
	if err != nil {
		t.Fatal(err)
	}
	a := startApp(t, c, 80, 24)
	a, _ = pump(a, goTo("changes", "", 0)...) // the first read crawls: there is no snapshot yet
	a, _ = pump(a, refreshMsg{})
	mustContain(t, a, "The tenant log cannot say what changed", "read:logs", "r reads the log again")
	if strings.Contains(screenText(a), "No change") {
		t.Fatalf("the pane says there is no change, which it cannot know:\n%s", screenText(a))
	}
	before := c.Requests().Total()
	a, _ = pump(a, refreshMsg{})
	if sent := c.Requests().Total() - before; sent > 2 {
		t.Fatalf("r sent %d requests: the tenant was crawled again", sent)
	}
	mustContain(t, a, "The tenant log cannot say what changed")
}

// A removed organization keeps its name on its row, and enter says there
// is nothing to open; orgscope's own changes say so, and a change names
// the fields it sent.
func TestChangesPaneNamesWhatIsGone(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	a := startApp(t, c, 100, 24)
	a, _ = pump(a, goTo("changes", "", 0)...)
	org, err := c.Organization(t.Context(), "hooli")
	if err != nil {
		t.Fatal(err)
	}
	after := org
	after.DisplayName = "Hooli XYZ"
	p, err := c.PlanUpdateOrganization(org, after)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	a, _ = pump(a, refreshMsg{})
	mustContain(t, a, "(OrgscopeSandboxAdminClient000001), orgscope's", "organization hooli changed: display_name")
	if _, err := c.Execute(t.Context(), c.PlanDeleteOrganization(after)); err != nil {
		t.Fatal(err)
	}
	a, _ = pump(a, refreshMsg{})
	mustContain(t, a, "organization hooli removed")
	a, _ = pump(a, press("g"), press("enter")) // the newest: the cursor kept the row it was on

	if a.TopTitle() != "Changes" || !strings.Contains(a.status.flash, "nothing to open: hooli is gone") {
		t.Fatalf("enter on a removed organization: on %q, flash %q", a.TopTitle(), a.status.flash)
	}
}

// A snapshot file has no log: the pane says so, and reads nothing.
func TestChangesPaneOffline(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	snap, err := c.Crawl(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := New(t.Context(), c, Options{Tenant: "acme (snapshot file)", Snapshot: snap, RefreshEvery: -1})
	a, _ = pump(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	before := c.Requests().Total()
	a, _ = pump(a, goTo("changes", "", 0)...)
	a, _ = pump(a, refreshMsg{})
	mustContain(t, a, "A snapshot file has no tenant log")
	if sent := c.Requests().Total() - before; sent != 0 {
		t.Fatalf("the offline pane sent %d requests", sent)
	}
}
