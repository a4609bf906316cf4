package sandbox_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestStateFileKeepsTheTenant(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tenant.json")
	a := start(t, sandbox.Options{StateFile: path})
	id := a.obj("POST", "/api/v2/organizations", map[string]any{"name": "persisted"}, 201)["id"].(string)
	a.obj("POST", "/api/v2/organizations/"+id+"/connections", map[string]any{"connection_id": a.connID("github")}, 201)
	secret := a.srv.ClientSecret(sandbox.AdminClientID)
	a.srv.Close()

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode %v: it holds client secrets, want 0600", info.Mode().Perm())
	}
	b := start(t, sandbox.Options{StateFile: path})
	if got := b.obj("GET", "/api/v2/organizations/"+id, nil, 200)["name"]; got != "persisted" {
		t.Fatalf("reloaded org name %v", got)
	}
	if l := b.list("/api/v2/organizations/" + id + "/connections"); len(l) != 1 {
		t.Fatalf("reloaded links: %v", l)
	}
	if b.srv.ClientSecret(sandbox.AdminClientID) != secret {
		t.Fatal("admin secret changed across a reload")
	}
	if l := b.list("/api/v2/logs?from=0&take=100"); len(l) != 2 {
		t.Fatalf("reloaded logs: %d events, want 2", len(l))
	}
	// New objects sort after the reloaded ones in checkpoint order.
	b.obj("POST", "/api/v2/organizations", map[string]any{"name": "after-reload"}, 201)
	all := b.obj("GET", "/api/v2/organizations?take=100", nil, 200)["organizations"].([]any)
	if name(all[len(all)-1]) != "after-reload" {
		t.Fatalf("last in checkpoint order: %s", name(all[len(all)-1]))
	}
}

func TestCorruptStateFileIsReportedAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tenant.json")
	const junk = `{"version":1,"organizations":[{`
	if err := os.WriteFile(path, []byte(junk), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sandbox.New(sandbox.Options{StateFile: path})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("error %v must name the file and say it is corrupt", err)
	}
	if b, _ := os.ReadFile(path); string(b) != junk {
		t.Fatal("the corrupt file was overwritten")
	}
	if err := os.WriteFile(path, []byte(`{"version":99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.New(sandbox.Options{StateFile: path}); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Fatalf("unknown version: %v", err)
	}
}

func TestGeneratedTenantIsDeterministic(t *testing.T) {
	a := start(t, sandbox.Options{Orgs: 500, Seed: 42})
	b := start(t, sandbox.Options{Orgs: 500, Seed: 42})
	c := start(t, sandbox.Options{Orgs: 500, Seed: 43})
	pa := a.obj("GET", "/api/v2/organizations?take=100", nil, 200)["organizations"].([]any)
	pb := b.obj("GET", "/api/v2/organizations?take=100", nil, 200)["organizations"].([]any)
	pc := c.obj("GET", "/api/v2/organizations?take=100", nil, 200)["organizations"].([]any)
	jsonEqual(t, mustJSON(t, pa), string(mustJSON(t, pb)))
	if string(mustJSON(t, pa)) == string(mustJSON(t, pc)) {
		t.Fatal("another seed generated the same organizations")
	}
	st := a.srv.Stats()
	if st.Organizations != 500 || st.Links < 500 || st.Links > 2000 {
		t.Fatalf("stats %+v: want 500 orgs with 1–4 links each", st)
	}
	id := pa[0].(map[string]any)["id"].(string)
	if l := a.list("/api/v2/organizations/" + id + "/enabled_connections"); len(l) == 0 {
		t.Fatal("a generated org has no links")
	}
}
