package sandbox

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
)

// AdminClientID is the client id of the sandbox's admin application: a
// machine-to-machine client granted every scope the sandbox knows.
const AdminClientID = "OrgscopeSandboxAdminClient000001"

// ReadOnlyClientID is a machine-to-machine client granted only read scopes.
const ReadOnlyClientID = "OrgscopeSandboxReadOnlyClient001"

// ids draws Auth0-shaped ids from a seeded generator, so that a demo or
// generated tenant is the same on every start with the same seed.
type ids struct{ rng *rand.Rand }

func newIDs(seed uint64, stream uint64) *ids {
	return &ids{rng: rand.New(rand.NewPCG(seed, stream))}
}

func (g *ids) id(prefix string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[g.rng.IntN(len(alnum))]
	}
	return prefix + string(b)
}

// seedBase is when the demo tenant's objects were "created".
func seedBase() time.Time { return time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC) }

// seedAdmin adds the admin and read-only clients with their grants.
func seedAdmin(t *tenant, domain string) {
	mgmt := "https://" + domain + "/api/v2/"
	add := func(id, name string, scopes []string, n int) {
		t.addClient(&clientRecord{
			Doc: map[string]any{
				"client_id": id, "name": name, "app_type": "non_interactive", "is_first_party": true,
				"grant_types": []any{"client_credentials"},
			},
			Secret:  randomID("", 64),
			Created: seedBase().Add(time.Duration(n) * time.Minute),
		})
		t.addGrant(&model.ClientGrant{ID: "cgr_" + id[len(id)-16:], ClientID: id, Audience: mgmt, Scope: scopes})
	}
	add(AdminClientID, "orgscope sandbox admin", AllScopes(), 0)
	var read []string
	for _, s := range AllScopes() {
		if strings.HasPrefix(s, "read:") {
			read = append(read, s)
		}
	}
	add(ReadOnlyClientID, "orgscope sandbox read-only", read, 1)
	t.lastNow = seedBase().Add(time.Hour)
}

// demoConn describes one demo connection.
type demoConn struct {
	name, display, strategy string
	button                  bool
	options                 map[string]any
	clients                 []string // demo client names
}

// demoLink describes one link of a demo organization by connection name and
// a few flags: m membership, s signup, h hidden (no button), x disabled,
// then optional access levels (the connection's, its members') and
// organization connection name.
type demoLink struct {
	conn, flags    string
	access, member model.AccessLevel
	orgName        string
}

type demoOrg struct {
	name, display string
	links         []demoLink
	branding      *model.Branding
	metadata      map[string]string
	members       []string // their emails
}

func l(conn, flags string) demoLink { return demoLink{conn: conn, flags: flags} }

// seedDemo builds the demo tenant: about 40 organizations of a B2B SaaS
// company, 14 connections across every strategy class, varied links
// (including the mistakes real tenants carry), three connection profiles and
// clients with and without a My Organization configuration.
func seedDemo(t *tenant, domain string, seed uint64) {
	seedAdmin(t, domain)
	g := newIDs(seed, 1)
	at := seedBase().Add(2 * time.Hour)
	next := func() time.Time { at = at.Add(26*time.Hour + 17*time.Minute); return at }

	// Profiles first: clients point at them.
	str := func(s string) *string { return &s }
	profiles := []model.ConnectionProfile{
		{Name: "Enterprise-SSO", Organization: &model.ProfileOrganization{ShowAsButton: model.SettingRequired, AssignMembershipOnLogin: model.SettingOptional},
			ConnectionNamePrefixTemplate: str("con-{org_id}-"), EnabledFeatures: []model.Feature{model.FeatureSCIM, model.FeatureUniversalLogout}, ConnectionConfig: map[string]any{}},
		{Name: "Okta-Partners", Organization: &model.ProfileOrganization{ShowAsButton: model.SettingOptional, AssignMembershipOnLogin: model.SettingRequired},
			ConnectionNamePrefixTemplate: str("{org_name}-"), EnabledFeatures: []model.Feature{model.FeatureUniversalLogout}, ConnectionConfig: map[string]any{},
			StrategyOverrides: map[string]model.StrategyOverride{"okta": {EnabledFeatures: []model.Feature{model.FeatureSCIM, model.FeatureUniversalLogout}, ConnectionConfig: map[string]any{}}}},
		{Name: "Hidden-HRD", Organization: &model.ProfileOrganization{ShowAsButton: model.SettingNone, AssignMembershipOnLogin: model.SettingNone}},
	}
	var profileIDs []string
	for _, p := range profiles {
		p.ID = g.id("cop_", 22)
		profileIDs = append(profileIDs, p.ID)
		t.addProfile(&profileRecord{Profile: p, Created: next()})
	}

	// The user attribute profile My Organization configurations may name
	// (a fixed id: the generator's sequence, and so every demo id, stays).
	t.addUAP(demoUAP("uap_1cB4Qk5YYUM6tQBtksk7mv", "Employee-Profile"))

	clients := map[string]string{}
	addClient := func(name, appType, orgUsage string, myOrg *model.MyOrganizationConfiguration) {
		id := g.id("", 32)
		clients[name] = id
		doc := map[string]any{
			"client_id": id, "name": name, "app_type": appType, "is_first_party": true,
			"grant_types": []any{"authorization_code", "refresh_token"},
		}
		if orgUsage != "" {
			doc["organization_usage"] = orgUsage
			if orgUsage == "require" {
				doc["organization_require_behavior"] = "pre_login_prompt"
			}
		}
		if myOrg != nil {
			doc["my_organization_configuration"] = plainJSON(mustJSON(myOrg))
		}
		t.addClient(&clientRecord{Doc: doc, Secret: g.id("", 64), Created: next()})
	}
	on := true
	// The dashboard holds org admins to both member-management controls.
	addClient("Acme Cloud Dashboard", "spa", "require", &model.MyOrganizationConfiguration{
		ConnectionProfileID: profileIDs[0], AllowedStrategies: []string{"okta", "samlp", "oidc", "waad"}, ConnectionDeletionBehavior: model.DeletionAllowIfEmpty,
		EnforcePermissionCeiling: &on, EnforceSelfAssignmentRestriction: &on})
	addClient("Acme Admin Console", "regular_web", "allow", &model.MyOrganizationConfiguration{
		ConnectionProfileID: profileIDs[1], AllowedStrategies: []string{"okta", "pingfederate", "adfs", "google-apps"}, ConnectionDeletionBehavior: model.DeletionAllow})
	// A real-world mistake: a configuration left pointing at a deleted profile.
	addClient("Partner Portal", "regular_web", "require", &model.MyOrganizationConfiguration{
		ConnectionProfileID: "cop_" + strings.Repeat("0", 18) + "gone", AllowedStrategies: []string{"samlp"}, ConnectionDeletionBehavior: model.DeletionAllow})
	// Another: a grant on the My Organization API for the application
	// itself (subject_type client, what tools made before subject types),
	// which gives the org admins who sign in to it nothing.
	t.addGrant(&model.ClientGrant{ID: "cgr_LegacyPortal0001", ClientID: clients["Partner Portal"], Audience: "https://" + domain + model.MyOrganizationAPISuffix,
		Scope: []string{"read:my_org:details", "read:my_org:identity_providers"}, SubjectType: model.SubjectClient})
	// The console's org admins manage members, and see and edit the
	// connections their links' access levels open to them (not delete
	// them), through a user-flow grant.
	t.addGrant(&model.ClientGrant{ID: "cgr_AdminConsoleUsr1", ClientID: clients["Acme Admin Console"], Audience: "https://" + domain + model.MyOrganizationAPISuffix,
		Scope: append(model.MyOrganizationScopeSets()["member management"], "read:my_org:identity_providers", "update:my_org:identity_providers"), SubjectType: model.SubjectUser})
	addClient("Acme Mobile", "native", "", nil)
	addClient("Support Desk", "regular_web", "allow", nil)

	conns := []demoConn{
		{name: "Username-Password-Authentication", strategy: "auth0", options: map[string]any{"passwordPolicy": "good", "brute_force_protection": true}, clients: []string{"Acme Cloud Dashboard", "Acme Admin Console", "Acme Mobile", "Support Desk"}},
		{name: "partners-db", display: "Partner accounts", strategy: "auth0", options: map[string]any{"passwordPolicy": "fair", "disable_signup": true}, clients: []string{"Partner Portal"}},
		{name: "email", display: "Email code", strategy: "email", clients: []string{"Acme Cloud Dashboard", "Acme Mobile"}},
		{name: "sms", display: "Text message", strategy: "sms", clients: []string{"Acme Mobile"}},
		{name: "google-oauth2", display: "Google", strategy: "google-oauth2", clients: []string{"Acme Cloud Dashboard", "Acme Mobile"}},
		{name: "github", display: "GitHub", strategy: "github", clients: []string{"Acme Cloud Dashboard"}},
		{name: "globex-okta", display: "Globex Okta", strategy: "okta", button: true, options: map[string]any{"domain": "globex.okta.com", "client_id": "0oa1globex"}, clients: []string{"Acme Cloud Dashboard", "Acme Admin Console"}},
		{name: "initech-entra", display: "Initech Microsoft Entra ID", strategy: "waad", button: true, options: map[string]any{"tenant_domain": "initech.onmicrosoft.com", "client_id": "b5c1-initech"}, clients: []string{"Acme Cloud Dashboard"}},
		{name: "umbrella-saml", display: "Umbrella SAML", strategy: "samlp", options: map[string]any{"signInEndpoint": "https://sso.umbrella.example/saml"}, clients: []string{"Acme Cloud Dashboard"}},
		{name: "hooli-workspace", display: "Hooli Google Workspace", strategy: "google-apps", button: true, options: map[string]any{"domain": "hooli.example"}, clients: []string{"Acme Cloud Dashboard", "Acme Admin Console"}},
		{name: "stark-oidc", display: "Stark Industries OIDC", strategy: "oidc", button: true, options: map[string]any{"discovery_url": "https://id.stark.example/.well-known/openid-configuration"}, clients: []string{"Acme Cloud Dashboard"}},
		{name: "wayne-adfs", display: "Wayne Enterprises ADFS", strategy: "adfs", options: map[string]any{"adfs_server": "https://adfs.wayne.example"}},
		{name: "cyberdyne-ping", display: "Cyberdyne PingFederate", strategy: "pingfederate", button: true, clients: []string{"Acme Cloud Dashboard"}},
		{name: "legacy-ad", display: "Legacy Active Directory", strategy: "ad"},
	}
	connIDs := map[string]*connRecord{}
	for _, dc := range conns {
		c := model.Connection{ID: g.id("con_", 16), Name: dc.name, DisplayName: dc.display, Strategy: dc.strategy, Options: dc.options}
		for _, name := range dc.clients {
			c.EnabledClients = append(c.EnabledClients, clients[name])
		}
		if model.IsEnterprise(dc.strategy) {
			b := dc.button
			c.ShowAsButton = &b
		}
		applyConnDefaults(&c, "https://"+domain, g.id("", 8))
		r := &connRecord{Conn: c, Created: next()}
		connIDs[dc.name] = r
		t.addConn(r)
	}

	const db = "Username-Password-Authentication"
	brand := func(primary, bg string) *model.Branding {
		return &model.Branding{LogoURL: "https://cdn.acme.example/logos/" + primary[1:] + ".png", Colors: &model.BrandingColors{Primary: primary, PageBackground: bg}}
	}
	orgs := []demoOrg{
		{name: "globex", display: "Globex Corporation", branding: brand("#1f6feb", "#f6f8fa"), metadata: map[string]string{"plan": "enterprise", "region": "us"},
			links: []demoLink{{conn: "globex-okta", flags: "m", access: model.AccessLimited, member: model.AccessLimited, orgName: "Globex SSO"}, l(db, "ms")}},
		{name: "initech", display: "Initech", metadata: map[string]string{"plan": "enterprise"},
			links: []demoLink{{conn: "initech-entra", flags: "m", access: model.AccessFull, member: model.AccessFull}}},
		// Broken: the only connection is enterprise and hidden, so Universal
		// Login has nothing to show.
		{name: "umbrella-corp", display: "Umbrella Corporation", links: []demoLink{l("umbrella-saml", "mh")}},
		{name: "hooli", display: "Hooli", branding: brand("#ff6f00", "#ffffff"),
			links: []demoLink{l("hooli-workspace", "m"), l("google-oauth2", "")}},
		{name: "stark-industries", display: "Stark Industries", metadata: map[string]string{"plan": "enterprise", "csm": "pepper"},
			links: []demoLink{{conn: "stark-oidc", flags: "m", access: model.AccessReadonly, member: model.AccessReadonly}, l(db, "m")}},
		{name: "wayne-enterprises", display: "Wayne Enterprises", links: []demoLink{l("wayne-adfs", "mh"), l(db, "")}},
		{name: "cyberdyne", display: "Cyberdyne Systems", links: []demoLink{{conn: "cyberdyne-ping", flags: "m", access: model.AccessFull}}},
		// Broken: nothing enabled yet.
		{name: "soylent", display: "Soylent Corp"},
		// Broken: every link switched off.
		{name: "tyrell", display: "Tyrell Corporation", links: []demoLink{l(db, "mx"), l("email", "x")}},
		{name: "aperture-science", display: "Aperture Science", links: []demoLink{l(db, "ms"), l("github", "")}},
		{name: "black-mesa", display: "Black Mesa", links: []demoLink{l(db, "m"), l("email", "m")}},
		{name: "massive-dynamic", display: "Massive Dynamic", branding: brand("#6f42c1", "#fafafa"), links: []demoLink{l(db, "ms"), l("google-oauth2", "m")}},
		// Its globex-okta link does not assign membership: bob is a member,
		// anyone else signing in through it is refused.
		{name: "oscorp", display: "Oscorp", links: []demoLink{l("globex-okta", ""), l(db, "m")}, members: []string{"bob@oscorp.test", "norman@oscorp.test"}},
		{name: "pied-piper", display: "Pied Piper", metadata: map[string]string{"plan": "startup"}, links: []demoLink{l(db, "ms"), l("github", "m"), l("google-oauth2", "m")}},
		{name: "dunder-mifflin", display: "Dunder Mifflin Paper Company", links: []demoLink{l(db, "ms")}},
		{name: "vandelay-industries", display: "Vandelay Industries", links: []demoLink{l(db, "m"), l("sms", "")}},
		{name: "gringotts", display: "Gringotts Wizarding Bank", links: []demoLink{l("partners-db", "m")}},
		{name: "monarch-solutions", display: "Monarch Solutions", links: []demoLink{l(db, "ms"), l("initech-entra", "m")}},
		{name: "wonka-industries", display: "Wonka Industries", branding: brand("#8b4513", "#fff8e7"), links: []demoLink{l(db, "ms"), l("email", "")}},
		{name: "sterling-cooper", display: "Sterling Cooper", links: []demoLink{l(db, "m")}},
		{name: "prestige-worldwide", display: "Prestige Worldwide", links: []demoLink{l(db, "ms"), l("google-oauth2", "")}},
		{name: "bluth-company", display: "The Bluth Company", links: []demoLink{l(db, "m"), l("partners-db", "m")}},
		{name: "los-pollos", display: "Los Pollos Hermanos", links: []demoLink{l("email", "m"), l("sms", "m")}},
		{name: "kramerica", display: "Kramerica Industries", links: []demoLink{l(db, "s")}}, // signup without membership: refused today, created by older tooling
		{name: "virtucon", display: "Virtucon", links: []demoLink{l("stark-oidc", "ms")}},   // signup on an enterprise connection
		{name: "nakatomi-trading", display: "Nakatomi Trading", links: []demoLink{{conn: "hooli-workspace", flags: "mh", access: model.AccessFull}, l(db, "m")}},
		{name: "initrode", display: "Initrode", links: []demoLink{l(db, "ms"), l("initech-entra", "")}},
		{name: "cogswell-cogs", display: "Cogswell Cogs", links: []demoLink{l(db, "m")}},
		{name: "spacely-sprockets", display: "Spacely Space Sprockets", links: []demoLink{l(db, "m"), l("cyberdyne-ping", "mh")}},
		{name: "duff-brewing", display: "Duff Brewing", links: []demoLink{l(db, "ms"), l("sms", "")}},
		{name: "krusty-krab", display: "Krusty Krab", links: []demoLink{l(db, "ms")}},
		{name: "acme-labs", display: "Acme Labs (internal)", metadata: map[string]string{"internal": "true"},
			links: []demoLink{l(db, "ms"), l("github", "m"), l("google-oauth2", "m"), l("email", "m")}},
		{name: "ollivanders", display: "Ollivanders", links: []demoLink{l("partners-db", "")}},
		{name: "planet-express", display: "Planet Express", links: []demoLink{l(db, "ms"), l("email", "m")}},
		{name: "buy-n-large", display: "Buy n Large", branding: brand("#0057b8", "#ffffff"), links: []demoLink{{conn: "globex-okta", flags: "m", access: model.AccessFull}, l(db, "m")}},
		{name: "rekall", display: "Rekall Inc", links: []demoLink{l("umbrella-saml", "m"), l(db, "m")}},
		{name: "weyland-yutani", display: "Weyland-Yutani", metadata: map[string]string{"plan": "enterprise"}, links: []demoLink{{conn: "stark-oidc", flags: "m", access: model.AccessLimited}, l("wayne-adfs", "mh")}},
		{name: "globo-gym", display: "Globo Gym", links: []demoLink{l(db, "ms"), l("google-oauth2", "m")}},
		{name: "paper-street-soap", display: "Paper Street Soap Co", links: []demoLink{l(db, "m")}},
		{name: "contoso", display: "Contoso", links: []demoLink{l("initech-entra", "m"), l(db, "ms")}},
	}
	for _, do := range orgs {
		org := model.Organization{ID: g.id("org_", 16), Name: do.name, DisplayName: do.display, Branding: do.branding, Metadata: do.metadata}
		r := &orgRecord{Org: org, Created: next()}
		for _, dl := range do.links {
			c := connIDs[dl.conn]
			link := model.NewLink(c.Conn.ID, model.ConnectionRef{Name: c.Conn.Name, Strategy: c.Conn.Strategy})
			link.AssignMembershipOnLogin = strings.Contains(dl.flags, "m")
			link.ShowAsButton = !strings.Contains(dl.flags, "h")
			link.IsEnabled = !strings.Contains(dl.flags, "x")
			if strings.Contains(dl.flags, "s") {
				on := true
				link.IsSignupEnabled = &on
			}
			if dl.access != "" {
				link.OrganizationAccessLevel = dl.access
			}
			link.OrganizationMemberAccessLevel = dl.member
			link.OrganizationConnectionName = dl.orgName
			r.Links = append(r.Links, link)
		}
		r.addMembers(do.members...)
		t.addOrg(r)
	}
	seedExpress(t, next())
	t.lastNow = at
}

// seedExpress adds an application published to the Okta Integration
// Network with the profile its Okta Express Configuration generated
// (membership optional, which Express Configuration treats as required).
// Fixed ids, added last: every other demo id and time stays as it was.
func seedExpress(t *tenant, at time.Time) {
	prefix := "oin-{org_id}-"
	p := model.ConnectionProfile{ID: "cop_OktaExpressAcme0000001", Name: "Okta-Express-Acme-OIN", ConnectionNamePrefixTemplate: &prefix,
		Organization:    &model.ProfileOrganization{ShowAsButton: model.SettingOptional, AssignMembershipOnLogin: model.SettingOptional},
		EnabledFeatures: []model.Feature{model.FeatureSCIM, model.FeatureUniversalLogout}, ConnectionConfig: map[string]any{}}
	t.addProfile(&profileRecord{Profile: p, Created: at})
	id := "OktaOINExpressConfigClient000001"
	t.addClient(&clientRecord{Doc: map[string]any{
		"client_id": id, "name": "Acme for Okta (OIN)", "app_type": "regular_web", "is_first_party": true,
		"grant_types": []any{"authorization_code", "refresh_token"}, "organization_usage": "require", "organization_require_behavior": "pre_login_prompt",
		"express_configuration": map[string]any{"connection_profile_id": p.ID, "user_attribute_profile_id": "uap_1cB4Qk5YYUM6tQBtksk7mv",
			"okta_oin_client_id": "0oaOINacme00001", "admin_login_domain": "acme.okta.example", "enable_client": true, "enable_organization": true,
			"initiate_login_uri_template": "https://app.acme.example/login?org={organization_name}"},
	}, Secret: randomID("", 64), Created: at})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sandbox: demo data does not encode: " + err.Error())
	}
	return b
}
