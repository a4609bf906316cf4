package cli

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/model"
)

// The tracer from the command line: a working path exits 0 with the
// verdict, a broken one exits 1 with the broken step and its fix, a trace
// that cannot run exits 2; -o json gives the steps; --snapshot works
// offline, saying what a snapshot cannot tell.
func TestTraceThroughTheCLI(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "trace", "--client", "Acme Cloud Dashboard", "--org", "globex", "--email", "alice@globex.test")
	if err != nil || !strings.Contains(out, "alice@globex.test signs in to Acme Cloud Dashboard in globex through Username-Password-Authentication (the identifier field) and becomes a member.") ||
		!strings.Contains(out, "✓ login prompt") {
		t.Fatalf("a working path: %v\n%s", err, out)
	}
	// oscorp's globex-okta link does not assign membership: the members
	// read say bob is one and eve is not.
	out, _, err = cli(t, srv, "trace", "--client", "Acme Admin Console", "--org", "oscorp", "--connection", "globex-okta", "--email", "bob@oscorp.test")
	if err != nil || !strings.Contains(out, "the user is a member of oscorp") {
		t.Fatalf("a member: %v\n%s", err, out)
	}
	out, _, err = cli(t, srv, "trace", "--client", "Acme Admin Console", "--org", "oscorp", "--connection", "globex-okta", "--email", "eve@oscorp.test")
	if exitCode(err) != 1 || !strings.Contains(out, "✗ email") || !strings.Contains(out, "fix: Add the user to oscorp, or turn assign_membership_on_login on for globex-okta.") {
		t.Fatalf("not a member: %d\n%s", exitCode(err), out)
	}
	// umbrella-corp's only connection is a hidden SAML one, and the
	// tenant's identifier-first is off.
	out, stderr, err := cli(t, srv, "trace", "--client", "Acme Cloud Dashboard", "--org", "umbrella-corp")
	if exitCode(err) != 1 || !strings.Contains(out, "✗ login prompt") || !strings.Contains(out, "fix: Show umbrella-saml as a button, or turn identifier-first on") ||
		!strings.Contains(stderr, "the login path is broken: login prompt") {
		t.Fatalf("a broken path: %d %q\n%s", exitCode(err), stderr, out)
	}
	// Turn identifier-first on and give umbrella a verified discovery
	// domain: an address of that domain gets there.
	do := func(method, path, body string) map[string]any {
		req, _ := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.Token("update:prompts", "create:organization_discovery_domains", "read:organizations"))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode >= 300 {
			t.Fatalf("%s %s: %v %v", method, path, res, err)
		}
		defer res.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(res.Body).Decode(&m)
		return m
	}
	do("PATCH", "/api/v2/prompts", `{"identifier_first":true}`)
	id := do("GET", "/api/v2/organizations/name/umbrella-corp", "")["id"].(string)
	do("POST", "/api/v2/organizations/"+id+"/discovery-domains", `{"domain":"umbrella.test","status":"verified"}`)
	out, _, err = cli(t, srv, "trace", "--client", "Acme Cloud Dashboard", "--org", "umbrella-corp", "--email", "eve@umbrella.test", "-o", "json")
	var tr model.Trace
	if jerr := json.Unmarshal([]byte(out), &tr); jerr != nil || err != nil || !tr.Works ||
		!strings.Contains(tr.Verdict, "through umbrella-saml (home realm discovery by umbrella.test)") || len(tr.Steps) != 5 {
		t.Fatalf("home realm discovery: %v %v\n%s", err, jerr, out)
	}

	// Offline: the snapshot keeps identifier-first (on, since above) but
	// no discovery domains, which it says are unknown.
	file := filepath.Join(t.TempDir(), "tenant.json")
	if _, _, err := cli(t, srv, "snapshot", "export", "-o", file); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli(t, srv, "trace", "--snapshot", file, "--client", "Acme Mobile", "--org", "globex")
	if exitCode(err) != 1 || !strings.Contains(out, "organization_usage -: the application does not use organizations") {
		t.Fatalf("offline, an application that does not use organizations: %v\n%s", err, out)
	}
	out, _, err = cli(t, srv, "trace", "--snapshot", file, "--client", "Acme Cloud Dashboard", "--org", "umbrella-corp")
	if err != nil || !strings.Contains(out, "identifier-first: on") || !strings.Contains(out, "the organization's discovery domains are unknown") {
		t.Fatalf("offline, what a snapshot cannot tell: %v\n%s", err, out)
	}
	if _, stderr, err := cli(t, srv, "trace", "--client", "x"); exitCode(err) != 2 || !strings.Contains(stderr, "say which application and organization") {
		t.Fatalf("no organization: %d %q", exitCode(err), stderr)
	}
	if _, stderr, err := cli(t, srv, "trace", "--snapshot", filepath.Join(t.TempDir(), "none.json"), "--client", "x", "--org", "y"); exitCode(err) != 2 ||
		!strings.Contains(stderr, "cannot read the snapshot") {
		t.Fatalf("a missing snapshot: %d %q", exitCode(err), stderr)
	}
	out, _, err = cli(t, srv, "trace", "--client", "Nope", "--org", "globex")
	if exitCode(err) != 1 || !strings.Contains(out, `the tenant has no application "Nope"`) || !strings.Contains(out, "· organization") {
		t.Fatalf("an unknown application: %v\n%s", err, out)
	}
}

// Usage mistakes are "could not run" (2), never "broken" (1): an unknown
// flag, a connection the tenant lacks, a flag given as "".
func TestTraceUsageErrorsExitTwo(t *testing.T) {
	srv := served(t)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--bogus"}, "unknown flag: --bogus"},
		{[]string{"stray"}, "unknown command"},
		{[]string{"--connection", "nope"}, `the tenant has no connection "nope"`},
		{[]string{"--email", ""}, "--email is empty"},
		{[]string{"--connection", ""}, "--connection is empty"},
	} {
		args := append([]string{"trace", "--client", "Acme Admin Console", "--org", "globex"}, c.args...)
		_, stderr, err := cli(t, srv, args...)
		if exitCode(err) != 2 || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d, %q", c.args, exitCode(err), stderr)
		}
	}
}
