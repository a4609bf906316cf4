package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

func snapshotLinks(t *testing.T, c *client.Client, orgID string) string {
	t.Helper()
	links, err := client.Collect(c.OrganizationConnections(context.Background(), orgID))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(links)
	return string(b)
}

// Each change, undone from the journal, leaves the org's links exactly as
// they were.
func TestUndoRestoresThePreviousState(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	org, _ := c.Organization(ctx, "globex")
	okta, _ := c.Connection(ctx, "globex-okta")
	gh, _ := c.Connection(ctx, "github")
	oktaLink, _ := c.OrganizationConnection(ctx, org.ID, okta.ID)

	plans := []func() (*client.Plan, error){
		func() (*client.Plan, error) {
			return c.PlanEnable(org, gh, client.LinkSettings{AssignMembershipOnLogin: ptr(true)})
		},
		func() (*client.Plan, error) {
			return c.PlanUpdate(org, oktaLink, client.LinkSettings{IsEnabled: ptr(false), OrganizationConnectionName: ptr(""), OrganizationAccessLevel: ptr(model.AccessNone)})
		},
		func() (*client.Plan, error) { return c.PlanRemove(org, oktaLink), nil },
	}
	for i, mk := range plans {
		before := snapshotLinks(t, c, org.ID)
		p, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ExecuteLink(ctx, p); err != nil {
			t.Fatal(err)
		}
		if snapshotLinks(t, c, org.ID) == before {
			t.Fatalf("change %d changed nothing", i)
		}
		entries := c.PlanLog().Entries()
		undo, err := c.PlanUndo(entries[len(entries)-1])
		if err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if _, err := c.Execute(ctx, undo); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if after := snapshotLinks(t, c, org.ID); after != before && !sameLinks(t, after, before) {
			t.Fatalf("undo %d:\n got  %s\n want %s", i, after, before)
		}
	}
}

// sameLinks compares link sets regardless of order (a removed and
// re-enabled link comes back last).
func sameLinks(t *testing.T, a, b string) bool {
	var la, lb []model.OrganizationConnection
	_ = json.Unmarshal([]byte(a), &la)
	_ = json.Unmarshal([]byte(b), &lb)
	if len(la) != len(lb) {
		return false
	}
	byID := map[string]string{}
	for _, l := range lb {
		j, _ := json.Marshal(l)
		byID[l.ConnectionID] = string(j)
	}
	for _, l := range la {
		j, _ := json.Marshal(l)
		if byID[l.ConnectionID] != string(j) {
			return false
		}
	}
	return true
}

func TestForEachVisitsEveryItemAndStopsOnError(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 300})
	c := connect(t, srv)
	ctx := context.Background()
	var n atomic.Int64
	err := client.ForEach(ctx, c, c.Organizations(ctx), model.GroupReadOrgConnections, func(ctx context.Context, o model.Organization) error {
		_, err := client.Collect(c.OrganizationConnections(ctx, o.ID))
		n.Add(1)
		return err
	})
	if err != nil || n.Load() != 300 {
		t.Fatalf("visited %d of 300: %v", n.Load(), err)
	}
	boom := errors.New("boom")
	n.Store(0)
	err = client.ForEach(ctx, c, c.Organizations(ctx), model.GroupReadOrgConnections, func(ctx context.Context, o model.Organization) error {
		if n.Add(1) == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || n.Load() > 100 {
		t.Fatalf("after an error: %v, %d visited", err, n.Load())
	}
}

// Every change has its inverse in the journal, or says why it has none.
func TestUndoOfOtherChanges(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	undoLast := func(subject string) {
		t.Helper()
		e, ok := c.PlanLog().Last(subject)
		if !ok {
			t.Fatalf("no journal entry for %s", subject)
		}
		p, err := c.PlanUndo(e)
		if err != nil {
			t.Fatalf("undo %s: %v", e.Plan.Summary, err)
		}
		if _, err := c.Execute(ctx, p); err != nil {
			t.Fatalf("undo %s: %v", e.Plan.Summary, err)
		}
	}

	org, _ := c.Organization(ctx, "globex")
	changed := org
	changed.DisplayName, changed.Metadata = "Globex Inc", nil
	p, _ := c.PlanUpdateOrganization(org, changed)
	if _, err := c.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	undoLast("organizations")
	back, _ := c.Organization(ctx, "globex")
	if back.DisplayName != "Globex Corporation" || back.Metadata["plan"] != "enterprise" {
		t.Fatalf("org after undo: %+v", back)
	}

	p, _ = c.PlanCreateConnection(model.Connection{Name: "undo-me", Strategy: "github"})
	if _, err := c.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	undoLast("connections")
	if _, err := c.Connection(ctx, "undo-me"); !client.IsNotFound(err) {
		t.Fatalf("connection after undo: %v", err)
	}

	var app model.Client
	for cl := range c.Clients(ctx) {
		if cl.Name == "Acme Cloud Dashboard" {
			app = cl
		}
	}
	p, _ = c.PlanMyOrganization(app, nil)
	if _, err := c.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	undoLast("client " + app.ClientID)
	for cl := range c.Clients(ctx) {
		if cl.ClientID == app.ClientID && (cl.MyOrganizationConfiguration == nil || cl.MyOrganizationConfiguration.ConnectionDeletionBehavior != model.DeletionAllowIfEmpty) {
			t.Fatalf("My Organization after undo: %+v", cl.MyOrganizationConfiguration)
		}
	}

	conn, _ := c.Connection(ctx, "legacy-ad")
	if _, err := c.Execute(ctx, c.PlanDeleteConnection(conn)); err != nil {
		t.Fatal(err)
	}
	e, _ := c.PlanLog().Last("connection " + conn.ID)
	if _, err := c.PlanUndo(e); err == nil || !strings.Contains(err.Error(), "cannot be brought back") {
		t.Fatalf("undo of a delete: %v", err)
	}
}

// Undo inverts the latest change to an object, not an earlier one that a
// later change already reversed: a connection created then deleted is not
// deleted a second time, a link on an organization deleted since is not
// removed again; each says it cannot be brought back.
func TestUndoAfterALaterChangeToTheSameObject(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	created, err := c.Execute(ctx, must[*client.Plan](t)(c.PlanCreateConnection(model.Connection{Name: "short-lived", Strategy: "auth0"})))
	if err != nil {
		t.Fatal(err)
	}
	execute(t, c, c.PlanDeleteConnection(*created.(*model.Connection)), nil)
	e, ok := c.PlanLog().Last("connections")
	if !ok || e.Plan.Method != http.MethodDelete {
		t.Fatalf("undo on Connections would invert %q, want the deletion that came after the creation", e.Plan.Summary)
	}
	if _, err := c.PlanUndo(e); err == nil || !strings.Contains(err.Error(), "cannot be brought back") {
		t.Fatalf("undo of the deletion: %v, want a sentence that it cannot be undone", err)
	}

	s := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	org := must[*model.Organization](t)(func() (*model.Organization, error) {
		res, err := c.Execute(ctx, must[*client.Plan](t)(c.PlanCreateOrganization(model.Organization{Name: "brief"})))
		o, _ := res.(*model.Organization)
		return o, err
	}())
	execute(t, c, must[*client.Plan](t)(c.PlanEnable(*org, connNamed(t, s, "Username-Password-Authentication"), client.LinkSettings{})), nil)
	execute(t, c, c.PlanDeleteOrganization(*org), nil)
	e, _ = c.PlanLog().Last("organization " + org.ID)
	if e.Plan.Method != http.MethodDelete || !strings.Contains(e.Plan.Summary, "delete the organization") {
		t.Fatalf("undo on the organization would invert %q, want its deletion", e.Plan.Summary)
	}
	// An earlier change that nothing followed is still the one undone.
	execute(t, c, must[*client.Plan](t)(c.PlanCreateProfile(model.ConnectionProfile{Name: "kept"})), nil)
	if e, _ := c.PlanLog().Last("profiles"); e.Plan.Method != http.MethodPost {
		t.Fatalf("undo on Profiles would invert %q, want the creation", e.Plan.Summary)
	}
}
