package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandLineErrorsAreOneSentence(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "state.json")
	if err := os.WriteFile(corrupt, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sandbox", "serve", "--addr", "0.0.0.0:4000"}, "not a loopback address"},
		{[]string{"sandbox", "serve", "--plan", "gold"}, `unknown rate plan "gold"`},
		{[]string{"sandbox", "serve", "--faults", "2"}, "--faults is a fraction"},
		{[]string{"sandbox", "serve", "--burst", "5"}, "give --rate-limit too"},
		{[]string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--state", corrupt}, "is corrupt"},
		{[]string{"nonsense"}, "unknown command"},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		err := run(context.Background(), "", c.args, &out, &errOut)
		if err == nil {
			t.Errorf("%v: no error", c.args)
			continue
		}
		msg := errOut.String()
		if !strings.Contains(msg, c.want) || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
			t.Errorf("%v: stderr %q, want one line with %q", c.args, msg, c.want)
		}
	}
	if b, _ := os.ReadFile(corrupt); string(b) != "{" {
		t.Error("the corrupt state file was overwritten")
	}
}

func TestHelpAndVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), "", []string{"--help"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "sandbox") || !strings.Contains(out.String(), "--sandbox") {
		t.Fatalf("help does not mention the sandbox:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), "", []string{"--version"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "orgscope version") {
		t.Fatalf("version: %q", out.String())
	}
}

// A mistyped subcommand fails, so that a script notices.
func TestUnknownSubcommandFails(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), "", []string{"orgs", "enable", "acme", "db"}, &out, &errOut)
	if exitCode(err) == 0 || !strings.Contains(errOut.String(), `orgscope orgs has no command "enable"`) {
		t.Fatalf("exit %d, stderr %q", exitCode(err), errOut.String())
	}
	if err := run(context.Background(), "", []string{"orgs"}, &out, &errOut); err != nil {
		t.Fatalf("a group alone shows its help: %v", err)
	}
}

// Main turns a command's outcome into the process's exit code and hands
// the build's version to --version and to SARIF reports.
func TestMainExitCodesAndVersion(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ctx := context.Background()
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--version"}, 0, "orgscope version v9.9.9"},
		{[]string{"audit", "--sandbox", "--format", "sarif"}, 1, `"version": "v9.9.9"`},
		{[]string{"audit", "--sandbox", "--fail-on", "never"}, 0, "17 findings in "},
		{[]string{"audit", "--sandbox", "--format", "yaml"}, 2, ""},
		{[]string{"nosuchcmd"}, 1, ""},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		if code := Main(ctx, "v9.9.9", c.args, &out, &errOut); code != c.code || !strings.Contains(out.String(), c.out) {
			t.Errorf("%v: exit %d, want %d; stdout %q, stderr %q", c.args, code, c.code, out.String(), errOut.String())
		}
	}
}
