package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"gopkg.in/yaml.v3"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// exportedSnapshot is the served tenant's snapshot, as a file the exports
// are compared with.
func exportedSnapshot(t *testing.T, srv *sandbox.Server) *model.Snapshot {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tenant.json")
	if _, stderr, err := cli(t, srv, "snapshot", "export", "-o", path); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	snap, err := readSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// tfLink is one enabled_connections block, read back.
type tfLink struct {
	ID                     string
	Membership, Signup, On bool
}

// The Terraform export of the whole demo tenant parses as HCL, and reads
// back as the tenant: every organization with its name, display name,
// metadata and branding, its links with their settings, and an import
// block for each resource, with the organization's id.
func TestExportTerraformRoundTrips(t *testing.T) {
	for _, opts := range []sandbox.Options{{}, {Hostile: true}} {
		srv, err := sandbox.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		snap := exportedSnapshot(t, srv)
		out, stderr, err := cli(t, srv, "export", "terraform", "--all", "--snapshot", filepath.Join(t.TempDir(), "none.json"))
		if err == nil {
			t.Fatal("a missing snapshot file exported something")
		}
		out, stderr, err = cli(t, srv, "export", "terraform", "--all")
		if err != nil {
			t.Fatalf("export: %v %s", err, stderr)
		}
		if c := rawControl(out); c != "" {
			t.Fatalf("the file carries %q raw", c)
		}
		f, diags := hclparse.NewParser().ParseHCL([]byte(out), "organizations.tf")
		if diags.HasErrors() {
			t.Fatalf("not HCL: %s\n%s", diags.Error(), out)
		}
		body := f.Body.(*hclsyntax.Body)
		orgs := map[string]model.Organization{} // by label
		links := map[string][]tfLink{}          // by label
		imports := map[string]string{}          // "kind.label" → id
		str := func(a *hclsyntax.Attribute) string {
			v, d := a.Expr.Value(nil)
			if d.HasErrors() {
				t.Fatalf("%s: %s", a.Name, d.Error())
			}
			return v.AsString()
		}
		boolean := func(a *hclsyntax.Attribute) bool { v, _ := a.Expr.Value(nil); return v.True() }
		strMap := func(a *hclsyntax.Attribute) map[string]string {
			v, _ := a.Expr.Value(nil)
			m := map[string]string{}
			for k, e := range v.AsValueMap() {
				m[k] = e.AsString()
			}
			return m
		}
		for _, b := range body.Blocks {
			switch {
			case b.Type == "resource" && b.Labels[0] == "auth0_organization":
				o := model.Organization{Name: str(b.Body.Attributes["name"])}
				if a, ok := b.Body.Attributes["display_name"]; ok {
					o.DisplayName = str(a)
				}
				if a, ok := b.Body.Attributes["metadata"]; ok {
					o.Metadata = strMap(a)
				}
				for _, br := range b.Body.Blocks {
					o.Branding = &model.Branding{}
					if a, ok := br.Body.Attributes["logo_url"]; ok {
						o.Branding.LogoURL = str(a)
					}
					if a, ok := br.Body.Attributes["colors"]; ok {
						c := strMap(a)
						o.Branding.Colors = &model.BrandingColors{Primary: c["primary"], PageBackground: c["page_background"]}
					}
				}
				orgs[b.Labels[1]] = o
			case b.Type == "resource" && b.Labels[0] == "auth0_organization_connections":
				ref := hcl.ExprAsKeyword(b.Body.Attributes["organization_id"].Expr)
				trav, _ := hcl.AbsTraversalForExpr(b.Body.Attributes["organization_id"].Expr)
				if ref != "" || len(trav) != 3 || trav.RootName() != "auth0_organization" || trav[1].(hcl.TraverseAttr).Name != b.Labels[1] {
					t.Fatalf("organization_id of %s is not auth0_organization.%s.id", b.Labels[1], b.Labels[1])
				}
				for _, ec := range b.Body.Blocks {
					a := ec.Body.Attributes
					links[b.Labels[1]] = append(links[b.Labels[1]], tfLink{ID: str(a["connection_id"]), Membership: boolean(a["assign_membership_on_login"]),
						Signup: boolean(a["is_signup_enabled"]), On: boolean(a["show_as_button"])})
				}
			case b.Type == "import":
				trav, _ := hcl.AbsTraversalForExpr(b.Body.Attributes["to"].Expr)
				imports[trav.RootName()+"."+trav[1].(hcl.TraverseAttr).Name] = str(b.Body.Attributes["id"])
			}
		}
		if len(orgs) != len(snap.Organizations) {
			t.Fatalf("%d organizations exported, the tenant has %d", len(orgs), len(snap.Organizations))
		}
		for label, got := range orgs {
			id := imports["auth0_organization."+label]
			i := slices.IndexFunc(snap.Organizations, func(o model.Organization) bool { return o.ID == id })
			if i < 0 {
				t.Fatalf("%s imports %q, which the tenant does not have", label, id)
			}
			want := snap.Organizations[i]
			if got.Name != want.Name || got.DisplayName != want.DisplayName || !maps2Equal(got.Metadata, want.Metadata) ||
				(got.Branding == nil) != (want.Branding == nil) || (got.Branding != nil && (got.Branding.LogoURL != want.Branding.LogoURL ||
				(got.Branding.Colors == nil) != (want.Branding.Colors == nil) || (got.Branding.Colors != nil && *got.Branding.Colors != *want.Branding.Colors))) {
				t.Fatalf("%s reads back as %+v, the tenant has %+v", label, got, want)
			}
			var wantLinks []tfLink
			for _, l := range snap.Links[id] {
				wantLinks = append(wantLinks, tfLink{ID: l.ConnectionID, Membership: l.AssignMembershipOnLogin, Signup: l.SignupEnabled(), On: l.ShowAsButton})
			}
			if !slices.Equal(links[label], wantLinks) {
				t.Fatalf("%s's links read back as %+v, the tenant has %+v", label, links[label], wantLinks)
			}
			if len(wantLinks) > 0 && imports["auth0_organization_connections."+label] != id {
				t.Fatalf("%s's connections are not imported from %s", label, id)
			}
		}
	}
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The deploy-cli export reads back (as deploy-cli reads tenant.yaml) as
// the organizations chosen, their connections by name, in name order.
func TestExportDeployCLIRoundTrips(t *testing.T) {
	srv := served(t)
	snap := exportedSnapshot(t, srv)
	out, stderr, err := cli(t, srv, "export", "deploy-cli", "--org", "globex", "--org", "hooli", "--org", "globex")
	if err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	var file struct {
		Organizations []deployOrg `yaml:"organizations"`
	}
	if err := yaml.Unmarshal([]byte(out), &file); err != nil {
		t.Fatalf("not YAML: %v\n%s", err, out)
	}
	if len(file.Organizations) != 2 || file.Organizations[0].Name != "globex" || file.Organizations[1].Name != "hooli" {
		t.Fatalf("organizations: %+v", file.Organizations)
	}
	g := file.Organizations[0]
	i := slices.IndexFunc(snap.Organizations, func(o model.Organization) bool { return o.Name == "globex" })
	want := snap.Organizations[i]
	if g.DisplayName != want.DisplayName || g.Metadata["plan"] != "enterprise" || g.Branding.Colors["primary"] != want.Branding.Colors.Primary ||
		len(g.Connections) != len(snap.Links[want.ID]) || g.Connections[0].Name != "globex-okta" || !g.Connections[1].IsSignupEnabled {
		t.Fatalf("globex reads back as %+v", g)
	}
	if !strings.Contains(out, `# globex, not in deploy-cli: globex-okta: organization_access_level = limited`) {
		t.Fatalf("the settings deploy-cli lacks are not said:\n%s", out)
	}
	if _, stderr, err := cli(t, srv, "export", "deploy-cli"); err == nil || !strings.Contains(stderr, "choose the organizations: --all, or --org ORG") {
		t.Fatalf("no choice: %v %s", err, stderr)
	}
	if _, stderr, err := cli(t, srv, "export", "deploy-cli", "--all", "--org", "globex"); err == nil || !strings.Contains(stderr, "give --all or --org ORG, not both") {
		t.Fatalf("both: %v %s", err, stderr)
	}
	// deploy-cli replaces ##KEY## and @@KEY@@ on import: said, not changed.
	sandboxCall(t, srv, "POST", "/api/v2/organizations", "", map[string]any{"name": "marked", "display_name": "Acme ##ENV##"})
	out, stderr, err = cli(t, srv, "export", "deploy-cli", "--org", "marked", "--full")
	if err != nil || !strings.Contains(out, "Acme ##ENV##") || !strings.Contains(stderr, "the text of 1 organization has them") ||
		!strings.Contains(stderr, ": marked") {
		t.Fatalf("a keyword marker: %v\n%s\n%s", err, out, stderr)
	}
	if _, stderr, err := cli(t, srv, "export", "deploy-cli", "--org", "nope"); err == nil || !strings.Contains(stderr, `no organization has the id or name "nope"`) {
		t.Fatalf("unknown org: %v %s", err, stderr)
	}
}
