package client_test

import (
	"slices"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// keepAndLoad writes s to a store and reads it back, as every start of
// orgscope does with the tenant's kept snapshot.
func keepAndLoad(t *testing.T, store client.Store, s *model.Snapshot) *model.Snapshot {
	t.Helper()
	if err := store.Save(s); err != nil {
		t.Fatal(err)
	}
	loaded, err := store.Load(s.Tenant)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// A snapshot of a tenant that holds none of anything — no organizations,
// links, profiles, My Organization configurations, grants or metadata — is
// kept, loaded back, and brought up to date through every kind of change
// the tenant log reports; then everything is deleted and it is brought up
// to date again. (A map decoded from such a snapshot came back nil, and the
// first grant the log reported crashed the refresh and every start after.)
func TestEmptyTenantThroughTheStoreAndEveryLogEvent(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Empty: true})
	c := connect(t, srv)
	ctx := t.Context()
	store := client.Store{Dir: t.TempDir()}
	s0 := keepAndLoad(t, store, must[*model.Snapshot](t)(c.Crawl(ctx, nil)))
	if len(s0.Organizations)+len(s0.Connections)+len(s0.Profiles)+len(s0.MyOrganizationGrants) != 0 {
		t.Fatalf("the empty tenant holds %d orgs, %d connections, %d profiles, %d grants", len(s0.Organizations), len(s0.Connections), len(s0.Profiles), len(s0.MyOrganizationGrants))
	}

	// Every kind of object, created and then changed.
	execute(t, c, must[*client.Plan](t)(c.PlanCreateOrganization(model.Organization{Name: "acme", DisplayName: "Acme"})), nil)
	execute(t, c, must[*client.Plan](t)(c.PlanCreateConnection(model.Connection{Name: "acme-db", Strategy: "auth0"})), nil)
	mid := must[*model.Snapshot](t)(c.Crawl(ctx, nil))
	acme, db := orgNamed(t, mid, "acme"), connNamed(t, mid, "acme-db")
	renamed := acme
	renamed.DisplayName, renamed.Metadata = "Acme Inc", map[string]string{"tier": "gold"}
	execute(t, c, must[*client.Plan](t)(c.PlanUpdateOrganization(acme, renamed)), nil)
	execute(t, c, must[*client.Plan](t)(c.PlanEnable(acme, db, client.LinkSettings{})), nil)
	prefix := "{org_name}-"
	execute(t, c, must[*client.Plan](t)(c.PlanCreateProfile(model.ConnectionProfile{Name: "partners", ConnectionNamePrefixTemplate: &prefix})), nil)
	profiles := must[[]model.ConnectionProfile](t)(client.Collect(c.ConnectionProfiles(ctx)))
	app := mid.Clients[0]
	execute(t, c, must[*client.Plan](t)(c.PlanMyOrganization(app, &model.MyOrganizationConfiguration{
		ConnectionProfileID: profiles[0].ID, AllowedStrategies: []string{"oidc"}, ConnectionDeletionBehavior: model.DeletionAllow})), nil)
	api := must[model.ResourceServer](t)(c.MyOrganizationAPI(ctx))
	execute(t, c, must[*client.Plan](t)(c.PlanGrant(app, api, nil, []string{api.Scopes[0].Value})), nil)

	s1, _, err := c.Refresh(ctx, s0, nil)
	if err != nil {
		t.Fatalf("refreshing the kept snapshot of an empty tenant: %v", err)
	}
	sameTenant(t, s1, must[*model.Snapshot](t)(c.Crawl(ctx, nil)))
	if len(s1.MyOrganizationGrants) != 1 || len(s1.Links[acme.ID]) != 1 || len(s1.Profiles) != 1 {
		t.Fatalf("the refresh missed a change: %d grants, %d links, %d profiles", len(s1.MyOrganizationGrants), len(s1.Links[acme.ID]), len(s1.Profiles))
	}

	// Everything taken away again, from a snapshot kept and loaded.
	s1 = keepAndLoad(t, store, s1)
	execute(t, c, c.PlanRemoveGrant(app, api, s1.MyOrganizationGrants[app.ClientID]), nil)
	configured := s1.Clients[slices.IndexFunc(s1.Clients, func(x model.Client) bool { return x.ClientID == app.ClientID })]
	execute(t, c, must[*client.Plan](t)(c.PlanMyOrganization(configured, nil)), nil)
	execute(t, c, c.PlanRemove(acme, s1.Links[acme.ID][0]), nil)
	execute(t, c, c.PlanDeleteProfile(s1.Profiles[0]), nil)
	execute(t, c, c.PlanDeleteConnection(db), nil)
	execute(t, c, c.PlanDeleteOrganization(acme), nil)
	s2, _, err := c.Refresh(ctx, s1, nil)
	if err != nil {
		t.Fatalf("refreshing after the deletes: %v", err)
	}
	sameTenant(t, s2, must[*model.Snapshot](t)(c.Crawl(ctx, nil)))
	keepAndLoad(t, store, s2)
}
