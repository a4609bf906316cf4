package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// Sandbox → crawl → audit JSON → exit code, as a CI pipeline runs it.
func TestAuditEndToEnd(t *testing.T) {
	srv := served(t)
	out, stderr, err := cli(t, srv, "audit", "--format", "json")
	if exitCode(err) != 1 || stderr != "orgscope: 8 findings at or above error\n" {
		t.Fatalf("exit %d, stderr %q, err %v", exitCode(err), stderr, err)
	}
	var report struct {
		Tenant   string         `json:"tenant"`
		Summary  map[string]int `json:"summary"`
		Findings []struct {
			Rule, Severity, Problem, Fix, Source string
			Objects                              []struct{ Kind, ID, Name string }
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if report.Tenant != srv.Addr() || report.Summary["error"] != 8 || report.Summary["warning"] != 8 || len(report.Findings) != 18 {
		t.Fatalf("report: %s %v %d", report.Tenant, report.Summary, len(report.Findings))
	}
	first := report.Findings[0]
	if first.Rule != "org-no-connection" || first.Objects[0].Name != "soylent" || first.Objects[0].Kind != "organization" || first.Fix == "" {
		t.Fatalf("first finding: %+v", first)
	}
	// Only warnings and worse fail with --fail-on warning; never never fails.
	if _, _, err := cli(t, srv, "audit", "--fail-on", "never"); err != nil {
		t.Fatalf("--fail-on never: %v", err)
	}
	if _, stderr, err := cli(t, srv, "audit", "--rule", "conn-stale", "--fail-on", "warning"); err != nil {
		t.Fatalf("an info-only rule under --fail-on warning: %v %s", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "audit", "--rule", "nope"); exitCode(err) != 2 || !strings.Contains(stderr, `there is no rule "nope"`) {
		t.Fatalf("unknown rule: exit %d %q", exitCode(err), stderr)
	}
}

func TestAuditFormats(t *testing.T) {
	srv := served(t)
	out, _, _ := cli(t, srv, "audit", "--format", "sarif", "--rule", "org-all-hidden")
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					LogicalLocations []struct{ Name, FullyQualifiedName string } `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 {
		t.Fatalf("sarif: %v\n%s", err, out)
	}
	run := sarif.Runs[0]
	if len(run.Results) != 1 || run.Results[0].RuleID != "org-all-hidden" || run.Results[0].Level != "error" ||
		run.Tool.Driver.Rules[run.Results[0].RuleIndex].ID != "org-all-hidden" ||
		run.Results[0].Locations[0].LogicalLocations[0].Name != "umbrella-corp" {
		t.Fatalf("sarif run: %+v", run)
	}
	out, _, _ = cli(t, srv, "audit", "--format", "csv", "--rule", "link-signup-invalid")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[0] != "severity,rule,objects,problem,fix,source" || !strings.HasPrefix(lines[1], "error,link-signup-invalid,kramerica/") {
		t.Fatalf("csv:\n%s", out)
	}
	out, _, _ = cli(t, srv, "audit", "--format", "markdown", "--rule", "conn-stale")
	if !strings.Contains(out, "| info | `conn-stale` | legacy-ad |") || !strings.Contains(out, "1 finding in ") {
		t.Fatalf("markdown:\n%s", out)
	}
	out, _, _ = cli(t, srv, "audit", "--rule", "conn-stale")
	if !strings.Contains(out, "info    conn-stale · legacy-ad") || !strings.Contains(out, "fix: Delete it") {
		t.Fatalf("text:\n%s", out)
	}
}

// A snapshot exported once is audited offline, and a later one is compared
// with it.
func TestSnapshotExportAuditAndDiff(t *testing.T) {
	srv := served(t)
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before.json"), filepath.Join(dir, "after.json")
	if _, stderr, err := cli(t, srv, "snapshot", "export", "-o", before); err != nil || !strings.Contains(stderr, "40 organizations") {
		t.Fatalf("export: %v %s", err, stderr)
	}
	if info, err := os.Stat(before); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot must be owner-only: %v %v", info.Mode(), err)
	}
	// Offline: no tenant flags at all.
	var out, errOut strings.Builder
	err := run(t.Context(), "", []string{"audit", "--snapshot", before, "--format", "json", "--fail-on", "never"}, &out, &errOut)
	if err != nil || !strings.Contains(out.String(), `"org-all-hidden"`) {
		t.Fatalf("offline audit: %v %s", err, errOut.String())
	}
	// Fix soylent, then compare.
	if _, stderr, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "Username-Password-Authentication", "--membership"); err != nil {
		t.Fatalf("enable: %v %s", err, stderr)
	}
	if _, _, err := cli(t, srv, "snapshot", "export", "-o", after); err != nil {
		t.Fatal(err)
	}
	// diff: exit 1 when they differ, 0 when the same, 2 when unreadable;
	// -o json for scripts.
	out.Reset()
	if err := run(t.Context(), "", []string{"snapshot", "diff", before, after}, &out, &errOut); exitCode(err) != 1 {
		t.Fatalf("diff of two different snapshots: %v", err)
	}
	if !strings.Contains(out.String(), "link               soylent/Username-Password-Authentication: added") || !strings.Contains(out.String(), "1 change from") {
		t.Fatalf("diff:\n%s", out.String())
	}
	out.Reset()
	_ = run(t.Context(), "", []string{"snapshot", "diff", before, after, "-o", "json"}, &out, &errOut)
	var diff struct {
		Changes []model.Change `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out.String()), &diff); err != nil || len(diff.Changes) != 1 || diff.Changes[0].Kind != "link" ||
		diff.Changes[0].What != "added" || !strings.HasPrefix(diff.Changes[0].ID, "org_") {
		t.Fatalf("diff -o json: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(t.Context(), "", []string{"snapshot", "diff", after, after}, &out, &errOut); err != nil || !strings.Contains(out.String(), "0 changes") {
		t.Fatalf("diff of a snapshot with itself: %v %s", err, out.String())
	}
	if err := run(t.Context(), "", []string{"snapshot", "diff", after, filepath.Join(dir, "missing.json")}, &out, &errOut); exitCode(err) != 2 {
		t.Fatalf("diff with a missing file: %v", err)
	}
	// Another tenant's snapshot: ids are each tenant's own, so no diff.
	b, _ := os.ReadFile(after)
	prod := filepath.Join(dir, "prod.json")
	_ = os.WriteFile(prod, bytes.Replace(b, []byte(`"`+srv.Addr()+`"`), []byte(`"acme-prod.eu.auth0.com"`), 1), 0o600)
	errOut.Reset()
	if err := run(t.Context(), "", []string{"snapshot", "diff", after, prod}, &out, &errOut); exitCode(err) != 2 || !strings.Contains(errOut.String(), "of acme-prod.eu.auth0.com: snapshot diff compares one tenant") {
		t.Fatalf("diff of two tenants: %v %s", err, errOut.String())
	}
	// A file that is not a snapshot is reported, and the audit exits 2.
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"tenant":`), 0o600)
	errOut.Reset()
	err = run(t.Context(), "", []string{"audit", "--snapshot", bad}, &out, &errOut)
	if exitCode(err) != 2 || !strings.Contains(errOut.String(), "is not an orgscope snapshot") {
		t.Fatalf("bad snapshot: exit %d %q", exitCode(err), errOut.String())
	}
	if b, _ := os.ReadFile(bad); string(b) != `{"tenant":` {
		t.Fatal("a bad snapshot must be left as it was")
	}
}

// The tenant's snapshot is kept: the next audit reads only what the
// tenant log says changed, and a snapshot that cannot be read is
// reported and left as it was.
func TestAuditKeepsAndRefreshesTheSnapshot(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "snapshot", "refresh")
	if err != nil || !strings.HasPrefix(out, "crawled the whole tenant\n") || !strings.Contains(out, "40 organizations") {
		t.Fatalf("first refresh: %v\n%s", err, out)
	}
	if _, _, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "Username-Password-Authentication"); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli(t, srv, "snapshot", "refresh")
	if err != nil || !strings.HasPrefix(out, "refreshed from the tenant log: 1 change, 1 request read again (1 page of the log)\n") {
		t.Fatalf("second refresh: %v\n%s", err, out)
	}
	out, _, _ = cli(t, srv, "audit", "--format", "json", "--rule", "org-no-connection")
	if strings.Contains(out, `"soylent"`) || !strings.Contains(out, `"tyrell"`) {
		t.Fatalf("the audit after a refresh:\n%s", out)
	}

	dir := filepath.Join(os.Getenv("XDG_STATE_HOME"), "orgscope", "snapshots")
	files, _ := filepath.Glob(filepath.Join(dir, "*.snapshot"))
	if len(files) != 1 {
		t.Fatalf("snapshots kept: %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot is %v", fi.Mode())
	}
	os.WriteFile(files[0], []byte("{broken"), 0o600)
	_, stderr, err := cli(t, srv, "audit")
	if exitCode(err) != 2 || !strings.Contains(stderr, files[0]) || !strings.Contains(stderr, "move it away") {
		t.Fatalf("corrupt snapshot: exit %d, %q", exitCode(err), stderr)
	}
	if b, _ := os.ReadFile(files[0]); string(b) != "{broken" {
		t.Fatal("the corrupt snapshot was overwritten")
	}
	// Moved away, the next audit crawls again.
	os.Remove(files[0])
	if _, _, err := cli(t, srv, "audit", "--full", "--fail-on", "never"); err != nil {
		t.Fatalf("--full: %v", err)
	}
}

// --snapshot FILE opens a snapshot file offline: a read-only client on an
// in-process tenant that holds the file's objects.
func TestOpenSnapshotOffline(t *testing.T) {
	srv := served(t)
	file := filepath.Join(t.TempDir(), "tenant.json")
	if _, _, err := cli(t, srv, "snapshot", "export", "-o", file); err != nil {
		t.Fatal(err)
	}
	srv.Close() // the tenant is gone: the file is all there is
	tf := &targetFlags{snapshotFile: file}
	c, done, err := tf.open()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	orgs, err := client.Collect(c.Organizations(t.Context()))
	if err != nil || len(orgs) != 40 || !c.ReadOnly() || tf.offline == nil {
		t.Fatalf("offline: %d orgs, read-only %v, %v", len(orgs), c.ReadOnly(), err)
	}
	if !strings.Contains(tf.resolved.readOnlyWhy, "--snapshot") {
		t.Fatalf("read-only because %q", tf.resolved.readOnlyWhy)
	}
	tf = &targetFlags{snapshotFile: file, sandbox: true}
	if _, _, err := tf.open(); err == nil || !strings.Contains(err.Error(), "drop --sandbox") {
		t.Fatalf("--snapshot with --sandbox: %v", err)
	}
}

// A token that cannot read the grants: the audit still runs, and says
// that the rules on the grants were not run (a CI log shows why its
// findings are fewer).
func TestAuditSaysGrantRulesWereNotRun(t *testing.T) {
	srv := served(t)
	scopes := slices.DeleteFunc(sandbox.AllScopes(), func(s string) bool { return s == "read:client_grants" })
	_, stderr, _ := orgscope(t, "audit", "--domain", srv.Addr(), "--token", srv.Token(scopes...), "--read-only")
	if !strings.Contains(stderr, "the token lacks read:client_grants: the rules on the My Organization API's grants were not run") {
		t.Fatalf("the audit without read:client_grants:\n%s", stderr)
	}
}
