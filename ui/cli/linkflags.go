package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/orgscope/orgscope/model"
)

// linkSettingFlags are the flags of a link's settings, shared by
// orgs connections enable/update and bulk enable/update.
type linkSettingFlags struct {
	membership, signup, button, disabled bool
	access, name, members                string
}

// register adds the flags; whose says whose link it is ("the org", "each org").
func (f *linkSettingFlags) register(fl *pflag.FlagSet, whose string) {
	fl.BoolVar(&f.membership, "membership", false, "assign membership on login (users who log in through it join "+whose+")")
	fl.BoolVar(&f.signup, "signup", false, "allow signup to "+whose+" (database connections with --membership only)")
	fl.BoolVar(&f.button, "button", true, "show the connection as a button on "+whose+"'s login prompt")
	fl.BoolVar(&f.disabled, "disabled", false, "keep the link but switch it off")
	fl.StringVar(&f.access, "access-level", "", "what "+whose+"'s own admins may do with it: none, readonly, limited or full")
	fl.StringVar(&f.members, "member-access", "", "what "+whose+"'s admins may do with members who join through it: none, readonly, limited or full (\"\" with update clears it)")
	fl.StringVar(&f.name, "name", "", "the connection's name within "+whose+" (organization_connection_name; \"\" with update clears it)")
}

// settings returns the settings of the flags the user set, so that an
// update sends only those. update says whether they change links that
// exist: clearing (an empty --name or --member-access) is only for those.
func (f *linkSettingFlags) settings(fl *pflag.FlagSet, update bool) (model.LinkSettings, error) {
	var s model.LinkSettings
	if fl.Changed("membership") {
		s.AssignMembershipOnLogin = &f.membership
	}
	if fl.Changed("signup") {
		s.IsSignupEnabled = &f.signup
	}
	if fl.Changed("button") {
		s.ShowAsButton = &f.button
	}
	if fl.Changed("disabled") {
		enabled := !f.disabled
		s.IsEnabled = &enabled
	}
	if fl.Changed("access-level") {
		lvl := model.AccessLevel(f.access)
		if v := model.ValidateAccessLevel(lvl); v != nil {
			return s, fmt.Errorf("--access-level %q: use none, readonly, limited or full", f.access)
		}
		s.OrganizationAccessLevel = &lvl
	}
	if fl.Changed("member-access") {
		if f.members == "" && !update {
			return s, errors.New(`--member-access "" clears the level of a link that exists: use it with update`)
		}
		lvl := model.AccessLevel(f.members)
		if v := model.ValidateMemberAccessLevel(lvl); v != nil {
			return s, fmt.Errorf("--member-access %q: use none, readonly, limited or full, or \"\" to clear it", f.members)
		}
		s.OrganizationMemberAccessLevel = &lvl
	}
	if fl.Changed("name") {
		if f.name == "" && !update {
			return s, errors.New(`--name "" clears the name of a link that exists: use it with update`)
		}
		if f.name != "" {
			if v := model.ValidateOrgConnectionName(f.name); v != nil {
				return s, fmt.Errorf("--name: %s", v.Message)
			}
		}
		s.OrganizationConnectionName = &f.name
	}
	return s, nil
}
