package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Auth0CLIPath is where auth0-cli keeps its config: ~/.config/auth0/config.json.
func Auth0CLIPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("cannot find the home directory: give the file with --file")
	}
	return filepath.Join(home, ".config", "auth0", "config.json"), nil
}

// Auth0CLITenant is what orgscope takes from one of auth0-cli's tenants:
// never its tokens.
type Auth0CLITenant struct {
	Name, Domain, ClientID string
	Default                bool
}

// ReadAuth0CLI reads auth0-cli's tenants (domains and client ids) from its
// config file, which it only reads.
func ReadAuth0CLI(path string) ([]Auth0CLITenant, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read auth0-cli's config: %w", err)
	}
	var f struct {
		DefaultTenant string `json:"default_tenant"`
		Tenants       map[string]struct {
			Name     string `json:"name"`
			Domain   string `json:"domain"`
			ClientID string `json:"client_id"`
		} `json:"tenants"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s is not auth0-cli's config: it is not the JSON auth0-cli writes", path)
	}
	var out []Auth0CLITenant
	for key, t := range f.Tenants {
		domain := t.Domain
		if domain == "" {
			domain = key
		}
		out = append(out, Auth0CLITenant{Name: importName(t.Name, domain), Domain: domain, ClientID: t.ClientID,
			Default: f.DefaultTenant != "" && (f.DefaultTenant == key || f.DefaultTenant == domain)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Domain < out[j].Domain })
	return out, nil
}

// importName is an orgscope tenant name for an auth0-cli tenant: its name
// when it makes one, else the domain's first label ("acme-dev" for
// acme-dev.eu.auth0.com).
func importName(name, domain string) string {
	if name != "" && name != domain && CheckTenantName(name) == nil {
		return name
	}
	first, _, _ := strings.Cut(domain, ".")
	if CheckTenantName(first) == nil {
		return first
	}
	return strings.NewReplacer(":", "-", "/", "-").Replace(domain)
}

// ImportAuth0CLI adds auth0-cli's tenants that the file does not know
// (by domain), naming each uniquely; the first becomes the default when
// there is none. It returns what it added and what it skipped.
func (f *File) ImportAuth0CLI(tenants []Auth0CLITenant) (added, skipped []Tenant) {
	for _, t := range tenants {
		if known, ok := f.TenantForDomain(t.Domain); ok {
			skipped = append(skipped, known)
			continue
		}
		name := t.Name
		for i := 2; ; i++ {
			if _, taken := f.Tenant(name); !taken {
				break
			}
			name = fmt.Sprintf("%s-%d", t.Name, i)
		}
		nt := Tenant{Name: name, Domain: t.Domain, ClientID: t.ClientID}
		if t.ClientID == "" {
			// A device-flow login: its user token is not for orgscope.
			nt.Auth = AuthToken
		}
		f.Tenants = append(f.Tenants, nt)
		added = append(added, nt)
		if t.Default && f.DefaultTenant == "" {
			f.DefaultTenant = name
		}
	}
	return added, skipped
}
