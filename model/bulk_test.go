package model

import (
	"fmt"
	"strings"
	"testing"
)

// Each organization of a bulk plan is classified against its links, with
// the model's rules applied per organization.
func TestPlanBulkClassifies(t *testing.T) {
	db := Connection{ID: "con_db", Name: "db", Strategy: "auth0"}
	okta := Connection{ID: "con_okta", Name: "okta", Strategy: "okta"}
	orgs := []Organization{{ID: "o1", Name: "none"}, {ID: "o2", Name: "same"}, {ID: "o3", Name: "other"}, {ID: "o4", Name: "off"}}
	on, off := true, false
	links := map[string][]OrganizationConnection{
		"o2": {{ConnectionID: "con_db", AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: true, IsSignupEnabled: &on, OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}}},
		"o3": {{ConnectionID: "con_db", ShowAsButton: true, IsEnabled: true, IsSignupEnabled: &off, OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}},
			{ConnectionID: "con_okta", ShowAsButton: true, IsEnabled: true, OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: "okta", Strategy: "okta"}}},
		"o4": {{ConnectionID: "con_db", AssignMembershipOnLogin: true, ShowAsButton: true, IsEnabled: false, IsSignupEnabled: &on, OrganizationAccessLevel: AccessNone, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}}},
	}
	get := func(id string) []OrganizationConnection { return links[id] }
	summary := func(p BulkPlan) string {
		var out []string
		for _, it := range p.Items {
			s := fmt.Sprintf("%s:%s", it.Org.Name, it.Outcome)
			if ch := it.Changes(); len(ch) > 0 && it.Outcome == OutcomeUpdate {
				s += "[" + strings.Join(ch, " ") + "]"
			}
			if it.Reason != "" {
				s += "(" + it.Reason + ")"
			}
			out = append(out, s)
		}
		return strings.Join(out, "; ")
	}
	for _, c := range []struct {
		action BulkAction
		want   string
	}{
		{BulkAction{Kind: BulkEnable, Connection: db, Settings: LinkSettings{AssignMembershipOnLogin: &on, IsSignupEnabled: &on}},
			"none:add; same:skip(already as asked); other:update[assign_membership_on_login=true is_signup_enabled=true]; off:update[is_enabled=true]"},
		// Signup without membership: Auth0 refuses it, so the plan does.
		{BulkAction{Kind: BulkUpdate, Connection: db, Settings: LinkSettings{AssignMembershipOnLogin: &off}},
			"none:skip(db is not enabled on it); same:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.); other:skip(already as asked); off:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.)"},
		// A database-only flag on an enterprise connection.
		{BulkAction{Kind: BulkEnable, Connection: okta, Settings: LinkSettings{IsSignupEnabled: &on, AssignMembershipOnLogin: &on}},
			"none:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.); same:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.); other:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.); off:refused(Only database connections with assign_membership_on_login = true support is_signup_enabled = true.)"},
		{BulkAction{Kind: BulkDisable, Connection: db}, "none:skip(db is not enabled on it); same:update[is_enabled=false]; other:update[is_enabled=false]; off:skip(already as asked)"},
		{BulkAction{Kind: BulkRemove, Connection: okta}, "none:skip(okta is not enabled on it); same:skip(okta is not enabled on it); other:remove; off:skip(okta is not enabled on it)"},
	} {
		p := PlanBulk(c.action, orgs, get)
		if got := summary(p); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.action.Describe(), got, c.want)
		}
	}
	p := PlanBulk(BulkAction{Kind: BulkEnable, Connection: db}, orgs, get)
	if p.Requests() != 2 || p.Count(OutcomeSkip) != 2 || p.Count(OutcomeAdd) != 1 {
		t.Fatalf("requests %d, skips %d", p.Requests(), p.Count(OutcomeSkip))
	}
}
