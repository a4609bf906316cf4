package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

func TestReadsEveryOrganizationOnceWithCheckpointPaging(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 2345})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	orgs, err := client.Collect(c.Organizations(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, o := range orgs {
		if seen[o.ID] {
			t.Fatalf("org %s read twice", o.ID)
		}
		seen[o.ID] = true
	}
	if len(orgs) != 2345 {
		t.Fatalf("read %d orgs, want 2345", len(orgs))
	}
	if n := rec.count("GET /api/v2/organizations"); n != 24 {
		t.Fatalf("%d requests for 2345 orgs at 100 a page, want 24", n)
	}
}

func TestIteratorStopsOnContext(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 500})
	c := connect(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Organizations(ctx) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 150 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || n > 200 {
		t.Fatalf("after cancel: %d orgs, error %v", n, last)
	}
}

func TestOrganizationByIDOrName(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	byName, err := c.Organization(ctx, "globex")
	if err != nil {
		t.Fatal(err)
	}
	byID, err := c.Organization(ctx, byName.ID)
	if err != nil || byID.Name != "globex" || byID.DisplayName != "Globex Corporation" || byID.Metadata["plan"] != "enterprise" {
		t.Fatalf("by id: %+v %v", byID, err)
	}
	_, err = c.Organization(ctx, "no-such-org")
	var apiErr *client.APIError
	if !client.IsNotFound(err) || !errors.As(err, &apiErr) || apiErr.Message != "No organization found by that id or name" || apiErr.ErrorCode != "" {
		t.Fatalf("missing org: %#v", err)
	}
}

func TestOrganizationConnectionsAllFields(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	org, _ := c.Organization(ctx, "globex")
	links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 {
		t.Fatalf("globex has %d links, want 2", len(links))
	}
	okta := links[0]
	if okta.Connection.Name != "globex-okta" || okta.OrganizationAccessLevel != model.AccessLimited ||
		okta.OrganizationConnectionName != "Globex SSO" || !okta.IsEnabled || okta.IsSignupEnabled != nil {
		t.Fatalf("okta link %+v", okta)
	}
	if db := links[1]; !db.SignupEnabled() || db.Class() != model.ClassDatabase {
		t.Fatalf("db link %+v", db)
	}
}

// A tenant without the new family: the client falls back to the classic
// routes and remembers it.
func TestFallsBackToClassicEnabledConnections(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	rec.answer = func(req *http.Request) *http.Response {
		p := req.URL.Path
		if strings.HasPrefix(p, "/api/v2/organizations/") && strings.Contains(p, "/connections") && !strings.Contains(p, "enabled_connections") {
			return jsonAnswer(req, 404, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`)
		}
		return nil
	}
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	for _, name := range []string{"globex", "hooli"} {
		org, _ := c.Organization(ctx, name)
		links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
		if err != nil || len(links) != 2 || !links[0].IsEnabled {
			t.Fatalf("%s classic links: %+v %v", name, links, err)
		}
	}
	if n := rec.count("GET /api/v2/organizations/org_"); n != 3 {
		t.Fatalf("%d link reads, want 3: one refused new-family read, then two classic ones", n)
	}
	org, _ := c.Organization(ctx, "soylent")
	conn, _ := c.Connection(ctx, "github")
	if _, err := c.PlanEnable(org, conn, client.LinkSettings{OrganizationAccessLevel: ptr(model.AccessFull)}); err == nil ||
		!strings.Contains(err.Error(), "classic enabled_connections API") {
		t.Fatalf("classic tenant accepted an access level: %v", err)
	}
	p, err := c.PlanEnable(org, conn, client.LinkSettings{AssignMembershipOnLogin: ptr(true)})
	if err != nil || !strings.HasSuffix(p.Path, "/enabled_connections") {
		t.Fatalf("classic plan: %+v %v", p, err)
	}
	if _, err := c.ExecuteLink(ctx, p); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// sameJSON reports whether body is the JSON want, whatever its key order.
func sameJSON(body []byte, want string) bool {
	var got, w any
	return json.Unmarshal(body, &got) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(got, w)
}

func TestPlanBodyIsWhatIsSent(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	org, _ := c.Organization(ctx, "soylent")
	conn, _ := c.Connection(ctx, "Username-Password-Authentication")
	p, err := c.PlanEnable(org, conn, client.LinkSettings{
		AssignMembershipOnLogin: ptr(true), IsSignupEnabled: ptr(true), OrganizationAccessLevel: ptr(model.AccessReadonly),
		OrganizationConnectionName: ptr("Staff"), OrganizationMemberAccessLevel: ptr(model.AccessLimited),
	})
	if err != nil {
		t.Fatal(err)
	}
	link, err := c.ExecuteLink(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	sent := rec.sent("POST", p.Path)
	if len(sent) != 1 || !bytes.Equal(sent[0], p.Body) {
		t.Fatalf("plan previewed %s, the SDK sent %q", p.Body, sent)
	}
	if link.OrganizationAccessLevel != model.AccessReadonly || !link.SignupEnabled() || link.OrganizationConnectionName != "Staff" ||
		link.OrganizationMemberAccessLevel != model.AccessLimited {
		t.Fatalf("created link %+v", link)
	}
	up, err := c.PlanUpdate(org, *link, client.LinkSettings{OrganizationConnectionName: ptr(""), IsEnabled: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(up.Body, `{"organization_connection_name":null,"is_enabled":false}`) {
		t.Fatalf("update body %s: only changed fields, a cleared name as null", up.Body)
	}
	if _, err := c.ExecuteLink(ctx, up); err != nil {
		t.Fatal(err)
	}
	if sent := rec.sent("PATCH", up.Path); len(sent) != 1 || !bytes.Equal(sent[0], up.Body) {
		t.Fatalf("PATCH previewed %s, sent %q", up.Body, sent)
	}
	curl := p.Curl(c.BaseURL())
	if !strings.Contains(curl, "$AUTH0_API_TOKEN") || !strings.Contains(curl, "curl -X POST \\\n  '"+c.BaseURL()+p.Path+"'") {
		t.Fatalf("curl: %s", curl)
	}
	entries := c.PlanLog().Entries()
	if len(entries) != 2 || entries[1].Plan.Before == nil || entries[1].Plan.Before.OrganizationConnectionName != "Staff" {
		t.Fatalf("journal %+v", entries)
	}
}

func TestPlansRefuseWhatAuth0Would(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	org, _ := c.Organization(ctx, "soylent")
	okta, _ := c.Connection(ctx, "globex-okta")
	_, err := c.PlanEnable(org, okta, client.LinkSettings{IsSignupEnabled: ptr(true), AssignMembershipOnLogin: ptr(true)})
	var v *model.Violation
	if !errors.As(err, &v) || v.Message != model.SignupRuleMessage {
		t.Fatalf("signup on an enterprise link: %v", err)
	}
	_, err = c.PlanEnable(org, okta, client.LinkSettings{OrganizationConnectionName: ptr(strings.Repeat("x", 51))})
	if !errors.As(err, &v) || v.Property != "organization_connection_name" {
		t.Fatalf("long name: %v", err)
	}
	if n := rec.count("POST /api/v2"); n != 0 {
		t.Fatalf("%d POSTs sent for refused plans", n)
	}
}

func TestReadOnlySendsNothing(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec; cfg.ReadOnly = true })
	ctx := context.Background()
	org, _ := c.Organization(ctx, "soylent")
	conn, _ := c.Connection(ctx, "github")
	p, err := c.PlanEnable(org, conn, client.LinkSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecuteLink(ctx, p); !errors.Is(err, client.ErrReadOnly) {
		t.Fatalf("read-only execute: %v", err)
	}
	if n := rec.count("POST /api/v2"); n != 0 {
		t.Fatalf("read-only client sent %d POSTs", n)
	}
}

func TestTypedErrors(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv, func(cfg *client.Config) {
		cfg.ClientID, cfg.ClientSecret = sandbox.ReadOnlyClientID, srv.ClientSecret(sandbox.ReadOnlyClientID)
	})
	ctx := context.Background()
	scopes, err := c.Scopes(ctx)
	if err != nil || !slices.Contains(scopes, "read:organizations") || slices.Contains(scopes, "create:organization_connections") {
		t.Fatalf("read-only client scopes %v %v", scopes, err)
	}
	org, _ := c.Organization(ctx, "soylent")
	conn, _ := c.Connection(ctx, "github")
	p, _ := c.PlanEnable(org, conn, client.LinkSettings{})
	_, err = c.ExecuteLink(ctx, p)
	need, ok := client.IsInsufficientScope(err)
	if !ok || !slices.Equal(need, []string{"create:organization_connections"}) {
		t.Fatalf("insufficient scope: %v (%v)", err, need)
	}
	if _, err := c.Connection(ctx, "con_0000000000000000"); !client.IsNotFound(err) {
		t.Fatalf("missing connection: %v", err)
	}
}

func TestTokenErrorsSaySentences(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		id, secret, want string
	}{
		{sandbox.AdminClientID, "wrong", "refused the client id and secret"},
		{"nobody", "x", "refused the client id and secret"},
	} {
		c := connect(t, srv, func(cfg *client.Config) { cfg.ClientID, cfg.ClientSecret = tc.id, tc.secret })
		_, err := c.Organization(ctx, "globex")
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.secret+"\"") {
			t.Errorf("%s: %v", tc.id, err)
		}
	}
	dead := startSandbox(t, sandbox.Options{Empty: true, Domain: "other.example"})
	id, secret := dead.AdminCredentials()
	c, _ := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	if _, err := c.Organization(ctx, "globex"); err == nil {
		t.Error("credentials of another tenant worked")
	}
}

func TestConcurrentCallersShareOneTokenRenewal(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Organization(context.Background(), "globex"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if rec.tokenReq != 1 {
		t.Fatalf("%d token requests for 20 concurrent callers, want 1", rec.tokenReq)
	}
}

func TestDomainForms(t *testing.T) {
	ok := map[string]string{
		"acme.eu.auth0.com":          "https://acme.eu.auth0.com",
		"https://acme.eu.auth0.com/": "https://acme.eu.auth0.com",
		"127.0.0.1:4000":             "http://127.0.0.1:4000",
		"localhost:4000":             "http://localhost:4000",
	}
	for in, want := range ok {
		c, err := client.New(client.Config{Domain: in, Token: "t"})
		if err != nil || c.BaseURL() != want {
			t.Errorf("%s: %v %v, want %s", in, c, err, want)
		}
	}
	for in, want := range map[string]string{
		"http://acme.eu.auth0.com": "refusing plain http",
		"":                         "no tenant given",
		"ftp://x":                  "use a domain",
	} {
		if _, err := client.New(client.Config{Domain: in, Token: "t"}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if _, err := client.New(client.Config{Domain: "acme.eu.auth0.com"}); err == nil || !strings.Contains(err.Error(), "no credentials") {
		t.Errorf("no credentials: %v", err)
	}
}

func TestDebugHTTPHasNoSecrets(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	var buf bytes.Buffer
	c := connect(t, srv, func(cfg *client.Config) { cfg.DebugHTTP = &buf })
	ctx := context.Background()
	org, err := c.Organization(ctx, "globex")
	if err != nil {
		t.Fatal(err)
	}
	_ = org
	_, secret := srv.AdminCredentials()
	out := buf.String()
	if !strings.Contains(out, "→ GET") || !strings.Contains(out, "← 200") || !strings.Contains(out, "[REDACTED]") {
		t.Fatalf("debug output:\n%s", out)
	}
	if strings.Contains(out, secret) || strings.Contains(out, "eyJ") {
		t.Fatalf("a secret or token in the debug output:\n%s", out)
	}
}

func TestRequestLogAndBudget(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Plan: "enterprise"})
	c := connect(t, srv)
	ctx := context.Background()
	org, _ := c.Organization(ctx, "globex")
	if _, err := client.Collect(c.OrganizationConnections(ctx, org.ID)); err != nil {
		t.Fatal(err)
	}
	recs := c.Requests().Records()
	if len(recs) != 2 || recs[1].Status != 200 || !strings.Contains(recs[1].Path, "/connections") {
		t.Fatalf("request log %+v", recs)
	}
	b := c.Budget()
	var limits []int
	for _, bk := range b.Buckets {
		limits = append(limits, bk.Limit)
	}
	if !slices.Contains(limits, 10) || !slices.Contains(limits, 20) {
		t.Fatalf("budget buckets %v: want the org-links bucket (10) and the by-name bucket (20)", limits)
	}
}

// The curl of a plan quotes every part for the shell: a quote in the
// base URL (a domain from a config file) or in the body ends nothing.
func TestCurlQuotesEveryPart(t *testing.T) {
	p := &client.Plan{Method: "PATCH", Path: "/api/v2/organizations/org_1", Body: []byte(`{"display_name":"O'Brien"}`)}
	curl := p.Curl("https://evil'$(touch pwned)'.example")
	want := `curl -X PATCH \` + "\n" + `  'https://evil'\''$(touch pwned)'\''.example/api/v2/organizations/org_1' \` + "\n" +
		`  -H "Authorization: Bearer $AUTH0_API_TOKEN" \` + "\n" +
		`  -H 'Content-Type: application/json' \` + "\n" +
		`  --data '{"display_name":"O'\''Brien"}'`
	if curl != want {
		t.Fatalf("got\n%s\nwant\n%s", curl, want)
	}
}

// The SDK lacks organization_member_access_level: the client reads and
// writes it with its own bodies, a crawl keeps it, and a PATCH of is_enabled
// alone sends only is_enabled and leaves it as it was.
func TestMemberAccessLevelSurvivesRoundTrips(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	org, _ := c.Organization(ctx, "globex")
	links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(links, func(l model.OrganizationConnection) bool { return l.Connection.Name == "globex-okta" })
	if i < 0 || links[i].OrganizationMemberAccessLevel != model.AccessLimited {
		t.Fatalf("the list lost the member access level: %+v", links)
	}
	p, err := c.PlanUpdate(org, links[i], client.LinkSettings{IsEnabled: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(p.Body, `{"is_enabled":false}`) {
		t.Fatalf("a switch-off sends %s", p.Body)
	}
	after, err := c.ExecuteLink(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	read, err := c.OrganizationConnection(ctx, org.ID, links[i].ConnectionID)
	if err != nil {
		t.Fatal(err)
	}
	if after.OrganizationMemberAccessLevel != model.AccessLimited || read.OrganizationMemberAccessLevel != model.AccessLimited || read.IsEnabled {
		t.Fatalf("after the switch-off: answer %+v, read %+v", after, read)
	}
	clear, err := c.PlanUpdate(org, read, client.LinkSettings{OrganizationMemberAccessLevel: ptr(model.AccessLevel(""))})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(clear.Body, `{"organization_member_access_level":null}`) {
		t.Fatalf("clearing sends %s", clear.Body)
	}
	if l, err := c.ExecuteLink(ctx, clear); err != nil || l.OrganizationMemberAccessLevel != "" {
		t.Fatalf("cleared: %+v %v", l, err)
	}
	s, err := c.Crawl(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	initech, _ := c.Organization(ctx, "initech")
	for _, l := range s.Links[initech.ID] {
		if l.OrganizationMemberAccessLevel != model.AccessFull {
			t.Fatalf("the crawl lost initech's member access level: %+v", l)
		}
	}
}

// The member-management controls of My Organization are newer than the
// SDK: a read keeps them, a write sends them, and a configuration that
// never set them does not send them (a tenant without the early-access
// feature would refuse properties it lacks).
func TestMyOrganizationControlsSurviveRoundTrips(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	apps, err := client.Collect(c.Clients(ctx))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]model.Client{}
	for _, a := range apps {
		byName[a.Name] = a
	}
	dash := byName["Acme Cloud Dashboard"]
	if m := dash.MyOrganizationConfiguration; m == nil || !m.PermissionCeiling() || !m.SelfAssignmentRestricted() {
		t.Fatalf("the list lost the controls: %+v", dash.MyOrganizationConfiguration)
	}
	console := byName["Acme Admin Console"]
	cfg := *console.MyOrganizationConfiguration
	cfg.ConnectionDeletionBehavior = model.DeletionAllowIfEmpty
	p, err := c.PlanMyOrganization(console, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(p.Body), "enforce_") {
		t.Fatalf("controls never set are sent: %s", p.Body)
	}
	on := true
	cfg.EnforcePermissionCeiling = &on
	p, err = c.PlanMyOrganization(console, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	read, err := c.Client(ctx, console.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if m := read.MyOrganizationConfiguration; m == nil || !m.PermissionCeiling() || m.SelfAssignmentRestricted() {
		t.Fatalf("after the write: %+v", read.MyOrganizationConfiguration)
	}
}
