package model

import (
	"fmt"
	"slices"
	"strings"
)

// The delegated-admin view: what an organization's own admins can do
// through the My Organization API of each application that has My
// Organization settings, derived from the tenant's settings alone — the
// links' access levels, the configuration, its profiles, the user-flow
// grant's scopes under the API's policy, and the member controls.

// Delegation is what org admins can do through one application.
type Delegation struct {
	Org    string `json:"organization"`
	App    string `json:"application"`
	AppID  string `json:"client_id"`
	Works  bool   `json:"works"`
	Access string `json:"access"` // what the API's policy and the grant give them
	// Scopes are the grant's (none where it does not work).
	Scopes      []string          `json:"scopes"`
	Connections []DelegatedLink   `json:"connections"`
	Create      []DelegatedCreate `json:"create"`
	// Members says what they can do with members; the controls bound it.
	Members                  string `json:"members"`
	PermissionCeiling        bool   `json:"enforce_permission_ceiling"`
	SelfAssignmentRestricted bool   `json:"enforce_self_assignment_restriction"`
	Summary                  string `json:"summary"`
}

// DelegatedLink is what org admins can do with one of the organization's
// connections.
type DelegatedLink struct {
	Connection   string      `json:"connection"`
	Strategy     string      `json:"strategy"`
	Access       AccessLevel `json:"organization_access_level"`
	See          bool        `json:"see"`
	Edit         bool        `json:"edit"`
	Delete       bool        `json:"delete"`
	Note         string      `json:"note,omitempty"`
	MemberAccess AccessLevel `json:"organization_member_access_level,omitempty"`
}

// DelegatedCreate is a kind of connection org admins may create, and what
// the Connection Profile makes of it.
type DelegatedCreate struct {
	Strategy   string    `json:"strategy"`
	Profile    string    `json:"profile,omitempty"`
	Button     string    `json:"show_as_button"`
	Membership string    `json:"assign_membership_on_login"`
	Features   []Feature `json:"features"`
	Name       string    `json:"name"` // the name prefix rendered for the organization, then …
}

// myOrgScope is a My Organization API scope by its action and object.
func myOrgScope(action, object string) string { return action + ":my_org:" + object }

// Delegator answers delegation questions over one snapshot: what does not
// depend on the organization (each application's access, scopes, profile
// and member powers) is worked out once, so that 100,000 organizations ×
// 10 applications stay fast.
type Delegator struct {
	s     *Snapshot
	conns map[string]Connection
	apps  []appPowers
}

// appPowers is what org admins can do through one application, whatever
// the organization.
type appPowers struct {
	app      Client
	works    bool
	access   string
	scopes   []string
	has      func(string) bool
	profile  *ConnectionProfile
	create   bool
	members  string
	deletion DeletionBehavior
	// see, edit, del: the grant's scopes on identity providers.
	see, edit, del bool
}

// NewDelegator prepares the delegation view of s: the applications with
// My Organization settings, in the snapshot's order.
func NewDelegator(s *Snapshot) *Delegator {
	d := &Delegator{s: s, conns: s.ConnectionsByID()}
	profiles := s.ProfilesByID()
	for _, c := range s.Clients {
		m := c.MyOrganizationConfiguration
		if m == nil {
			continue
		}
		ap := appPowers{app: c, scopes: []string{}, deletion: m.ConnectionDeletionBehavior}
		var grant *ClientGrant
		if g, ok := s.MyOrganizationGrants[c.ClientID]; ok {
			grant = &g
		}
		if s.MyOrganizationAPI == "" {
			ap.access = "the tenant has no My Organization API"
		} else {
			ap.works, ap.access = MyOrganizationAccess(s.MyOrganizationPolicies, grant)
		}
		if user, _ := MyOrganizationPolicies(s.MyOrganizationPolicies); ap.works && user == PolicyAllowAll && grant == nil {
			ap.has = func(string) bool { return true } // allow_all: the users' own permissions decide
		} else {
			if ap.works && grant != nil {
				ap.scopes = slices.Clone(grant.Scope)
			}
			scopes := ap.scopes
			ap.has = func(sc string) bool { return slices.Contains(scopes, sc) }
		}
		if p, ok := profiles[m.ConnectionProfileID]; ok {
			ap.profile = &p
		}
		ap.create = ap.works && ap.has(myOrgScope("create", "identity_providers")) && len(m.AllowedStrategies) > 0
		ap.see, ap.edit, ap.del = ap.has(myOrgScope("read", "identity_providers")), ap.has(myOrgScope("update", "identity_providers")),
			ap.has(myOrgScope("delete", "identity_providers"))
		ap.members = memberPowers(ap.works, ap.has)
		d.apps = append(d.apps, ap)
	}
	return d
}

// Apps are the applications with My Organization settings.
func (d *Delegator) Apps() []Client {
	out := make([]Client, len(d.apps))
	for i, ap := range d.apps {
		out[i] = ap.app
	}
	return out
}

// DelegationsOf lists, for each application with My Organization settings,
// what org's admins can do through it.
func DelegationsOf(s *Snapshot, org Organization) []Delegation {
	d := NewDelegator(s)
	out := make([]Delegation, 0, len(d.apps))
	for i := range d.apps {
		out = append(out, d.For(org, i))
	}
	return out
}

// DelegationCell is one cell of the tenant-wide matrix: how wide the
// delegation of an organization through an application is.
type DelegationCell struct {
	Works             bool
	Create            bool
	See, Edit, Delete int // connections org admins can see, edit, delete
	Members           bool
	ControlsMissing   bool // members managed without both controls
	// MemberLinks are the connections whose members org admins manage
	// (organization_member_access_level other than none), where they
	// manage members at all.
	MemberLinks int
}

// DelegationLevel is the widest thing org admins can do to an
// organization's connections, from nothing to deleting them.
type DelegationLevel int

const (
	DelegatesNothing DelegationLevel = iota
	DelegatesSee
	DelegatesEdit
	DelegatesDelete
)

// Level is the widest thing c lets org admins do to connections, and to
// how many connections.
func (c DelegationCell) Level() (DelegationLevel, int) {
	switch {
	case c.Delete > 0:
		return DelegatesDelete, c.Delete
	case c.Edit > 0:
		return DelegatesEdit, c.Edit
	case c.See > 0:
		return DelegatesSee, c.See
	}
	return DelegatesNothing, 0
}

// Wider reports whether c delegates more than o: a wider level, the same
// level over more connections, or more connections' members.
func (c DelegationCell) Wider(o DelegationCell) bool {
	cl, cn := c.Level()
	ol, on := o.Level()
	if cl != ol {
		return cl > ol
	}
	if cn != on {
		return cn > on
	}
	return c.MemberLinks > o.MemberLinks
}

// Usual is each application's most common cell over orgs: what the
// tenant delegates as a rule, against which a wider cell stands out. Ties
// go to the narrower cell, so that a tenant split in two flags the wider
// half. One pass over the organizations serves every application.
func (d *Delegator) Usual(orgs []Organization) []DelegationCell {
	// What differs between a column's cells is their counts: a packed key
	// hashes fast enough for 100,000 organizations × 10 applications.
	key := func(c DelegationCell) uint64 {
		return uint64(uint16(c.See)) | uint64(uint16(c.Edit))<<16 | uint64(uint16(c.Delete))<<32 | uint64(uint16(c.MemberLinks))<<48
	}
	usual := make([]DelegationCell, len(d.apps))
	counts := make([]map[uint64]int, len(d.apps))
	for i := range counts {
		counts[i] = map[uint64]int{}
	}
	row := make([]DelegationCell, len(d.apps))
	for j, org := range orgs {
		d.Row(org, row)
		for i, c := range row {
			k := key(c)
			counts[i][k]++
			if n, u := counts[i][k], counts[i][key(usual[i])]; j == 0 || n > u || (n == u && usual[i].Wider(c)) {
				usual[i] = c
			}
		}
	}
	return usual
}

// Row puts in cells (one per application) org's cells: the matrix's row,
// its links looked up once.
func (d *Delegator) Row(org Organization, cells []DelegationCell) {
	links := d.s.Links[org.ID]
	for i := range d.apps {
		cells[i] = d.cellOf(links, i)
	}
}

// Cell is the matrix's cell of org and the i-th application: the counts
// only, no text.
func (d *Delegator) Cell(org Organization, i int) DelegationCell {
	return d.cellOf(d.s.Links[org.ID], i)
}

// cellOf is the i-th application's cell of an organization with links.
func (d *Delegator) cellOf(links []OrganizationConnection, i int) DelegationCell {
	ap := &d.apps[i]
	c := DelegationCell{Works: ap.works, Create: ap.create, Members: ap.works && ap.members != noMemberScope}
	if !ap.works {
		return c
	}
	m := ap.app.MyOrganizationConfiguration
	c.ControlsMissing = c.Members && !(m.PermissionCeiling() && m.SelfAssignmentRestricted())
	see, edit, del := ap.see, ap.edit, ap.del
	for _, l := range links {
		switch l.OrganizationAccessLevel {
		case AccessFull:
			c.See, c.Edit, c.Delete = c.See+b2i(see), c.Edit+b2i(edit), c.Delete+b2i(del)
		case AccessLimited:
			c.See, c.Edit = c.See+b2i(see), c.Edit+b2i(edit)
		case AccessReadonly:
			c.See += b2i(see)
		}
		if c.Members && l.OrganizationMemberAccessLevel != "" && l.OrganizationMemberAccessLevel != AccessNone {
			c.MemberLinks++
		}
	}
	return c
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DelegationFor says what org's admins can do through app.
func DelegationFor(s *Snapshot, org Organization, app Client) Delegation {
	if app.MyOrganizationConfiguration == nil {
		return Delegation{Org: org.Name, App: app.Name, AppID: app.ClientID, Scopes: []string{}, Connections: []DelegatedLink{}, Create: []DelegatedCreate{},
			Access: app.Name + " has no My Organization settings", Members: "nothing",
			Summary: org.Name + "'s admins can do nothing through " + app.Name + ": it has no My Organization settings."}
	}
	d := NewDelegator(s)
	for i, ap := range d.apps {
		if ap.app.ClientID == app.ClientID {
			return d.For(org, i)
		}
	}
	return Delegation{}
}

// For is the whole delegation of org through the i-th application.
func (d *Delegator) For(org Organization, i int) Delegation {
	ap := &d.apps[i]
	app, m := ap.app, ap.app.MyOrganizationConfiguration
	out := Delegation{Org: org.Name, App: app.Name, AppID: app.ClientID, Works: ap.works, Access: ap.access, Scopes: ap.scopes,
		Connections: []DelegatedLink{}, Create: []DelegatedCreate{}, Members: ap.members,
		PermissionCeiling: m.PermissionCeiling(), SelfAssignmentRestricted: m.SelfAssignmentRestricted()}
	for _, l := range d.s.Links[org.ID] {
		name, strategy := l.Connection.Name, l.Connection.Strategy
		if c, ok := d.conns[l.ConnectionID]; ok {
			name, strategy = c.Name, c.Strategy
		}
		dl := DelegatedLink{Connection: name, Strategy: strategy, Access: l.OrganizationAccessLevel, MemberAccess: l.OrganizationMemberAccessLevel}
		if ap.works {
			lvl := l.OrganizationAccessLevel
			dl.See = lvl != AccessNone && lvl != "" && ap.see
			dl.Edit = (lvl == AccessLimited || lvl == AccessFull) && ap.edit
			dl.Delete = lvl == AccessFull && ap.del
			if dl.Delete {
				dl.Note = deletionNote(ap.deletion)
			}
			if lvl == AccessLimited && dl.Edit {
				dl.Note = "some settings only"
			}
		}
		out.Connections = append(out.Connections, dl)
	}
	if ap.create {
		for _, st := range m.AllowedStrategies {
			dc := DelegatedCreate{Strategy: st, Features: []Feature{}, Name: "…"}
			if p := ap.profile; p != nil {
				btn, mem := p.LinkRulesFor(st, false)
				dc.Profile, dc.Button, dc.Membership = p.Name, btn.Explanation, mem.Explanation
				dc.Features = p.FeaturesFor(st)
				if p.ConnectionNamePrefixTemplate != nil {
					dc.Name = RenderPrefix(*p.ConnectionNamePrefixTemplate, org) + "…"
				}
			} else {
				btn, mem := ProfileSetting("").LinkRule(true), ProfileSetting("").LinkRule(false)
				dc.Button, dc.Membership = btn.Explanation, mem.Explanation
			}
			out.Create = append(out.Create, dc)
		}
	}
	out.Summary = out.summarize()
	return out
}

// deletionNote says when org admins may delete a connection, by the
// configuration's connection_deletion_behavior: unset is Auth0's default,
// allow; a value orgscope does not know is named as it is.
func deletionNote(b DeletionBehavior) string {
	switch b {
	case DeletionAllow, "":
		return "with its users"
	case DeletionAllowIfEmpty:
		return "once it has no users"
	}
	return "as connection_deletion_behavior " + string(b) + " allows"
}

// noMemberScope is what memberPowers says of a grant without member scopes.
const noMemberScope = "nothing (no member scope)"

// memberPowers says what org admins can do with members.
func memberPowers(works bool, has func(string) bool) string {
	if !works {
		return "nothing"
	}
	var can []string
	if has(myOrgScope("read", "members")) {
		can = append(can, "list members")
	}
	if has(myOrgScope("create", "member_invitations")) {
		can = append(can, "invite members")
	}
	if has(myOrgScope("delete", "memberships")) {
		can = append(can, "remove members")
	}
	if has(myOrgScope("create", "member_roles")) {
		can = append(can, "give roles")
	}
	if len(can) == 0 {
		return noMemberScope
	}
	return And(can)
}

func (d *Delegation) summarize() string {
	who := d.Org + "'s admins"
	if !d.Works {
		return who + " can do nothing through " + d.App + ": " + d.Access + "."
	}
	var parts []string
	if len(d.Create) > 0 {
		kinds := make([]string, len(d.Create))
		for i, c := range d.Create {
			kinds[i] = c.Strategy
		}
		part := "add " + And(kinds) + " connections"
		if n := d.Create[0].Name; n != "…" {
			part += " named " + n
		}
		parts = append(parts, part)
	}
	var edit, see []string
	for _, l := range d.Connections {
		switch {
		case l.Delete:
			edit = append(edit, l.Connection+" (and delete it "+l.Note+")")
		case l.Edit:
			edit = append(edit, l.Connection)
		case l.See:
			see = append(see, l.Connection)
		}
	}
	if len(edit) > 0 {
		parts = append(parts, "edit "+And(edit))
	}
	if len(see) > 0 {
		parts = append(parts, "see but not change "+And(see))
	}
	if d.Members != noMemberScope {
		m := d.Members
		switch {
		case !d.PermissionCeiling && !d.SelfAssignmentRestricted:
			m += " without a permission ceiling or the self-assignment restriction"
		case !d.PermissionCeiling:
			m += " without a permission ceiling"
		case !d.SelfAssignmentRestricted:
			m += " without the self-assignment restriction"
		}
		parts = append(parts, m)
	}
	if len(parts) == 0 {
		return who + " can call " + d.App + "'s My Organization API but do nothing with it (no scope that acts)."
	}
	return who + " can " + And(parts) + " through " + d.App + "."
}

// Lines are the delegation's facts, a line each, as the CLI and the TUI
// show them under its summary.
func (d Delegation) Lines() []string {
	lines := []string{"access      " + d.Access}
	if len(d.Scopes) > 0 {
		lines = append(lines, "scopes      "+strings.Join(d.Scopes, ", "))
	}
	for _, l := range d.Connections {
		can := "nothing"
		switch {
		case l.Delete:
			can = "see, edit, delete (" + l.Note + ")"
		case l.Edit:
			can = "see, edit"
			if l.Note != "" {
				can += " (" + l.Note + ")"
			}
		case l.See:
			can = "see"
		}
		lines = append(lines, fmt.Sprintf("connection  %s (%s): access %s → %s · member access %s", l.Connection, l.Strategy,
			OrDash(string(l.Access)), can, OrDash(string(l.MemberAccess))))
	}
	for _, c := range d.Create {
		lines = append(lines, fmt.Sprintf("may create  %s named %s · profile %s · button: %s · membership: %s", c.Strategy, c.Name,
			OrDash(c.Profile), c.Button, c.Membership))
	}
	return append(lines, fmt.Sprintf("members     %s · permission ceiling %s · self-assignment %s", d.Members, YesNo(d.PermissionCeiling),
		map[bool]string{true: "forbidden", false: "allowed"}[d.SelfAssignmentRestricted]))
}
