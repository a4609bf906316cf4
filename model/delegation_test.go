package model

import (
	"strings"
	"testing"
)

// What globex's admins can do through Portal, as the grant, the links'
// access levels, the profile and the controls change.
func TestDelegation(t *testing.T) {
	tru := true
	globex := Organization{ID: "org_globex", Name: "globex"}
	cases := []struct {
		name string
		edit func(s *Snapshot)
		says []string // in the summary
		link func(t *testing.T, l DelegatedLink)
	}{
		{"a grant that acts on nothing", nil, []string{"can call Portal's My Organization API but do nothing with it"}, nil},
		{"no grant", func(s *Snapshot) { s.MyOrganizationGrants = nil }, []string{"globex's admins can do nothing through Portal: users of this app cannot call"}, nil},
		{"SSO and member management", func(s *Snapshot) {
			g := s.MyOrganizationGrants["app_portal"]
			g.Scope = append(append(g.Scope, MyOrganizationScopeSets()["SSO self-service"]...), MyOrganizationScopeSets()["member management"]...)
			s.MyOrganizationGrants["app_portal"] = g
		}, []string{"add okta connections named con-org_globex-…", "edit globex-okta (and delete it once it has no users)",
			"list members, invite members and remove members without a permission ceiling or the self-assignment restriction"},
			func(t *testing.T, l DelegatedLink) {
				if !l.See || !l.Edit || !l.Delete || l.Note != "once it has no users" {
					t.Errorf("a full link with every scope: %+v", l)
				}
			}},
		{"read only, controls on", func(s *Snapshot) {
			s.Links["org_globex"][0].OrganizationAccessLevel = AccessReadonly
			m := s.Clients[0].MyOrganizationConfiguration
			m.EnforcePermissionCeiling, m.EnforceSelfAssignmentRestriction = &tru, &tru
			g := s.MyOrganizationGrants["app_portal"]
			g.Scope = append(g.Scope, "read:my_org:identity_providers", "update:my_org:identity_providers", "read:my_org:members")
			s.MyOrganizationGrants["app_portal"] = g
		}, []string{"see but not change globex-okta", "list members through Portal."},
			func(t *testing.T, l DelegatedLink) {
				if !l.See || l.Edit || l.Delete {
					t.Errorf("a readonly link: %+v", l)
				}
			}},
		{"allow_all needs no grant", func(s *Snapshot) {
			s.MyOrganizationGrants = nil
			s.MyOrganizationPolicies = &SubjectTypeAuthorization{User: &SubjectPolicy{Policy: PolicyAllowAll}}
		}, []string{"add okta connections", "edit globex-okta"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := healthySnapshot()
			if c.edit != nil {
				c.edit(s)
			}
			ds := DelegationsOf(s, globex)
			if len(ds) != 1 {
				t.Fatalf("%d delegations", len(ds))
			}
			d := ds[0]
			for _, want := range c.says {
				if !strings.Contains(d.Summary, want) {
					t.Fatalf("summary %q lacks %q", d.Summary, want)
				}
			}
			if c.link != nil {
				c.link(t, d.Connections[0])
			}
		})
	}
}

// The matrix's cell counts what the delegation lists.
func TestDelegationCell(t *testing.T) {
	s := healthySnapshot()
	g := s.MyOrganizationGrants["app_portal"]
	g.Scope = append(append(g.Scope, MyOrganizationScopeSets()["SSO self-service"]...), "read:my_org:members")
	s.MyOrganizationGrants["app_portal"] = g
	d := NewDelegator(s)
	c := d.Cell(Organization{ID: "org_globex", Name: "globex"}, 0)
	if want := (DelegationCell{Works: true, Create: true, See: 1, Edit: 1, Delete: 1, Members: true, ControlsMissing: true}); c != want {
		t.Fatalf("cell %+v, want %+v", c, want)
	}
	if c := d.Cell(Organization{ID: "org_acme", Name: "acme"}, 0); c.See+c.Edit+c.Delete != 0 || !c.Create {
		t.Fatalf("acme's link has access none: %+v", c)
	}
	s.MyOrganizationGrants = nil
	if c := NewDelegator(s).Cell(Organization{ID: "org_globex"}, 0); c != (DelegationCell{}) {
		t.Fatalf("without a grant: %+v", c)
	}
}

// A cell's level is the widest thing it delegates; the matrix flags the
// cells wider than their application's usual one.
func TestDelegationLevelAndUsual(t *testing.T) {
	for _, c := range []struct {
		cell  DelegationCell
		level DelegationLevel
		n     int
	}{
		{DelegationCell{}, DelegatesNothing, 0},
		{DelegationCell{Works: true, See: 2}, DelegatesSee, 2},
		{DelegationCell{Works: true, See: 3, Edit: 1}, DelegatesEdit, 1},
		{DelegationCell{Works: true, See: 3, Edit: 2, Delete: 1}, DelegatesDelete, 1},
	} {
		if l, n := c.cell.Level(); l != c.level || n != c.n {
			t.Errorf("%+v: level %d × %d, want %d × %d", c.cell, l, n, c.level, c.n)
		}
	}
	see2, edit1, edit2 := DelegationCell{See: 2}, DelegationCell{See: 2, Edit: 1}, DelegationCell{See: 2, Edit: 2}
	if !edit1.Wider(see2) || see2.Wider(edit1) || !edit2.Wider(edit1) || edit1.Wider(edit1) {
		t.Error("wider: a level above, or more connections at the same level")
	}
	if withMembers := (DelegationCell{See: 2, MemberLinks: 1}); !withMembers.Wider(see2) {
		t.Error("a connection's members managed is wider")
	}

	// Three organizations: two with readonly links, one with a full link.
	s := healthySnapshot()
	g := s.MyOrganizationGrants["app_portal"]
	g.Scope = append(g.Scope, MyOrganizationScopeSets()["SSO self-service"]...)
	s.MyOrganizationGrants["app_portal"] = g
	okta := s.Links["org_globex"][0]
	orgs := []Organization{{ID: "org_a", Name: "a"}, {ID: "org_b", Name: "b"}, {ID: "org_c", Name: "c"}}
	for _, o := range orgs {
		l := okta
		l.OrganizationAccessLevel = AccessReadonly
		if o.ID == "org_c" {
			l.OrganizationAccessLevel = AccessFull
		}
		s.Links[o.ID] = []OrganizationConnection{l}
	}
	d := NewDelegator(s)
	usual := d.Usual(orgs)[0]
	if l, n := usual.Level(); l != DelegatesSee || n != 1 {
		t.Fatalf("usual %+v: two of three only see", usual)
	}
	if !d.Cell(orgs[2], 0).Wider(usual) || d.Cell(orgs[0], 0).Wider(usual) {
		t.Fatal("c, with a full link, is the one wider than the usual")
	}
	// A tie goes to the narrower cell: the wider half is flagged.
	if l, _ := d.Usual(orgs[1:])[0].Level(); l != DelegatesSee {
		t.Fatalf("tie: usual level %d", l)
	}
	if l, _ := d.Usual([]Organization{orgs[2], orgs[1]})[0].Level(); l != DelegatesSee {
		t.Fatalf("tie, wider first: usual level %d", l)
	}
}

// Deleting a connection is said with the configuration's deletion
// behaviour; unset is Auth0's default (allow), an unknown one is named.
func TestDelegationDeletionNote(t *testing.T) {
	for b, want := range map[DeletionBehavior]string{DeletionAllow: "(and delete it with its users)", "": "(and delete it with its users)",
		DeletionAllowIfEmpty: "(and delete it once it has no users)", "ask_first": "(and delete it as connection_deletion_behavior ask_first allows)"} {
		s := healthySnapshot()
		g := s.MyOrganizationGrants["app_portal"]
		g.Scope = append(g.Scope, MyOrganizationScopeSets()["SSO self-service"]...)
		s.MyOrganizationGrants["app_portal"] = g
		s.Clients[0].MyOrganizationConfiguration.ConnectionDeletionBehavior = b
		d := DelegationsOf(s, Organization{ID: "org_globex", Name: "globex"})[0]
		if !strings.Contains(d.Summary, "edit globex-okta "+want) {
			t.Errorf("%q: %s", b, d.Summary)
		}
	}
}
