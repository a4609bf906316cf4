package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOrgsListJSONIsShapedAsTheAPI(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "orgs", "list", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var orgs []map[string]any
	if err := json.Unmarshal([]byte(out), &orgs); err != nil || len(orgs) != 40 {
		t.Fatalf("%d orgs, %v", len(orgs), err)
	}
	if orgs[0]["name"] != "globex" || orgs[0]["id"] == nil || orgs[0]["branding"] == nil {
		t.Fatalf("first org %v", orgs[0])
	}
	out, _, _ = cli(t, srv, "orgs", "list", "--limit", "3", "-o", "csv")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 4 || lines[0] != "NAME,DISPLAY NAME,ID" {
		t.Fatalf("csv:\n%s", out)
	}
}

func TestEnableUpdateRemoveThroughTheCLI(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "github", "--membership", "--dry-run")
	if err != nil || !strings.Contains(out, "--dry-run: nothing was sent.") || !strings.Contains(out, "$AUTH0_API_TOKEN") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if out, _, _ := cli(t, srv, "orgs", "connections", "list", "soylent", "-o", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a dry run changed the tenant: %s", out)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "github", "--membership", "--access-level", "full", "--name", "GH", "--member-access", "readonly"); err != nil {
		t.Fatalf("enable: %v %s", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "soylent", "github", "--disabled"); err != nil {
		t.Fatalf("update: %v %s", err, stderr)
	}
	out, _, _ = cli(t, srv, "orgs", "connections", "list", "soylent", "-o", "json")
	var links []map[string]any
	_ = json.Unmarshal([]byte(out), &links)
	if len(links) != 1 || links[0]["is_enabled"] != false || links[0]["organization_access_level"] != "full" || links[0]["organization_connection_name"] != "GH" ||
		links[0]["organization_member_access_level"] != "readonly" {
		t.Fatalf("links after enable + update (which must keep the member access level): %s", out)
	}
	if out, _, _ := cli(t, srv, "orgs", "connections", "list", "soylent"); !strings.Contains(out, "MEMBERS") || !strings.Contains(out, "readonly") {
		t.Fatalf("the table lacks the member access level:\n%s", out)
	}
	_, stderr, err := cli(t, srv, "orgs", "connections", "update", "soylent", "github", "--member-access", "read-only")
	if exitCode(err) == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, `--member-access "read-only": use none, readonly, limited or full`) {
		t.Fatalf("a bad member access level: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "google-oauth2", "--member-access", "", "--dry-run"); exitCode(err) == 0 ||
		!strings.Contains(stderr, `--member-access "" clears the level of a link that exists: use it with update`) {
		t.Fatalf("clearing on an enable: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "soylent", "github"); exitCode(err) == 0 || !strings.Contains(stderr, "say what to change with a setting flag") {
		t.Fatalf("an update with no setting: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "soylent", "github", "--member-access", ""); err != nil {
		t.Fatalf("clearing the member access level: %v %s", err, stderr)
	}
	out, _, _ = cli(t, srv, "orgs", "connections", "list", "soylent", "-o", "json")
	if strings.Contains(out, "organization_member_access_level") {
		t.Fatalf("--member-access \"\" did not clear it: %s", out)
	}
	_, stderr, err = cli(t, srv, "orgs", "connections", "enable", "soylent", "globex-okta", "--signup", "--membership")
	if err == nil || !strings.Contains(stderr, "Only database connections with assign_membership_on_login = true support is_signup_enabled = true") {
		t.Fatalf("signup on okta: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "remove", "soylent", "github"); err != nil {
		t.Fatalf("remove: %v %s", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "connections", "remove", "soylent", "github"); err == nil || !strings.Contains(stderr, "not enabled on soylent") {
		t.Fatalf("second remove: %v %q", err, stderr)
	}
}

func TestReadOnlyAndDebugHTTP(t *testing.T) {
	srv := served(t)
	debug := filepath.Join(t.TempDir(), "http.log")
	_, stderr, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "github", "--read-only", "--debug-http", debug)
	if err == nil || !strings.Contains(stderr, "read-only") {
		t.Fatalf("read-only enable: %v %q", err, stderr)
	}
	info, err := os.Stat(debug)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("debug file: %v %v", info, err)
	}
	b, _ := os.ReadFile(debug)
	_, secret := srv.AdminCredentials()
	if strings.Contains(string(b), secret) || !strings.Contains(string(b), "[REDACTED]") || strings.Contains(string(b), "POST /api/v2/organizations/") {
		t.Fatalf("debug log holds a secret or a sent POST:\n%s", b)
	}
}
