package cli

import (
	"strings"
	"testing"
)

func TestListCommands(t *testing.T) {
	srv := served(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"connections", "list", "--strategy", "okta"}, "globex-okta"},
		{[]string{"profiles", "list"}, "Okta-Partners"},
		{[]string{"clients", "list"}, "missing (cop_"},
		{[]string{"orgs", "show", "globex"}, "Globex SSO"},
	} {
		out, stderr, err := cli(t, srv, c.args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("%v: %v %s\n%s", c.args, err, stderr, out)
		}
	}
	_, stderr, err := cli(t, srv, "orgs", "show", "no-such-org")
	if err == nil || strings.TrimSpace(stderr) != `orgscope: no organization has the id or name "no-such-org"` {
		t.Fatalf("missing org: %q", stderr)
	}
}
