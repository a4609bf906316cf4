package main

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/orgscope/orgscope"

// importRule is what one package (or a package and those under it) may
// not import, and why: docs/architecture.md draws the same map.
type importRule struct {
	pkg    string // relative to the module; "ui/..." for ui and below
	forbid func(imp string) bool
	why    string
}

func ours(imp string) bool    { return imp == module || strings.HasPrefix(imp, module+"/") }
func stdlib(imp string) bool  { return !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") }
func sdk(imp string) bool     { return strings.HasPrefix(imp, "github.com/auth0/go-auth0") }
func httpPkg(imp string) bool { return imp == "net/http" || strings.HasPrefix(imp, "net/http/") }
func ourPkg(p string) func(string) bool {
	return func(imp string) bool { return imp == module+"/"+p || strings.HasPrefix(imp, module+"/"+p+"/") }
}

func importRules() []importRule {
	any := func(fs ...func(string) bool) func(string) bool {
		return func(imp string) bool {
			return slices.ContainsFunc(fs, func(f func(string) bool) bool { return f(imp) })
		}
	}
	return []importRule{
		{"model", func(imp string) bool { return !stdlib(imp) || httpPkg(imp) },
			"model is the pure domain: the standard library only, no HTTP"},
		{"config", ours, "config stands alone: nothing of orgscope's"},
		{"client", any(ourPkg("ui"), ourPkg("client/sandbox")), "the client never renders, and never needs the sandbox"},
		{"client/sandbox", any(sdk, ourPkg("ui"), func(imp string) bool { return imp == module+"/client" }),
			"the sandbox is Auth0's side of the wire: model's rules, no client, no SDK"},
		{"ui/...", sdk, "nothing above client imports Auth0's SDK: client converts its types to model's"},
		{"ui", httpPkg, "the UI never builds HTTP requests: it asks the client"},
		{"ui/keys", any(ourPkg("ui/table"), ourPkg("ui/theme"), ourPkg("client"), ourPkg("model"), func(imp string) bool { return imp == module+"/ui" }),
			"a widget package does not reach back into the screens or the tenant"},
		{"ui/theme", any(ourPkg("ui/table"), ourPkg("ui/keys"), ourPkg("client"), ourPkg("model"), func(imp string) bool { return imp == module+"/ui" }),
			"a widget package does not reach back into the screens or the tenant"},
		{"ui/table", any(ourPkg("client"), ourPkg("model"), func(imp string) bool { return imp == module+"/ui" }),
			"a widget package does not reach back into the screens or the tenant"},
		{"", sdk, "main starts the command line; it imports no SDK"},
	}
}

// applies reports whether rule pkg covers the package at rel.
func applies(pkg, rel string) bool {
	if base, ok := strings.CutSuffix(pkg, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return rel == pkg
}

// TestImportsFollowTheMap fails when a package imports what
// docs/architecture.md forbids it (its non-test files).
func TestImportsFollowTheMap(t *testing.T) {
	seen := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		rel := filepath.ToSlash(path)
		if rel == "." {
			rel = ""
		}
		seen++
		for _, r := range importRules() {
			if !applies(r.pkg, rel) {
				continue
			}
			for _, imp := range pkg.Imports {
				if r.forbid(imp) {
					t.Errorf("%s imports %s: %s", "./"+rel, imp, r.why)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 8 {
		t.Fatalf("only %d packages found: the walk missed the tree", seen)
	}
}

// The rules can fail: each forbids what it says.
func TestImportRulesBite(t *testing.T) {
	cases := []struct {
		pkg, imp  string
		forbidden bool
	}{
		{"model", "net/http", true},
		{"model", "charm.land/lipgloss/v2", true},
		{"model", "strings", false},
		{"ui", "github.com/auth0/go-auth0/v2/management", true},
		{"ui/cli", "github.com/auth0/go-auth0/v2/management", true},
		{"ui", "net/http", true},
		{"client", module + "/ui", true},
		{"client", module + "/model", false},
		{"client/sandbox", module + "/client", true},
		{"config", module + "/model", true},
	}
	for _, c := range cases {
		got := false
		for _, r := range importRules() {
			if applies(r.pkg, c.pkg) && r.forbid(c.imp) {
				got = true
			}
		}
		if got != c.forbidden {
			t.Errorf("%s importing %s: forbidden %v, want %v", c.pkg, c.imp, got, c.forbidden)
		}
	}
}
