package cli

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/zalando/go-keyring"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/config"
)

// orgscope runs the command as a user types it: no credentials on the
// command line unless args has them.
func orgscope(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), "", args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// home gives the test its own config and state directories, no AUTH0_*
// variables, and an OS keyring that works (a mock) or not.
func home(t *testing.T, withKeyring bool) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("HOME", dir)
	for _, v := range []string{"AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_API_TOKEN"} {
		t.Setenv(v, "")
	}
	if withKeyring {
		keyring.MockInit()
	} else {
		keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided by any .service files"))
	}
	return dir
}

func configPath(t *testing.T) string {
	p, err := config.Path()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// login then use: the secret goes to the keyring, never to the config
// file, and later commands need no credentials.
func TestLoginWithKeyring(t *testing.T) {
	srv := served(t)
	home(t, true)
	id, secret := srv.AdminCredentials()
	t.Setenv("AUTH0_CLIENT_SECRET", secret)
	out, stderr, err := orgscope(t, "login", "--tenant", "dev", "--domain", srv.Addr(), "--client-id", id, "--no-input")
	if err != nil || !strings.Contains(out, "Logged in to dev") || !strings.Contains(out, "the OS keyring") {
		t.Fatalf("login: %v %s %s", err, out, stderr)
	}
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	cfg, _ := os.ReadFile(configPath(t))
	if strings.Contains(string(cfg), secret) || !strings.Contains(string(cfg), "name: dev") {
		t.Fatalf("config file:\n%s", cfg)
	}
	if fi, _ := os.Stat(configPath(t)); fi.Mode().Perm() != 0o600 {
		t.Fatalf("config file mode %v", fi.Mode().Perm())
	}
	if v, err := keyring.Get("orgscope", "dev"); err != nil || v != secret {
		t.Fatalf("keyring: %v", err)
	}
	out, _, err = orgscope(t, "orgs", "list", "--limit", "2")
	if err != nil || !strings.Contains(out, "globex") {
		t.Fatalf("orgs list from the stored tenant: %v\n%s", err, out)
	}
	out, _, _ = orgscope(t, "tenants")
	if !strings.Contains(out, "* dev") {
		t.Fatalf("tenants:\n%s", out)
	}
	out, _, err = orgscope(t, "logout")
	if err != nil || !strings.Contains(out, "Removed the secret of dev") {
		t.Fatalf("logout: %v %s", err, out)
	}
	if _, stderr, err := orgscope(t, "orgs", "list"); exitCode(err) == 0 || !strings.Contains(stderr, "orgscope login --tenant dev") {
		t.Fatalf("after logout: %v %s", err, stderr)
	}
}

// Without a keyring, login says so and stores nothing unless told to use
// the secrets file, which only its owner can read.
func TestLoginWithoutKeyring(t *testing.T) {
	srv := served(t)
	home(t, false)
	id, secret := srv.AdminCredentials()
	t.Setenv("AUTH0_CLIENT_SECRET", secret)
	_, stderr, err := orgscope(t, "login", "--tenant", "ci", "--domain", srv.Addr(), "--client-id", id, "--no-input")
	if exitCode(err) == 0 || !strings.Contains(stderr, "there is no OS keyring here") || !strings.Contains(stderr, "--secrets-file") {
		t.Fatalf("login without keyring: %v %s", err, stderr)
	}
	if _, err := os.Stat(configPath(t)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a refused login wrote the config file")
	}
	out, _, err := orgscope(t, "login", "--tenant", "ci", "--domain", srv.Addr(), "--client-id", id, "--no-input", "--secrets-file")
	if err != nil || !strings.Contains(out, "secrets.yaml (mode 0600)") {
		t.Fatalf("login --secrets-file: %v %s", err, out)
	}
	secrets := filepath.Join(filepath.Dir(configPath(t)), "secrets.yaml")
	if fi, err := os.Stat(secrets); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", fi, err)
	}
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	if out, _, err := orgscope(t, "orgs", "list", "--limit", "1"); err != nil {
		t.Fatalf("orgs list with the secrets file: %v %s", err, out)
	}
	// A secrets file others can read is refused, not used.
	os.Chmod(secrets, 0o644)
	if _, stderr, err := orgscope(t, "orgs", "list"); exitCode(err) == 0 || !strings.Contains(stderr, "chmod 600") {
		t.Fatalf("world-readable secrets file: %v %s", err, stderr)
	}
	// A secrets file that does not parse is reported, never echoed (it
	// holds secrets) and never rewritten.
	broken := "secrets:\n  ci: " + secret + "\n oops: [\n"
	os.WriteFile(secrets, []byte(broken), 0o600)
	os.Chmod(secrets, 0o600)
	if _, stderr, err := orgscope(t, "orgs", "list"); exitCode(err) == 0 || !strings.Contains(stderr, "does not parse") || strings.Contains(stderr, secret) {
		t.Fatalf("corrupt secrets file: %v %s", err, stderr)
	}
	if b, _ := os.ReadFile(secrets); string(b) != broken {
		t.Fatal("the corrupt secrets file was changed")
	}
	// Wrong credentials store nothing.
	t.Setenv("AUTH0_CLIENT_SECRET", "not-the-secret-at-all")
	_, stderr, err = orgscope(t, "login", "--tenant", "bad", "--domain", "127.0.0.1:1", "--client-id", id, "--no-input", "--secrets-file")
	if exitCode(err) == 0 || !strings.Contains(stderr, "nothing was stored") {
		t.Fatalf("bad login: %v %s", err, stderr)
	}
}

// Flags win over AUTH0_* variables, which win over the config file's
// tenant; --tenant names one; read-only follows the tenant's name unless
// set.
func TestTargetResolutionOrder(t *testing.T) {
	home(t, true)
	no := false
	file := &config.File{DefaultTenant: "dev", Tenants: []config.Tenant{
		{Name: "dev", Domain: "dev.eu.auth0.com", ClientID: "dev-client", MaxRPS: 5},
		{Name: "prod", Domain: "acme.eu.auth0.com", ClientID: "prod-client"},
		{Name: "prod-sandbox", Domain: "ps.eu.auth0.com", ClientID: "ps-client", ReadOnly: &no},
	}}
	secrets := config.Secrets{File: filepath.Join(t.TempDir(), "secrets.yaml")}
	for _, n := range []string{"dev", "prod", "prod-sandbox"} {
		if err := secrets.SetKeyring(n, n+"-secret"); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	resolve := func(args ...string) (resolvedTarget, error) {
		t.Helper()
		tf := &targetFlags{}
		cmd := &cobra.Command{Use: "orgscope"}
		tf.register(cmd)
		if err := cmd.PersistentFlags().Parse(args); err != nil {
			t.Fatal(err)
		}
		return tf.resolve(getenv, file, secrets)
	}
	r, err := resolve()
	if err != nil || r.name() != "dev" || r.cfg.Domain != "dev.eu.auth0.com" || r.cfg.ClientSecret != "dev-secret" || r.cfg.MaxRPS != 5 || r.cfg.ReadOnly {
		t.Fatalf("default tenant: %+v %v", r.cfg, err)
	}
	r, _ = resolve("--tenant", "prod")
	if r.cfg.ClientID != "prod-client" || r.cfg.ClientSecret != "prod-secret" || !r.cfg.ReadOnly {
		t.Fatalf("--tenant prod: %+v", r.cfg)
	}
	r, _ = resolve("--tenant", "prod", "--read-only=false")
	if r.cfg.ReadOnly {
		t.Fatal("--read-only=false did not win over the prod default")
	}
	r, _ = resolve("--tenant", "prod-sandbox")
	if r.cfg.ReadOnly {
		t.Fatal("read_only: false in the config did not win over the name")
	}
	env["AUTH0_CLIENT_SECRET"] = "env-secret"
	env["AUTH0_CLIENT_ID"] = "env-client"
	r, _ = resolve()
	if r.cfg.ClientSecret != "env-secret" || r.cfg.ClientID != "env-client" {
		t.Fatalf("env over config: %+v", r.cfg)
	}
	r, _ = resolve("--client-secret", "flag-secret")
	if r.cfg.ClientSecret != "flag-secret" || r.cfg.ClientID != "env-client" {
		t.Fatalf("flag over env: %+v", r.cfg)
	}
	// A domain from the environment picks its tenant; an unknown one none.
	env = map[string]string{"AUTH0_DOMAIN": "acme.eu.auth0.com"}
	r, _ = resolve()
	if r.name() != "prod" || !r.cfg.ReadOnly {
		t.Fatalf("AUTH0_DOMAIN of prod: %s %+v", r.name(), r.cfg)
	}
	env = map[string]string{"AUTH0_DOMAIN": "other-prod.us.auth0.com", "AUTH0_API_TOKEN": "tok"}
	r, _ = resolve()
	if r.tenant != nil || !r.cfg.ReadOnly || r.cfg.Token != "tok" {
		t.Fatalf("a domain outside the config: %+v", r)
	}
	if _, err := resolve("--tenant", "dev"); err == nil || !strings.Contains(err.Error(), "drop one of them") {
		t.Fatalf("--tenant against AUTH0_DOMAIN: %v", err)
	}
	if _, err := resolve("--tenant", "nope"); err == nil || !strings.Contains(err.Error(), "orgscope tenants lists them") {
		t.Fatalf("unknown tenant: %v", err)
	}
}

// A config file that does not parse is reported with its line, and no
// command writes over it.
func TestCorruptConfigIsReportedAndKept(t *testing.T) {
	home(t, true)
	path := configPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	bad := "default_tenant: dev\ntenants:\n  - name: dev\n    domian: dev.eu.auth0.com\n"
	os.WriteFile(path, []byte(bad), 0o600)
	for _, args := range [][]string{{"tenants"}, {"tenants", "use", "dev"}, {"orgs", "list"}} {
		_, stderr, err := orgscope(t, args...)
		if exitCode(err) == 0 || !strings.Contains(stderr, path) || !strings.Contains(stderr, "line 4") || !strings.Contains(stderr, "domian") {
			t.Fatalf("%v: exit %d, %q", args, exitCode(err), stderr)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != bad {
		t.Fatal("the corrupt config was changed")
	}
	os.WriteFile(path, []byte("tenants: [\n"), 0o600)
	if _, stderr, _ := orgscope(t, "tenants"); !strings.Contains(stderr, "line") {
		t.Fatalf("a YAML syntax error: %q", stderr)
	}
}

// Saving keeps what the user wrote: comments, other tenants as they were.
func TestConfigSaveKeepsComments(t *testing.T) {
	home(t, true)
	path := configPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte("# my tenants\ntenants:\n  # the shared dev tenant\n  - name: dev\n    domain: dev.eu.auth0.com\n    client_id: abc # rotated in May\n  - name: stage\n    domain: stage.eu.auth0.com\n"), 0o644)
	if _, stderr, err := orgscope(t, "tenants", "use", "stage"); err != nil {
		t.Fatal(stderr)
	}
	if _, stderr, err := orgscope(t, "tenants", "remove", "stage"); err != nil {
		t.Fatal(stderr)
	}
	if _, stderr, err := orgscope(t, "tenants", "use", "dev"); err != nil {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"# my tenants", "# the shared dev tenant", "client_id: abc # rotated in May", "default_tenant: dev"} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("lost %q:\n%s", want, b)
		}
	}
	if strings.Contains(string(b), "stage") {
		t.Fatalf("the removed tenant is still there:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved with mode %v", fi.Mode().Perm())
	}
	out, _, _ := orgscope(t, "config", "path")
	if strings.TrimSpace(out) != path {
		t.Fatalf("config path: %q, want %q", out, path)
	}
}

// auth0-cli's tenants come in with their domains and client ids, never
// their tokens, and its file is only read.
func TestImportAuth0CLI(t *testing.T) {
	dir := home(t, true)
	a0 := filepath.Join(dir, ".config", "auth0", "config.json")
	os.MkdirAll(filepath.Dir(a0), 0o700)
	const token = "eyJhbGciOiJSUzI1NiJ9.secret-access-token"
	data := `{"install_id":"x","default_tenant":"acme-dev.eu.auth0.com","tenants":{
		"acme-dev.eu.auth0.com":{"name":"acme-dev.eu.auth0.com","domain":"acme-dev.eu.auth0.com","access_token":"` + token + `","client_id":"cid123","expires_at":"2026-01-01T00:00:00Z"},
		"acme-prod.us.auth0.com":{"name":"acme-prod","domain":"acme-prod.us.auth0.com","access_token":"` + token + `"}}}`
	os.WriteFile(a0, []byte(data), 0o600)
	out, stderr, err := orgscope(t, "tenants", "import-auth0-cli")
	if err != nil || !strings.Contains(out, "2 added") {
		t.Fatalf("import: %v %s %s", err, out, stderr)
	}
	if b, _ := os.ReadFile(a0); string(b) != data {
		t.Fatal("auth0-cli's config was changed")
	}
	cfg, _ := os.ReadFile(configPath(t))
	if strings.Contains(string(cfg), token) || !strings.Contains(string(cfg), "client_id: cid123") || !strings.Contains(string(cfg), "default_tenant: acme-dev") {
		t.Fatalf("imported config:\n%s", cfg)
	}
	out, _, _ = orgscope(t, "tenants")
	if !strings.Contains(out, "* acme-dev") || !strings.Contains(out, "acme-prod") || !strings.Contains(out, "read-only (prod)") {
		t.Fatalf("tenants after import:\n%s", out)
	}
	out, _, _ = orgscope(t, "tenants", "import-auth0-cli")
	if !strings.Contains(out, "0 added, 2 already known") {
		t.Fatalf("second import:\n%s", out)
	}
}

// doctor says what each token can do, and what each missing thing needs.
func TestDoctorBySandboxTokens(t *testing.T) {
	srv := served(t)
	home(t, true)
	out, _, err := cli(t, srv, "doctor")
	if err != nil || !strings.Contains(out, "mode     read-write") || !strings.Contains(out, "24 of 24 work.") {
		t.Fatalf("admin doctor: %v\n%s", err, out)
	}
	out, _, err = orgscope(t, "doctor", "--domain", srv.Addr(), "--client-id", sandbox.ReadOnlyClientID, "--client-secret", srv.ClientSecret(sandbox.ReadOnlyClientID))
	if err != nil || !strings.Contains(out, "needs create:organization_connections") || strings.Contains(out, "24 of 24") {
		t.Fatalf("read-only client doctor: %v\n%s", err, out)
	}
	line := func(out, what string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, what) {
				return strings.Join(strings.Fields(strings.TrimPrefix(l, what)), " ")
			}
		}
		return ""
	}
	tok := srv.Token("read:organizations", "read:organization_connections")
	out, _, err = orgscope(t, "doctor", "--domain", srv.Addr(), "--token", tok, "--read-only")
	if err != nil || line(out, "browse organizations") != "ok" || line(out, "browse connections") != "needs read:connections" ||
		line(out, "refresh snapshots from the tenant log") != "needs read:logs" || !strings.Contains(out, "2 of 24 work.") ||
		!strings.Contains(out, "read-only, by --read-only") {
		t.Fatalf("two-scope token doctor: %v\n%s", err, out)
	}
	tok = srv.Token("read:organizations", "create:organization_connections")
	out, _, _ = orgscope(t, "doctor", "--domain", srv.Addr(), "--token", tok, "--read-only")
	if line(out, "enable connections on organizations") != "off: read-only" {
		t.Fatalf("a write under --read-only:\n%s", out)
	}
}

// No secret appears in anything orgscope writes or prints: outputs,
// errors, the --debug-http file, the config file, snapshots.
func TestNoSecretInAnyArtefact(t *testing.T) {
	srv := served(t)
	dir := home(t, false)
	id, secret := srv.AdminCredentials()
	debug := filepath.Join(dir, "debug.txt")
	var outputs []string
	do := func(args ...string) {
		out, errOut, err := orgscope(t, args...)
		outputs = append(outputs, out, errOut)
		if err != nil {
			outputs = append(outputs, err.Error())
		}
	}
	t.Setenv("AUTH0_CLIENT_SECRET", secret)
	do("login", "--tenant", "dev", "--domain", srv.Addr(), "--client-id", id, "--no-input", "--secrets-file", "--debug-http", debug)
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	do("doctor", "--debug-http", debug)
	do("audit", "--format", "json", "--debug-http", debug)
	do("snapshot", "refresh", "--debug-http", debug)
	do("tenants")
	do("orgs", "list", "--client-secret", secret+"x", "--debug-http", debug) // a wrong secret: an error
	do("connections", "list", "-o", "json", "--debug-http", debug)
	for i, o := range outputs {
		if strings.Contains(o, secret) {
			t.Fatalf("output %d shows the secret:\n%s", i, o)
		}
	}
	secretsFile := filepath.Join(filepath.Dir(configPath(t)), "secrets.yaml")
	files := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == secretsFile {
			return nil
		}
		files++
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the secret", path)
		}
		return nil
	})
	if files < 3 {
		t.Fatalf("only %d files written: the test looked at nothing", files)
	}
	if b, _ := os.ReadFile(debug); !bytes.Contains(b, []byte("/oauth/token")) {
		t.Fatal("the debug file recorded no token request")
	}
}

// A token stands for the secret: login stores it, the tenant's auth is
// token, and later commands use it.
func TestLoginWithToken(t *testing.T) {
	srv := served(t)
	home(t, true)
	tok := srv.Token("read:organizations", "read:organization_connections")
	t.Setenv("AUTH0_API_TOKEN", tok)
	out, stderr, err := orgscope(t, "login", "--tenant", "ci", "--domain", srv.Addr())
	if err != nil || !strings.Contains(out, "Logged in to ci") {
		t.Fatalf("login with a token: %v %s %s", err, out, stderr)
	}
	t.Setenv("AUTH0_API_TOKEN", "")
	cfg, _ := os.ReadFile(configPath(t))
	if !strings.Contains(string(cfg), "auth: token") || strings.Contains(string(cfg), tok) {
		t.Fatalf("config:\n%s", cfg)
	}
	out, _, err = orgscope(t, "doctor")
	if err != nil || !strings.Contains(out, "a Management API token") || !strings.Contains(out, "2 of 24 work.") {
		t.Fatalf("doctor with the stored token: %v\n%s", err, out)
	}
}

// :tenant lists every tenant read-only in a session started with
// --read-only (the switch keeps the flag), and as configured otherwise.
func TestTenantChoicesKeepTheSessionReadOnly(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, err := config.Path()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := config.Update(path, func(f *config.File) error {
		return f.PutTenant(config.Tenant{Name: "dev", Domain: "dev.example.auth0.com", ClientID: "id"})
	}); err != nil {
		t.Fatal(err)
	}
	for _, readOnly := range []bool{false, true} {
		list, err := listTenants(readOnly)
		if err != nil || len(list) != 1 || list[0].ReadOnly != readOnly {
			t.Fatalf("--read-only %v: %+v %v", readOnly, list, err)
		}
	}
}
