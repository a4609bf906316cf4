package ui

import (
	"testing"

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
	mustContain(t, a, "orgscope sandbox admin", "link hooli/hooli-workspace changed")
	golden(t, a)
	a, _ = pump(a, press("enter"))
	if a.TopTitle() != "hooli" {
		t.Fatalf("enter opened %q", a.TopTitle())
	}
}
