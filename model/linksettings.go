package model

// LinkSettings are the link fields a user sets. Nil fields take Auth0's
// default on an enable and stay unchanged on an update.
type LinkSettings struct {
	AssignMembershipOnLogin    *bool
	ShowAsButton               *bool
	IsSignupEnabled            *bool
	IsEnabled                  *bool
	OrganizationAccessLevel    *AccessLevel
	OrganizationConnectionName *string
	// OrganizationMemberAccessLevel of "" clears the level (null).
	OrganizationMemberAccessLevel *AccessLevel
}

// Apply returns l with the settings applied.
func (s LinkSettings) Apply(l OrganizationConnection) OrganizationConnection {
	if s.AssignMembershipOnLogin != nil {
		l.AssignMembershipOnLogin = *s.AssignMembershipOnLogin
	}
	if s.ShowAsButton != nil {
		l.ShowAsButton = *s.ShowAsButton
	}
	if s.IsSignupEnabled != nil {
		v := *s.IsSignupEnabled
		l.IsSignupEnabled = &v
	}
	if s.IsEnabled != nil {
		l.IsEnabled = *s.IsEnabled
	}
	if s.OrganizationAccessLevel != nil {
		l.OrganizationAccessLevel = *s.OrganizationAccessLevel
	}
	if s.OrganizationConnectionName != nil {
		l.OrganizationConnectionName = *s.OrganizationConnectionName
	}
	if s.OrganizationMemberAccessLevel != nil {
		l.OrganizationMemberAccessLevel = *s.OrganizationMemberAccessLevel
	}
	return l
}

// Over is base with the fields s sets laid over it: Apply, for settings
// that are themselves a change (policies merged for one link).
func (s LinkSettings) Over(base LinkSettings) LinkSettings {
	if s.AssignMembershipOnLogin != nil {
		base.AssignMembershipOnLogin = s.AssignMembershipOnLogin
	}
	if s.ShowAsButton != nil {
		base.ShowAsButton = s.ShowAsButton
	}
	if s.IsSignupEnabled != nil {
		base.IsSignupEnabled = s.IsSignupEnabled
	}
	if s.IsEnabled != nil {
		base.IsEnabled = s.IsEnabled
	}
	if s.OrganizationAccessLevel != nil {
		base.OrganizationAccessLevel = s.OrganizationAccessLevel
	}
	if s.OrganizationConnectionName != nil {
		base.OrganizationConnectionName = s.OrganizationConnectionName
	}
	if s.OrganizationMemberAccessLevel != nil {
		base.OrganizationMemberAccessLevel = s.OrganizationMemberAccessLevel
	}
	return base
}

// IsZero reports settings that set nothing.
func (s LinkSettings) IsZero() bool { return s == LinkSettings{} }

// DiffLinkSettings returns the settings that turn before into after.
func DiffLinkSettings(before, after OrganizationConnection) LinkSettings {
	var s LinkSettings
	if before.AssignMembershipOnLogin != after.AssignMembershipOnLogin {
		s.AssignMembershipOnLogin = ptr(after.AssignMembershipOnLogin)
	}
	if before.ShowAsButton != after.ShowAsButton {
		s.ShowAsButton = ptr(after.ShowAsButton)
	}
	if before.SignupEnabled() != after.SignupEnabled() || (before.IsSignupEnabled == nil) != (after.IsSignupEnabled == nil) {
		if after.IsSignupEnabled != nil {
			s.IsSignupEnabled = ptr(*after.IsSignupEnabled)
		}
	}
	if before.IsEnabled != after.IsEnabled {
		s.IsEnabled = ptr(after.IsEnabled)
	}
	if before.OrganizationAccessLevel != after.OrganizationAccessLevel {
		s.OrganizationAccessLevel = ptr(after.OrganizationAccessLevel)
	}
	if before.OrganizationConnectionName != after.OrganizationConnectionName {
		s.OrganizationConnectionName = ptr(after.OrganizationConnectionName)
	}
	if before.OrganizationMemberAccessLevel != after.OrganizationMemberAccessLevel {
		s.OrganizationMemberAccessLevel = ptr(after.OrganizationMemberAccessLevel)
	}
	return s
}

func ptr[T any](v T) *T { return &v }
