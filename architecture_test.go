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

// packageRule is what one package may import: the packages of orgscope it
// may use, and whether Auth0's SDK, net/http or anything outside the
// standard library is open to it. docs/architecture.md draws the same map.
type packageRule struct {
	ours     []string // orgscope's packages it may import, relative to the module
	sdk      bool     // Auth0's Go SDK
	http     bool     // net/http
	stdlibOK bool     // the standard library only
	why      string
}

func importRules() map[string]packageRule {
	widget := "a widget package does not reach back into the screens or the tenant"
	return map[string]packageRule{
		"":               {ours: []string{"ui/cli"}, why: "main only starts the command line"},
		"model":          {stdlibOK: true, why: "model is the pure domain: the standard library only, no HTTP"},
		"config":         {why: "config stands alone: nothing of orgscope's"},
		"client":         {ours: []string{"model", "config"}, sdk: true, http: true, why: "the client speaks to Auth0 and never renders"},
		"client/sandbox": {ours: []string{"model", "config"}, http: true, why: "the sandbox is Auth0's side of the wire: model's rules, no client, no SDK"},
		"ui":             {ours: []string{"client", "model", "ui/keys", "ui/table", "ui/theme"}, why: "the UI asks the client: no SDK, no HTTP"},
		"ui/cli":         {ours: []string{"ui", "client", "client/sandbox", "config", "model"}, http: true, why: "the commands wire config to the client and the UI: no SDK"},
		"ui/keys":        {why: widget},
		"ui/theme":       {why: widget},
		"ui/table":       {ours: []string{"model", "ui/keys", "ui/theme"}, why: widget + " (cells go through model's sanitiser)"},
	}
}

// violation says why imp is not for the package rule governs ("" when it is).
func (r packageRule) violation(imp string) string {
	switch {
	case imp == module || strings.HasPrefix(imp, module+"/"):
		if !slices.Contains(r.ours, strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")) {
			return "not one of its orgscope imports"
		}
	case strings.HasPrefix(imp, "github.com/auth0/go-auth0"):
		if !r.sdk {
			return "Auth0's SDK is for client alone"
		}
	case imp == "net/http" || strings.HasPrefix(imp, "net/http/"):
		if !r.http {
			return "no HTTP here"
		}
	case r.stdlibOK && strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
		return "the standard library only"
	}
	return ""
}

// TestImportsFollowTheMap fails when a package imports what
// docs/architecture.md forbids it (its non-test files), or when a package
// appears that the map does not place.
func TestImportsFollowTheMap(t *testing.T) {
	rules := importRules()
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
		r, ok := rules[rel]
		if !ok {
			t.Errorf("./%s is not on the map: place it in docs/architecture.md and in importRules", rel)
			return nil
		}
		for _, imp := range pkg.Imports {
			if why := r.violation(imp); why != "" {
				t.Errorf("./%s imports %s: %s (%s)", rel, imp, why, r.why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < len(rules) {
		t.Fatalf("only %d packages found of the %d on the map: the walk missed the tree", seen, len(rules))
	}
}

// The rules can fail: each forbids what it says.
func TestImportRulesBite(t *testing.T) {
	rules := importRules()
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
		{"ui", module + "/config", true},
		{"client", module + "/ui", true},
		{"client", module + "/model", false},
		{"client/sandbox", module + "/client", true},
		{"config", module + "/model", true},
		{"ui/table", module + "/config", true},
		{"ui/theme", module + "/ui/keys", true},
		{"", "github.com/auth0/go-auth0/v2/management", true},
	}
	for _, c := range cases {
		if got := rules[c.pkg].violation(c.imp) != ""; got != c.forbidden {
			t.Errorf("%q importing %s: forbidden %v, want %v", c.pkg, c.imp, got, c.forbidden)
		}
	}
}
