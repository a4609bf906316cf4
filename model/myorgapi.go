package model

import "strings"

// ResourceServer is an API of the tenant, with the scopes it defines.
type ResourceServer struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Identifier string      `json:"identifier"`
	Scopes     []ScopeInfo `json:"scopes,omitempty"`
	IsSystem   bool        `json:"is_system,omitempty"`
}

// ScopeInfo is one scope an API defines.
type ScopeInfo struct {
	Value       string `json:"value"`
	Description string `json:"description"`
}

// MyOrganizationAPISuffix ends the identifier of a tenant's My
// Organization API: https://DOMAIN/my-org/.
const MyOrganizationAPISuffix = "/my-org/"

// IsMyOrganizationAPI reports whether an API identifier is the My
// Organization API's.
func IsMyOrganizationAPI(identifier string) bool {
	return strings.HasSuffix(identifier, MyOrganizationAPISuffix)
}

// MyOrganizationScopes are the scopes of the My Organization API, with what
// each lets an organization admin do.
func MyOrganizationScopes() []ScopeInfo {
	return []ScopeInfo{
		{"read:my_org:configuration", "read the application's My Organization configuration"},
		{"read:my_org:details", "read the organization's name, display name and branding"},
		{"update:my_org:details", "change the organization's name, display name and branding"},
		{"read:my_org:identity_providers", "list the organization's identity providers"},
		{"create:my_org:identity_providers", "add an identity provider (an enterprise connection)"},
		{"update:my_org:identity_providers", "change an identity provider"},
		{"delete:my_org:identity_providers", "delete an identity provider"},
		{"update:my_org:identity_providers_detach", "detach an identity provider from the organization"},
		{"create:my_org:identity_providers_domains", "attach a verified domain to an identity provider"},
		{"delete:my_org:identity_providers_domains", "detach a domain from an identity provider"},
		{"read:my_org:identity_providers_provisioning", "read an identity provider's SCIM provisioning"},
		{"create:my_org:identity_providers_provisioning", "set up SCIM provisioning"},
		{"update:my_org:identity_providers_provisioning", "change SCIM provisioning"},
		{"delete:my_org:identity_providers_provisioning", "remove SCIM provisioning"},
		{"read:my_org:identity_providers_scim_tokens", "list SCIM tokens"},
		{"create:my_org:identity_providers_scim_tokens", "create a SCIM token"},
		{"delete:my_org:identity_providers_scim_tokens", "delete a SCIM token"},
		{"read:my_org:domains", "list the organization's domains"},
		{"create:my_org:domains", "add a domain"},
		{"update:my_org:domains", "change (verify) a domain"},
		{"delete:my_org:domains", "delete a domain"},
		{"read:my_org:members", "list members"},
		{"delete:my_org:memberships", "remove members (their users stay)"},
		{"read:my_org:member_invitations", "list invitations"},
		{"create:my_org:member_invitations", "invite members"},
		{"delete:my_org:member_invitations", "revoke invitations"},
		{"read:my_org:member_roles", "list members' roles"},
		{"create:my_org:member_roles", "give members roles"},
		{"delete:my_org:member_roles", "take roles from members"},
	}
}

// MyOrganizationScopeSets are least-privilege starting points: the scopes
// one self-service feature needs, and nothing else.
func MyOrganizationScopeSets() map[string][]string {
	return map[string][]string{
		"SSO self-service": {"read:my_org:configuration", "read:my_org:details", "read:my_org:identity_providers",
			"create:my_org:identity_providers", "update:my_org:identity_providers", "delete:my_org:identity_providers",
			"update:my_org:identity_providers_detach"},
		"domain verification": {"read:my_org:domains", "create:my_org:domains", "update:my_org:domains", "delete:my_org:domains",
			"create:my_org:identity_providers_domains", "delete:my_org:identity_providers_domains"},
		"member management": {"read:my_org:members", "delete:my_org:memberships", "read:my_org:member_invitations",
			"create:my_org:member_invitations", "delete:my_org:member_invitations"},
	}
}
