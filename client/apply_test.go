package client_test

import (
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// Every kind of write orgscope makes, applied to the snapshot taken before
// it, gives the snapshot a new crawl reads after: what the screens show
// right after a write is what the tenant holds.
func TestApplyExecutedEqualsACrawl(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := t.Context()
	s0 := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	before := c.PlanLog().Len()
	run := func(p *client.Plan, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Execute(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p.Summary, err)
		}
		return res
	}

	// Organizations: created, changed, deleted (with its links).
	newco := run(c.PlanCreateOrganization(model.Organization{Name: "newco", DisplayName: "NewCo"})).(*model.Organization)
	tyrell := orgNamed(t, s0, "tyrell")
	renamed := tyrell
	renamed.DisplayName = "Tyrell (renamed)"
	run(c.PlanUpdateOrganization(tyrell, renamed))
	run(c.PlanDeleteOrganization(orgNamed(t, s0, "hooli")), nil)
	// Links: enabled, changed, removed.
	db := connNamed(t, s0, "Username-Password-Authentication")
	run(c.PlanEnable(*newco, db, client.LinkSettings{}))
	globex := orgNamed(t, s0, "globex")
	flipped := !s0.Links[globex.ID][0].AssignMembershipOnLogin
	run(c.PlanUpdate(globex, s0.Links[globex.ID][0], client.LinkSettings{AssignMembershipOnLogin: &flipped}))
	initech := orgNamed(t, s0, "initech")
	run(c.PlanRemove(initech, s0.Links[initech.ID][0]), nil)
	// Connections: created, changed, the applications of one, deleted
	// (off every organization).
	made := run(c.PlanCreateConnection(model.Connection{Name: "made-here", Strategy: "auth0"})).(*model.Connection)
	changed := *made
	changed.DisplayName = "Made here"
	run(c.PlanUpdateConnection(*made, changed))
	plans := must[[]*client.Plan](t)(c.PlanConnectionClients(changed, []string{s0.Clients[0].ClientID}, nil))
	run(plans[0], nil)
	var used model.Connection
	for id, orgs := range s0.OrgsUsing() {
		if len(orgs) > 1 && id != db.ID {
			used = s0.ConnectionsByID()[id]
			break
		}
	}
	run(c.PlanDeleteConnection(used), nil)
	// Profiles: created, changed, deleted.
	prefix := "{org_name}-"
	prof := run(c.PlanCreateProfile(model.ConnectionProfile{Name: "made-here", ConnectionNamePrefixTemplate: &prefix})).(*model.ConnectionProfile)
	renamedProf := *prof
	renamedProf.Name = "made-here-2"
	run(c.PlanUpdateProfile(*prof, renamedProf))
	run(c.PlanDeleteProfile(renamedProf), nil)
	// An application's My Organization settings, and its API access.
	var app model.Client
	for _, cl := range s0.Clients {
		if cl.MyOrganizationConfiguration != nil {
			app = cl
			break
		}
	}
	api := must[model.ResourceServer](t)(c.MyOrganizationAPI(ctx))
	if g, ok := s0.MyOrganizationGrants[app.ClientID]; ok {
		run(c.PlanRemoveGrant(app, api, g), nil)
	} else {
		run(c.PlanGrant(app, api, nil, []string{api.Scopes[0].Value}))
	}
	cfg := *app.MyOrganizationConfiguration
	cfg.AllowedStrategies = []string{"oidc"}
	run(c.PlanMyOrganization(app, &cfg))

	applied := s0.Clone()
	for _, e := range c.PlanLog().Since(before) {
		if !client.ApplyExecuted(applied, e) {
			t.Errorf("%q did not reach the snapshot", e.Plan.Summary)
		}
	}
	sameTenant(t, applied, must[*model.Snapshot](t)(c.Crawl(ctx, nil)))
	if d := model.DiffSnapshots(s0, must[*model.Snapshot](t)(c.Crawl(ctx, nil))); len(d) == 0 {
		t.Fatal("the writes changed nothing: the test proves nothing")
	}
}
