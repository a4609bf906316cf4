package model

// DeletionBehavior says whether an organization admin may delete a connection
// created through My Organization.
type DeletionBehavior string

const (
	DeletionAllow        DeletionBehavior = "allow"
	DeletionAllowIfEmpty DeletionBehavior = "allow_if_empty"
)

// DeletionBehaviors lists the allowed connection_deletion_behavior values.
func DeletionBehaviors() []DeletionBehavior {
	return []DeletionBehavior{DeletionAllow, DeletionAllowIfEmpty}
}

// Client is an Auth0 application, with what orgscope needs of it.
type Client struct {
	ClientID                    string                       `json:"client_id"`
	Name                        string                       `json:"name"`
	Description                 string                       `json:"description,omitempty"`
	AppType                     string                       `json:"app_type,omitempty"`
	IsFirstParty                bool                         `json:"is_first_party"`
	GrantTypes                  []string                     `json:"grant_types,omitempty"`
	OrganizationUsage           string                       `json:"organization_usage,omitempty"`
	OrganizationRequireBehavior string                       `json:"organization_require_behavior,omitempty"`
	MyOrganizationConfiguration *MyOrganizationConfiguration `json:"my_organization_configuration,omitempty"`
	// ExpressConfiguration is set on an application published to the
	// Okta Integration Network: Okta admins create okta connections for it
	// under its connection profile (Okta Express Configuration).
	ExpressConfiguration *ExpressConfiguration `json:"express_configuration,omitempty"`
}

// ExpressConfiguration is what orgscope reads of a client's
// express_configuration.
type ExpressConfiguration struct {
	ConnectionProfileID    string `json:"connection_profile_id,omitempty"`
	UserAttributeProfileID string `json:"user_attribute_profile_id,omitempty"`
	OktaOINClientID        string `json:"okta_oin_client_id,omitempty"`
}

// ExpressApps lists, by connection profile id, the applications whose
// Okta Express Configuration uses the profile.
func ExpressApps(clients []Client) map[string][]string {
	out := map[string][]string{}
	for _, c := range clients {
		if e := c.ExpressConfiguration; e != nil && e.ConnectionProfileID != "" {
			out[e.ConnectionProfileID] = append(out[e.ConnectionProfileID], c.Name)
		}
	}
	return out
}

// UsesOrganizations reports whether users log in to the client through
// organizations (organization_usage allow or require).
func (c Client) UsesOrganizations() bool {
	return c.OrganizationUsage == "allow" || c.OrganizationUsage == "require"
}

// Auth0's messages for a My Organization configuration that names a
// profile the tenant does not have (documented texts, management-api.md §7-8).
const (
	ProfileNotFoundMessage              = "Connection profile not found."
	UserAttributeProfileNotFoundMessage = "User attribute profile not found."
)

// MyOrganizationConfiguration is how a client lets organization admins manage
// their own connections through the My Organization API.
type MyOrganizationConfiguration struct {
	ConnectionProfileID        string           `json:"connection_profile_id,omitempty"`
	UserAttributeProfileID     string           `json:"user_attribute_profile_id,omitempty"`
	AllowedStrategies          []string         `json:"allowed_strategies"`
	ConnectionDeletionBehavior DeletionBehavior `json:"connection_deletion_behavior"`
	InvitationLandingClientID  string           `json:"invitation_landing_client_id,omitempty"`
	// The member-management controls (newer than the pinned SDK; the
	// client reads and writes them with its own bodies). Nil is unsent:
	// Auth0's default, false. Sent only once set, so that a tenant without
	// the early-access feature is not asked for properties it lacks.
	EnforcePermissionCeiling         *bool `json:"enforce_permission_ceiling,omitempty"`
	EnforceSelfAssignmentRestriction *bool `json:"enforce_self_assignment_restriction,omitempty"`
}

// PermissionCeiling reports enforce_permission_ceiling: org admins can
// give members only permissions they hold themselves.
func (m MyOrganizationConfiguration) PermissionCeiling() bool {
	return m.EnforcePermissionCeiling != nil && *m.EnforcePermissionCeiling
}

// SelfAssignmentRestricted reports enforce_self_assignment_restriction:
// org admins cannot give themselves permissions.
func (m MyOrganizationConfiguration) SelfAssignmentRestricted() bool {
	return m.EnforceSelfAssignmentRestriction != nil && *m.EnforceSelfAssignmentRestriction
}

// ClientGrant authorizes a client to call an API with some scopes.
type ClientGrant struct {
	ID       string   `json:"id"`
	ClientID string   `json:"client_id"`
	Audience string   `json:"audience"`
	Scope    []string `json:"scope"`
	// SubjectType is who the grant is for: "client" (Auth0's default, ""
	// when the answer leaves it out: machine-to-machine) or "user" (the
	// application's users, in user flows).
	SubjectType string `json:"subject_type,omitempty"`
}

// The subject types of a client grant (ClientGrantSubjectTypeEnum).
const (
	SubjectClient = "client"
	SubjectUser   = "user"
)

// ForUsers reports a grant for the application's users (subject_type user).
func (g ClientGrant) ForUsers() bool { return g.SubjectType == SubjectUser }

// Subject is the grant's subject_type as the tenant says it ("client"
// when the answer leaves it out, Auth0's default), cleaned for a screen.
func (g ClientGrant) Subject() string {
	if g.SubjectType == "" {
		return SubjectClient
	}
	return CleanLine(g.SubjectType)
}

// SplitGrants picks, of an application's grants on one API, the one for
// its users and the one for the application itself (nil when absent).
func SplitGrants(gs []ClientGrant) (user, self *ClientGrant) {
	for i := range gs {
		if gs[i].ForUsers() {
			user = &gs[i]
		} else {
			self = &gs[i]
		}
	}
	return user, self
}

// LogEvent is one tenant log event (management-api.md §12).
type LogEvent struct {
	LogID       string `json:"log_id"`
	Date        string `json:"date"`
	Type        string `json:"type"`
	Description string `json:"description"`
	ClientID    string `json:"client_id,omitempty"`
	ClientName  string `json:"client_name"`
	// IP, UserID and UserName say who made the call, where Auth0 says it
	// (a Dashboard user's calls carry the user).
	IP       string         `json:"ip,omitempty"`
	UserID   string         `json:"user_id,omitempty"`
	UserName string         `json:"user_name,omitempty"`
	Details  map[string]any `json:"details,omitempty"`
}

// ProfileLabel names the configuration's connection profile from the
// tenant's profile names by id, flagging a profile that does not exist.
func (m MyOrganizationConfiguration) ProfileLabel(names map[string]string) string {
	if m.ConnectionProfileID == "" {
		return "-"
	}
	if n, ok := names[m.ConnectionProfileID]; ok {
		return n
	}
	return "missing (" + m.ConnectionProfileID + ")"
}
