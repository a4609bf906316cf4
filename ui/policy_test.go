package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

const screenPolicies = `policies:
  - name: enterprise-orgs-sso
    organizations: { metadata: { plan: enterprise } }
    links:
      - connection: globex-okta
        enabled: true
        assign_membership_on_login: true
  - name: named-well
    severity: warning
    organizations: { name: "wayne-*" }
    organization: { metadata_keys: [plan] }
`

func policyFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fleet.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// :policy asks for the file (none configured), reads the tenant, lists the
// violations; x on a marked one plans just it, through the bulk screen,
// which sends it; the check then shows the rest.
func TestPolicyScreen(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{})
	a := startApp(t, c, 80, 24)
	path := policyFile(t, screenPolicies)
	a, _ = pump(a, goTo("policy", "", 0)...)
	mustContain(t, a, "Policy file")
	golden(t, a, "form")
	a, _ = pump(a, append(typed(path), press("enter"))...)
	mustContain(t, a, "enterprise-orgs-sso", "initech", "link globex-okta", "absent → present", "named-well", "metadata.plan")
	golden(t, a)
	// The bounds: no plan fixes them.
	a, _ = pump(a, press("G"))
	mustContain(t, a, "must fix it: orgscope cannot choose the value")
	a, _ = pump(a, press("x"))
	mustContain(t, a, "no plan can fix that")
	// Mark initech's (the first), apply it.
	a, _ = pump(a, press("g"), press("space"))
	mustContain(t, a, "✓ enterprise-orgs-")
	a, _ = pump(a, press("x"))
	if !strings.HasPrefix(a.TopTitle(), "Bulk change") {
		t.Fatalf("x opened %q", a.TopTitle())
	}
	mustContain(t, a, "comply with fleet.yaml (1 connection)", "initech × globex-okta")
	if strings.Contains(screenText(a), "stark-industries") {
		t.Fatal("the plan holds a violation not marked")
	}
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "finished")
	if l := linkTo(t, c, "initech", "globex-okta"); l == nil || !l.AssignMembershipOnLogin || !l.IsEnabled {
		t.Fatalf("initech's link after the run: %+v", l)
	}
	// Back: the tenant read again and checked, initech complies now.
	a, _ = pump(a, press("esc"))
	if strings.Contains(screenText(a), "initech") {
		t.Fatalf("initech still listed:\n%s", screenText(a))
	}
	mustContain(t, a, "stark-industries")
	// B: all that is left, in one plan.
	a, _ = pump(a, press("B"))
	mustContain(t, a, "stark-industries × globex-okta", "weyland-yutani × globex-okta", "1 violation left to a person")
}

// A file with problems: each at file:line:column, on the screen; e picks
// another file, the one typed kept in the form.
func TestPolicyScreenInvalidFile(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a.session.policyFile = policyFile(t, "policies:\n  - name: a\n    organisations: { all: true }\n")
	a, _ = pump(a, goTo("policy", "", 0)...)
	mustContain(t, a, "fleet.yaml cannot be checked", `3:5: unknown key "organisations"`, "e picks another file")
	golden(t, a)
	a, _ = pump(a, press("e"))
	mustContain(t, a, "Policy file", "fleet.yaml")
	// esc: back to the problems, not out.
	a, _ = pump(a, press("esc"))
	mustContain(t, a, "cannot be checked")
}

// The audit checks the tenant's policy file with its rules; a file it
// cannot check is a finding that says so.
func TestAuditChecksThePolicyFile(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 120, 30)
	a.session.policyFile = policyFile(t, screenPolicies)
	a, _ = pump(a, goTo("audit", "", 0)...)
	mustContain(t, a, "policy/enterprise-orgs-sso", "policy/named-well")
	b, _ := sandboxApp(t, sandbox.Options{}, 120, 30)
	b.session.policyFile = policyFile(t, "policies: [")
	b, _ = pump(b, goTo("audit", "", 0)...)
	mustContain(t, b, "policy-file", "the policy file cannot be checked: ")
}

// A policy that selects no organization is said: a mistyped glob would
// pass silently otherwise.
func TestPolicyScreenSaysIdlePolicies(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a.session.policyFile = policyFile(t, "policies:\n  - name: typo\n    organizations: { name: \"glob3x\" }\n    links: [ { connection: globex-okta, enabled: true } ]\n")
	a, _ = pump(a, goTo("policy", "", 0)...)
	if !strings.Contains(a.status.flash, "policy typo selects no organization") {
		t.Fatalf("flash %q\n%s", a.status.flash, screenText(a))
	}
}

// A plan with refusals: the run sends the rest, and its line says how many
// were refused and not sent (its results list only what it sent).
func TestPolicyRunSaysItsRefusals(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 100, 30)
	a.session.policyFile = policyFile(t, `policies:
  - name: okta-on
    organizations: { name: "initech" }
    links: [ { connection: globex-okta, enabled: true } ]
  - name: members-by-invitation
    organizations: { name: "globex" }
    links: [ { connection: Username-Password-Authentication, assign_membership_on_login: false } ]
`)
	a, _ = pump(a, goTo("policy", "", 0)...)
	a, _ = pump(a, press("B"))
	mustContain(t, a, "1 add", "1 refused")
	a, _ = pump(a, press("enter"))
	mustContain(t, a, "finished", "1 refused, not sent")
}

// At 80 columns the table gives the width to what is long: a violation's
// connection and setting show whole beside a long policy name.
func TestPolicyScreenLongNames(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
	a.session.policyFile = policyFile(t, `policies:
  - name: database-signup-needs-membership-everywhere
    organizations: { all: true }
    links:
      - connection: Username-Password-Authentication
        assign_membership_on_login: true
`)
	a, _ = pump(a, goTo("policy", "", 0)...)
	mustContain(t, a, "wayne-enterprises", "assign_membership_on_login User", "database-signup-needs-membership-everywhere, fleet.yaml:6:9")
	golden(t, a)
}
