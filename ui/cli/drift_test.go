package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// sandboxPost sends a POST with the admin's token, for setting up a test.
func sandboxPost(t *testing.T, srv *sandbox.Server, path string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", srv.URL()+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+srv.Token(sandbox.AllScopes()...))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode >= 300 {
		t.Fatalf("POST %s: %d %v", path, res.StatusCode, out)
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
	app := sandboxPost(t, srv, "/api/v2/clients", map[string]any{"name": "Acme Deployer", "app_type": "non_interactive"})
	id := app["client_id"].(string)
	sandboxPost(t, srv, "/api/v2/client-grants", map[string]any{"client_id": id, "audience": "https://" + srv.Domain() + "/api/v2/",
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
