package model

import "slices"

// Capability is something orgscope does, and the token scopes it needs (any
// one of them; management-api.md §9). orgscope doctor prints this table
// and the TUI explains a disabled action from it.
type Capability struct {
	Title  string
	Scopes []string
	// Write is set for changes, which read-only mode refuses.
	Write bool
}

// Features lists what orgscope does, reads first.
func Capabilities() []Capability {
	r := func(title string, scopes ...string) Capability { return Capability{Title: title, Scopes: scopes} }
	w := func(title string, scopes ...string) Capability {
		return Capability{Title: title, Scopes: scopes, Write: true}
	}
	return []Capability{
		r("browse organizations", "read:organizations", "read:organizations_summary"),
		r("see the connections enabled on organizations", "read:organization_connections"),
		r("browse connections", "read:connections"),
		r("browse connection profiles and templates", "read:connection_profiles"),
		r("browse applications and My Organization settings", "read:clients", "read:client_summary"),
		r("find the My Organization API", "read:resource_servers"),
		r("see applications' grants on the My Organization API", "read:client_grants"),
		r("refresh snapshots from the tenant log", "read:logs", "read:logs_users"),
		w("create organizations", "create:organizations"),
		w("edit organizations", "update:organizations"),
		w("delete organizations", "delete:organizations"),
		w("enable connections on organizations", "create:organization_connections"),
		w("change connections' settings on organizations", "update:organization_connections"),
		w("remove connections from organizations", "delete:organization_connections"),
		w("create connections", "create:connections"),
		w("edit connections and their applications", "update:connections"),
		w("delete connections", "delete:connections"),
		w("create connection profiles", "create:connection_profiles"),
		w("edit connection profiles", "update:connection_profiles"),
		w("delete connection profiles", "delete:connection_profiles"),
		w("edit applications' My Organization settings", "update:clients"),
		w("grant applications the My Organization API", "create:client_grants"),
		w("change applications' My Organization API scopes", "update:client_grants"),
		w("remove applications' My Organization API grants", "delete:client_grants"),
	}
}

// Works reports whether a token with these scopes can do the feature.
func (f Capability) Works(scopes []string) bool {
	return slices.ContainsFunc(f.Scopes, func(s string) bool { return slices.Contains(scopes, s) })
}

// CapabilityNeeding names the feature a scope is for ("" when none is).
func CapabilityNeeding(scope string) string {
	for _, f := range Capabilities() {
		if slices.Contains(f.Scopes, scope) {
			return f.Title
		}
	}
	return ""
}
