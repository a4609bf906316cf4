package model

import (
	"slices"
	"strings"
)

// ProfileOrigin is the Connection Profile a connection was created under
// when an organization admin created it through My Organization.
type ProfileOrigin struct {
	Profile ConnectionProfile
	// Apps are the applications whose My Organization configuration uses
	// the profile and allow the connection's strategy.
	Apps []string
	// Prefix is the profile's name prefix rendered for the organization.
	Prefix string
	// Express is set when the connection is an okta one and an
	// application's Okta Express Configuration uses the profile: Okta
	// admins create such connections, and membership optional acts as
	// required.
	Express bool
}

// OriginOf finds the Connection Profile a connection of an organization
// was created under. Auth0 keeps no record of it on the connection or the
// link; the mark a profile leaves is the name prefix it renders for the
// organization, so a connection counts as created under a profile when its
// name starts with that (non-empty) prefix and an application using the
// profile allows its strategy. The longest matching prefix wins, since a
// longer prefix is the more specific mark.
func OriginOf(org Organization, conn Connection, clients []Client, profiles []ConnectionProfile) (ProfileOrigin, bool) {
	var best ProfileOrigin
	found := false
	for _, p := range profiles {
		if p.ConnectionNamePrefixTemplate == nil {
			continue
		}
		prefix := RenderPrefix(*p.ConnectionNamePrefixTemplate, org)
		if prefix == "" || !strings.HasPrefix(conn.Name, prefix) {
			continue
		}
		var apps []string
		express := false
		for _, c := range clients {
			cfg := c.MyOrganizationConfiguration
			if cfg != nil && cfg.ConnectionProfileID == p.ID && slices.Contains(cfg.AllowedStrategies, conn.Strategy) {
				apps = append(apps, c.Name)
			}
			if e := c.ExpressConfiguration; e != nil && e.ConnectionProfileID == p.ID && conn.Strategy == StrategyOkta {
				apps, express = append(apps, c.Name+" (Okta Express Configuration)"), true
			}
		}
		if len(apps) == 0 || (found && len(prefix) <= len(best.Prefix)) {
			continue
		}
		slices.Sort(apps)
		best, found = ProfileOrigin{Profile: p, Apps: apps, Prefix: prefix, Express: express}, true
	}
	return best, found
}

// Constraint is one profile setting that applies to a link.
type Constraint struct {
	// Setting names it as the profile does.
	Setting string
	// Rule says what it makes of the link, in one line.
	Rule string
	// Departs is set when the link as it is now breaks the rule (a tenant
	// admin changed it through the Management API since).
	Departs bool
}

// Constraints lists what the profile settles for a link of a connection
// created under it: the two link flags, the features and the name prefix.
func (o ProfileOrigin) Constraints(l OrganizationConnection) []Constraint {
	button, membership := o.Profile.LinkRulesFor(l.Connection.Strategy, o.Express)
	var org ProfileOrganization
	if o.Profile.Organization != nil {
		org = *o.Profile.Organization
	}
	flag := func(name string, setting ProfileSetting, rule LinkFlagRule, now bool) Constraint {
		if setting == "" {
			setting = SettingOptional
		}
		return Constraint{Setting: name + ": " + string(setting), Rule: rule.Explanation, Departs: !rule.Editable && now != rule.Value}
	}
	features := "none"
	if f := o.Profile.FeaturesFor(l.Connection.Strategy); len(f) > 0 {
		names := make([]string, len(f))
		for i, x := range f {
			names[i] = string(x)
		}
		features = strings.Join(names, ", ")
	}
	featureRule := "from the profile's settings for every strategy"
	if _, ok := o.Profile.StrategyOverrides[l.Connection.Strategy]; ok {
		featureRule = "from the profile's override for " + l.Connection.Strategy
	}
	template := ""
	if o.Profile.ConnectionNamePrefixTemplate != nil {
		template = *o.Profile.ConnectionNamePrefixTemplate
	}
	return []Constraint{
		flag("show_as_button", org.ShowAsButton, button, l.ShowAsButton),
		flag("assign_membership_on_login", org.AssignMembershipOnLogin, membership, l.AssignMembershipOnLogin),
		{Setting: "enabled_features: " + features, Rule: featureRule},
		{Setting: "connection_name_prefix_template: " + template, Rule: "names start with " + o.Prefix + " in this organization"},
	}
}
