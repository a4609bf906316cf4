package sandbox_test

// These tests drive the sandbox with Auth0's own Go SDK, an independent
// client generated from Auth0's API definition: it must work unchanged.

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/v2/management"
	mgmtclient "github.com/auth0/go-auth0/v2/management/client"
	"github.com/auth0/go-auth0/v2/management/core"
	"github.com/auth0/go-auth0/v2/management/option"
	"github.com/orgscope/orgscope/client/sandbox"
)

func sdk(t *testing.T, opts sandbox.Options) (*mgmtclient.Management, *api) {
	t.Helper()
	a := start(t, opts)
	id, secret := a.srv.AdminCredentials()
	ctx := context.Background()
	m := mgmtclient.NewWithOptions(
		option.WithBaseURL(a.base+"/api/v2"),
		// Client credentials through the sandbox's /oauth/token, as against Auth0.
		option.WithClientCredentials(ctx, id, secret),
		option.WithoutRetries(),
	)
	return m, a
}

func statusOf(err error) int {
	var apiErr *core.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

func TestSDKOrganizations(t *testing.T) {
	m, a := sdk(t, sandbox.Options{})
	ctx := context.Background()

	// Checkpoint paging through the SDK's cursor pager reads all 40.
	page, err := m.Organizations.List(ctx, &management.ListOrganizationsRequestParameters{Take: management.Int(7)})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it := page.Iterator(); it.Next(ctx); {
		n++
	}
	if n != 40 {
		t.Fatalf("SDK listed %d organizations, want the 40 demo ones", n)
	}

	okta := a.connID("globex-okta")
	created, err := m.Organizations.Create(ctx, &management.CreateOrganizationRequestContent{
		Name:        "sdk-org",
		DisplayName: management.String("SDK Org"),
		EnabledConnections: []*management.ConnectionForOrganization{
			{ConnectionID: okta, AssignMembershipOnLogin: management.Bool(true)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.GetName() != "sdk-org" || len(created.GetEnabledConnections()) != 1 {
		t.Fatalf("created %+v", created)
	}
	got, err := m.Organizations.GetByName(ctx, "sdk-org")
	if err != nil || got.GetID() != created.GetID() {
		t.Fatalf("GetByName: %v %v", got, err)
	}
	upd, err := m.Organizations.Update(ctx, created.GetID(), &management.UpdateOrganizationRequestContent{DisplayName: management.String("Renamed")})
	if err != nil || upd.GetDisplayName() != "Renamed" {
		t.Fatalf("Update: %v %v", upd, err)
	}

	// The new org-connection family.
	db := a.connID("Username-Password-Authentication")
	link, err := m.Organizations.Connections.Create(ctx, created.GetID(), &management.CreateOrganizationAllConnectionRequestParameters{
		ConnectionID: db, AssignMembershipOnLogin: management.Bool(true), IsSignupEnabled: management.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !link.GetIsEnabled() || link.GetOrganizationAccessLevel() != management.OrganizationAccessLevelEnumNone || !link.GetShowAsButton() {
		t.Fatalf("link defaults through the SDK: %+v", link)
	}
	links, err := m.Organizations.Connections.List(ctx, created.GetID(), &management.ListOrganizationAllConnectionsRequestParameters{})
	if err != nil || len(links.Results) != 2 {
		t.Fatalf("links: %v %v", links, err)
	}

	// The signup rule comes back as Auth0's 400.
	_, err = m.Organizations.EnabledConnections.Update(ctx, created.GetID(), db, &management.UpdateOrganizationConnectionRequestContent{
		AssignMembershipOnLogin: management.Bool(false),
	})
	if statusOf(err) != 400 || !strings.Contains(err.Error(), "Only database connections with assign_membership_on_login = true support is_signup_enabled = true.") {
		t.Fatalf("signup rule through the SDK: %v", err)
	}
	if err := m.Organizations.Delete(ctx, created.GetID()); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Organizations.Get(ctx, created.GetID()); statusOf(err) != 404 {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestSDKConnectionsProfilesClients(t *testing.T) {
	m, _ := sdk(t, sandbox.Options{})
	ctx := context.Background()

	conn, err := m.Connections.Create(ctx, &management.CreateConnectionRequestContent{
		Name: "sdk-okta", Strategy: management.ConnectionIdentityProviderEnumOkta, ShowAsButton: management.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if conn.GetName() != "sdk-okta" || !conn.GetShowAsButton() {
		t.Fatalf("connection %+v", conn)
	}
	if _, err := m.Connections.Get(ctx, conn.GetID(), &management.GetConnectionRequestParameters{}); err != nil {
		t.Fatal(err)
	}
	if err := m.Connections.Delete(ctx, conn.GetID()); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Connections.Get(ctx, conn.GetID(), &management.GetConnectionRequestParameters{}); statusOf(err) != 404 {
		t.Fatalf("Get after Delete: %v", err)
	}

	req := management.ConnectionProfileOrganizationShowAsButtonEnumRequired
	prof, err := m.ConnectionProfiles.Create(ctx, &management.CreateConnectionProfileRequestContent{
		Name:         "sdk-profile",
		Organization: &management.ConnectionProfileOrganization{ShowAsButton: &req},
	})
	if err != nil {
		t.Fatal(err)
	}
	tpls, err := m.ConnectionProfiles.ListTemplates(ctx)
	if err != nil || len(tpls.GetConnectionProfileTemplates()) == 0 {
		t.Fatalf("templates: %v %v", tpls, err)
	}

	client, err := m.Clients.Create(ctx, &management.CreateClientRequestContent{
		Name: "sdk-app",
		MyOrganizationConfiguration: &management.ClientMyOrganizationPostConfiguration{
			ConnectionProfileID:        management.String(prof.GetID()),
			AllowedStrategies:          []management.ClientMyOrganizationConfigurationAllowedStrategiesEnum{"okta", "samlp"},
			ConnectionDeletionBehavior: management.ClientMyOrganizationDeletionBehaviorEnumAllow,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg := client.GetMyOrganizationConfiguration(); cfg.GetConnectionProfileID() != prof.GetID() {
		t.Fatalf("client config %+v", cfg)
	}
	_, err = m.Clients.Create(ctx, &management.CreateClientRequestContent{
		Name: "bad-app",
		MyOrganizationConfiguration: &management.ClientMyOrganizationPostConfiguration{
			ConnectionProfileID:        management.String("cop_WRONG"),
			AllowedStrategies:          []management.ClientMyOrganizationConfigurationAllowedStrategiesEnum{"okta"},
			ConnectionDeletionBehavior: management.ClientMyOrganizationDeletionBehaviorEnumAllow,
		},
	})
	if statusOf(err) != 400 {
		t.Fatalf("bogus profile id: %v", err)
	}
}
