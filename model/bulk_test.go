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

// An undo puts back what the batch changed, but not over what changed
// since: such an organization is refused, named what changed; one already
// back as it was is skipped.
func TestGuardUndo(t *testing.T) {
	db := Connection{ID: "con_db", Name: "db", Strategy: "auth0"}
	ref := ConnectionRef{Name: "db", Strategy: "auth0"}
	on := true
	plain := NewLink("con_db", ref)
	member := plain
	member.AssignMembershipOnLogin = true
	hidden := member
	hidden.ShowAsButton = false
	// The batch: added db (with membership) on o1 and o2, turned membership
	// on for o3 and o4, removed it from o5 and o6. Its undo:
	undo := BulkPlan{Action: BulkAction{Kind: BulkEnable, Connection: db, Settings: LinkSettings{AssignMembershipOnLogin: &on}},
		Items: []BulkItem{
			{Org: Organization{ID: "o1", Name: "as-left"}, Outcome: OutcomeRemove, Before: &member},
			{Org: Organization{ID: "o2", Name: "removed-since"}, Outcome: OutcomeRemove, Before: &member},
			{Org: Organization{ID: "o7", Name: "removed-after-change"}, Outcome: OutcomeUpdate, Before: &member, After: &plain},
			{Org: Organization{ID: "o3", Name: "changed-since"}, Outcome: OutcomeUpdate, Before: &member, After: &plain},
			{Org: Organization{ID: "o4", Name: "put-back-by-hand"}, Outcome: OutcomeUpdate, Before: &member, After: &plain},
			{Org: Organization{ID: "o5", Name: "still-gone"}, Outcome: OutcomeAdd, After: &plain},
			{Org: Organization{ID: "o6", Name: "enabled-again"}, Outcome: OutcomeAdd, After: &plain},
		}}
	now := map[string][]OrganizationConnection{
		"o1": {member}, "o3": {hidden}, "o4": {plain}, "o6": {member},
	}
	got := GuardUndo(undo, func(id string) []OrganizationConnection { return now[id] })
	want := []string{
		"as-left:remove",
		"removed-since:skip(already as it was before the batch)",
		"removed-after-change:refused(db was removed from it since the batch: left as it is)",
		"changed-since:refused(changed since the batch (show_as_button=false): left as it is)",
		"put-back-by-hand:skip(already as it was before the batch)",
		"still-gone:add",
		"enabled-again:refused(db was enabled on it again since the batch: left as it is)",
	}
	for i, it := range got.Items {
		s := it.Org.Name + ":" + string(it.Outcome)
		if it.Reason != "" {
			s += "(" + it.Reason + ")"
		}
		if s != want[i] {
			t.Errorf("got %s, want %s", s, want[i])
		}
	}
	if got.Requests() != 2 {
		t.Fatalf("the guarded undo sends %d requests, want 2", got.Requests())
	}
}
