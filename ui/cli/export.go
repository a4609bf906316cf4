package cli

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/spf13/cobra"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"

	"github.com/orgscope/orgscope/model"
)

// exportFlags choose what an export writes and from what.
type exportFlags struct {
	orgs         []string
	all          bool
	snapshotFile string
	full         bool
}

func newExportCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write organizations and their connections for Terraform or deploy-cli, from the snapshot",
		Long: "export writes the organizations (all, or those --org names) with their links, from the tenant's snapshot\n" +
			"(kept and refreshed from the tenant log, as audit does) or a snapshot file: any number of organizations,\n" +
			"with no request per organization. Settings the target tool cannot express are written as comments.",
	}
	cmd.AddCommand(newExportTerraformCmd(t), newExportDeployCLICmd(t))
	return cmd
}

func (f *exportFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.orgs, "org", nil, "an organization, by name or id (repeatable)")
	fl.BoolVar(&f.all, "all", false, "every organization")
	fl.StringVar(&f.snapshotFile, "snapshot", "", "export from this snapshot file instead of the tenant")
	fl.BoolVar(&f.full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
}

// organizations are the snapshot and the organizations chosen, by name.
func (f *exportFlags) organizations(cmd *cobra.Command, t *targetFlags) (*model.Snapshot, []model.Organization, error) {
	switch {
	case f.all && len(f.orgs) > 0:
		return nil, nil, errors.New("give --all or --org ORG, not both")
	case !f.all && len(f.orgs) == 0:
		return nil, nil, errors.New("choose the organizations: --all, or --org ORG (repeatable)")
	}
	snap, err := loadOrCrawl(cmd, t, f.snapshotFile, f.full)
	if err != nil {
		return nil, nil, err
	}
	var out []model.Organization
	if f.all {
		out = slices.Clone(snap.Organizations)
	} else {
		for _, want := range f.orgs {
			i := slices.IndexFunc(snap.Organizations, func(o model.Organization) bool { return o.ID == want || o.Name == want })
			if i < 0 {
				return nil, nil, fmt.Errorf("no organization has the id or name %q", want)
			}
			if !slices.ContainsFunc(out, func(o model.Organization) bool { return o.ID == snap.Organizations[i].ID }) {
				out = append(out, snap.Organizations[i])
			}
		}
	}
	slices.SortFunc(out, func(a, b model.Organization) int { return strings.Compare(a.Name, b.Name) })
	return snap, out, nil
}

func newExportTerraformCmd(t *targetFlags) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "terraform (--all | --org ORG...)",
		Short: "auth0_organization and auth0_organization_connections resources, with import blocks",
		Long: "terraform writes, for each organization, an auth0_organization resource and an auth0_organization_connections\n" +
			"resource with an import block each (Terraform 1.5 or later), so that terraform plan adopts them without changes.\n" +
			"Connections are named by id: the connections themselves are not exported. Link settings the provider has no\n" +
			"argument for (is_enabled, organization_access_level, organization_member_access_level,\n" +
			"organization_connection_name) are written as comments above the connection's block.",
		Example: "  orgscope export terraform --all > organizations.tf\n  orgscope export terraform --org acme --org globex --snapshot tenant.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			snap, orgs, err := f.organizations(cmd, t)
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(terraformFile(snap, orgs))
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func newExportDeployCLICmd(t *targetFlags) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "deploy-cli (--all | --org ORG...)",
		Short: "The organizations with their connections, in deploy-cli's YAML format (tenant.yaml's organizations)",
		Long: "deploy-cli writes the organizations key of a deploy-cli tenant.yaml: each organization's name, display name,\n" +
			"branding and metadata, and its connections by name with assign_membership_on_login, show_as_button and\n" +
			"is_signup_enabled. Link settings deploy-cli does not carry are written as comments.",
		Example: "  orgscope export deploy-cli --all > organizations.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			snap, orgs, err := f.organizations(cmd, t)
			if err != nil {
				return err
			}
			data, err := deployCLIFile(snap, orgs)
			if err != nil {
				return err
			}
			if marked := keywordMarked(orgs); len(marked) > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: deploy-cli replaces ##KEY## and @@KEY@@ when AUTH0_KEYWORD_REPLACE_MAPPINGS names KEY; "+
					"the text of %s has them: %s\n", model.Count(len(marked), "organization"), model.CleanLine(model.And(marked)))
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
	f.register(cmd)
	return cmd
}

// keywordMark is deploy-cli's keyword replacement marker: ##KEY## or @@KEY@@.
var keywordMark = regexp.MustCompile(`##[A-Za-z0-9_]+##|@@[A-Za-z0-9_]+@@`)

// keywordMarked are the organizations whose exported text holds a
// deploy-cli keyword marker: imported, it may become something else.
func keywordMarked(orgs []model.Organization) []string {
	var out []string
	for _, o := range orgs {
		texts := []string{o.Name, o.DisplayName}
		for k, v := range o.Metadata {
			texts = append(texts, k, v)
		}
		if b := o.Branding; b != nil {
			texts = append(texts, b.LogoURL)
		}
		if slices.ContainsFunc(texts, keywordMark.MatchString) {
			out = append(out, o.Name)
		}
	}
	return out
}

// terraformLabel is a resource label for an organization's name: letters,
// digits, "_" and "-", starting with a letter or "_"; taken labels get the
// organization id's tail.
func terraformLabel(o model.Organization, taken map[string]bool) string {
	var b strings.Builder
	for _, r := range o.Name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	label := b.String()
	if label == "" || !(unicode.IsLetter(rune(label[0])) || label[0] == '_') {
		label = "org_" + label
	}
	if taken[label] {
		label += "_" + strings.TrimPrefix(o.ID, "org_")
	}
	taken[label] = true
	return label
}

// unsaid are the settings of a link that a tool has no field for, as
// "field = value", when they differ from Auth0's defaults.
func unsaid(l model.OrganizationConnection) []string {
	var out []string
	if !l.IsEnabled {
		out = append(out, "is_enabled = false")
	}
	if l.OrganizationAccessLevel != "" && l.OrganizationAccessLevel != model.AccessNone {
		out = append(out, "organization_access_level = "+string(l.OrganizationAccessLevel))
	}
	if l.OrganizationMemberAccessLevel != "" {
		out = append(out, "organization_member_access_level = "+string(l.OrganizationMemberAccessLevel))
	}
	if l.OrganizationConnectionName != "" {
		out = append(out, fmt.Sprintf("organization_connection_name = %q", l.OrganizationConnectionName))
	}
	return out
}

// terraformFile writes the organizations' resources and import blocks.
func terraformFile(snap *model.Snapshot, orgs []model.Organization) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	conns := snap.ConnectionsByID()
	body.AppendUnstructuredTokens(comment(fmt.Sprintf("Written by orgscope export terraform: %s of %s, as of %s.",
		model.Count(len(orgs), "organization"), snap.Tenant, snap.AsOf().UTC().Format("2006-01-02 15:04:05 UTC"))))
	taken := map[string]bool{}
	for _, o := range orgs {
		label := terraformLabel(o, taken)
		body.AppendNewline()
		org := body.AppendNewBlock("resource", []string{"auth0_organization", label}).Body()
		org.SetAttributeValue("name", cty.StringVal(o.Name))
		if o.DisplayName != "" {
			org.SetAttributeValue("display_name", cty.StringVal(o.DisplayName))
		}
		if len(o.Metadata) > 0 {
			org.SetAttributeRaw("metadata", quotedMap(o.Metadata))
		}
		if b := o.Branding; b != nil {
			br := org.AppendNewBlock("branding", nil).Body()
			if b.LogoURL != "" {
				br.SetAttributeValue("logo_url", cty.StringVal(b.LogoURL))
			}
			if c := b.Colors; c != nil {
				br.SetAttributeValue("colors", cty.MapVal(map[string]cty.Value{"primary": cty.StringVal(c.Primary), "page_background": cty.StringVal(c.PageBackground)}))
			}
		}
		importBlock(body, "auth0_organization", label, o.ID)

		links := snap.Links[o.ID]
		if len(links) == 0 {
			continue
		}
		body.AppendNewline()
		lc := body.AppendNewBlock("resource", []string{"auth0_organization_connections", label}).Body()
		lc.SetAttributeTraversal("organization_id", hcl.Traversal{hcl.TraverseRoot{Name: "auth0_organization"},
			hcl.TraverseAttr{Name: label}, hcl.TraverseAttr{Name: "id"}})
		for _, l := range links {
			name := l.Connection.Name
			if c, ok := conns[l.ConnectionID]; ok {
				name = c.Name
			}
			lc.AppendUnstructuredTokens(comment(name))
			for _, s := range unsaid(l) {
				lc.AppendUnstructuredTokens(comment("  not in the provider: " + s))
			}
			ec := lc.AppendNewBlock("enabled_connections", nil).Body()
			ec.SetAttributeValue("connection_id", cty.StringVal(l.ConnectionID))
			ec.SetAttributeValue("assign_membership_on_login", cty.BoolVal(l.AssignMembershipOnLogin))
			ec.SetAttributeValue("is_signup_enabled", cty.BoolVal(l.SignupEnabled()))
			ec.SetAttributeValue("show_as_button", cty.BoolVal(l.ShowAsButton))
		}
		importBlock(body, "auth0_organization_connections", label, o.ID)
	}
	return f.Bytes()
}

// quotedMap is a map of strings with every key quoted: a bare key that
// is an HCL keyword ("for") turns the map into another expression.
func quotedMap(m map[string]string) hclwrite.Tokens {
	keys := slices.Sorted(maps.Keys(m))
	attrs := make([]hclwrite.ObjectAttrTokens, len(keys))
	for i, k := range keys {
		attrs[i] = hclwrite.ObjectAttrTokens{Name: hclwrite.TokensForValue(cty.StringVal(k)), Value: hclwrite.TokensForValue(cty.StringVal(m[k]))}
	}
	return hclwrite.TokensForObject(attrs)
}

// importBlock adopts a resource's existing object: terraform plan imports
// it rather than creating it.
func importBlock(body *hclwrite.Body, kind, label, id string) {
	body.AppendNewline()
	ib := body.AppendNewBlock("import", nil).Body()
	ib.SetAttributeTraversal("to", hcl.Traversal{hcl.TraverseRoot{Name: kind}, hcl.TraverseAttr{Name: label}})
	ib.SetAttributeValue("id", cty.StringVal(id))
}

// comment is a line comment, tenant text in it cleaned: a comment has no
// escapes, so a control character would reach the file raw.
func comment(text string) hclwrite.Tokens {
	return hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# " + model.CleanLine(text) + "\n")}}
}

// deployOrg is an organization as deploy-cli's tenant.yaml holds it.
type deployOrg struct {
	Name        string            `yaml:"name"`
	DisplayName string            `yaml:"display_name,omitempty"`
	Branding    *deployBranding   `yaml:"branding,omitempty"`
	Metadata    map[string]string `yaml:"metadata,omitempty"`
	Connections []deployLink      `yaml:"connections"`
}

type deployBranding struct {
	LogoURL string            `yaml:"logo_url,omitempty"`
	Colors  map[string]string `yaml:"colors,omitempty"`
}

type deployLink struct {
	Name                    string `yaml:"name"`
	AssignMembershipOnLogin bool   `yaml:"assign_membership_on_login"`
	ShowAsButton            bool   `yaml:"show_as_button"`
	IsSignupEnabled         bool   `yaml:"is_signup_enabled"`
}

// deployCLIFile writes the organizations key of a deploy-cli tenant.yaml.
func deployCLIFile(snap *model.Snapshot, orgs []model.Organization) ([]byte, error) {
	conns := snap.ConnectionsByID()
	var items []*yaml.Node
	for _, o := range orgs {
		d := deployOrg{Name: o.Name, DisplayName: o.DisplayName, Metadata: o.Metadata, Connections: []deployLink{}}
		if b := o.Branding; b != nil {
			d.Branding = &deployBranding{LogoURL: b.LogoURL}
			if c := b.Colors; c != nil {
				d.Branding.Colors = map[string]string{"primary": c.Primary, "page_background": c.PageBackground}
			}
		}
		var notes []string
		for _, l := range snap.Links[o.ID] {
			name := l.Connection.Name
			if c, ok := conns[l.ConnectionID]; ok {
				name = c.Name
			}
			d.Connections = append(d.Connections, deployLink{Name: name, AssignMembershipOnLogin: l.AssignMembershipOnLogin,
				ShowAsButton: l.ShowAsButton, IsSignupEnabled: l.SignupEnabled()})
			for _, s := range unsaid(l) {
				notes = append(notes, name+": "+s)
			}
		}
		var n yaml.Node
		if err := n.Encode(d); err != nil {
			return nil, err
		}
		if len(notes) > 0 {
			n.HeadComment = model.CleanLine(o.Name + ", not in deploy-cli: " + strings.Join(notes, "; "))
		}
		items = append(items, &n)
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "organizations"},
		{Kind: yaml.SequenceNode, Content: items},
	}}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root},
		HeadComment: model.CleanLine(fmt.Sprintf("Written by orgscope export deploy-cli: %s of %s, as of %s.",
			model.Count(len(orgs), "organization"), snap.Tenant, snap.AsOf().UTC().Format("2006-01-02 15:04:05 UTC")))}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}
