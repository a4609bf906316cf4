package client

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/orgscope/orgscope/model"
	"gopkg.in/yaml.v3"
)

// policyFile reads one file's YAML, keeping the errors as it goes: every
// problem is reported, not the first.
type policyFile struct {
	path string
	errs model.PolicyErrors
}

func (f *policyFile) fail(n *yaml.Node, format string, args ...any) {
	f.errs = append(f.errs, model.PolicyError{Path: f.path, Pos: posOf(n), Message: fmt.Sprintf(format, args...)})
}

func posOf(n *yaml.Node) model.Pos { return model.Pos{Line: n.Line, Column: n.Column} }

// ParsePolicies reads a policy file (see docs/policy.md): the shape, the
// keys, the types and the values each setting may take. What needs the
// tenant — the connections named, and the links Auth0 would refuse — is
// Resolve's. The errors name file:line:column, one per problem.
func ParsePolicies(file string, data []byte) (*model.PolicySet, error) {
	f := &policyFile{path: file}
	if len(data) > maxPolicyFile {
		return nil, model.PolicyErrors{{Path: file, Pos: model.Pos{Line: 1, Column: 1},
			Message: fmt.Sprintf("the file is %d MB: a policy file holds at most %d MB", len(data)>>20, maxPolicyFile>>20)}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 says the line in its message: the error goes there.
		msg, at := strings.TrimPrefix(err.Error(), "yaml: "), model.Pos{Line: 1, Column: 1}
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			at.Line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(msg, m[0])
		}
		// yaml.v3 places a tab in the indentation on the line before:
		// the tab itself is the place to point at.
		if strings.Contains(msg, "tab character") {
			for i, line := range strings.Split(string(data), "\n") {
				indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
				if c := strings.IndexByte(indent, '\t'); c >= 0 && i+1 >= at.Line {
					at = model.Pos{Line: i + 1, Column: c + 1}
					break
				}
			}
		}
		return nil, model.PolicyErrors{{Path: file, Pos: at, Message: "not YAML: " + msg}}
	}
	if aliases := f.aliases(&doc); aliases > 0 {
		return nil, f.errs
	}
	set := &model.PolicySet{Path: file}
	if len(doc.Content) == 0 {
		return nil, model.PolicyErrors{{Path: file, Pos: model.Pos{Line: 1, Column: 1}, Message: "the file is empty: it needs a policies list"}}
	}
	root := doc.Content[0]
	f.mapping(root, "the file", []string{"policies"}, []string{"policies"}, func(key string, k, v *yaml.Node) {
		if v.Kind != yaml.SequenceNode {
			f.fail(v, "policies must be a list of policies")
			return
		}
		if len(v.Content) == 0 {
			f.fail(v, "policies is empty: a policy file holds at least one policy")
		}
		for _, pn := range v.Content {
			set.Policies = append(set.Policies, f.policy(pn))
		}
	})
	seen := map[string]model.Pos{}
	for _, p := range set.Policies {
		if p.Name == "" {
			continue
		}
		if at, ok := seen[p.Name]; ok {
			f.errs = append(f.errs, model.PolicyError{Path: file, Pos: p.Pos, Message: fmt.Sprintf("a second policy named %s (the first is at line %d)", p.Name, at.Line)})
			continue
		}
		seen[p.Name] = p.Pos
	}
	if len(f.errs) > 0 {
		slices.SortStableFunc(f.errs, func(a, b model.PolicyError) int { return (a.Pos.Line-b.Pos.Line)*1000 + a.Pos.Column - b.Pos.Column })
		return nil, f.errs
	}
	return set, nil
}

// maxPolicyFile bounds a policy file's size: ten thousand policies fit
// in far less.
const maxPolicyFile = 10 << 20

var yamlLineRE = regexp.MustCompile(`^line (\d+): `)

// aliases reports every alias (*name) in the document: a policy file
// spells its values out, so that each error has one place.
func (f *policyFile) aliases(n *yaml.Node) int {
	count := 0
	if n.Kind == yaml.AliasNode {
		f.fail(n, "an alias (*%s): write the value out, each policy its own (anchors and aliases are not read)", n.Value)
		return 1
	}
	for _, c := range n.Content {
		count += f.aliases(c)
	}
	return count
}

// mapping walks a YAML mapping: unknown keys and missing required ones
// are errors; each known key goes to take.
func (f *policyFile) mapping(n *yaml.Node, what string, keys, required []string, take func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		f.fail(n, "%s must be a mapping of keys (%s)", what, strings.Join(keys, ", "))
		return
	}
	got := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(keys, k.Value) {
			f.fail(k, "unknown key %q in %s (it takes %s)", k.Value, what, strings.Join(keys, ", "))
			continue
		}
		if got[k.Value] {
			f.fail(k, "%s is given twice in %s", k.Value, what)
			continue
		}
		got[k.Value] = true
		take(k.Value, k, v)
	}
	for _, r := range required {
		if !got[r] {
			f.fail(n, "%s needs %s", what, r)
		}
	}
}

func (f *policyFile) policy(n *yaml.Node) model.Policy {
	p := model.Policy{Pos: posOf(n), Severity: model.SeverityError}
	what := "a policy"
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "name" && n.Content[i+1].Value != "" {
				what = "policy " + n.Content[i+1].Value
			}
		}
	}
	f.mapping(n, what, model.PolicyKeys(), []string{"name", "organizations"},
		func(key string, k, v *yaml.Node) {
			switch key {
			case "name":
				p.Name = f.str(v, "name")
				if p.Name != "" && !policyNameRE.MatchString(p.Name) {
					f.fail(v, "a policy name is letters, digits, '-' and '_' (it names the policy in reports): %q", p.Name)
				}
			case "description":
				p.Description = f.str(v, "description")
			case "severity":
				sev := model.Severity(f.str(v, "severity"))
				if !slices.Contains([]model.Severity{model.SeverityError, model.SeverityWarning, model.SeverityInfo}, sev) {
					f.fail(v, "severity is error, warning or info, not %q", sev)
				}
				p.Severity = sev
			case "organizations":
				p.Orgs = f.selector(v, "organizations")
			case "links":
				if v.Kind != yaml.SequenceNode {
					f.fail(v, "links must be a list of links")
					return
				}
				for _, ln := range v.Content {
					p.Links = append(p.Links, f.linkRule(ln))
				}
			case "organization":
				p.Org = f.bounds(v)
			}
		})
	if p.Name != "" && len(p.Links) == 0 && p.Org == nil {
		f.fail(n, "policy %s asks nothing: give it links or organization bounds", p.Name)
	}
	return p
}

var policyNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

func (f *policyFile) selector(n *yaml.Node, what string) model.OrgSelector {
	sel := model.OrgSelector{Pos: posOf(n)}
	f.mapping(n, what, model.PolicySelectorKeys(), nil, func(key string, k, v *yaml.Node) {
		switch key {
		case "all":
			if b, ok := f.boolean(v, "all"); ok && !b {
				f.fail(v, "all: false selects nothing: leave all out, or give the conditions")
			}
			sel.All = true
		case "name":
			sel.Names = f.strings(v, "name")
			for _, g := range sel.Names {
				if _, err := path.Match(g, ""); err != nil {
					f.fail(v, "name %q is not a valid glob (* ? [a-z])", g)
				}
			}
		case "ids":
			sel.IDs = f.strings(v, "ids")
		case "metadata":
			sel.Metadata = map[string]string{}
			if v.Kind != yaml.MappingNode {
				f.fail(v, "metadata must be a mapping of keys to values (any: with any value)")
			} else {
				for i := 0; i+1 < len(v.Content); i += 2 {
					sel.Metadata[v.Content[i].Value] = f.str(v.Content[i+1], "metadata."+v.Content[i].Value)
				}
			}
		case "has_connection":
			sel.HasConnection = f.str(v, "has_connection")
		case "not":
			not := f.selector(v, "not")
			sel.Not = &not
		}
	})
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		f.fail(n, "%s is empty: give all: true, or the conditions (%s)", what, strings.Join(model.PolicySelectorKeys()[1:], ", "))
	}
	return sel
}

func (f *policyFile) linkRule(n *yaml.Node) model.LinkRule {
	r := model.LinkRule{Pos: posOf(n), FieldPos: map[string]model.Pos{}}
	f.mapping(n, "a link", model.PolicyLinkKeys(), []string{"connection"}, func(key string, k, v *yaml.Node) {
		if key == "enabled" {
			key = "is_enabled"
			if _, twice := r.FieldPos[key]; twice {
				f.fail(k, "enabled and is_enabled are the same setting: give one")
			}
		}
		r.FieldPos[key] = posOf(k)
		if key != "connection" && key != "linked" && isAny(v) {
			return // free: the same as leaving it out
		}
		s := &r.Settings
		switch key {
		case "connection":
			r.Connection = f.str(v, "connection")
		case "linked":
			if b, ok := f.boolean(v, "linked"); ok {
				r.Linked = &b
			}
		case "is_enabled":
			if b, ok := f.boolean(v, key); ok {
				s.IsEnabled = &b
			}
		case "assign_membership_on_login":
			if b, ok := f.boolean(v, key); ok {
				s.AssignMembershipOnLogin = &b
			}
		case "show_as_button":
			if b, ok := f.boolean(v, key); ok {
				s.ShowAsButton = &b
			}
		case "is_signup_enabled":
			if b, ok := f.boolean(v, key); ok {
				s.IsSignupEnabled = &b
			}
		case "organization_access_level":
			lvl := model.AccessLevel(f.str(v, key))
			if vi := model.ValidateAccessLevel(lvl); vi != nil {
				f.fail(v, "%s is none, readonly, limited, full or any, not %q", key, lvl)
			}
			s.OrganizationAccessLevel = &lvl
		case "organization_member_access_level":
			var lvl model.AccessLevel // null clears the level
			if v.Tag != "!!null" {
				lvl = model.AccessLevel(f.str(v, key))
				if vi := model.ValidateMemberAccessLevel(lvl); vi != nil {
					f.fail(v, "%s is none, readonly, limited, full, null or any, not %q", key, lvl)
				}
			}
			s.OrganizationMemberAccessLevel = &lvl
		case "organization_connection_name":
			name := f.str(v, key)
			if name != "" {
				if vi := model.ValidateOrgConnectionName(name); vi != nil {
					f.fail(v, "%s: %s", key, vi.Message)
				}
			}
			s.OrganizationConnectionName = &name
		}
	})
	if r.Linked != nil && !*r.Linked {
		for _, name := range r.Settings.Names() {
			if at, ok := r.FieldPos[name]; ok {
				f.errs = append(f.errs, model.PolicyError{Path: f.path, Pos: at, Message: fmt.Sprintf("%s is asked of a link that linked: false forbids", name)})
			}
		}
	}
	return r
}

func (f *policyFile) bounds(n *yaml.Node) *model.OrgBounds {
	b := &model.OrgBounds{Pos: posOf(n), FieldPos: map[string]model.Pos{}}
	f.mapping(n, "organization", model.PolicyBoundsKeys(), nil, func(key string, k, v *yaml.Node) {
		b.FieldPos[key] = posOf(k)
		switch key {
		case "metadata_keys":
			b.MetadataKeys = f.strings(v, key)
		case "display_name":
			b.DisplayName = f.str(v, key)
			if _, err := regexp.Compile(b.DisplayName); err != nil {
				f.fail(v, "display_name is not a regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			}
		case "branding":
			if on, ok := f.boolean(v, key); ok {
				b.Branding = &on
			}
		}
	})
	return b
}

// isAny reports the value "any".
func isAny(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == model.PolicyAny
}

func (f *policyFile) str(v *yaml.Node, what string) string {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		f.fail(v, "%s must be a string, not %s (quote it)", what, describeNode(v))
		return ""
	}
	return v.Value
}

func (f *policyFile) boolean(v *yaml.Node, what string) (bool, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		values := "true or false"
		if what != "linked" && what != "all" && what != "branding" {
			values = "true, false or any" // a link setting may be left free
		}
		f.fail(v, "%s must be %s, not %s", what, values, describeNode(v))
		return false, false
	}
	var b bool
	_ = v.Decode(&b)
	return b, true
}

// strings reads one string or a list of them.
func (f *policyFile) strings(v *yaml.Node, what string) []string {
	if v.Kind == yaml.ScalarNode {
		return []string{f.str(v, what)}
	}
	if v.Kind != yaml.SequenceNode {
		f.fail(v, "%s must be a string or a list of strings", what)
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, e := range v.Content {
		out = append(out, f.str(e, what))
	}
	return out
}

func describeNode(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", v.Value)
}

// ReadPolicies reads a policy file and ties it to a tenant's connections:
// every problem of the file, at its line, or the set ready to check.
func ReadPolicies(path string, conns []model.Connection) (*model.PolicySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the policy file: %w", err)
	}
	ps, err := ParsePolicies(path, data)
	if err != nil {
		return nil, err
	}
	if err := ps.Resolve(conns); err != nil {
		return nil, err
	}
	return ps, nil
}
