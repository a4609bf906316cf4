package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// sandboxCall sends a request with a token of the given client (the
// admin's when clientID is ""), for setting up a test.
func sandboxCall(t *testing.T, srv *sandbox.Server, method, path, clientID string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, srv.URL()+path, bytes.NewReader(b))
	token := srv.Token(sandbox.AllScopes()...)
	if clientID != "" {
		token = srv.TokenFor(clientID, sandbox.AllScopes()...)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
	}
	return out
}

// drift after two changes: one made by another application (named, with
// its IP), one by orgscope itself. Exit 1; nothing changed: exit 0.
func TestDriftSaysWhoChangedWhat(t *testing.T) {
	srv := served(t)
	if _, stderr, err := cli(t, srv, "snapshot", "refresh"); err != nil {
		t.Fatalf("refresh: %v %s", err, stderr)
	}
	if out, _, err := cli(t, srv, "drift"); err != nil || !strings.Contains(out, "drift's baseline of "+srv.Addr()+" is taken now") {
		t.Fatalf("the first drift: %v\n%s", err, out)
	}
	if out, _, err := cli(t, srv, "drift"); err != nil || !strings.Contains(out, "0 changes on") {
		t.Fatalf("drift with nothing changed: %v\n%s", err, out)
	}
	// Another application, granted what it needs, switches a link off.
	app := sandboxCall(t, srv, "POST", "/api/v2/clients", "", map[string]any{"name": "Acme Deployer", "app_type": "non_interactive"})
	id := app["client_id"].(string)
	sandboxCall(t, srv, "POST", "/api/v2/client-grants", "", map[string]any{"client_id": id, "audience": "https://" + srv.Domain() + "/api/v2/",
		"scope": []string{"read:organizations", "read:organization_connections", "update:organization_connections", "read:connections"}})
	var out, errOut bytes.Buffer
	if err := run(t.Context(), "", []string{"orgs", "connections", "update", "hooli", "hooli-workspace", "--button=false",
		"--domain", srv.Addr(), "--client-id", id, "--client-secret", srv.ClientSecret(id)}, &out, &errOut); err != nil {
		t.Fatalf("the other application's change: %v %s", err, errOut.String())
	}
	// orgscope's own.
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "globex", "globex-okta", "--membership=false"); err != nil {
		t.Fatalf("orgscope's change: %v %s", err, stderr)
	}
	// Other commands move the kept snapshot forward; drift's baseline stays.
	if _, stderr, err := cli(t, srv, "snapshot", "refresh"); err != nil {
		t.Fatalf("refresh: %v %s", err, stderr)
	}
	text, _, err := cli(t, srv, "drift")
	if exitCode(err) != 1 || !strings.Contains(text, "hooli/hooli-workspace: show_as_button") ||
		!strings.Contains(text, "by Acme Deployer ("+id+") from 127.0.0.1 at ") ||
		!strings.Contains(text, "globex/globex-okta: assign_membership_on_login") ||
		!strings.Contains(text, "by orgscope sandbox admin ("+sandbox.AdminClientID+"), orgscope from 127.0.0.1") {
		t.Fatalf("drift: %d\n%s", exitCode(err), text)
	}
	js, _, _ := cli(t, srv, "drift", "-o", "json")
	var report struct {
		Changes []model.Drifted `json:"changes"`
	}
	// The new application (made with orgscope's token, here), then the
	// two links.
	if err := json.Unmarshal([]byte(js), &report); err != nil || len(report.Changes) != 3 || report.Changes[0].Kind != model.KindClient {
		t.Fatalf("json: %v\n%s", err, js)
	}
	first, second := report.Changes[1], report.Changes[2]
	if first.By == nil || first.By.ClientID != id || first.By.Orgscope || first.By.ClientName != "Acme Deployer" ||
		second.By == nil || !second.By.Orgscope || second.ID == "" {
		t.Fatalf("in the order made, each attributed: %+v %+v", first.By, second.By)
	}
	// --since keeps what was made in the window: all three, a minute back.
	if out, _, _ := cli(t, srv, "drift", "--since", "1m"); !strings.Contains(out, "3 changes") {
		t.Fatalf("--since 1m:\n%s", out)
	}
	// A batch: drift names its journal. Then --accept moves the baseline.
	fleet := writeFile(t, "fleet.yaml", "policies:\n  - name: p\n    organizations: { name: cyberdyne }\n    links: [ { connection: globex-okta, enabled: true } ]\n")
	if _, stderr, err := cli(t, srv, "policy", "apply", "-f", fleet, "--yes"); err != nil {
		t.Fatalf("apply: %v %s", err, stderr)
	}
	text, _, _ = cli(t, srv, "drift", "--accept")
	if !strings.Contains(text, "cyberdyne/globex-okta: added") || !strings.Contains(text, ", orgscope batch "+srv.Addr()[:9]) {
		t.Fatalf("the batch's change:\n%s", text)
	}
	if out, _, err := cli(t, srv, "drift"); err != nil || !strings.Contains(out, "0 changes") {
		t.Fatalf("after --accept: %v\n%s", err, out)
	}
	if _, stderr, err := cli(t, srv, "drift", "--since", "-5m"); exitCode(err) != 2 || !strings.Contains(stderr, "in the future") {
		t.Fatalf("--since -5m: %d %s", exitCode(err), stderr)
	}
	if _, stderr, err := cli(t, srv, "drift", "--bogus"); exitCode(err) != 2 {
		t.Fatalf("a usage mistake: %d %s", exitCode(err), stderr)
	}
}

// The review's cases: a secret rotated by another application shows as a
// fingerprint, never in clear; two callers on one organization are both
// named; a deleted organization's links are the delete's work; a later
// single change of a batch's link is not the batch's; a batch journalled
// elsewhere is found; and the flags that would accept unlisted changes,
// or compare another tenant's snapshot, are refused.
func TestDriftAttributesEveryCaller(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "drift", "-o", "json")
	var first struct {
		Taken   bool  `json:"baseline_taken"`
		Changes []any `json:"changes"`
	}
	if err != nil || json.Unmarshal([]byte(out), &first) != nil || !first.Taken || first.Changes == nil {
		t.Fatalf("the first drift, as JSON: %v\n%s", err, out)
	}
	app := sandboxCall(t, srv, "POST", "/api/v2/clients", "", map[string]any{"name": "Acme Deployer", "app_type": "non_interactive"})
	other := app["client_id"].(string)
	id, secret := srv.AdminCredentials()
	c, err := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	orgID := func(name string) string {
		o, err := c.Organization(t.Context(), name)
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	conn, err := c.Connection(t.Context(), "globex-okta")
	if err != nil {
		t.Fatal(err)
	}
	okta := conn.ID
	sandboxCall(t, srv, "PATCH", "/api/v2/connections/"+okta, other, map[string]any{"options": map[string]any{"domain": "globex.okta.com",
		"client_id": "0oa1globex", "client_secret": "SUPERSECRET-rotated-456"}})
	soylent := orgID("soylent")
	sandboxCall(t, srv, "PATCH", "/api/v2/organizations/"+soylent, other, map[string]any{"display_name": "Soylent IS PEOPLE"})
	sandboxCall(t, srv, "PATCH", "/api/v2/organizations/"+soylent, "", map[string]any{"metadata": map[string]any{"tier": "gold"}})
	sandboxCall(t, srv, "DELETE", "/api/v2/organizations/"+orgID("hooli"), other, nil)
	// A batch journalled elsewhere adds a link; a later single change of
	// another batch-made link is orgscope's, not the batch's.
	journal := filepath.Join(t.TempDir(), "mine.jsonl")
	if _, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "oscorp", "--org", "initech", "--yes", "--journal", journal); err != nil {
		t.Fatalf("the batch: %v %s", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "initech", "google-oauth2", "--button=false"); err != nil {
		t.Fatalf("the single change: %v %s", err, stderr)
	}
	// Another application removes a link the batch added, and orgscope's
	// application adds it again, as the batch left it: that add is not
	// the batch's.
	google, err := c.Connection(t.Context(), "google-oauth2")
	if err != nil {
		t.Fatal(err)
	}
	oscorp := "/api/v2/organizations/" + orgID("oscorp") + "/enabled_connections"
	sandboxCall(t, srv, "DELETE", oscorp+"/"+google.ID, other, nil)
	sandboxCall(t, srv, "POST", oscorp, "", map[string]any{"connection_id": google.ID, "assign_membership_on_login": false})
	// Another application adds a link, orgscope's edits it: the add is
	// the other's.
	github, err := c.Connection(t.Context(), "github")
	if err != nil {
		t.Fatal(err)
	}
	tyrell := "/api/v2/organizations/" + orgID("tyrell") + "/enabled_connections"
	sandboxCall(t, srv, "POST", tyrell, other, map[string]any{"connection_id": github.ID})
	sandboxCall(t, srv, "PATCH", tyrell+"/"+github.ID, "", map[string]any{"assign_membership_on_login": true})
	text, _, err := cli(t, srv, "drift")
	if exitCode(err) != 1 {
		t.Fatalf("drift: %d\n%s", exitCode(err), text)
	}
	js, _, _ := cli(t, srv, "drift", "-o", "json")
	for _, doc := range []string{text, js} {
		if strings.Contains(doc, "SUPERSECRET") {
			t.Fatalf("the rotated secret is in clear:\n%s", doc)
		}
	}
	for _, want := range []string{
		"globex-okta: options.client_secret (none) → \"orgscope-fingerprint:sha256:",
		"by Acme Deployer (" + other + ")",
		"also by Acme Deployer (" + other + ")", // soylent: the rename, under orgscope's metadata change
		"hooli/hooli-workspace: removed\n                   by Acme Deployer",
		"initech/google-oauth2: added\n                   by orgscope sandbox admin (" + sandbox.AdminClientID + "), orgscope batch " + journal,
		"tyrell/github: added\n                   by Acme Deployer (" + other + ")",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("drift lacks %q:\n%s", want, text)
		}
	}
	var report struct {
		Changes []model.Drifted `json:"changes"`
	}
	if err := json.Unmarshal([]byte(js), &report); err != nil {
		t.Fatal(err)
	}
	for _, d := range report.Changes {
		switch {
		case d.Name == "oscorp/google-oauth2" && (d.By == nil || !d.By.Orgscope || d.By.Journal != "" || len(d.Also) != 2):
			t.Fatalf("a link added again after the batch's was removed: %+v %+v", d.By, d.Also)
		case d.Name == "tyrell/github" && (len(d.Also) != 1 || !d.Also[0].Orgscope):
			t.Fatalf("an added link edited since: also %+v", d.Also)
		}
	}
	// Flags that would accept changes never listed, or compare another
	// tenant's snapshot: refused, exit 2, the baseline kept.
	snap := filepath.Join(t.TempDir(), "prod.json")
	if _, stderr, err := cli(t, srv, "snapshot", "export", "-o", snap); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	b, _ := os.ReadFile(snap)
	if err := os.WriteFile(snap, bytes.Replace(b, []byte(`"`+srv.Addr()+`"`), []byte(`"acme-prod.eu.auth0.com"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--accept", "--since", "1h"}, {"--accept", "--snapshot", snap}, {"--snapshot", snap}} {
		_, stderr, err := cli(t, srv, append([]string{"drift"}, args...)...)
		if exitCode(err) != 2 || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Fatalf("drift %v: %d %s", args, exitCode(err), stderr)
		}
	}
	if out, _, _ := cli(t, srv, "drift"); !strings.Contains(out, "soylent") {
		t.Fatalf("a refused --accept moved the baseline:\n%s", out)
	}
}
