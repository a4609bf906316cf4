package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// rawControl names what in a command's output could drive a terminal: an
// ESC, a C0 control other than tab and newline, DEL, a C1 control, a bidi
// override ("" when there is none). The commands print no colours when
// they do not write to a terminal, so there is no SGR to allow.
func rawControl(out string) string {
	for _, r := range out {
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return strings.ToValidUTF8(string(r), "?")
		}
	}
	return ""
}

// Every command that prints the tenant's text, in every format, over a
// tenant whose free-text fields carry every family of control sequence
// and spreadsheet formulas: nothing comes out raw, the planted text shows
// as escapes, JSON stays valid and keeps the exact strings, and no CSV
// field starts a formula.
func TestHostileTenantInEveryCommand(t *testing.T) {
	srv, err := sandbox.NewServer(sandbox.Options{Hostile: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	// A policy every organization breaks: evil-title's links show in it.
	hostilePolicy := writeFile(t, "hostile.yaml", `policies:
  - name: evil
    organizations: { all: true }
    links: [ { connection: evil-saml, enabled: true, show_as_button: false } ]
    organization: { display_name: "^[a-z]+$" }
`)
	before, after := filepath.Join(t.TempDir(), "before.json"), filepath.Join(t.TempDir(), "after.json")
	commands := [][]string{
		{"orgs", "list"}, {"orgs", "show", "evil-title"}, {"orgs", "connections", "list", "evil-title"},
		{"connections", "list"}, {"profiles", "list"}, {"clients", "list"},
		{"audit"}, {"audit", "--format", "markdown"}, {"audit", "--format", "csv"}, {"audit", "--format", "json"}, {"audit", "--format", "sarif"},
		{"bulk", "enable", "--connection", "evil-saml", "--all", "--dry-run"},
		{"bulk", "enable", "--connection", "evil-saml", "--all", "--dry-run", "-o", "json"},
		{"bulk", "enable", "--connection", "evil-saml", "--org", "nobody-\x1b]0;x\x07", "--dry-run"},
		{"snapshot", "refresh"}, {"doctor"},
		{"trace", "--client", sandbox.HostileAppName, "--org", "evil-title", "--email", "a@evil.example"},
		{"trace", "--client", sandbox.HostileAppName, "--org", "evil-title", "-o", "json"},
		{"orgs", "delegation", "evil-title"}, {"orgs", "delegation", "evil-title", "-o", "json"},
		{"policy", "check", "-f", hostilePolicy}, {"policy", "check", "-f", hostilePolicy, "--format", "json"},
		{"policy", "check", "-f", hostilePolicy, "--format", "sarif"}, {"policy", "plan", "-f", hostilePolicy},
		{"orgs", "connections", "update", "evil-title", "evil-saml", "--name", "SSO", "--dry-run"},
		{"orgs", "connections", "enable", "evil-title", "google-oauth2", "--dry-run"},
		{"orgs", "connections", "remove", "evil-title", "evil-saml", "--dry-run"},
		// What changes: a snapshot before and after a write, and their diff.
		{"snapshot", "export", "-o", before}, {"orgs", "connections", "update", "evil-title", "evil-saml", "--button=false"},
		{"snapshot", "export", "-o", after}, {"snapshot", "diff", before, after},
		{"drift"}, {"drift", "-o", "json"},
		{"export", "terraform", "--all"}, {"export", "deploy-cli", "--all"},
		// Writes last: the plan and the run's lines name every item.
		{"policy", "apply", "-f", hostilePolicy, "--yes"},
	}
	covered := map[string]bool{}
	root := newRootCmd("test")
	for _, c := range commands {
		covered[strings.TrimPrefix(commandPath(root, c), root.Name()+" ")] = true
	}
	// Every command is here, or says why it prints no tenant text: a new
	// command cannot skip this test by being forgotten.
	for _, path := range leafCommands(root) {
		if !covered[path] && printsNoTenantText()[path] == "" {
			t.Errorf("orgscope %s is neither run over the hostile tenant here nor listed in printsNoTenantText", path)
		}
	}
	for _, cmd := range commands {
		formats := [][]string{nil}
		if cmd[len(cmd)-1] == "list" || (cmd[0] == "orgs" && cmd[1] == "show") || (cmd[0] == "orgs" && cmd[1] == "connections" && cmd[2] == "list") {
			formats = [][]string{nil, {"-o", "csv"}, {"-o", "json"}}
		}
		for _, f := range formats {
			args := append(append([]string{}, cmd...), f...)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				stdout, stderr, _ := cli(t, srv, args...)
				for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
					if c := rawControl(out); c != "" {
						t.Fatalf("%s carries %q raw:\n%s", name, c, strings.ToValidUTF8(out, "?"))
					}
					if strings.Contains(out, sandbox.HostileSecret) {
						t.Fatalf("%s carries a planted secret:\n%s", name, out)
					}
				}
				joined := strings.Join(args, " ")
				switch {
				case slices.Contains(args, "json") || slices.Contains(args, "sarif"):
					var v any
					if err := json.Unmarshal([]byte(stdout), &v); err != nil {
						t.Fatalf("not JSON: %v", err)
					}
					if strings.Contains(joined, "evil") && !strings.Contains(stdout, `\u001b`) {
						t.Fatalf("the planted ESC is not in the JSON:\n%s", stdout)
					}
				case slices.Contains(args, "csv"):
					rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range rows {
						for _, c := range r {
							if c != "" && c != "-" && strings.ContainsRune("=+-@", rune(c[0])) {
								t.Fatalf("a CSV field starts a formula: %q", c)
							}
						}
					}
				}
			})
		}
	}
	// Files: an exported snapshot, the kept one, the --debug-http log.
	dir := t.TempDir()
	export, debug := filepath.Join(dir, "tenant.json"), filepath.Join(dir, "debug.log")
	if _, stderr, err := cli(t, srv, "snapshot", "export", "-o", export, "--debug-http", debug); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	state, err := config.StateDir()
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(state, "snapshots", "*.snapshot"))
	if len(kept) == 0 {
		t.Fatal("no kept snapshot to look into")
	}
	for _, path := range append(kept, export, debug) {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // a directory
		}
		if strings.Contains(string(data), sandbox.HostileSecret) {
			t.Fatalf("%s keeps a planted secret", path)
		}
		if c := rawControl(string(data)); c != "" {
			t.Fatalf("%s carries %q raw: cat would send it to the terminal", path, c)
		}
	}
	if data, _ := os.ReadFile(export); !strings.Contains(string(data), model.FingerprintPrefix) {
		t.Fatal("the export keeps no fingerprint of the secrets")
	}

	// The planted text shows, escaped: the admin sees something was planted.
	stdout, _, _ := cli(t, srv, "orgs", "show", "evil-title")
	if !strings.Contains(stdout, `\x1b]0;pwned\x07Evil\x1b[2J\u202etxt.exe`) {
		t.Fatalf("the display name is not shown escaped:\n%s", stdout)
	}
}

// leafCommands are the paths of every command that runs (not those that
// only group others), as "orgs connections list".
func leafCommands(root *cobra.Command) []string {
	var out []string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			return
		}
		if c.Runnable() && !c.HasSubCommands() && len(path) > 0 {
			out = append(out, strings.Join(path, " "))
		}
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(root, nil)
	return out
}

// printsNoTenantText are the commands the hostile tenant does not need to
// visit, each with why: they print no tenant text, or what they print is
// another command's output, tested there.
func printsNoTenantText() map[string]string {
	sameAsEnable := "prints what bulk enable prints (its plan, then a line per item as it runs), tested above"
	return map[string]string{
		"bulk update": sameAsEnable, "bulk disable": sameAsEnable, "bulk remove": sameAsEnable,
		"bulk resume": sameAsEnable, "bulk undo": sameAsEnable,
		"config path":              "prints the config file's path",
		"login":                    "prints the domain typed and the scopes granted",
		"logout":                   "prints the tenant's name from the config",
		"sandbox serve":            "prints the address and the admin client of a sandbox it starts",
		"tenants import-auth0-cli": "prints the config's tenant names, which the admin typed",
		"tenants remove":           "prints the config's tenant names",
		"tenants use":              "prints the config's tenant names",
	}
}
