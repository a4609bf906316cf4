package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
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
		{[]string{"audit", "--sandbox", "--fail-on", "never"}, 0, "18 findings in "},
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

// A panic in a command ends as one sentence on stderr that says what
// failed and where the report is, exit status 2, and a report file that
// only its owner reads, with the panic and its stack but not the command
// line (which may carry a secret).
func TestPanicInACommand(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	root := &cobra.Command{Use: "orgscope"}
	root.AddCommand(&cobra.Command{Use: "audit", Args: cobra.ArbitraryArgs, RunE: func(*cobra.Command, []string) error {
		var grants map[string]string
		grants["app"] = "cgr_1" // the nil-map write of issue 13
		return nil
	}})
	var stdout, stderr bytes.Buffer
	code := mainWith(t.Context(), root, "v1.0.0", []string{"audit", "s3cr3t-value"}, &stdout, &stderr)
	if code != 2 {
		t.Fatalf("exit status %d, want 2", code)
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "orgscope audit stopped on an internal error (assignment to entry in nil map)") {
		t.Fatalf("stderr: %q", msg)
	}
	_, path, ok := strings.Cut(strings.TrimSpace(msg), "is in ")
	if !ok {
		t.Fatalf("no report path in %q", msg)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the report is %v, want 0600", info.Mode().Perm())
	}
	report, _ := os.ReadFile(path)
	if !strings.Contains(string(report), "TestPanicInACommand") || !strings.Contains(string(report), "v1.0.0") {
		t.Errorf("the report lacks the stack or the version:\n%s", report)
	}
	if strings.Contains(string(report)+msg, "s3cr3t-value") {
		t.Error("the command line's secret reached the report or the message")
	}
}
