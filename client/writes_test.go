package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// execSent executes a plan and checks the body sent is the one previewed.
func execSent(t *testing.T, c *client.Client, rec *recorder, p *client.Plan) any {
	t.Helper()
	res, err := c.Execute(context.Background(), p)
	if err != nil {
		t.Fatalf("%s: %v", p.Summary, err)
	}
	if p.Body != nil {
		sent := rec.sent(p.Method, p.Path)
		if len(sent) == 0 || !bytes.Equal(sent[len(sent)-1], p.Body) {
			t.Fatalf("%s: previewed %s, sent %q", p.Summary, p.Body, sent)
		}
	}
	return res
}

func TestOrganizationPlans(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Empty: true})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	p, err := c.PlanCreateOrganization(model.Organization{Name: "acme", DisplayName: "Acme", Metadata: map[string]string{"tier": "gold"},
		Branding: &model.Branding{Colors: &model.BrandingColors{Primary: "#112233", PageBackground: "#ffffff"}}})
	if err != nil {
		t.Fatal(err)
	}
	org := execSent(t, c, rec, p).(*model.Organization)
	if org.ID == "" || org.Metadata["tier"] != "gold" {
		t.Fatalf("created %+v", org)
	}
	after := *org
	after.Metadata = nil
	after.DisplayName = "Acme Inc"
	up, err := c.PlanUpdateOrganization(*org, after)
	if err != nil {
		t.Fatal(err)
	}
	if string(up.Body) != `{"display_name":"Acme Inc","metadata":{}}` {
		t.Fatalf("update body %s", up.Body)
	}
	got := execSent(t, c, rec, up).(*model.Organization)
	if got.DisplayName != "Acme Inc" || got.Metadata != nil || got.Branding == nil {
		t.Fatalf("updated %+v", got)
	}
	if _, err := c.PlanCreateOrganization(model.Organization{Name: "Not Valid"}); err == nil {
		t.Fatal("an invalid name was planned")
	}
	execSent(t, c, rec, c.PlanDeleteOrganization(*got))
	if _, err := c.Organization(context.Background(), "acme"); !client.IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestConnectionPlans(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	p, err := c.PlanCreateConnection(model.Connection{
		Name: "acme-okta", DisplayName: "Acme Okta", Strategy: "okta", ShowAsButton: ptr(true),
		Options:  map[string]any{"domain": "acme.okta.com", "client_id": "0oa1", "client_secret": "s3cret", "custom": map[string]any{"a": 1.0}},
		Metadata: map[string]string{"owner": "it"},
	})
	if err != nil {
		t.Fatal(err)
	}
	conn := execSent(t, c, rec, p).(*model.Connection)
	if conn.Options["custom"] == nil || conn.ShowAsButton == nil || !*conn.ShowAsButton || conn.Metadata["owner"] != "it" {
		t.Fatalf("created %+v", conn)
	}
	after := *conn
	after.Options = map[string]any{}
	for k, v := range conn.Options {
		after.Options[k] = v
	}
	after.Options["domain"] = "login.acme.example"
	up, err := c.PlanUpdateConnection(*conn, after)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(up.Body), `"client_id":"0oa1"`) || strings.Contains(string(up.Body), `"name"`) {
		t.Fatalf("options must be sent whole, without the name: %s", up.Body)
	}
	updated := execSent(t, c, rec, up).(*model.Connection)
	if updated.Options["domain"] != "login.acme.example" || updated.Options["client_id"] != "0oa1" {
		t.Fatalf("updated options %v", updated.Options)
	}
	renamed := after
	renamed.Name = "other"
	if _, err := c.PlanUpdateConnection(*conn, renamed); err == nil {
		t.Fatal("a rename was planned")
	}

	var clients []string
	for cl, err := range c.Clients(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, cl.ClientID)
	}
	plans, err := c.PlanConnectionClients(*updated, clients[:3], nil)
	if err != nil || len(plans) != 1 {
		t.Fatalf("%d plans, %v", len(plans), err)
	}
	execSent(t, c, rec, plans[0])
	ids, _ := c.ConnectionClients(ctx, updated.ID)
	if len(ids) != 3 {
		t.Fatalf("enabled for %d clients, want 3", len(ids))
	}
	many := make([]string, 120)
	for i := range many {
		many[i] = fmt.Sprintf("client-%03d", i)
	}
	if plans, _ := c.PlanConnectionClients(*updated, many, nil); len(plans) != 3 {
		t.Fatalf("120 changes in %d requests, want 3 of at most 50", len(plans))
	}
	execSent(t, c, rec, c.PlanDeleteConnection(*updated))
	if _, err := c.Connection(ctx, updated.ID); !client.IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestProfileAndMyOrganizationPlans(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	tpls, err := c.ProfileTemplates(ctx)
	if err != nil || len(tpls) == 0 {
		t.Fatalf("templates %v %v", tpls, err)
	}
	prof := tpls[0].Template
	prof.Name = "from-template"
	p, err := c.PlanCreateProfile(prof)
	if err != nil {
		t.Fatal(err)
	}
	created := execSent(t, c, rec, p).(*model.ConnectionProfile)
	after := *created
	after.EnabledFeatures = []model.Feature{model.FeatureSCIM}
	up, err := c.PlanUpdateProfile(*created, after)
	if err != nil || string(up.Body) != `{"enabled_features":["scim"]}` {
		t.Fatalf("profile update %s %v", up.Body, err)
	}
	execSent(t, c, rec, up)
	bad := after
	bad.ConnectionNamePrefixTemplate = ptr("--x")
	var v *model.Violation
	if _, err := c.PlanUpdateProfile(*created, bad); !errors.As(err, &v) || v.Property != "connection_name_prefix_template" {
		t.Fatalf("bad template: %v", err)
	}

	var app model.Client
	for cl, err := range c.Clients(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if cl.Name == "Acme Mobile" {
			app = cl
		}
	}
	cfg := &model.MyOrganizationConfiguration{ConnectionProfileID: created.ID, AllowedStrategies: []string{"okta", "samlp"}, ConnectionDeletionBehavior: model.DeletionAllowIfEmpty}
	mp, err := c.PlanMyOrganization(app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := execSent(t, c, rec, mp).(*model.Client)
	if got.MyOrganizationConfiguration == nil || got.MyOrganizationConfiguration.ConnectionProfileID != created.ID {
		t.Fatalf("client %+v", got)
	}
	if _, err := c.PlanMyOrganization(app, &model.MyOrganizationConfiguration{AllowedStrategies: []string{"ad"}, ConnectionDeletionBehavior: "allow"}); !errors.As(err, &v) {
		t.Fatalf("ad allowed: %v", err)
	}
	// The same configuration, strategies in another order: nothing to send.
	same := *got.MyOrganizationConfiguration
	same.AllowedStrategies = []string{"samlp", "okta"}
	if _, err := c.PlanMyOrganization(*got, &same); err == nil || !strings.Contains(err.Error(), "nothing to change") {
		t.Fatalf("an unchanged configuration was planned: %v", err)
	}
	// A plan says every property it changes, a removal included.
	without := *got.MyOrganizationConfiguration
	without.ConnectionProfileID = ""
	if p, err := c.PlanMyOrganization(*got, &without); err != nil || !strings.Contains(p.Summary, "removes connection_profile_id") {
		t.Fatalf("the plan does not say it removes the profile: %v %v", p, err)
	}
	rm, err := c.PlanMyOrganization(*got, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := execSent(t, c, rec, rm).(*model.Client); got.MyOrganizationConfiguration != nil {
		t.Fatalf("configuration not removed: %+v", got.MyOrganizationConfiguration)
	}
	execSent(t, c, rec, c.PlanDeleteProfile(*created))
}

// Creates whose answers are lost are sent again and resolved by reading
// the object back: one organization, never two, never an error.
func TestCreatesUnderFaultsHappenOnce(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Options{Empty: true, FaultRate: 0.35, Seed: 3})
	c := connect(t, srv, manyTries)
	for i := range 30 {
		p, err := c.PlanCreateOrganization(model.Organization{Name: fmt.Sprintf("org-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Execute(context.Background(), p); err != nil {
			t.Fatalf("create org-%d: %v", i, err)
		}
	}
	creates := 0
	for _, ev := range srv.LogEvents() {
		if ev.Details["request"].(map[string]any)["method"] == "post" {
			creates++
		}
	}
	if creates != 30 {
		t.Fatalf("%d creates applied for 30 organizations", creates)
	}
}

// A connection created for no application leaves enabled_clients out (the
// SDK would drop an empty list, and a plan never differs from what is sent).
func TestCreateConnectionWithoutClients(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	p, err := c.PlanCreateConnection(model.Connection{Name: "bare-okta", Strategy: "okta", EnabledClients: []string{},
		Options: map[string]any{"domain": "x.okta.com", "client_id": "0oa1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func TestMyOrganizationAPIGrant(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	ctx := context.Background()
	api, err := c.MyOrganizationAPI(ctx)
	if err != nil || api.Identifier != "https://"+srv.Domain()+"/my-org/" || len(api.Scopes) == 0 {
		t.Fatalf("My Organization API: %+v %v", api, err)
	}
	var app model.Client
	for cl := range c.Clients(ctx) {
		if cl.Name == "Acme Cloud Dashboard" {
			app = cl
		}
	}
	if _, ok, err := c.ClientGrant(ctx, app.ClientID, api.Identifier); ok || err != nil {
		t.Fatalf("a grant exists before: %v %v", ok, err)
	}
	if _, err := c.PlanGrant(app, api, nil, []string{"read:my_org:everything"}); err == nil {
		t.Fatal("an unknown scope was planned")
	}
	if _, err := c.PlanGrant(app, api, nil, nil); err == nil || !strings.Contains(err.Error(), "choose at least one scope") {
		t.Fatalf("a grant without scopes was planned: %v", err)
	}
	p, err := c.PlanGrant(app, api, nil, model.MyOrganizationScopeSets()["SSO self-service"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p.Body), `"subject_type":"user"`) {
		t.Fatalf("the grant is not for the application's users: %s", p.Body)
	}
	execSent(t, c, rec, p)
	g, ok, err := c.ClientGrant(ctx, app.ClientID, api.Identifier)
	if !ok || err != nil || len(g.Scope) != 7 || !g.ForUsers() {
		t.Fatalf("grant %+v %v %v", g, ok, err)
	}
	if works, says := model.MyOrganizationAccess(api.SubjectTypeAuthorization, &g); !works || !strings.Contains(says, "policy require_client_grant") {
		t.Fatalf("the access it gives: %v %q", works, says)
	}
	up, err := c.PlanGrant(app, api, &g, []string{"read:my_org:details"})
	if err != nil {
		t.Fatal(err)
	}
	execSent(t, c, rec, up)
	e, _ := c.PlanLog().Last("client " + app.ClientID)
	undo, err := c.PlanUndo(e)
	if err != nil {
		t.Fatal(err)
	}
	execSent(t, c, rec, undo)
	g, _, _ = c.ClientGrant(ctx, app.ClientID, api.Identifier)
	if len(g.Scope) != 7 {
		t.Fatalf("scopes after undo: %v", g.Scope)
	}
	execSent(t, c, rec, c.PlanRemoveGrant(app, api, g))
	if _, ok, _ := c.ClientGrant(ctx, app.ClientID, api.Identifier); ok {
		t.Fatal("the grant is still there")
	}
}

// A grant for the application itself (what orgscope made before it knew
// subject types) does nothing for users: the plan converts it, creating a
// user-flow grant with the same scopes beside it; the sandbox keeps one of
// each, refuses a second of either, and gives client flows no token.
func TestClientSubjectGrantIsConverted(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	api, _ := c.MyOrganizationAPI(ctx)
	apps, _ := client.Collect(c.Clients(ctx))
	app := apps[slices.IndexFunc(apps, func(a model.Client) bool { return a.Name == "Support Desk" })]
	post := func(body string) int {
		req, _ := http.NewRequest("POST", srv.URL()+"/api/v2/client-grants", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.Token("create:client_grants"))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	old := `{"client_id":"` + app.ClientID + `","audience":"` + api.Identifier + `","scope":["read:my_org:details"]}`
	if post(old) != 201 || post(old) != 409 {
		t.Fatal("the sandbox should take one grant for the client itself, and refuse a second")
	}
	g, ok, err := c.ClientGrant(ctx, app.ClientID, api.Identifier)
	if !ok || err != nil || g.ForUsers() {
		t.Fatalf("the old grant: %+v %v %v", g, ok, err)
	}
	if works, says := model.MyOrganizationAccess(api.SubjectTypeAuthorization, &g); works || !strings.Contains(says, "client flows are deny_all") {
		t.Fatalf("a client grant says %v %q", works, says)
	}
	p, err := c.PlanGrant(app, api, &g, g.Scope)
	if err != nil {
		t.Fatal(err)
	}
	if p.Method != http.MethodPost || !strings.Contains(string(p.Body), `"subject_type":"user"`) || !strings.Contains(p.Summary, g.ID) {
		t.Fatalf("the conversion: %s %s %s", p.Method, p.Body, p.Summary)
	}
	if _, err := c.Execute(ctx, p); err != nil {
		t.Fatal(err)
	}
	now, _, _ := c.ClientGrant(ctx, app.ClientID, api.Identifier)
	if !now.ForUsers() || !slices.Equal(now.Scope, g.Scope) {
		t.Fatalf("after the conversion: %+v", now)
	}
	// No client flow reaches the My Organization API, even for a client
	// that may use client credentials and holds a grant for itself.
	id, secret := srv.AdminCredentials()
	if post(`{"client_id":"`+id+`","audience":"`+api.Identifier+`","scope":["read:my_org:details"]}`) != 201 {
		t.Fatal("the admin client's grant")
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {api.Identifier}}
	res, err := http.PostForm(srv.URL()+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 403 || !strings.Contains(string(body), "deny_all") {
		t.Fatalf("a client-credentials token for the My Organization API: %d %s", res.StatusCode, body)
	}
}

// A link create whose every answer is lost is settled by one read: done
// when Auth0 applied one of the tries, a plain failure when it applied none.
func TestLinkCreateEveryAnswerLost(t *testing.T) {
	for _, applied := range []bool{true, false} {
		t.Run(fmt.Sprintf("applied=%v", applied), func(t *testing.T) {
			srv := startSandbox(t, sandbox.Options{Seed: 2})
			rec := newRecorder()
			rec.answer = func(req *http.Request) *http.Response {
				if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/connections") {
					return nil
				}
				if !applied {
					return jsonAnswer(req, http.StatusServiceUnavailable, `{"statusCode":503,"error":"Service Unavailable","message":"down"}`)
				}
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Error(err)
					return nil
				}
				res.Body.Close() // Auth0 applied it (or answered 409), and a proxy lost the answer
				return jsonAnswer(req, http.StatusBadGateway, `{"statusCode":502,"error":"Bad Gateway","message":"upstream"}`)
			}
			c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
			ctx := context.Background()
			org, conn := unlinkedPair(t, c)
			p, err := c.PlanEnable(org, conn, client.LinkSettings{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Execute(ctx, p)
			tries := rec.count("POST /api/v2/organizations/")
			if tries != 4 {
				t.Fatalf("%d tries, want the 4 a client makes", tries)
			}
			if applied {
				if l, ok := res.(*model.OrganizationConnection); err != nil || !ok || l.ConnectionID != conn.ID {
					t.Fatalf("an applied create answered %v, %v", res, err)
				}
				return
			}
			var amb *client.AmbiguousError
			if err == nil || errors.As(err, &amb) || !strings.Contains(err.Error(), "none was applied") {
				t.Fatalf("a create never applied answered %v", err)
			}
		})
	}
}

// unlinkedPair finds an organization and a database connection not enabled on it.
func unlinkedPair(t *testing.T, c *client.Client) (model.Organization, model.Connection) {
	t.Helper()
	s := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
	for _, conn := range s.Connections {
		if conn.Strategy != "auth0" {
			continue
		}
		for _, o := range s.Organizations {
			if !slices.ContainsFunc(s.Links[o.ID], func(l model.OrganizationConnection) bool { return l.ConnectionID == conn.ID }) {
				return o, conn
			}
		}
	}
	t.Fatal("every database connection is on every organization")
	return model.Organization{}, model.Connection{}
}

// A write whose answer arrives as its context ends was applied: it is
// reported done, with Auth0's answer, not as canceled (the SDK drops such
// answers), so that a bulk journal does not send it again.
func TestWriteAnsweredAsTheContextEnds(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Seed: 2})
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec.answer = func(req *http.Request) *http.Response {
		if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/connections") {
			return nil
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Error(err)
			return nil
		}
		cancel() // the user's stop, as the answer comes in
		return res
	}
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	org, conn := unlinkedPair(t, c)
	p, err := c.PlanEnable(org, conn, client.LinkSettings{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.ExecuteLink(ctx, p)
	if err != nil || l == nil || l.ConnectionID != conn.ID {
		t.Fatalf("an applied enable answered %+v, %v", l, err)
	}
	if ctx.Err() == nil {
		t.Fatal("the context did not end: the test proved nothing")
	}
}

// Options read from a file carry fingerprints in place of secrets: no
// plan sends them (the tenant's secret would become the fingerprint), and
// a bulk journal keeps no secret of the connection it is about.
func TestFingerprintsAreNeverSent(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	conn, err := c.Connection(t.Context(), "globex-okta")
	if err != nil {
		t.Fatal(err)
	}
	conn.Options["client_secret"] = "real-secret-1"
	kept := conn
	kept.Options = model.WithoutSecrets(conn.Options)
	kept.DisplayName = "Renamed"
	if _, err := c.PlanUpdateConnection(conn, kept); err == nil || !strings.Contains(err.Error(), "fingerprints") {
		t.Fatalf("a plan sends fingerprints: %v", err)
	}
	created := kept
	created.Name, created.ID = "copy-okta", ""
	if _, err := c.PlanCreateConnection(created); err == nil {
		t.Fatal("a create sends fingerprints")
	}
	// Unchanged options are not sent, and not checked.
	renamed := conn
	renamed.DisplayName = "Renamed"
	if _, err := c.PlanUpdateConnection(conn, renamed); err != nil {
		t.Fatal(err)
	}

	plan := model.BulkPlan{Action: model.BulkAction{Kind: model.BulkEnable, Connection: conn}}
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	if _, err := client.StartBulk(path, c.Domain(), plan, ""); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "real-secret-1") || !strings.Contains(string(data), model.FingerprintPrefix) {
		t.Fatalf("the journal keeps the secret: %s", data)
	}
}
