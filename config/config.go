package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Auth methods of a tenant.
const (
	AuthClientCredentials = "client_credentials"
	AuthToken             = "token"
)

// themes are the values of theme.
func themes() []string { return []string{"auto", "dark", "light"} }

// File is orgscope's config file: the tenants it knows and a few
// preferences. Secrets never live in it.
type File struct {
	// DefaultTenant is used when no flag, variable or --tenant says
	// otherwise.
	DefaultTenant string `yaml:"default_tenant,omitempty"`
	// Theme is auto (ask the terminal), dark or light.
	Theme   string   `yaml:"theme,omitempty"`
	Tenants []Tenant `yaml:"tenants,omitempty"`

	path string
	// doc is the file as parsed: edits are made to it, so that the
	// user's comments and order survive a save.
	doc *yaml.Node
}

// Tenant is one Auth0 tenant orgscope talks to.
type Tenant struct {
	Name     string `yaml:"name"`
	Domain   string `yaml:"domain"`
	ClientID string `yaml:"client_id,omitempty"`
	// Auth is client_credentials (the default: a machine-to-machine
	// application's secret, kept in the keyring) or token (a Management
	// API token, kept likewise).
	Auth string `yaml:"auth,omitempty"`
	// ReadOnly refuses every change before a request. Unset, it is on
	// for tenants whose name or domain contains "prod".
	ReadOnly *bool   `yaml:"read_only,omitempty"`
	MaxRPS   float64 `yaml:"max_rps,omitempty"`
	Audit    Audit   `yaml:"audit,omitempty"`
}

// Audit are a tenant's audit settings.
type Audit struct {
	// DisabledRules are rule ids the audit skips on this tenant.
	DisabledRules []string `yaml:"disabled_rules,omitempty"`
	// MaxLinks is org-many-links' threshold (0: the default).
	MaxLinks int `yaml:"max_links,omitempty"`
	// PolicyFile is the tenant's policy file (docs/policy.md): the audit
	// checks it with its rules, and orgscope policy takes it when -f is
	// not given. A relative path is from the config file's directory.
	PolicyFile string `yaml:"policy_file,omitempty"`
}

// PolicyPath is the tenant's policy file as a path to open ("" when it
// has none): relative paths are from the config file's directory.
func (f *File) PolicyPath(t Tenant) string {
	p := t.Audit.PolicyFile
	if p == "" || filepath.IsAbs(p) || f.path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(f.path), p)
}

// IsReadOnly says whether changes are refused on the tenant: as set, or
// by default when its name or domain says it is production.
func (t Tenant) IsReadOnly() bool {
	if t.ReadOnly != nil {
		return *t.ReadOnly
	}
	return LooksLikeProduction(t.Name) || LooksLikeProduction(t.Domain)
}

// LooksLikeProduction reports a name or domain that contains "prod".
func LooksLikeProduction(s string) bool { return strings.Contains(strings.ToLower(s), "prod") }

// AuthMethod is the tenant's auth method, client_credentials when unset.
func (t Tenant) AuthMethod() string {
	if t.Auth == "" {
		return AuthClientCredentials
	}
	return t.Auth
}

// Path is the config file's place: $XDG_CONFIG_HOME/orgscope/config.yaml,
// or ~/.config/orgscope/config.yaml where that is not set.
func Path() (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "config.yaml"), nil
}

// Dir is orgscope's config directory.
func Dir() (string, error) {
	if d := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "orgscope"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("cannot find the config directory: set XDG_CONFIG_HOME or HOME")
	}
	return filepath.Join(home, ".config", "orgscope"), nil
}

// Load reads the config file at path; a file that does not exist is an
// empty config. A file that does not parse, or holds a mistake, is an
// error naming the file and the line.
func Load(path string) (*File, error) {
	f := &File{path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the config file: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s (orgscope leaves it as it is: fix it and try again)", path, yamlMessage(err))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil {
		return nil, fmt.Errorf("%s: %s (orgscope leaves it as it is: fix it and try again)", path, yamlMessage(err))
	}
	f.path, f.doc = path, &doc
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %w (orgscope leaves it as it is: fix it and try again)", path, err)
	}
	return f, nil
}

// lockWait is how long a change to the config or the secrets file waits
// for another orgscope (a login in another terminal) to finish its own.
const lockWait = 10 * time.Second

// Update changes the config file at path in turn with other processes:
// under the file's lock, it reads the file as it is now, applies change,
// and writes it (write then rename). Two logins at once both keep their
// tenant.
func Update(path string, change func(*File) error) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", filepath.Dir(path), err)
	}
	l, err := WaitLock(path, "the config file "+path, lockWait)
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	f, err := Load(path)
	if err != nil {
		return nil, err
	}
	if err := change(f); err != nil {
		return nil, err
	}
	return f, f.Save()
}

// yamlMessage makes a yaml error one line: "line 4: field nme not found
// in type config.Tenant".
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "; ")
}

func (f *File) check() error {
	if f.Theme != "" && !slices.Contains(themes(), f.Theme) {
		return fmt.Errorf("theme %q is not one of %s", f.Theme, strings.Join(themes(), ", "))
	}
	seen := map[string]bool{}
	for _, t := range f.Tenants {
		switch {
		case t.Name == "":
			return fmt.Errorf("a tenant has no name (domain %q)", t.Domain)
		case CheckTenantName(t.Name) != nil:
			return CheckTenantName(t.Name)
		case seen[t.Name]:
			return fmt.Errorf("two tenants are named %q", t.Name)
		case t.Domain == "":
			return fmt.Errorf("tenant %q has no domain", t.Name)
		case t.Auth != "" && t.Auth != AuthClientCredentials && t.Auth != AuthToken:
			return fmt.Errorf("tenant %q: auth %q is not %s or %s", t.Name, t.Auth, AuthClientCredentials, AuthToken)
		case t.MaxRPS < 0:
			return fmt.Errorf("tenant %q: max_rps cannot be negative", t.Name)
		}
		seen[t.Name] = true
	}
	if f.DefaultTenant != "" && !seen[f.DefaultTenant] {
		return fmt.Errorf("default_tenant %q is not among the tenants", f.DefaultTenant)
	}
	return nil
}

// FilePath is where the file is read from and saved to.
func (f *File) FilePath() string { return f.path }

// Tenant finds a tenant by name.
func (f *File) Tenant(name string) (Tenant, bool) {
	for _, t := range f.Tenants {
		if t.Name == name {
			return t, true
		}
	}
	return Tenant{}, false
}

// TenantForDomain finds the tenant with a domain.
func (f *File) TenantForDomain(domain string) (Tenant, bool) {
	for _, t := range f.Tenants {
		if strings.EqualFold(t.Domain, domain) {
			return t, true
		}
	}
	return Tenant{}, false
}

// tenantName is what a tenant name may hold: it names a keyring entry
// and is typed on the command line.
var tenantName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`) // immutable once compiled

// CheckTenantName says what is wrong with a tenant name.
func CheckTenantName(name string) error {
	if !tenantName.MatchString(name) {
		return fmt.Errorf("tenant name %q: use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)", name)
	}
	return nil
}

// PutTenant adds a tenant, or replaces the one of the same name.
func (f *File) PutTenant(t Tenant) error {
	if err := CheckTenantName(t.Name); err != nil {
		return err
	}
	if i := slices.IndexFunc(f.Tenants, func(x Tenant) bool { return x.Name == t.Name }); i >= 0 {
		f.Tenants[i] = t
	} else {
		f.Tenants = append(f.Tenants, t)
	}
	return nil
}

// RemoveTenant drops a tenant (and the default, when it was that one).
func (f *File) RemoveTenant(name string) bool {
	n := len(f.Tenants)
	f.Tenants = slices.DeleteFunc(f.Tenants, func(t Tenant) bool { return t.Name == name })
	if f.DefaultTenant == name {
		f.DefaultTenant = ""
	}
	return len(f.Tenants) < n
}

// Use makes a tenant the default.
func (f *File) Use(name string) error {
	if _, ok := f.Tenant(name); !ok {
		return fmt.Errorf("there is no tenant %q: orgscope tenants lists them", name)
	}
	f.DefaultTenant = name
	return nil
}

// Save writes the file atomically, readable by its owner only. What the
// user wrote is kept: comments, the order of keys, other tenants' entries
// as they were.
func (f *File) Save() error {
	if err := f.check(); err != nil {
		return err
	}
	var fresh yaml.Node
	if err := fresh.Encode(f); err != nil {
		return err
	}
	doc := f.doc
	if doc == nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
		doc.Content[0].HeadComment = "orgscope's config: tenants and preferences (secrets are never kept here)."
	}
	mergeMapping(doc.Content[0], &fresh)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Dir(f.path), err)
	}
	if err := WritePrivateFile(f.path, buf.Bytes()); err != nil {
		return err
	}
	f.doc = doc
	return nil
}

// mergeMapping makes the mapping old say what fresh says, keeping old's
// nodes (and their comments) where the value is unchanged.
func mergeMapping(old, fresh *yaml.Node) {
	want := map[string]*yaml.Node{}
	var order []string
	for i := 0; i+1 < len(fresh.Content); i += 2 {
		want[fresh.Content[i].Value] = fresh.Content[i+1]
		order = append(order, fresh.Content[i].Value)
	}
	var kept []*yaml.Node
	have := map[string]bool{}
	for i := 0; i+1 < len(old.Content); i += 2 {
		k, v := old.Content[i], old.Content[i+1]
		nv, ok := want[k.Value]
		if !ok {
			continue // removed
		}
		have[k.Value] = true
		kept = append(kept, k, mergeValue(v, nv))
	}
	for _, k := range order {
		if !have[k] {
			kept = append(kept, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, want[k])
		}
	}
	old.Content = kept
}

// mergeValue keeps old when it already says what fresh says; tenants
// (sequences of mappings with a name) are matched by name.
func mergeValue(old, fresh *yaml.Node) *yaml.Node {
	switch {
	case old.Kind == yaml.MappingNode && fresh.Kind == yaml.MappingNode:
		mergeMapping(old, fresh)
		return old
	case old.Kind == yaml.SequenceNode && fresh.Kind == yaml.SequenceNode:
		byName := map[string]*yaml.Node{}
		for _, item := range old.Content {
			if n := nameOf(item); n != "" {
				byName[n] = item
			}
		}
		out := make([]*yaml.Node, 0, len(fresh.Content))
		for _, item := range fresh.Content {
			if prev, ok := byName[nameOf(item)]; ok && nameOf(item) != "" {
				mergeMapping(prev, item)
				out = append(out, prev)
				continue
			}
			out = append(out, item)
		}
		old.Content = out
		return old
	case old.Kind == yaml.ScalarNode && fresh.Kind == yaml.ScalarNode && old.Value == fresh.Value:
		return old
	}
	fresh.HeadComment, fresh.LineComment = old.HeadComment, old.LineComment
	return fresh
}

func nameOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			return n.Content[i+1].Value
		}
	}
	return ""
}
