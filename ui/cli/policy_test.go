package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// The fleet's policies over the demo tenant: enterprise organizations on
// Globex Okta as members, no signup outside trials.
const fleetPolicies = `policies:
  - name: enterprise-orgs-sso
    description: enterprise customers sign in with Globex Okta, as members
    organizations: { metadata: { plan: enterprise } }
    links:
      - connection: globex-okta
        enabled: true
        assign_membership_on_login: true
        show_as_button: any
  - name: no-signup-outside-trials
    organizations: { not: { metadata: { plan: trial } } }
    links:
      - connection: Username-Password-Authentication
        is_signup_enabled: false
`

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// check lists the violations (exit 1), as text, JSON and SARIF; plan
// shows the requests; apply sends them as a journalled batch; then check
// passes (exit 0), and bulk undo puts the tenant back.
func TestPolicyCheckPlanApplyUndo(t *testing.T) {
	srv := served(t)
	fleet := writeFile(t, "fleet.yaml", fleetPolicies)
	out, stderr, err := cli(t, srv, "policy", "check", "-f", fleet)
	if exitCode(err) != 1 || !strings.Contains(out, "error enterprise-orgs-sso ("+fleet+":6:9)") ||
		!strings.Contains(out, "initech × globex-okta: link is absent, should be present") ||
		!strings.Contains(out, "globex × Username-Password-Authentication: is_signup_enabled is true, should be false") ||
		!strings.Contains(out, "19 violations in "+srv.Addr()+": 2 of 2 policies violated, in 19 organizations.") ||
		!strings.Contains(stderr, "19 violations of "+fleet) {
		t.Fatalf("check: %d\n%s\n%s", exitCode(err), out, stderr)
	}
	out, _, _ = cli(t, srv, "policy", "check", "-f", fleet, "--format", "json")
	var report struct {
		Summary struct {
			Violations int `json:"violations"`
		} `json:"summary"`
		Violations []model.PolicyViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil || report.Summary.Violations != 19 || report.Violations[0].Source.Line != 6 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	out, _, _ = cli(t, srv, "policy", "check", "-f", fleet, "--format", "sarif")
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || len(sarif.Runs[0].Results) != 19 {
		t.Fatalf("sarif: %v\n%s", err, out)
	}
	r := sarif.Runs[0].Results[18]
	if r.RuleID != "policy/no-signup-outside-trials" || sarif.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID ||
		r.Locations[0].PhysicalLocation.Region.StartLine != 14 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != filepath.ToSlash(fleet) {
		t.Fatalf("a SARIF result: %+v", r)
	}

	out, _, err = cli(t, srv, "policy", "plan", "-f", fleet)
	if err != nil || !strings.Contains(squash(out), "add initech × globex-okta") ||
		!strings.Contains(squash(out), "3 add, 16 update, 0 remove, 0 skip, 0 refused: 19 requests") {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	// Read-only: the plan shows, nothing is sent.
	before := srv.Stats()
	if _, stderr, err := cli(t, srv, "policy", "apply", "-f", fleet, "--yes", "--read-only"); exitCode(err) == 0 || !strings.Contains(stderr, "read-only") {
		t.Fatalf("apply when read-only: %v %s", err, stderr)
	}
	if srv.Stats() != before {
		t.Fatal("a read-only apply changed the tenant")
	}
	journal := filepath.Join(t.TempDir(), "fleet.jsonl")
	out, stderr, err = cli(t, srv, "policy", "apply", "-f", fleet, "--yes", "--journal", journal)
	if err != nil || strings.Count(out, "✓") != 19 || !strings.Contains(out, "✓ add initech × globex-okta") ||
		!strings.Contains(stderr, "19 changes done; orgscope bulk undo "+journal) {
		t.Fatalf("apply: %v\n%s\n%s", err, out, stderr)
	}
	if l, ok := linkOf(t, srv, "initech", "globex-okta"); !ok || !l.IsEnabled || !l.AssignMembershipOnLogin {
		t.Fatalf("initech's globex-okta after the apply: %+v %v", l, ok)
	}
	out, _, err = cli(t, srv, "policy", "check", "-f", fleet)
	if err != nil || !strings.Contains(out, "complies with the 2 policies of "+fleet) {
		t.Fatalf("check after the apply: %v\n%s", err, out)
	}
	// The batch undoes as any other: every organization as it was, but
	// kramerica, whose link had signup without membership (made before
	// Auth0's rule), which Auth0 would refuse now.
	out, _, err = cli(t, srv, "bulk", "undo", journal, "--yes")
	if exitCode(err) != 1 || strings.Count(out, "✓") != 18 || !strings.Contains(out, "✓ remove initech × globex-okta") ||
		!strings.Contains(squash(out), "refused kramerica × Username-Password-Authentication Auth0 refuses the link as it was: Only database connections") {
		t.Fatalf("undo: %v\n%s", err, out)
	}
	if _, _, err := cli(t, srv, "policy", "check", "-f", fleet); exitCode(err) != 1 {
		t.Fatalf("check after the undo: %v", err)
	}
}

// An invalid file: every problem at file:line:column, exit 2, nothing
// read of the tenant beyond its connections.
func TestPolicyInvalidFile(t *testing.T) {
	srv := served(t)
	bad := writeFile(t, "bad.yaml", `policies:
  - name: a
    organizations: { all: true }
    links:
      - connection: google-oauth2
        is_signup_enabled: true
      - connection: nope
        enabled: true
        membership: true
`)
	for _, args := range [][]string{{"check"}, {"plan"}, {"apply", "--yes"}} {
		verb := args[0]
		_, stderr, err := cli(t, srv, append(append([]string{"policy"}, args...), "-f", bad)...)
		if exitCode(err) != 2 || !strings.Contains(stderr, bad+`:9:9: unknown key "membership" in a link`) {
			t.Fatalf("%s: %d %s", verb, exitCode(err), stderr)
		}
	}
	bad2 := writeFile(t, "bad2.yaml", strings.Replace(fleetPolicies, "globex-okta", "globex-oktaa", 1)+`      - connection: google-oauth2
        is_signup_enabled: true
`)
	_, stderr, err := cli(t, srv, "policy", "check", "-f", bad2)
	if exitCode(err) != 2 || !strings.Contains(stderr, bad2+`:6:9: connection "globex-oktaa": the tenant has no connection by that name or id`) ||
		!strings.Contains(stderr, bad2+":16:9: is_signup_enabled: google-oauth2 is a google-oauth2 connection; Auth0 refuses it") {
		t.Fatalf("unresolved: %d %s", exitCode(err), stderr)
	}
	if _, stderr, err := cli(t, srv, "policy", "check"); exitCode(err) != 2 || !strings.Contains(stderr, "say which policy file with -f FILE") {
		t.Fatalf("no file: %d %s", exitCode(err), stderr)
	}
}

// The audit checks a policy file with its rules: each violation a finding
// of rule policy/NAME.
func TestAuditChecksThePolicyFile(t *testing.T) {
	srv := served(t)
	fleet := writeFile(t, "fleet.yaml", fleetPolicies)
	out, _, err := cli(t, srv, "audit", "-f", fleet, "--format", "json")
	var report struct {
		Findings []model.Finding `json:"findings"`
	}
	if jerr := json.Unmarshal([]byte(out), &report); jerr != nil || exitCode(err) != 1 {
		t.Fatalf("audit: %v %v\n%s", err, jerr, out)
	}
	n := 0
	for _, f := range report.Findings {
		if strings.HasPrefix(f.Rule, "policy/") {
			n++
			if f.Location == nil || f.Location.File != fleet {
				t.Fatalf("a policy finding without its place: %+v", f)
			}
		}
	}
	if n != 19 {
		t.Fatalf("%d policy findings, want 19", n)
	}
}

// linkOf reads an organization's link to a connection from the tenant.
func linkOf(t *testing.T, srv *sandbox.Server, org, conn string) (model.OrganizationConnection, bool) {
	t.Helper()
	id, secret := srv.AdminCredentials()
	c, err := client.New(client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Organization(t.Context(), org)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := client.Collect(c.OrganizationConnections(t.Context(), o.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Connection.Name == conn {
			return l, true
		}
	}
	return model.OrganizationConnection{}, false
}

// docs/policy.md shows what orgscope does: its example checks on the demo
// tenant, and each error block is what policy check prints for its file.
func TestPolicyDocIsTrue(t *testing.T) {
	srv := served(t)
	data, err := os.ReadFile("../../docs/policy.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	example := regexp.MustCompile("(?s)## An example\n\n```yaml\n(.*?)```").FindStringSubmatch(doc)
	if example == nil {
		t.Fatal("docs/policy.md has no example")
	}
	if _, stderr, err := cli(t, srv, "policy", "check", "-f", writeFile(t, "example.yaml", example[1])); exitCode(err) == 2 {
		t.Fatalf("the example does not check: %s", stderr)
	}
	blocks := regexp.MustCompile("(?s)<!-- errors of docs/testdata/(\\S+) -->\n```\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) != 2 {
		t.Fatalf("%d error blocks in docs/policy.md", len(blocks))
	}
	t.Chdir("../../docs/testdata")
	for _, b := range blocks {
		_, stderr, err := cli(t, srv, "policy", "check", "-f", b[1])
		if exitCode(err) != 2 || stderr != b[2] {
			t.Errorf("policy check -f %s: exit %d, printed\n%s\nthe doc says\n%s", b[1], exitCode(err), stderr, b[2])
		}
	}
}

// A policy file is untrusted text too: a metadata key with an escape in it
// shows escaped in the check's text.
func TestPolicyFileTextIsCleaned(t *testing.T) {
	srv := served(t)
	file := writeFile(t, "evil.yaml", "policies:\n  - name: a\n    organizations: { name: globex }\n    organization: { metadata_keys: [\"x\\e[5my\"] }\n")
	out, stderr, err := cli(t, srv, "policy", "check", "-f", file)
	if exitCode(err) != 1 || rawControl(out) != "" || !strings.Contains(out, `metadata.x\x1b[5my is absent`) {
		t.Fatalf("check: %d %q\n%s", exitCode(err), stderr, strings.ToValidUTF8(out, "?"))
	}
}
