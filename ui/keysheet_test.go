package ui

import (
	"os"
	"regexp"
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

// The screens the README shows are the UI's golden files (their empty
// rows left out), so they show what the program shows: a screen changed
// changes the README with it (go test ./ui -update), or this test fails.
func TestREADMEScreens(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	marker := regexp.MustCompile("<!-- screen: ui/(testdata/[^ ]+\\.golden) -->\n```\n((?s:.*?))```")
	found := marker.FindAllStringSubmatchIndex(readme, -1)
	if len(found) < 4 {
		t.Fatalf("README.md shows %d screens from the goldens, want the 4 of 'What it looks like'", len(found))
	}
	var out strings.Builder
	last := 0
	for _, m := range found {
		golden, err := os.ReadFile(readme[m[2]:m[3]])
		if err != nil {
			t.Fatal(err)
		}
		want := withoutEmptyRows(string(golden)) + "\n"
		if got := readme[m[4]:m[5]]; got != want && !updating() {
			t.Errorf("README.md's screen from %s differs from it (go test ./ui -update rewrites it):\n--- README\n%s--- golden\n%s", readme[m[2]:m[3]], got, want)
		}
		out.WriteString(readme[last:m[4]] + want)
		last = m[5]
	}
	out.WriteString(readme[last:])
	if updating() && out.String() != readme {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withoutEmptyRows is a screen with its trailing spaces and its runs of
// empty rows cut (one empty row stays where there were several).
func withoutEmptyRows(screen string) string {
	var lines []string
	for _, l := range strings.Split(strings.Trim(screen, "\n"), "\n") {
		l = strings.TrimRight(l, " ")
		if l == "" && len(lines) > 0 && lines[len(lines)-1] == "" {
			continue
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
