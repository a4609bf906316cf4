package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bulk plans, asks, runs with a journal, and undoes, as a script runs it.
func TestBulkEnableAndUndo(t *testing.T) {
	srv := served(t)
	journal := filepath.Join(t.TempDir(), "batch.jsonl")
	out, _, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--org", "tyrell", "--org", "globex", "--dry-run")
	out = squash(out)
	if err != nil || !strings.Contains(out, "add soylent") || !strings.Contains(out, "3 add, 0 update, 0 remove, 0 skip, 0 refused: 3 requests") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	// A --journal path with a control character: refused before anything
	// is planned or sent.
	for _, args := range [][]string{{"bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--yes"}, {"policy", "apply", "-f", "fleet.yaml", "--yes"}} {
		out, stderr, err := cli(t, srv, append(args, "--journal", filepath.Join(t.TempDir(), "a\nb.jsonl"))...)
		if err == nil || out != "" || !strings.Contains(stderr, `a\x0ab.jsonl holds a control character`) {
			t.Fatalf("%v with a newline in --journal: %v\n%s\n%s", args[:2], err, out, stderr)
		}
	}
	// --max-rps below the tenant's rate is what the batch goes at: the
	// estimate says so.
	out, _, err = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--org", "tyrell", "--org", "globex", "--dry-run", "--max-rps", "2")
	if out = squash(out); err != nil || !strings.Contains(out, "3 requests, at least 1s at --max-rps's 2 a second") {
		t.Fatalf("the estimate under --max-rps: %v\n%s", err, out)
	}
	// The eighth setting goes through bulk like the others.
	out, _, err = cli(t, srv, "bulk", "update", "--connection", "globex-okta", "--org", "globex", "--org", "buy-n-large", "--member-access", "full", "--dry-run")
	if out = squash(out); err != nil || !strings.Contains(out, "organization_member_access_level=full") || !strings.Contains(out, "0 add, 2 update") {
		t.Fatalf("bulk update of the member access level: %v\n%s", err, out)
	}
	// Two batches started in the same second keep a journal each.
	for i := range 2 {
		if _, stderr, err := cli(t, srv, "bulk", "update", "--connection", "globex-okta", "--org", "globex", "--member-access", []string{"full", "limited"}[i], "--yes"); err != nil {
			t.Fatalf("batch %d back to back: %v %s", i, err, stderr)
		}
	}
	// The TUI names a journal of the state's bulk folder by its file
	// name alone: resume takes that name from any directory.
	kept, err := filepath.Glob(filepath.Join(os.Getenv("XDG_STATE_HOME"), "orgscope", "bulk", "*.jsonl"))
	if err != nil || len(kept) != 2 {
		t.Fatalf("the batches' journals: %v %v", kept, err)
	}
	if _, stderr, err := cli(t, srv, "bulk", "resume", filepath.Base(kept[0]), "--yes"); err != nil || !strings.Contains(stderr, kept[0]+": ") || !strings.Contains(stderr, "0 requests left") {
		t.Fatalf("resume by the journal's name: %v %s", err, stderr)
	}
	// A signup flag on a social connection: refused up front, per org.
	out, _, _ = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--signup", "--membership", "--dry-run")
	out = squash(out)
	if !strings.Contains(out, "refused soylent Only database connections") {
		t.Fatalf("refused:\n%s", out)
	}
	// An organization that does not resolve stops everything.
	if _, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--org", "nope", "--yes"); exitCode(err) == 0 || !strings.Contains(stderr, `no organization is named "nope"`) {
		t.Fatalf("unknown org: %v %s", err, stderr)
	}
	// No terminal and no --yes: nothing is sent.
	if _, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent"); exitCode(err) == 0 || !strings.Contains(stderr, "add --yes") {
		t.Fatalf("without --yes: %v %s", err, stderr)
	}
	out, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--org", "tyrell", "--org", "globex", "--yes", "--journal", journal)
	if err != nil || strings.Count(out, "✓ add") != 3 || !strings.Contains(stderr, "3 changes done; orgscope bulk undo "+journal) {
		t.Fatalf("run: %v\n%s\n%s", err, out, stderr)
	}
	if fi, err := os.Stat(journal); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("journal: %v %v", fi, err)
	}
	out, _, _ = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--dry-run", "-o", "json")
	var plan struct {
		Requests int `json:"requests"`
		Plan     []struct {
			Outcome string `json:"outcome"`
		} `json:"plan"`
	}
	if json.Unmarshal([]byte(out), &plan) != nil || plan.Requests != 0 || plan.Plan[0].Outcome != "skip" {
		t.Fatalf("after the run, the plan:\n%s", out)
	}
	// Another tenant: neither undo nor resume touches it, and both say
	// which tenant the journal is for.
	other := served(t)
	before := other.Stats()
	for _, verb := range []string{"undo", "resume"} {
		_, stderr, err := cli(t, other, "bulk", verb, journal, "--yes")
		if exitCode(err) == 0 || !strings.Contains(stderr, "is a batch for "+srv.Addr()+", not "+other.Addr()) {
			t.Fatalf("%s on another tenant: %v %s", verb, err, stderr)
		}
	}
	if after := other.Stats(); after != before {
		t.Fatalf("the other tenant changed: %+v, then %+v", before, after)
	}
	// Read-only: the undo's plan shows, nothing is sent.
	if _, stderr, err := cli(t, srv, "bulk", "undo", journal, "--yes", "--read-only"); exitCode(err) == 0 || !strings.Contains(stderr, "read-only") {
		t.Fatalf("undo when read-only: %v %s", err, stderr)
	}
	// Someone changes globex's link after the batch: the undo leaves it
	// as it is, puts the others back, and fails for it.
	if _, stderr, err := cli(t, srv, "orgs", "connections", "update", "globex", "google-oauth2", "--button=false"); err != nil {
		t.Fatalf("the change after the batch: %v %s", err, stderr)
	}
	out, stderr, err = cli(t, srv, "bulk", "undo", journal, "--yes")
	if exitCode(err) != 1 || strings.Count(out, "✓ remove") != 2 ||
		!strings.Contains(squash(out), "refused globex changed since the batch (show_as_button=false): left as it is") {
		t.Fatalf("undo: %v\n%s\n%s", err, out, stderr)
	}
	out, _, _ = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--dry-run")
	if !strings.Contains(squash(out), "add soylent") {
		t.Fatalf("after the undo:\n%s", out)
	}
	// Undone already: nothing left to put back but the changed one.
	out, _, err = cli(t, srv, "bulk", "undo", journal, "--yes")
	if exitCode(err) != 1 || strings.Count(out, "already as it was before the batch") != 2 {
		t.Fatalf("a second undo: %v\n%s", err, out)
	}
	// A finished batch has nothing left to resume.
	if _, stderr, err := cli(t, srv, "bulk", "resume", journal); err != nil || !strings.Contains(stderr, "0 requests left") {
		t.Fatalf("resume of a finished batch: %v %s", err, stderr)
	}
}

// squash makes every run of spaces one, so that tests do not depend on
// column widths.
func squash(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// With a kept snapshot, the plan comes from it (refreshed from the tenant
// log first): a change made since is in the plan.
func TestBulkPlansFromTheKeptSnapshot(t *testing.T) {
	srv := served(t)
	if _, _, err := cli(t, srv, "snapshot", "refresh"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "google-oauth2"); err != nil {
		t.Fatal(err)
	}
	out, _, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--filter", "soylent", "--dry-run")
	if err != nil || !strings.Contains(squash(out), "skip soylent already as asked") {
		t.Fatalf("plan from the snapshot: %v\n%s", err, out)
	}
	if _, stderr, err := cli(t, srv, "bulk", "remove", "--connection", "google-oauth2", "--org", "nope", "--dry-run"); exitCode(err) == 0 || !strings.Contains(stderr, `"nope"`) {
		t.Fatalf("unknown org with a snapshot: %v %s", err, stderr)
	}
}

// Organizations refused leave the batch short of what was asked: the
// command fails, after sending what it could, so a script does not take
// it for done.
func TestBulkRefusalsFailTheCommand(t *testing.T) {
	srv := served(t)
	_, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--signup", "--membership", "--yes")
	if exitCode(err) != 1 || !strings.Contains(stderr, "1 organization refused (listed above, with Auth0's reason), and nothing else to send") {
		t.Fatalf("only refusals: exit %d, %s", exitCode(err), stderr)
	}
	// Signup with membership on a database connection: soylent takes it,
	// an organization where the link exists without membership is refused.
	out, stderr, err := cli(t, srv, "bulk", "update", "--connection", "Username-Password-Authentication", "--all", "--signup", "--yes", "-o", "text")
	if exitCode(err) != 1 || !strings.Contains(stderr, "refused (listed above, with Auth0's reason): the others are done") || !strings.Contains(out, "✓ update") {
		t.Fatalf("refusals beside updates: exit %d\n%s\n%s", exitCode(err), out, stderr)
	}
	// The dry run is a plan: it does not fail for what it shows.
	if out, _, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--org", "soylent", "--signup", "--dry-run"); err != nil || !strings.Contains(out, "1 refused: nothing to send.") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
}

// The link flags are those of orgs connections: --name "" on an update
// clears the connection's name within each organization; a name too long
// is refused before anything is read.
func TestBulkNameFlag(t *testing.T) {
	srv := served(t)
	if _, stderr, err := cli(t, srv, "orgs", "connections", "enable", "soylent", "github", "--name", "GH"); err != nil {
		t.Fatalf("enable: %v %s", err, stderr)
	}
	out, stderr, err := cli(t, srv, "bulk", "update", "--connection", "github", "--org", "soylent", "--name", "", "--dry-run")
	if err != nil || !strings.Contains(squash(out), "update soylent organization_connection_name") || !strings.Contains(squash(out), "1 update") {
		t.Fatalf("clearing the name: %v\n%s\n%s", err, out, stderr)
	}
	if _, stderr, err := cli(t, srv, "bulk", "update", "--connection", "github", "--org", "soylent", "--name", strings.Repeat("n", 51), "--dry-run"); exitCode(err) == 0 || !strings.Contains(stderr, "--name:") {
		t.Fatalf("a name too long: %v %s", err, stderr)
	}
}

// An organizations file saved with a byte order mark and CRLF lines
// reads as written; names that match nothing are counted, the first ten
// listed, and all written to a file on request.
func TestOrgsFileEdges(t *testing.T) {
	srv := served(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "orgs.txt")
	os.WriteFile(file, []byte("\ufeffglobex\r\n# a comment\r\ninitech\r\n"), 0o600)
	out, stderr, err := cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--orgs-file", file, "--dry-run")
	if err != nil || !strings.Contains(squash(out), "add globex") || !strings.Contains(squash(out), "add initech") {
		t.Fatalf("a file with a BOM: %v\n%s%s", err, out, stderr)
	}
	var names []string
	for i := range 25 {
		names = append(names, fmt.Sprintf("nobody-%02d", i))
	}
	os.WriteFile(file, []byte(strings.Join(names, "\n")), 0o600)
	_, stderr, err = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--orgs-file", file, "--dry-run")
	if exitCode(err) == 0 || !strings.Contains(stderr, "25 names match no organization (the first 10:") ||
		!strings.Contains(stderr, `"nobody-09", …`) || strings.Contains(stderr, "nobody-10") || !strings.Contains(stderr, "--unknown-to FILE writes them all") {
		t.Fatalf("25 unknown names: %v\n%s", err, stderr)
	}
	rest := filepath.Join(dir, "unknown.txt")
	_, stderr, _ = cli(t, srv, "bulk", "enable", "--connection", "google-oauth2", "--orgs-file", file, "--dry-run", "--unknown-to", rest)
	if data, err := os.ReadFile(rest); err != nil || strings.Count(string(data), "nobody-") != 25 || !strings.Contains(stderr, "all of them are in "+rest) {
		t.Fatalf("--unknown-to: %v %q\n%s", err, data, stderr)
	}
}
