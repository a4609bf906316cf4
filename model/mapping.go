package model

import "strings"

// LinkFlagRule is what a profile setting makes of one boolean link flag
// (show_as_button or assign_membership_on_login) on connections created
// through the profile.
type LinkFlagRule struct {
	// Value is the flag's value on a new link.
	Value bool
	// Editable tells whether an organization admin may change it.
	Editable bool
	// Explanation says it in one line for a screen.
	Explanation string
}

// LinkRule maps a profile setting to the link flag it produces, given the
// flag's Auth0 default on a new link (show_as_button true, membership false):
//
//	none     → off, and the org admin cannot turn it on
//	optional → Auth0's default, and the org admin may change it
//	required → on, and the org admin cannot turn it off
//
// An unset setting behaves as optional.
func (s ProfileSetting) LinkRule(linkDefault bool) LinkFlagRule {
	switch s {
	case SettingNone:
		return LinkFlagRule{Value: false, Editable: false, Explanation: "always off; org admins cannot turn it on"}
	case SettingRequired:
		return LinkFlagRule{Value: true, Editable: false, Explanation: "always on; org admins cannot turn it off"}
	default:
		return LinkFlagRule{Value: linkDefault, Editable: true, Explanation: "org admins choose; " + onOff(linkDefault) + " by default"}
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// ProfileLinkRules returns what a profile makes of the two link flags of the
// connections created through it.
func (p ConnectionProfile) ProfileLinkRules() (showAsButton, assignMembership LinkFlagRule) {
	return p.LinkRulesFor("", false)
}

// ExpressMembershipNote says how Okta Express Configuration reads a
// membership setting of optional (Auth0's Connection Profiles page).
const ExpressMembershipNote = "always on: Okta Express Configuration treats optional as required"

// LinkRulesFor is ProfileLinkRules for a connection of strategy created
// through Okta Express Configuration (express) or not: for okta
// connections made that way, optional (or unset) membership on login is
// treated as required.
func (p ConnectionProfile) LinkRulesFor(strategy string, express bool) (showAsButton, assignMembership LinkFlagRule) {
	var o ProfileOrganization
	if p.Organization != nil {
		o = *p.Organization
	}
	showAsButton, assignMembership = o.ShowAsButton.LinkRule(true), o.AssignMembershipOnLogin.LinkRule(false)
	if express && strategy == StrategyOkta && (o.AssignMembershipOnLogin == SettingOptional || o.AssignMembershipOnLogin == "") {
		assignMembership = LinkFlagRule{Value: true, Editable: false, Explanation: ExpressMembershipNote}
	}
	return showAsButton, assignMembership
}

// Placeholders a prefix template may hold.
const (
	PlaceholderOrgID   = "{org_id}"
	PlaceholderOrgName = "{org_name}"
)

// RenderPrefix renders a connection name prefix template for an organization.
func RenderPrefix(template string, org Organization) string {
	return strings.NewReplacer(PlaceholderOrgID, org.ID, PlaceholderOrgName, org.Name).Replace(template)
}
