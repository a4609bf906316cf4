package ui

import (
	"os"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/ui/keys"
)

// The README's key table is the one the bindings make: a key added,
// removed or described anew in ui/keys or a screen changes it, and this
// test fails until go test ./ui -update writes it into the README.
func TestREADMEKeyTable(t *testing.T) {
	const path = "../README.md"
	const begin, end = "<!-- keys: written by go test ./ui -update from ui/keysheet.go -->\n", "<!-- end of keys -->\n"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no key table between %q and %q", begin, end)
	}
	want := keyTable(keySheet(keys.Default()))
	got := readme[i+len(begin) : j]
	if got == want {
		return
	}
	if updating() {
		if err := os.WriteFile(path, []byte(readme[:i+len(begin)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's key table differs from the bindings (go test ./ui -update rewrites it):\n--- README\n%s\n--- bindings\n%s", got, want)
}

// Every place of the sheet has keys, each with keys and a description:
// a binding left empty would reach the README as a blank.
func TestKeySheetComplete(t *testing.T) {
	for _, e := range keySheet(keys.Default()) {
		if len(e.keys) == 0 {
			t.Errorf("%s: no keys", e.where)
		}
		for _, k := range e.keys {
			if len(k.Keys()) == 0 || k.Help().Key == "" || k.Help().Desc == "" {
				t.Errorf("%s: a binding without keys or help: %+v", e.where, k.Help())
			}
		}
	}
}
