package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/model"
)

// orgs delegation: what globex's admins can do through each application,
// as text and JSON; a name that matches nothing is one sentence and exit 1.
func TestOrgsDelegation(t *testing.T) {
	srv := served(t)
	out, _, err := cli(t, srv, "orgs", "delegation", "globex")
	if err != nil || !strings.Contains(out, "globex's admins can edit globex-okta and list members, invite members and remove members without a permission ceiling or the self-assignment restriction through Acme Admin Console.") ||
		!strings.Contains(out, "globex's admins can do nothing through Partner Portal: this grant is for the application itself") {
		t.Fatalf("delegation: %v\n%s", err, out)
	}
	out, _, err = cli(t, srv, "orgs", "delegation", "globex", "--client", "Acme Admin Console", "-o", "json")
	var ds []model.Delegation
	if jerr := json.Unmarshal([]byte(out), &ds); err != nil || jerr != nil || len(ds) != 1 || !ds[0].Works || len(ds[0].Connections) != 2 ||
		ds[0].Connections[0].MemberAccess != model.AccessLimited || !ds[0].Connections[0].Edit || ds[0].Connections[0].Delete {
		t.Fatalf("json: %v %v\n%s", err, jerr, out)
	}
	if _, stderr, err := cli(t, srv, "orgs", "delegation", "nope"); exitCode(err) != 1 || !strings.Contains(stderr, `no organization has the id or name "nope"`) {
		t.Fatalf("unknown org: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "orgs", "delegation", "globex", "--client", "Acme Mobile"); exitCode(err) != 1 || !strings.Contains(stderr, "no application with My Organization settings") {
		t.Fatalf("an application without settings: %v %q", err, stderr)
	}
}
