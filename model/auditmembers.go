package model

import (
	"fmt"
	"slices"
	"strings"
)

// The audit of My Organization member management (management-api.md §13):
// which links let org admins manage members, and whether the applications
// they use hold them to a permission ceiling and keep them from raising
// their own permissions.

// MemberManagementScopes are the scopes of a My Organization API grant
// that change members (invite, remove, give or take roles).
func MemberManagementScopes(granted []string) []string {
	var out []string
	for _, s := range granted {
		if strings.Contains(s, ":my_org:member") && !strings.HasPrefix(s, "read:") {
			out = append(out, s)
		}
	}
	return out
}

// memberLinks are the links whose member access level is one at accepts.
func (a *auditRun) memberLinks(at func(AccessLevel) bool) []ObjectRef {
	var out []ObjectRef
	a.eachLink(func(o Organization, l OrganizationConnection) {
		if at(l.OrganizationMemberAccessLevel) {
			out = append(out, linkRef(o, l))
		}
	})
	return out
}

// namesOf lists the first few objects' names, and how many more.
func namesOf(refs []ObjectRef, most int) string {
	names := make([]string, 0, most)
	for _, r := range refs[:min(len(refs), most)] {
		names = append(names, r.Name)
	}
	s := strings.Join(names, ", ")
	if len(refs) > most {
		s += fmt.Sprintf(" and %d more", len(refs)-most)
	}
	return s
}

func checkFullMembersNoCeiling(a *auditRun, r Rule) []Finding {
	full := a.memberLinks(func(l AccessLevel) bool { return l == AccessFull })
	if len(full) == 0 {
		return nil
	}
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		if m.PermissionCeiling() || !a.myOrgWorks(c) {
			return
		}
		out = append(out, r.finding(
			Count(len(full), "link")+" ("+namesOf(full, 3)+") "+give(len(full))+" org admins full access to the members who join through "+them(len(full))+", and "+
				c.Name+" sets no permission ceiling: those admins can give members permissions they do not hold themselves.",
			"Turn on enforce_permission_ceiling in "+c.Name+"'s My Organization settings, or lower those links' member access level.",
			append([]ObjectRef{clientRef(c)}, full...)...))
	})
	return out
}

// checkMemberControls leaves out the missing ceiling where
// link-full-members-no-ceiling reports it already: one finding per fact.
func checkMemberControls(a *auditRun, r Rule) []Finding {
	managed := a.memberLinks(func(l AccessLevel) bool { return l != "" && l != AccessNone })
	anyFull := slices.ContainsFunc(managed, func(ref ObjectRef) bool {
		return slices.ContainsFunc(a.s.Links[ref.OrgID], func(l OrganizationConnection) bool {
			return l.ConnectionID == ref.ID && l.OrganizationMemberAccessLevel == AccessFull
		})
	})
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		if m.PermissionCeiling() && m.SelfAssignmentRestricted() || !a.myOrgWorks(c) {
			return
		}
		var why []string
		if len(managed) > 0 {
			why = append(why, Count(len(managed), "link")+" "+give(len(managed))+" them access to members ("+namesOf(managed, 3)+")")
		}
		if g, ok := a.s.MyOrganizationGrants[c.ClientID]; ok {
			if s := MemberManagementScopes(g.Scope); len(s) > 0 {
				why = append(why, "its My Organization API grant holds "+strings.Join(s, ", "))
			}
		}
		if len(why) == 0 {
			return
		}
		var missing []string
		if !m.PermissionCeiling() && !anyFull {
			missing = append(missing, "enforce_permission_ceiling")
		}
		if !m.SelfAssignmentRestricted() {
			missing = append(missing, "enforce_self_assignment_restriction")
		}
		if len(missing) == 0 {
			return
		}
		out = append(out, r.finding(
			c.Name+"'s org admins can manage members: "+strings.Join(why, "; ")+". Without "+strings.Join(missing, " or ")+
				" they can "+escalation(missing)+".",
			"Turn on "+strings.Join(missing, " and ")+" in "+c.Name+"'s My Organization settings.", clientRef(c)))
	})
	return out
}

// escalation says what an org admin can do without the controls missing.
func escalation(missing []string) string {
	var can []string
	if slices.Contains(missing, "enforce_permission_ceiling") {
		can = append(can, "give members permissions they do not hold")
	}
	if slices.Contains(missing, "enforce_self_assignment_restriction") {
		can = append(can, "give themselves permissions")
	}
	return strings.Join(can, " and ")
}

func lets(n int) string {
	if n == 1 {
		return "lets"
	}
	return "let"
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func give(n int) string {
	if n == 1 {
		return "gives"
	}
	return "give"
}

// myOrgWorks reports whether the org admins who sign in to an application
// can call the My Organization API at all: where they cannot, they manage
// no members either, and myorg-no-grant (or myorg-grant-client-subject)
// says what is wrong.
func (a *auditRun) myOrgWorks(c Client) bool {
	if a.s.MyOrganizationAPI == "" {
		return false
	}
	var grant *ClientGrant
	if g, ok := a.s.MyOrganizationGrants[c.ClientID]; ok {
		grant = &g
	}
	works, _ := MyOrganizationAccess(a.s.MyOrganizationPolicies, grant)
	return works
}
