package cli

import (
	"bytes"
	"context"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// cli runs orgscope with args against a served sandbox.
func cli(t *testing.T, srv *sandbox.Server, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	id, secret := srv.AdminCredentials()
	var out, errOut bytes.Buffer
	all := append(args, "--domain", srv.Addr(), "--client-id", id, "--client-secret", secret)
	err = run(context.Background(), "", all, &out, &errOut)
	return out.String(), errOut.String(), err
}

func served(t *testing.T) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.NewServer(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	// Snapshots are kept in the state directory, tenants in the config
	// directory: one of each per test.
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	return srv
}
