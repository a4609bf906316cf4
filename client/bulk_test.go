package client_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// bulkSetup crawls a sandbox and plans enabling its database connection,
// with membership and signup, on every organization.
func bulkSetup(t *testing.T, c *client.Client) (*model.Snapshot, model.BulkPlan) {
	t.Helper()
	s := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
	var db model.Connection
	for _, conn := range s.Connections {
		if conn.Strategy == "auth0" {
			db = conn
			break
		}
	}
	on := true
	plan := model.PlanBulk(model.BulkAction{Kind: model.BulkEnable, Connection: db,
		Settings: model.LinkSettings{AssignMembershipOnLogin: &on, IsSignupEnabled: &on}},
		s.Organizations, func(id string) []model.OrganizationConnection { return s.Links[id] })
	if plan.Requests() < 50 {
		t.Fatalf("the plan sends %d requests: too few to test", plan.Requests())
	}
	return s, plan
}

// writesByOrg counts the writes to each organization's links whose
// success reached the client (an answer cut short is not one: the client
// cannot know it succeeded, and sends the idempotent write again).
func writesByOrg(recs []client.RequestRecord) map[string]int {
	out := map[string]int{}
	for _, r := range recs {
		if r.Method == http.MethodGet || r.Status < 200 || r.Status >= 300 || r.Err != "" || !strings.Contains(r.Path, "/connections") {
			continue
		}
		rest := strings.TrimPrefix(r.Path, "/api/v2/organizations/")
		org, _, _ := strings.Cut(rest, "/")
		out[org]++
	}
	return out
}

// every organization ends in the state asked for.
func assertAsAsked(t *testing.T, c *client.Client, plan model.BulkPlan) {
	t.Helper()
	after := must[*model.Snapshot](t)(c.Crawl(t.Context(), nil))
	for _, it := range plan.Items {
		if !it.Sends() {
			continue
		}
		var got *model.OrganizationConnection
		for _, l := range after.Links[it.Org.ID] {
			if l.ConnectionID == plan.Action.Connection.ID {
				l := l
				got = &l
			}
		}
		if got == nil || !model.DiffLinkSettings(*got, *it.After).IsZero() {
			t.Fatalf("%s: link %+v, asked %+v", it.Org.Name, got, it.After)
		}
	}
}

// A batch on a sandbox that answers faults and 429s ends with every
// organization as asked, and no write repeated after it succeeded.
func TestBulkRunAbsorbsFaults(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 100, Seed: 3, FaultRate: 0.08, Plan: "enterprise", RateScale: 150})
	// With four tries, one read in 24,000 still fails at 8 % faults, and
	// the test crawls the tenant twice: manyTries keeps it from flaking.
	c := connect(t, srv, manyTries)
	_, plan := bulkSetup(t, c)
	b, err := client.StartBulk(filepath.Join(t.TempDir(), "batch.jsonl"), c.Domain(), plan, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var results atomic.Int64
	if err := c.RunBulk(t.Context(), b, nil, func(r client.BulkResult) { results.Add(1) }); err != nil {
		t.Fatal(err)
	}
	done, failed := b.Counts()
	if done != plan.Requests() || failed != 0 || int(results.Load()) != plan.Requests() {
		t.Fatalf("done %d, failed %d of %d: %v", done, failed, plan.Requests(), b.Failed)
	}
	_, n429 := c.Requests().Count(429)
	faults := 0
	for _, r := range c.Requests().Records() {
		if r.Status >= 500 || r.Status == 0 {
			faults++
		}
	}
	if faults == 0 {
		t.Fatal("the sandbox sent no fault: the test proved nothing")
	}
	for org, n := range writesByOrg(c.Requests().Records()) {
		if n > 1 {
			t.Fatalf("%s was written %d times", org, n)
		}
	}
	t.Logf("%d requests absorbed faults, %d were 429s", faults, n429)
	assertAsAsked(t, c, plan)
}

// A batch killed mid-run resumes from its journal without repeating what
// it did; undoing it puts every organization back exactly.
func TestBulkResumeAndUndo(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 100, Seed: 5, Plan: "enterprise", RateScale: 150})
	c := connect(t, srv)
	before, plan := bulkSetup(t, c)
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	b, err := client.StartBulk(path, c.Domain(), plan, "")
	if err != nil {
		t.Fatal(err)
	}
	// While it runs, no other process (or opening) can run it too, by
	// its name or by another name for the same file.
	if _, err := client.OpenBulk(path); err == nil || !strings.Contains(err.Error(), "is in use by process") {
		t.Fatalf("a second opening of a running journal: %v", err)
	}
	hard, soft := filepath.Join(t.TempDir(), "hard.jsonl"), filepath.Join(t.TempDir(), "soft.jsonl")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(path, soft); err != nil {
		t.Fatal(err)
	}
	for _, other := range []string{hard, soft} {
		if _, err := client.OpenBulk(other); err == nil || !strings.Contains(err.Error(), "is in use by") {
			t.Fatalf("the journal opened again as %s: %v", other, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	var seen atomic.Int64
	err = c.RunBulk(ctx, b, nil, func(client.BulkResult) {
		if seen.Add(1) == 40 {
			cancel() // the kill
		}
	})
	b.Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the killed run answered %v", err)
	}
	firstRun := writesByOrg(c.Requests().Records())

	// A new process: a new client, the journal read back.
	c2 := connect(t, srv)
	b2, err := client.OpenBulk(path)
	if err != nil {
		t.Fatal(err)
	}
	done, _ := b2.Counts()
	if done < 40 || len(b2.Remaining()) != plan.Requests()-done {
		t.Fatalf("journal after the kill: %d done, %d remaining of %d", done, len(b2.Remaining()), plan.Requests())
	}
	if err := c2.RunBulk(t.Context(), b2, nil, nil); err != nil {
		t.Fatal(err)
	}
	if done, failed := b2.Counts(); done != plan.Requests() || failed != 0 {
		t.Fatalf("after the resume: %d done, %d failed", done, failed)
	}
	for org, n := range writesByOrg(c2.Requests().Records()) {
		if b.Done[org] {
			t.Fatalf("%s, done before the kill, was written again", org)
		}
		if n+firstRun[org] > 1 {
			t.Fatalf("%s was written %d times", org, n+firstRun[org])
		}
	}
	assertAsAsked(t, c2, plan)

	// Undo: every organization as it was before the batch.
	undo := b2.UndoPlan()
	if len(undo.Items) != plan.Requests() {
		t.Fatalf("the undo plan has %d items, want %d", len(undo.Items), plan.Requests())
	}
	ub, err := client.StartBulk(path+".undo", c2.Domain(), undo, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ub.Close()
	if err := c2.RunBulk(t.Context(), ub, nil, nil); err != nil {
		t.Fatal(err)
	}
	after := must[*model.Snapshot](t)(c2.Crawl(t.Context(), nil))
	if d := model.DiffSnapshots(before, after); len(d) > 0 {
		t.Fatalf("after the undo the tenant differs: %v", d)
	}
	b2.Close()
}

// A journal cut mid-line reads up to its last whole line and is repaired
// for the lines to come; one damaged elsewhere is refused and kept.
func TestBulkJournalSurvivesATornLine(t *testing.T) {
	on := true
	link := model.OrganizationConnection{ConnectionID: "con_1", IsEnabled: on}
	plan := model.BulkPlan{Action: model.BulkAction{Kind: model.BulkEnable, Connection: model.Connection{ID: "con_1", Name: "db"}},
		Items: []model.BulkItem{{Org: model.Organization{ID: "org_a"}, Outcome: model.OutcomeAdd, After: &link},
			{Org: model.Organization{ID: "org_b"}, Outcome: model.OutcomeAdd, After: &link}}}
	for _, tail := range []string{`{"done":"org_a"}` + "\n" + `{"done":"org_`, `{"done":"org_a"}`} {
		path := filepath.Join(t.TempDir(), "batch.jsonl")
		b, err := client.StartBulk(path, "t.example", plan, "")
		if err != nil {
			t.Fatal(err)
		}
		b.Close()
		f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString(tail)
		f.Close()
		b, err = client.OpenBulk(path)
		if err != nil {
			t.Fatal(err)
		}
		if left := b.Remaining(); len(left) != 1 || left[0].Org.ID != "org_b" {
			t.Fatalf("%q: remaining %v", tail, left)
		}
		b.Close()
		data, _ := os.ReadFile(path)
		if !strings.HasSuffix(string(data), "\n") || strings.Contains(string(data), `"org_`+"\n") {
			t.Fatalf("%q: not repaired:\n%s", tail, data)
		}
		if _, err := client.ReadBulk(path); err != nil {
			t.Fatalf("%q: after the repair: %v", tail, err)
		}
	}
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	b, _ := client.StartBulk(path, "t.example", plan, "")
	b.Close()
	data, _ := os.ReadFile(path)
	broken := strings.Replace(string(data), `{"item"`, `{"itm"`, 1)
	os.WriteFile(path, []byte(broken), 0o600)
	if _, err := client.OpenBulk(path); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a damaged journal: %v", err)
	}
	if now, _ := os.ReadFile(path); string(now) != broken {
		t.Fatal("the damaged journal was changed")
	}
}

// LinksOf reads the links of the organizations asked, one request each,
// and says how far it has come after each.
func TestLinksOfProgress(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Orgs: 30, Seed: 4})
	c := connect(t, srv)
	orgs := must[[]model.Organization](t)(client.Collect(c.Organizations(t.Context())))[:12]
	var seen []client.CrawlProgress
	links := must[map[string][]model.OrganizationConnection](t)(c.LinksOf(t.Context(), orgs, func(p client.CrawlProgress) { seen = append(seen, p) }))
	if len(links) != len(orgs) || len(seen) != len(orgs) {
		t.Fatalf("%d organizations read, %d progress calls, of %d", len(links), len(seen), len(orgs))
	}
	last := seen[len(seen)-1]
	if last.Done != 12 || last.Total != 12 || last.Requests < 12 || last.Stage != "links" {
		t.Fatalf("the last progress: %+v", last)
	}
}

// A batch that undoes another says so wherever it is named, resumed too:
// its journal carries the undone batch's action.
func TestUndoBatchIsNamedAnUndo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "undo.jsonl")
	action := model.BulkAction{Kind: model.BulkEnable, Connection: model.Connection{ID: "con_1", Name: "github", Strategy: "github"}}
	b, err := client.StartBulk(path, "acme.test", model.BulkPlan{Action: action}, "first.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	resumed, err := client.OpenBulk(path)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	if got := resumed.Describe(); got != "undo: enable github" {
		t.Fatalf("the resumed undo is called %q", got)
	}
}
