package model

import "strings"

// ResourceServer is an API of the tenant, with the scopes it defines.
type ResourceServer struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Identifier string      `json:"identifier"`
	Scopes     []ScopeInfo `json:"scopes,omitempty"`
	IsSystem   bool        `json:"is_system,omitempty"`
	// SubjectTypeAuthorization is who may get tokens for the API, per
	// subject type (nil: the API's defaults).
	SubjectTypeAuthorization *SubjectTypeAuthorization `json:"subject_type_authorization,omitempty"`
}

// SubjectTypeAuthorization is an API's access policy for user flows and
// for client (machine-to-machine) flows.
type SubjectTypeAuthorization struct {
	User   *SubjectPolicy `json:"user,omitempty"`
	Client *SubjectPolicy `json:"client,omitempty"`
}

// SubjectPolicy is one subject type's policy.
type SubjectPolicy struct {
	Policy string `json:"policy"`
}

// The access policies of an API per subject type.
const (
	PolicyAllowAll           = "allow_all"
	PolicyDenyAll            = "deny_all"
	PolicyRequireClientGrant = "require_client_grant"
)

// UserPolicies are the user-flow policies Auth0 takes; client flows
// take deny_all and require_client_grant (ResourceServerSubjectTypeAuthorization*).
func UserPolicies() []string {
	return []string{PolicyAllowAll, PolicyDenyAll, PolicyRequireClientGrant}
}

// MyOrganizationPolicies are the My Organization API's policies for user
// and client flows: as the API says, or as Auth0 ships it
// (require_client_grant for users, deny_all for clients).
func MyOrganizationPolicies(a *SubjectTypeAuthorization) (user, client string) {
	user, client = PolicyRequireClientGrant, PolicyDenyAll
	if a != nil && a.User != nil && a.User.Policy != "" {
		user = a.User.Policy
	}
	if a != nil && a.Client != nil && a.Client.Policy != "" {
		client = a.Client.Policy
	}
	return user, client
}

// MyOrganizationAccess says what the users of an application get from the
// My Organization API: the policies (nil: Auth0's defaults) and the
// application's grant on the API (nil: none). works reports whether its
// org admins can call the API at all.
func MyOrganizationAccess(policies *SubjectTypeAuthorization, grant *ClientGrant) (works bool, says string) {
	user, client := MyOrganizationPolicies(policies)
	switch {
	case user == PolicyAllowAll:
		return true, "the API's user policy is allow_all: the users of any application may call it"
	case user == PolicyDenyAll:
		return false, "the API's user policy is deny_all: no user can call it, whatever the grants"
	case grant == nil:
		return false, "users of this app cannot call the My Organization API: it has no grant for them (user policy require_client_grant)"
	case grant.ForUsers():
		return true, "users of this app can call the My Organization API with " + Count(len(grant.Scope), "scope") +
			": user-flow grant present, policy require_client_grant"
	case client == PolicyDenyAll:
		return false, "this grant is for the application itself (subject_type " + grant.Subject() + "), which has no effect for users; client flows are deny_all"
	}
	return false, "this grant is for the application itself (subject_type " + grant.Subject() + "): its users get nothing from it (user policy require_client_grant)"
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
