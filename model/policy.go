package model

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Policies are rules an admin writes once for whole classes of
// organizations (a YAML file, policyfile.go): which organizations a policy
// covers, and what must hold for them — links present or absent with
// their settings, and bounds on the organizations themselves. Check says
// where the tenant departs from them; PlanPolicies works out the link
// writes that make it comply, as a bulk plan.

// PolicySet is a policy file, read and resolved against a tenant's
// connections.
type PolicySet struct {
	Path     string   `json:"path"`
	Policies []Policy `json:"policies"`
}

// Pos is a place in a policy file: line and column, from 1.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Policy is one named policy.
type Policy struct {
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Severity    Severity    `json:"severity"`
	Orgs        OrgSelector `json:"organizations"`
	Links       []LinkRule  `json:"links,omitempty"`
	Org         *OrgBounds  `json:"organization,omitempty"`
	Pos         Pos         `json:"pos"`
}

// OrgSelector picks organizations: every condition given must hold.
type OrgSelector struct {
	All   bool     `json:"all,omitempty"`
	Names []string `json:"name,omitempty"` // globs: one must match
	IDs   []string `json:"ids,omitempty"`
	// Metadata must hold each key with its value ("any": with any value).
	Metadata map[string]string `json:"metadata,omitempty"`
	// HasConnection: the organization has a link to it (on or off).
	HasConnection string       `json:"has_connection,omitempty"`
	Not           *OrgSelector `json:"not,omitempty"`
	Pos           Pos          `json:"pos"`
	hasConnID     string
}

// LinkRule is what must hold of one connection's link. Linked nil and
// no enabled: true constrain only the links that exist; Settings' nil
// fields are "any".
type LinkRule struct {
	Connection string       `json:"connection"`
	Linked     *bool        `json:"linked,omitempty"`
	Settings   LinkSettings `json:"-"`
	Pos        Pos          `json:"pos"`
	// FieldPos is where each key of the rule was written.
	FieldPos map[string]Pos `json:"-"`
	conn     Connection
}

// requiresLink reports whether the rule wants the link to exist.
func (r LinkRule) requiresLink() bool {
	return (r.Linked != nil && *r.Linked) || (r.Settings.IsEnabled != nil && *r.Settings.IsEnabled)
}

// forbidsLink reports whether the rule wants no link.
func (r LinkRule) forbidsLink() bool { return r.Linked != nil && !*r.Linked }

// OrgBounds are what an organization itself must have. No plan can make
// them hold (orgscope cannot invent metadata or names): they are reported
// for a person to fix.
type OrgBounds struct {
	MetadataKeys []string `json:"metadata_keys,omitempty"`
	// DisplayName is a regular expression the display name must match.
	DisplayName string `json:"display_name,omitempty"`
	// Branding true: a logo or colours must be set; false: none may be.
	Branding *bool `json:"branding,omitempty"`
	Pos      Pos   `json:"pos"`
	// FieldPos is where each key of the bounds was written.
	FieldPos    map[string]Pos `json:"-"`
	displayName *regexp.Regexp
}

// PolicyViolation is one place where the tenant departs from a policy.
type PolicyViolation struct {
	Policy     string    `json:"policy"`
	Severity   Severity  `json:"severity"`
	Org        ObjectRef `json:"organization"`
	Connection string    `json:"connection,omitempty"`
	// ConnectionID is the connection's id (a link's violation).
	ConnectionID string `json:"connection_id,omitempty"`
	// Field is what departs: "link", a link setting's name, "metadata.KEY",
	// "display_name" or "branding".
	Field  string `json:"field"`
	Is     string `json:"is"`
	Should string `json:"should"`
	// Fixable: a plan can make it hold (a link write).
	Fixable bool `json:"fixable"`
	// Source is where the policy's rule is written.
	Source FileLocation `json:"source"`
}

// Finding is the violation as an audit finding, so that the audit's
// reports (text, JSON, SARIF) carry policies too.
func (v PolicyViolation) Finding() Finding {
	objects := []ObjectRef{v.Org}
	problem := v.Org.Name + ": " + v.Field + " is " + v.Is + ", should be " + v.Should + "."
	if v.Connection != "" {
		objects = append(objects, ObjectRef{Kind: KindLink, ID: v.ConnectionID, Name: v.Org.Name + "/" + v.Connection, OrgID: v.Org.ID})
		problem = v.Org.Name + " × " + v.Connection + ": " + v.Field + " is " + v.Is + ", should be " + v.Should + "."
	}
	fix := "orgscope policy apply makes it hold (orgscope policy plan shows the requests first)."
	if !v.Fixable {
		fix = "A person must fix it: orgscope cannot choose the value."
	}
	at := v.Source
	return Finding{Rule: "policy/" + v.Policy, Severity: v.Severity, Objects: objects, Problem: problem, Fix: fix,
		Source: "policy " + v.Policy + " at " + at.String(), Location: &at}
}

// where is a place in the set's file.
func (ps *PolicySet) where(p Pos) FileLocation {
	return FileLocation{File: ps.Path, Line: p.Line, Column: p.Column}
}

// Rules are the set's policies as audit rules: policy/NAME, with the
// policy's severity and description.
func (ps *PolicySet) Rules() []Rule {
	out := make([]Rule, len(ps.Policies))
	for i, p := range ps.Policies {
		title := p.Description
		if title == "" {
			title = "policy " + p.Name
		}
		out[i] = Rule{ID: "policy/" + p.Name, Severity: p.Severity, Title: title, Source: ps.where(p.Pos).String()}
	}
	return out
}

// selects reports whether sel picks org, whose links are links.
func (sel *OrgSelector) selects(org Organization, links []OrganizationConnection) bool {
	if len(sel.Names) > 0 && !slices.ContainsFunc(sel.Names, func(g string) bool { ok, _ := path.Match(g, org.Name); return ok }) {
		return false
	}
	if len(sel.IDs) > 0 && !slices.Contains(sel.IDs, org.ID) {
		return false
	}
	for k, want := range sel.Metadata {
		got, ok := org.Metadata[k]
		if !ok || (want != PolicyAny && got != want) {
			return false
		}
	}
	if sel.hasConnID != "" && !hasLinkTo(links, sel.hasConnID) {
		return false
	}
	if sel.Not != nil && sel.Not.selects(org, links) {
		return false
	}
	return true
}

// PolicyAny is the value that leaves a setting, or a metadata value, free.
const PolicyAny = "any"

// Check lists every violation of the set in s, by policy, then
// organization in the snapshot's order.
func (ps *PolicySet) Check(s *Snapshot) []PolicyViolation {
	fields := linkSettingFields()
	// Where each rule and field is written, worked out once: src[i][j][k]
	// is policy i's rule j's field k (the rule itself at len(fields), its
	// linked key after it).
	src := make([][][]FileLocation, len(ps.Policies))
	bounds := make([]map[string]FileLocation, len(ps.Policies)) // by key, where written
	for i, p := range ps.Policies {
		src[i] = make([][]FileLocation, len(p.Links))
		for j, r := range p.Links {
			src[i][j] = make([]FileLocation, len(fields)+2)
			for k, f := range fields {
				src[i][j][k] = ps.where(r.FieldPos[f.name])
			}
			src[i][j][len(fields)], src[i][j][len(fields)+1] = ps.where(r.Pos), ps.where(r.FieldPos["linked"])
		}
		if b := p.Org; b != nil {
			bounds[i] = map[string]FileLocation{}
			for _, k := range PolicyBoundsKeys() {
				at, ok := b.FieldPos[k]
				if !ok {
					at = b.Pos
				}
				bounds[i][k] = ps.where(at)
			}
		}
	}
	byPolicy := make([][]PolicyViolation, len(ps.Policies))
	for _, org := range s.Organizations {
		links := s.Links[org.ID] // once per organization, for every policy
		for i := range ps.Policies {
			p := &ps.Policies[i]
			if !p.Orgs.selects(org, links) {
				continue
			}
			add := func(conn, field, is, should string, fixable bool, source FileLocation) {
				v := PolicyViolation{Policy: p.Name, Severity: p.Severity, Org: orgRef(org), Connection: conn,
					Field: field, Is: is, Should: should, Fixable: fixable, Source: source}
				if conn != "" {
					for _, r := range p.Links {
						if r.conn.Name == conn {
							v.ConnectionID = r.conn.ID
						}
					}
				}
				byPolicy[i] = append(byPolicy[i], v)
			}
			for j, r := range p.Links {
				l := indexOfLink(links, r.conn.ID)
				switch {
				case l < 0 && r.requiresLink():
					add(r.conn.Name, "link", "absent", "present", true, src[i][j][len(fields)])
				case l >= 0 && r.forbidsLink():
					add(r.conn.Name, "link", "present", "absent", true, src[i][j][len(fields)+1])
				case l >= 0:
					after := r.Settings.Apply(links[l])
					for k, f := range fields {
						if f.set(r.Settings) {
							if is, should := f.show(links[l]), f.show(after); is != should {
								add(r.conn.Name, f.name, is, should, true, src[i][j][k])
							}
						}
					}
				}
			}
			if b := p.Org; b != nil {
				for _, k := range b.MetadataKeys {
					if _, ok := org.Metadata[k]; !ok {
						add("", "metadata."+k, "absent", "present", false, bounds[i]["metadata_keys"])
					}
				}
				if b.displayName != nil && !b.displayName.MatchString(org.DisplayName) {
					add("", "display_name", fmt.Sprintf("%q", org.DisplayName), "matching "+b.DisplayName, false, bounds[i]["display_name"])
				}
				if b.Branding != nil && brandingSet(org.Branding) != *b.Branding {
					add("", "branding", setOrNot(!*b.Branding), setOrNot(*b.Branding), false, bounds[i]["branding"])
				}
			}
		}
	}
	var out []PolicyViolation
	for _, vs := range byPolicy {
		out = append(out, vs...)
	}
	return out
}

func setOrNot(set bool) string {
	if set {
		return "set"
	}
	return "not set"
}

// indexOfLink is the index of the link to a connection (-1: none).
func indexOfLink(links []OrganizationConnection, connID string) int {
	for i := range links {
		if links[i].ConnectionID == connID {
			return i
		}
	}
	return -1
}

// brandingSet reports an organization with a logo or a colour.
func brandingSet(b *Branding) bool {
	return b != nil && (b.LogoURL != "" || (b.Colors != nil && (b.Colors.Primary != "" || b.Colors.PageBackground != "")))
}

// linkSettingField is one of the seven link settings a policy may fix,
// by its API name.
type linkSettingField struct {
	name string
	set  func(LinkSettings) bool
	show func(OrganizationConnection) string
}

// sameSetting reports two settings that give field f the same value (both
// set).
func sameSetting(f linkSettingField, a, b LinkSettings) bool {
	var probe OrganizationConnection
	return f.show(a.Apply(probe)) == f.show(b.Apply(probe))
}

func linkSettingFields() []linkSettingField {
	b := func(v bool) string { return fmt.Sprint(v) }
	return []linkSettingField{
		{"is_enabled", func(s LinkSettings) bool { return s.IsEnabled != nil }, func(l OrganizationConnection) string { return b(l.IsEnabled) }},
		{"assign_membership_on_login", func(s LinkSettings) bool { return s.AssignMembershipOnLogin != nil },
			func(l OrganizationConnection) string { return b(l.AssignMembershipOnLogin) }},
		{"show_as_button", func(s LinkSettings) bool { return s.ShowAsButton != nil }, func(l OrganizationConnection) string { return b(l.ShowAsButton) }},
		{"is_signup_enabled", func(s LinkSettings) bool { return s.IsSignupEnabled != nil }, func(l OrganizationConnection) string { return b(l.SignupEnabled()) }},
		{"organization_access_level", func(s LinkSettings) bool { return s.OrganizationAccessLevel != nil },
			func(l OrganizationConnection) string { return OrDash(string(l.OrganizationAccessLevel)) }},
		{"organization_connection_name", func(s LinkSettings) bool { return s.OrganizationConnectionName != nil },
			func(l OrganizationConnection) string { return fmt.Sprintf("%q", l.OrganizationConnectionName) }},
		{"organization_member_access_level", func(s LinkSettings) bool { return s.OrganizationMemberAccessLevel != nil },
			func(l OrganizationConnection) string { return OrDash(string(l.OrganizationMemberAccessLevel)) }},
	}
}

// wantedLink is what the policies covering one organization ask of one
// connection's link, merged, with the policy behind each demand.
type wantedLink struct {
	conn     Connection
	linked   *bool
	linkedBy string
	settings LinkSettings
	by       [7]string // the policy that set each of linkSettingFields
	conflict string
}

// merge adds one rule of policy to w; a demand that contradicts an
// earlier one is a conflict, named.
func (w *wantedLink) merge(policy string, r LinkRule, fields []linkSettingField) {
	disagree := func(what string) {
		if w.conflict == "" {
			w.conflict = fmt.Sprintf("policies %s and %s disagree on %s", w.linkedBy, policy, what)
		}
	}
	switch {
	case r.requiresLink():
		if w.linked != nil && !*w.linked {
			disagree("whether " + r.conn.Name + " is linked")
		}
		w.linked, w.linkedBy = ptr(true), policy
	case r.forbidsLink():
		if w.linked != nil && *w.linked {
			disagree("whether " + r.conn.Name + " is linked")
		}
		w.linked, w.linkedBy = ptr(false), policy
	}
	for k, f := range fields {
		if !f.set(r.Settings) {
			continue
		}
		if by := w.by[k]; by != "" && by != policy && !sameSetting(f, w.settings, r.Settings) && w.conflict == "" {
			w.conflict = fmt.Sprintf("policies %s and %s disagree on %s of %s", by, policy, f.name, r.conn.Name)
		}
		w.by[k] = policy
	}
	w.settings = r.Settings.Over(w.settings)
}

// PlanPolicies works out the link writes that make s comply with the
// set: for each organization and connection, the link as the policies
// covering it want it (add, update or remove), skipped where it already
// is, refused where the policies contradict each other or Auth0 would
// refuse the link (its reason given). Bounds on the organizations are not
// planned: Check reports them. Items come by organization, in the
// snapshot's order, then by connection as the policies name them.
func (ps *PolicySet) PlanPolicies(s *Snapshot) BulkPlan {
	plan := BulkPlan{Action: BulkAction{Kind: BulkPolicy, Policy: ps.Path}}
	fields := linkSettingFields()
	seen := map[string]bool{}
	var wants []wantedLink // one organization's, by connection, reused
	for _, org := range s.Organizations {
		links := s.Links[org.ID]
		wants = wants[:0]
		for i := range ps.Policies {
			p := &ps.Policies[i]
			if len(p.Links) == 0 || !p.Orgs.selects(org, links) {
				continue
			}
			for _, r := range p.Links {
				k := slices.IndexFunc(wants, func(w wantedLink) bool { return w.conn.ID == r.conn.ID })
				if k < 0 {
					wants = append(wants, wantedLink{conn: r.conn})
					k = len(wants) - 1
				}
				wants[k].merge(p.Name, r, fields)
			}
		}
		for k := range wants {
			w := &wants[k]
			it := w.item(org, linkTo(links, w.conn.ID))
			if it.Outcome == OutcomeSkip {
				continue
			}
			plan.Items = append(plan.Items, it)
			if !seen[w.conn.ID] {
				seen[w.conn.ID] = true
				plan.Action.Connections = append(plan.Action.Connections, w.conn)
			}
		}
	}
	return plan
}

// item is the bulk item that takes before to the wanted link.
func (w *wantedLink) item(org Organization, before *OrganizationConnection) BulkItem {
	it := BulkItem{Org: org, Before: before}
	ref := ConnectionRef{Name: w.conn.Name, Strategy: w.conn.Strategy}
	switch {
	case w.conflict != "":
		it.Outcome, it.Reason = OutcomeRefused, w.conflict
		if before == nil {
			after := w.settings.Apply(NewLink(w.conn.ID, ref))
			it.After = &after
		} else {
			after := w.settings.Apply(*before)
			it.After = &after
		}
		return it
	case w.linked != nil && !*w.linked:
		if before == nil {
			it.Outcome, it.Reason = OutcomeSkip, "not linked, as asked"
		} else {
			it.Outcome = OutcomeRemove
		}
		return it
	case before == nil && (w.linked == nil || !*w.linked):
		it.Outcome, it.Reason = OutcomeSkip, "not linked, and nothing asks for it"
		return it
	case before == nil:
		s := w.settings
		if s.IsEnabled == nil {
			s.IsEnabled = ptr(true)
		}
		after := s.Apply(NewLink(w.conn.ID, ref))
		it.Outcome, it.After = OutcomeAdd, &after
	default:
		after := w.settings.Apply(*before)
		it.After = &after
		if DiffLinkSettings(*before, after).IsZero() {
			it.Outcome, it.Reason = OutcomeSkip, "already as asked"
			return it
		}
		it.Outcome = OutcomeUpdate
	}
	if v := ValidateLinkChange(it.Before, *it.After); v != nil {
		it.Outcome, it.Reason = OutcomeRefused, v.Message
	}
	return it
}

// PolicyError is one problem of a policy file, where it is written.
type PolicyError struct {
	Path    string
	Pos     Pos
	Message string
}

func (e PolicyError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Column, e.Message)
}

// PolicyErrors are all the problems of a file, in the file's order.
type PolicyErrors []PolicyError

func (es PolicyErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Resolve ties the set to a tenant's connections (by name or id): an
// unknown connection is an error where it is named, as is a link the
// rules of Auth0 would refuse whatever the organization (signup on a
// connection that is not a database, signup asked without membership).
func (ps *PolicySet) Resolve(conns []Connection) error {
	var errs PolicyErrors
	find := func(ref string) (Connection, bool) {
		for _, c := range conns {
			if c.ID == ref || c.Name == ref {
				return c, true
			}
		}
		return Connection{}, false
	}
	fail := func(at Pos, format string, args ...any) {
		errs = append(errs, PolicyError{Path: ps.Path, Pos: at, Message: fmt.Sprintf(format, args...)})
	}
	for i := range ps.Policies {
		if b := ps.Policies[i].Org; b != nil && b.DisplayName != "" {
			re, err := regexp.Compile(b.DisplayName)
			if err != nil {
				fail(b.Pos, "display_name is not a regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
				continue
			}
			b.displayName = re
		}
	}
	var resolveSel func(sel *OrgSelector)
	resolveSel = func(sel *OrgSelector) {
		if sel.HasConnection != "" {
			if c, ok := find(sel.HasConnection); ok {
				sel.hasConnID = c.ID
			} else {
				fail(sel.Pos, "has_connection names %q, which the tenant does not have", sel.HasConnection)
			}
		}
		if sel.Not != nil {
			resolveSel(sel.Not)
		}
	}
	for i := range ps.Policies {
		p := &ps.Policies[i]
		resolveSel(&p.Orgs)
		for j := range p.Links {
			r := &p.Links[j]
			c, ok := find(r.Connection)
			if !ok {
				fail(r.FieldPos["connection"], "connection %q: the tenant has no connection by that name or id", r.Connection)
				continue
			}
			r.conn = c
			// The link the rule asks for, on a new link: a refusal that
			// holds for every organization is the file's error.
			probe := r.Settings.Apply(NewLink(c.ID, ConnectionRef{Name: c.Name, Strategy: c.Strategy}))
			if r.Settings.IsSignupEnabled != nil && *r.Settings.IsSignupEnabled {
				if c.Class() != ClassDatabase {
					fail(r.FieldPos["is_signup_enabled"], "is_signup_enabled: %s is a %s connection; Auth0 refuses it: %s", c.Name, c.Strategy, SignupRuleMessage)
					continue
				}
				if r.Settings.AssignMembershipOnLogin != nil && !*r.Settings.AssignMembershipOnLogin {
					fail(r.FieldPos["is_signup_enabled"], "is_signup_enabled with assign_membership_on_login false: Auth0 refuses it: %s", SignupRuleMessage)
					continue
				}
			}
			if v := ValidateLink(probe); v != nil && r.Settings.IsSignupEnabled == nil {
				fail(r.Pos, "the link asked for %s: Auth0 refuses it: %s", c.Name, v.Message)
			}
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b PolicyError) int { return (a.Pos.Line-b.Pos.Line)*1000 + a.Pos.Column - b.Pos.Column })
		return errs
	}
	return nil
}

// PolicyKeys are what a policy takes: the parser's and the JSON Schema's.
func PolicyKeys() []string {
	return []string{"name", "description", "severity", "organizations", "links", "organization"}
}

// PolicySelectorKeys are what an organizations selector takes.
func PolicySelectorKeys() []string {
	return []string{"all", "name", "ids", "metadata", "has_connection", "not"}
}

// PolicyLinkKeys are what a link rule takes: the connection, whether it
// is linked, and the seven settings (enabled is is_enabled's short name).
func PolicyLinkKeys() []string {
	keys := []string{"connection", "linked", "enabled"}
	for _, f := range linkSettingFields() {
		keys = append(keys, f.name)
	}
	return keys
}

// PolicyBoundsKeys are what a policy's organization bounds take.
func PolicyBoundsKeys() []string { return []string{"metadata_keys", "display_name", "branding"} }

// Names are the API names of the settings s sets.
func (s LinkSettings) Names() []string {
	var out []string
	for _, f := range linkSettingFields() {
		if f.set(s) {
			out = append(out, f.name)
		}
	}
	return out
}

// Idle are the policies that select no organization of s: a mistyped
// glob or metadata value passes a check silently otherwise.
func (ps *PolicySet) Idle(s *Snapshot) []string {
	var out []string
	for i := range ps.Policies {
		p := &ps.Policies[i]
		if !slices.ContainsFunc(s.Organizations, func(o Organization) bool { return p.Orgs.selects(o, s.Links[o.ID]) }) {
			out = append(out, p.Name)
		}
	}
	return out
}
