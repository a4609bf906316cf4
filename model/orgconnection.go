package model

// AccessLevel is the organization_access_level of a link: how much an
// organization's own admins may manage the connection through My Organization.
type AccessLevel string

const (
	AccessNone     AccessLevel = "none"
	AccessReadonly AccessLevel = "readonly"
	AccessLimited  AccessLevel = "limited"
	AccessFull     AccessLevel = "full"
)

// AccessLevels lists the access levels from least to most.
func AccessLevels() []AccessLevel {
	return []AccessLevel{AccessNone, AccessReadonly, AccessLimited, AccessFull}
}

// MemberAccessNote says in one line what organization_member_access_level
// lets org admins do, through the My Organization API, with the members
// who joined through a connection ("" is unset: null).
func MemberAccessNote(level AccessLevel) string {
	switch level {
	case "":
		return "left to Auth0's default"
	case AccessNone:
		return "org admins cannot see or manage these members"
	case AccessReadonly:
		return "org admins see these members but cannot change them"
	case AccessLimited:
		return "org admins change some of their settings, not remove them"
	case AccessFull:
		return "org admins manage them fully, removal included"
	}
	return "a level orgscope does not know"
}

// OrganizationConnection is the link that enables a connection on an
// organization, with all eight fields of the /organizations/{id}/connections
// family. The classic /enabled_connections family shows a subset of them.
//
// OrganizationMemberAccessLevel is newer than the pinned SDK: the client
// reads and writes it through its own bodies. "" is unset (null).
type OrganizationConnection struct {
	ConnectionID                  string        `json:"connection_id"`
	AssignMembershipOnLogin       bool          `json:"assign_membership_on_login"`
	ShowAsButton                  bool          `json:"show_as_button"`
	IsSignupEnabled               *bool         `json:"is_signup_enabled,omitempty"`
	IsEnabled                     bool          `json:"is_enabled"`
	OrganizationAccessLevel       AccessLevel   `json:"organization_access_level,omitempty"`
	OrganizationConnectionName    string        `json:"organization_connection_name,omitempty"`
	OrganizationMemberAccessLevel AccessLevel   `json:"organization_member_access_level,omitempty"`
	Connection                    ConnectionRef `json:"connection"`
}

// SignupEnabled reports whether organization signup is on for the link.
func (l OrganizationConnection) SignupEnabled() bool {
	return l.IsSignupEnabled != nil && *l.IsSignupEnabled
}

// Class returns the strategy class of the linked connection.
func (l OrganizationConnection) Class() StrategyClass { return ClassOf(l.Connection.Strategy) }

// NewLink returns a link with Auth0's defaults for a connection of the given
// strategy: membership off, shown as a button, enabled, access level none, and
// signup off only where signup exists (database connections).
func NewLink(connectionID string, ref ConnectionRef) OrganizationConnection {
	l := OrganizationConnection{
		ConnectionID:            connectionID,
		ShowAsButton:            true,
		IsEnabled:               true,
		OrganizationAccessLevel: AccessNone,
		Connection:              ref,
	}
	if ClassOf(ref.Strategy) == ClassDatabase {
		off := false
		l.IsSignupEnabled = &off
	}
	return l
}
