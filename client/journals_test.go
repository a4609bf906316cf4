package client

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/model"
)

// A batch journalled outside the bulk folder is remembered there and
// listed with the folder's own; one its owner deleted is left out, and
// remembering a journal twice lists it once.
func TestJournalsListsThoseKeptElsewhere(t *testing.T) {
	dir, elsewhere := filepath.Join(t.TempDir(), "bulk"), t.TempDir()
	plan := model.BulkPlan{Action: model.BulkAction{Kind: model.BulkEnable, Connection: model.Connection{ID: "con_1", Name: "db"}}}
	start := func(path string) {
		b, err := StartBulk(path, "acme.test", plan, "")
		if err != nil {
			t.Fatal(err)
		}
		b.Close()
		if err := RememberJournal(dir, path); err != nil {
			t.Fatal(err)
		}
	}
	start(filepath.Join(dir, JournalName("acme.test")))
	mine, gone := filepath.Join(elsewhere, "mine.jsonl"), filepath.Join(elsewhere, "gone.jsonl")
	start(mine)
	if err := RememberJournal(dir, mine); err != nil {
		t.Fatal(err)
	}
	start(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	batches, broken, err := Journals(dir)
	if err != nil || len(broken) != 0 || len(batches) != 2 {
		t.Fatalf("%d batches, broken %v, %v", len(batches), broken, err)
	}
	found := false
	for _, b := range batches {
		found = found || b.Path == mine
	}
	if !found {
		t.Fatalf("the journal kept elsewhere is not listed: %v, %v", batches[0].Path, batches[1].Path)
	}
	if fi, err := os.Stat(filepath.Join(dir, elsewhereList)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the list of journals kept elsewhere: %v %v", fi, err)
	}
	// A path with a line break would print as two lines, and be two in
	// the list: refused before anything is written.
	if _, err := StartBulk(filepath.Join(elsewhere, "nl\nx.jsonl"), "acme.test", plan, ""); err == nil || !strings.Contains(err.Error(), `nl\x0ax.jsonl holds a control character`) {
		t.Fatalf("a journal path with a newline: %v", err)
	}
}
