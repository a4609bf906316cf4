package model

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Severity ranks a finding.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// rank orders severities, worst first.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// AtLeast reports whether s is as bad as min or worse.
func (s Severity) AtLeast(min Severity) bool { return s.rank() <= min.rank() }

// Object kinds a finding can concern.
const (
	KindOrganization = "organization"
	KindConnection   = "connection"
	KindLink         = "link"
	KindClient       = "client"
	KindProfile      = "connection_profile"
)

// ObjectRef names an object a finding concerns. A link is named by its
// organization (OrgID) and its connection (ID).
type ObjectRef struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	OrgID string `json:"org_id,omitempty"`
}

// Finding is one thing the audit found wrong.
type Finding struct {
	Rule     string      `json:"rule"`
	Severity Severity    `json:"severity"`
	Objects  []ObjectRef `json:"objects"`
	Problem  string      `json:"problem"`
	Fix      string      `json:"fix"`
	Source   string      `json:"source"`
	// Location is the line of a policy file a policy's finding rests on.
	Location *FileLocation `json:"location,omitempty"`
}

// FileLocation is a place in a file: line and column, from 1.
type FileLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func (l FileLocation) String() string { return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column) }

// AuditConfig tunes the audit of one tenant.
type AuditConfig struct {
	// Disabled lists rule ids switched off.
	Disabled []string
	// MaxLinks is how many links an organization may have before the
	// org-many-links rule reports it (DefaultMaxLinks when 0).
	MaxLinks int
	// Policies, resolved against the snapshot, are checked with the rules:
	// each violation a finding of rule policy/NAME.
	Policies *PolicySet
}

// DefaultMaxLinks is the org-many-links threshold unless configured.
const DefaultMaxLinks = 20

// metadataNearLimit is how many metadata keys count as near Auth0's 25.
const metadataNearLimit = OrgMetadataMaxKeys - 3

// Rule is one audit rule: a pure check over a snapshot.
type Rule struct {
	ID       string
	Severity Severity
	// Title says what the rule looks for.
	Title string
	// Source is where the fact the rule rests on comes from.
	Source string
	check  func(a *auditRun, r Rule) []Finding
}

// auditRun holds the indexes every rule shares.
type auditRun struct {
	s        *Snapshot
	cfg      AuditConfig
	conns    map[string]Connection
	profiles map[string]ConnectionProfile
	using    map[string][]string
}

func (r Rule) finding(problem, fix string, objects ...ObjectRef) Finding {
	return Finding{Rule: r.ID, Severity: r.Severity, Objects: objects, Problem: problem, Fix: fix, Source: r.Source}
}

func orgRef(o Organization) ObjectRef {
	return ObjectRef{Kind: KindOrganization, ID: o.ID, Name: o.Name}
}
func connRef(c Connection) ObjectRef { return ObjectRef{Kind: KindConnection, ID: c.ID, Name: c.Name} }
func clientRef(c Client) ObjectRef   { return ObjectRef{Kind: KindClient, ID: c.ClientID, Name: c.Name} }
func linkRef(o Organization, l OrganizationConnection) ObjectRef {
	return ObjectRef{Kind: KindLink, ID: l.ConnectionID, Name: o.Name + "/" + l.Connection.Name, OrgID: o.ID}
}

// AuditRules lists every rule, in the order reports group them.
func AuditRules() []Rule {
	return []Rule{
		{ID: "org-no-connection", Severity: SeverityError, Title: "organization with no usable connection",
			Source: "management-api.md §4 (is_enabled, authentication.active); login prompt derivation", check: checkOrgNoConnection},
		{ID: "org-all-hidden", Severity: SeverityError, Title: "organization whose connections are all hidden enterprise ones",
			Source: `Auth0 Universal Login: "` + NoVisibleConnectionsError + `"`, check: checkOrgAllHidden},
		{ID: "link-signup-invalid", Severity: SeverityError, Title: "signup on a link that cannot have it",
			Source: "management-api.md §4: " + SignupRuleMessage, check: checkLinkSignup},
		{ID: "link-button-ignored", Severity: SeverityInfo, Title: "show_as_button turned off where it has no effect",
			Source: "management-api.md §4: show_as_button governs enterprise connections only", check: checkLinkButton},
		{ID: "conn-no-client", Severity: SeverityError, Title: "connection enabled on organizations but for no application that uses them",
			Source: "management-api.md §6 (enabled_clients); Auth0 docs: Organizations › Login flow", check: checkConnNoClient},
		{ID: "conn-stale", Severity: SeverityInfo, Title: "connection enabled on no organization and for no application",
			Source: "management-api.md §6 (enabled_clients)", check: checkConnStale},
		{ID: "link-full-access-deletable", Severity: SeverityWarning, Title: "full org admin access where org admins may delete connections with their users",
			Source: "management-api.md §4 (organization_access_level) and §8 (connection_deletion_behavior)", check: checkFullAccess},
		{ID: "link-full-members-no-ceiling", Severity: SeverityWarning, Title: "full member access where an application sets no permission ceiling",
			Source: "management-api.md §13 (organization_member_access_level, enforce_permission_ceiling)", check: checkFullMembersNoCeiling},
		{ID: "myorg-member-controls", Severity: SeverityWarning, Title: "org admins manage members without both member-management controls",
			Source: "management-api.md §13 (enforce_permission_ceiling, enforce_self_assignment_restriction)", check: checkMemberControls},
		{ID: "myorg-missing-profile", Severity: SeverityError, Title: "My Organization configuration pointing at a missing profile",
			Source: "management-api.md §8: connection_profile_id must exist", check: checkMyOrgProfile},
		{ID: "myorg-no-strategies", Severity: SeverityWarning, Title: "My Organization configuration allowing no strategy",
			Source: "management-api.md §8: allowed_strategies", check: checkMyOrgStrategies},
		{ID: "myorg-strategy-no-override", Severity: SeverityInfo, Title: "allowed strategy without a profile override",
			Source: "management-api.md §7: strategy_overrides", check: checkMyOrgOverrides},
		{ID: "myorg-no-grant", Severity: SeverityWarning, Title: "My Organization configuration whose users cannot call the My Organization API",
			Source: "Auth0 docs: My Organization API › client grants (subject_type user) and its user policy", check: checkMyOrgGrant},
		{ID: "myorg-grant-client-subject", Severity: SeverityWarning, Title: "My Organization API grant for the application, not its users",
			Source: "management-api.md §13 (subject_type; the My Organization API's policies require_client_grant for users, deny_all for clients)", check: checkMyOrgClientGrant},
		{ID: "myorg-grant-all-scopes", Severity: SeverityWarning, Title: "My Organization API grant with every scope",
			Source: "Auth0 docs: My Organization API › least privilege", check: checkMyOrgAllScopes},
		{ID: "profile-prefix-invalid", Severity: SeverityError, Title: "profile prefix template Auth0 would refuse",
			Source: "management-api.md §7: connection_name_prefix_template", check: checkProfilePrefix},
		{ID: "profile-prefix-missing", Severity: SeverityInfo, Title: "connection without its profile's current prefix",
			Source: "management-api.md §7: connection_name_prefix_template; connection names cannot change", check: checkPrefixMissing},
		{ID: "org-many-links", Severity: SeverityInfo, Title: "organization with many links",
			Source: "orgscope: configurable threshold (max_links)", check: checkManyLinks},
		{ID: "org-duplicate-display-name", Severity: SeverityWarning, Title: "organizations sharing a display name",
			Source: "management-api.md §3: display_name is free text, so Auth0 allows duplicates", check: checkDuplicateNames},
		{ID: "org-metadata-near-limit", Severity: SeverityInfo, Title: "organization metadata near the 25-key limit",
			Source: "management-api.md §3: metadata at most 25 keys", check: checkMetadata},
		{ID: "text-control-characters", Severity: SeverityWarning, Title: "terminal control characters in a name, display name or metadata",
			Source: "orgscope's threat model (docs/security.md): free text the tenant's admins and automations can set", check: checkControlChars},
	}
}

// optionTexts are the keys and string values of options, at any depth.
func optionTexts(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out = append(out, k)
			out = append(out, optionTexts(v[k])...)
		}
	case []any:
		for _, x := range v {
			out = append(out, optionTexts(x)...)
		}
	case string:
		out = append(out, v)
	}
	return out
}

// checkControlChars finds free text that carries control characters
// (escape sequences, C1 controls, bidi overrides): orgscope shows them
// escaped, but other tools, logs and the Dashboard may not.
func checkControlChars(a *auditRun, r Rule) []Finding {
	var out []Finding
	found := func(ref ObjectRef, what string, texts ...string) {
		for _, t := range texts {
			if HasControls(t) {
				out = append(out, r.finding("Control characters in "+ref.Name+"'s "+what+": "+CleanLine(t),
					"Find out who set it (the tenant log names the client or user), then set it again without them.", ref))
				return
			}
		}
	}
	mapTexts := func(m map[string]string) []string {
		var out []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			out = append(out, k, m[k])
		}
		return out
	}
	for _, o := range a.s.Organizations {
		found(orgRef(o), "display name", o.DisplayName)
		found(orgRef(o), "metadata", mapTexts(o.Metadata)...)
		for _, l := range a.s.Links[o.ID] {
			found(linkRef(o, l), "organization connection name", l.OrganizationConnectionName)
		}
	}
	for _, c := range a.s.Connections {
		found(connRef(c), "display name", c.DisplayName)
		found(connRef(c), "metadata", mapTexts(c.Metadata)...)
		found(connRef(c), "options", optionTexts(c.Options)...)
	}
	for _, c := range a.s.Clients {
		found(clientRef(c), "name", c.Name)
		found(clientRef(c), "description", c.Description)
	}
	for _, p := range a.s.Profiles {
		found(ObjectRef{Kind: KindProfile, ID: p.ID, Name: p.Name}, "name", p.Name)
	}
	return out
}

// Audit runs every rule not switched off over a snapshot. Findings come
// worst first, then by rule and by the first object's name.
func Audit(s *Snapshot, cfg AuditConfig) []Finding {
	if cfg.MaxLinks <= 0 {
		cfg.MaxLinks = DefaultMaxLinks
	}
	run := &auditRun{s: s, cfg: cfg, conns: s.ConnectionsByID(), profiles: s.ProfilesByID(), using: s.OrgsUsing()}
	var out []Finding
	order := map[string]int{}
	for i, r := range AuditRules() {
		order[r.ID] = i
		if !slices.Contains(cfg.Disabled, r.ID) {
			out = append(out, r.check(run, r)...)
		}
	}
	if ps := cfg.Policies; ps != nil {
		for i, r := range ps.Rules() {
			order[r.ID] = len(order) + i
		}
		for _, v := range ps.Check(s) {
			if f := v.Finding(); !slices.Contains(cfg.Disabled, f.Rule) {
				out = append(out, f)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Severity.rank(), b.Severity.rank()), cmp.Compare(order[a.Rule], order[b.Rule]),
			cmp.Compare(firstName(a), firstName(b)))
	})
	return out
}

func firstName(f Finding) string {
	if len(f.Objects) == 0 {
		return ""
	}
	return f.Objects[0].Name
}

func checkOrgNoConnection(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, o := range a.s.Organizations {
		links := a.s.Links[o.ID]
		p := PromptFor(links, a.conns, "")
		if p.Error == "" || p.Error == NoVisibleConnectionsError {
			continue
		}
		problem := o.Name + " has no connection enabled: its members cannot log in."
		if len(links) > 0 {
			problem = o.Name + "'s " + fmt.Sprint(len(links)) + " links are all switched off or to connections not used for login: its members cannot log in."
		}
		out = append(out, r.finding(problem, "Enable a connection on "+o.Name+", or switch one of its links on.", orgRef(o)))
	}
	return out
}

func checkOrgAllHidden(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, o := range a.s.Organizations {
		p := PromptFor(a.s.Links[o.ID], a.conns, "")
		if p.Error != NoVisibleConnectionsError {
			continue
		}
		// With identifier-first on, members reach them by their email
		// domain (home realm discovery): no error. Off, or not known, the
		// prompt shows nothing.
		if on := a.s.IdentifierFirst; on != nil && *on {
			continue
		}
		why := "the tenant's identifier-first setting is not known, and off"
		if a.s.IdentifierFirst != nil {
			why = "identifier-first is off, so"
		}
		out = append(out, r.finding(
			o.Name+"'s only connections ("+strings.Join(p.Hidden, ", ")+") are hidden enterprise ones, reached only through home realm discovery; "+why+
				" Universal Login says \""+NoVisibleConnectionsError+"\".",
			"Show one of them as a button, or turn on identifier-first home realm discovery for their domains.", orgRef(o)))
	}
	return out
}

// eachLink calls fn for every link of every organization.
func (a *auditRun) eachLink(fn func(o Organization, l OrganizationConnection)) {
	for _, o := range a.s.Organizations {
		for _, l := range a.s.Links[o.ID] {
			fn(o, l)
		}
	}
}

// strategyOf is a link's strategy, from its connection when known.
func (a *auditRun) strategyOf(l OrganizationConnection) string {
	if c, ok := a.conns[l.ConnectionID]; ok {
		return c.Strategy
	}
	return l.Connection.Strategy
}

func checkLinkSignup(a *auditRun, r Rule) []Finding {
	var out []Finding
	a.eachLink(func(o Organization, l OrganizationConnection) {
		strategy := a.strategyOf(l)
		if ValidateSignup(strategy, l.AssignMembershipOnLogin, l.SignupEnabled()) == nil {
			return
		}
		problem, fix := o.Name+"'s link to "+l.Connection.Name+" has signup on without membership on login: Auth0 refuses this today, so the link predates the rule.",
			"Turn membership on login on for the link, or signup off."
		if ClassOf(strategy) != ClassDatabase {
			problem, fix = o.Name+"'s link to "+l.Connection.Name+" has signup on, which only database connections support.", "Turn signup off on the link."
		}
		out = append(out, r.finding(problem, fix, linkRef(o, l)))
	})
	return out
}

func checkLinkButton(a *auditRun, r Rule) []Finding {
	var out []Finding
	a.eachLink(func(o Organization, l OrganizationConnection) {
		if l.ShowAsButton || IsEnterprise(a.strategyOf(l)) {
			return
		}
		out = append(out, r.finding(
			o.Name+"'s link to "+l.Connection.Name+" has show_as_button off, but a "+string(ClassOf(a.strategyOf(l)))+" connection shows the same either way.",
			"Nothing breaks; to hide the connection from "+o.Name+", switch the link off instead.", linkRef(o, l)))
	})
	return out
}

func checkConnNoClient(a *auditRun, r Rule) []Finding {
	usesOrgs := map[string]bool{}
	for _, c := range a.s.Clients {
		usesOrgs[c.ClientID] = c.UsesOrganizations()
	}
	var out []Finding
	for _, c := range a.s.Connections {
		orgs := len(a.using[c.ID])
		if orgs == 0 {
			continue
		}
		if len(c.EnabledClients) == 0 {
			out = append(out, r.finding(
				fmt.Sprintf("%s is enabled on %s but for no application: nobody can log in through it.", c.Name, Count(orgs, "organization")),
				"Enable "+c.Name+" for the applications its organizations' members use.", connRef(c)))
			continue
		}
		if !slices.ContainsFunc(c.EnabledClients, func(id string) bool { return usesOrgs[id] }) {
			out = append(out, r.finding(
				fmt.Sprintf("%s is enabled on %s, but none of its applications log users in through organizations.", c.Name, Count(orgs, "organization")),
				"Enable "+c.Name+" for an application whose organization_usage is allow or require.", connRef(c)))
		}
	}
	return out
}

func checkConnStale(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, c := range a.s.Connections {
		if len(a.using[c.ID]) == 0 && len(c.EnabledClients) == 0 {
			out = append(out, r.finding(c.Name+" is enabled on no organization and for no application.",
				"Delete it if nothing else needs it, or enable it where it is meant to be used.", connRef(c)))
		}
	}
	return out
}

func checkFullAccess(a *auditRun, r Rule) []Finding {
	var deleters []string
	for _, c := range a.s.Clients {
		// Only where org admins can call the My Organization API at all.
		if m := c.MyOrganizationConfiguration; m != nil && m.ConnectionDeletionBehavior == DeletionAllow && a.myOrgWorks(c) {
			deleters = append(deleters, c.Name)
		}
	}
	if len(deleters) == 0 {
		return nil
	}
	slices.Sort(deleters)
	var out []Finding
	a.eachLink(func(o Organization, l OrganizationConnection) {
		if l.OrganizationAccessLevel != AccessFull {
			return
		}
		out = append(out, r.finding(
			o.Name+"'s admins have full access to "+l.Connection.Name+", and "+And(deleters)+" "+lets(len(deleters))+" them delete a connection with all its users.",
			"Lower the link's organization access level, or set connection_deletion_behavior to allow_if_empty.", linkRef(o, l)))
	})
	return out
}

// myOrgClients calls fn for each client with a My Organization configuration.
func (a *auditRun) myOrgClients(fn func(c Client, m MyOrganizationConfiguration)) {
	for _, c := range a.s.Clients {
		if c.MyOrganizationConfiguration != nil {
			fn(c, *c.MyOrganizationConfiguration)
		}
	}
}

func checkMyOrgProfile(a *auditRun, r Rule) []Finding {
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		if m.ConnectionProfileID == "" {
			return
		}
		if _, ok := a.profiles[m.ConnectionProfileID]; !ok {
			out = append(out, r.finding(c.Name+"'s My Organization configuration uses the connection profile "+m.ConnectionProfileID+", which does not exist.",
				"Choose an existing profile in the application's My Organization settings.", clientRef(c)))
		}
	})
	return out
}

func checkMyOrgStrategies(a *auditRun, r Rule) []Finding {
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		if len(m.AllowedStrategies) == 0 {
			out = append(out, r.finding(c.Name+"'s My Organization configuration allows no strategy: its org admins cannot create connections.",
				"Allow the strategies its customers use, or remove the configuration.", clientRef(c)))
		}
	})
	return out
}

func checkMyOrgOverrides(a *auditRun, r Rule) []Finding {
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		p, ok := a.profiles[m.ConnectionProfileID]
		if !ok || len(p.StrategyOverrides) == 0 {
			return // no profile, or one that sets every strategy alike
		}
		var missing []string
		for _, s := range m.AllowedStrategies {
			if _, ok := p.StrategyOverrides[s]; !ok {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			out = append(out, r.finding(
				c.Name+" allows "+strings.Join(missing, ", ")+", which the profile "+p.Name+" has no override for: those connections get its general settings.",
				"Add overrides for them to "+p.Name+" if they need other features.", clientRef(c), ObjectRef{Kind: KindProfile, ID: p.ID, Name: p.Name}))
		}
	})
	return out
}

func checkMyOrgGrant(a *auditRun, r Rule) []Finding {
	if a.s.MyOrganizationAPI == "" {
		return nil // the tenant has no My Organization API to grant
	}
	var out []Finding
	a.myOrgClients(func(c Client, m MyOrganizationConfiguration) {
		g, ok := a.s.MyOrganizationGrants[c.ClientID]
		if ok && !g.ForUsers() {
			return // myorg-grant-client-subject says what is wrong with it
		}
		var grant *ClientGrant
		if ok {
			grant = &g
		}
		works, says := MyOrganizationAccess(a.s.MyOrganizationPolicies, grant)
		if works {
			return
		}
		fix := "Grant " + c.Name + "'s users the My Organization API scopes its features need (a user-flow grant, subject_type user)."
		if user, _ := MyOrganizationPolicies(a.s.MyOrganizationPolicies); user == PolicyDenyAll {
			fix = "Set the My Organization API's user policy to require_client_grant, then grant " + c.Name + "'s users the scopes they need."
		}
		out = append(out, r.finding(c.Name+" has a My Organization configuration but its org admins cannot use it: "+says+".", fix, clientRef(c)))
	})
	return out
}

// checkMyOrgClientGrant finds grants on the My Organization API made for
// the application itself (subject_type client, what orgscope created before
// it knew subject types): they give the org admins who sign in nothing.
func checkMyOrgClientGrant(a *auditRun, r Rule) []Finding {
	if a.s.MyOrganizationAPI == "" {
		return nil
	}
	if user, _ := MyOrganizationPolicies(a.s.MyOrganizationPolicies); user != PolicyRequireClientGrant {
		return nil // users get in by policy (allow_all) or not at all (deny_all: myorg-no-grant)
	}
	var out []Finding
	for _, c := range a.s.Clients {
		g, ok := a.s.MyOrganizationGrants[c.ClientID]
		if !ok || g.ForUsers() {
			continue
		}
		_, says := MyOrganizationAccess(a.s.MyOrganizationPolicies, &g)
		out = append(out, r.finding(c.Name+"'s grant on the My Organization API does not work for its users: "+says+".",
			"Convert it to a user-flow grant (subject_type user) with the same scopes.", clientRef(c)))
	}
	return out
}

func checkMyOrgAllScopes(a *auditRun, r Rule) []Finding {
	all := MyOrganizationScopes()
	var out []Finding
	for _, c := range a.s.Clients {
		g, ok := a.s.MyOrganizationGrants[c.ClientID]
		if !ok || len(g.Scope) < len(all) {
			continue
		}
		if slices.ContainsFunc(all, func(s ScopeInfo) bool { return !slices.Contains(g.Scope, s.Value) }) {
			continue
		}
		out = append(out, r.finding(c.Name+" holds every My Organization API scope.",
			"Keep only the scopes its features use (the application screen's g offers least-privilege sets).", clientRef(c)))
	}
	return out
}

func checkProfilePrefix(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, p := range a.s.Profiles {
		if p.ConnectionNamePrefixTemplate == nil {
			continue
		}
		if v := ValidatePrefixTemplate(*p.ConnectionNamePrefixTemplate); v != nil {
			out = append(out, r.finding("The profile "+p.Name+"'s prefix template "+*p.ConnectionNamePrefixTemplate+" breaks Auth0's rule: "+v.Message,
				"Edit the profile's prefix: letters, digits, single inner hyphens, {org_id} and {org_name}, at most 15 characters.",
				ObjectRef{Kind: KindProfile, ID: p.ID, Name: p.Name}))
		}
	}
	return out
}

// checkPrefixMissing finds connections created under a profile (their
// name carries the prefix the profile rendered for their organization
// before its template changed, and an application using the profile
// allows their strategy: model.OriginOf's mark) whose names lack the
// prefix the profile renders now. Only template changes a snapshot saw
// (PrefixHistory) can show this; Auth0 records no creation origin.
func checkPrefixMissing(a *auditRun, r Rule) []Finding {
	var out []Finding
	if len(a.s.PrefixHistory) == 0 {
		return nil
	}
	for _, o := range a.s.Organizations {
		for _, l := range a.s.Links[o.ID] {
			conn, ok := a.conns[l.ConnectionID]
			if !ok {
				continue
			}
			for _, id := range slices.Sorted(maps.Keys(a.s.PrefixHistory)) {
				p, ok := a.profiles[id]
				if !ok || p.ConnectionNamePrefixTemplate == nil {
					continue
				}
				now := RenderPrefix(*p.ConnectionNamePrefixTemplate, o)
				if now == "" || strings.HasPrefix(conn.Name, now) {
					continue
				}
				for _, old := range a.s.PrefixHistory[id] {
					before := p
					before.ConnectionNamePrefixTemplate = &old
					origin, ok := OriginOf(o, conn, a.s.Clients, []ConnectionProfile{before})
					if !ok {
						continue
					}
					out = append(out, r.finding(fmt.Sprintf("%s was created under the profile %s when its prefix for %s was %q; the profile now renders %q, which the name lacks.",
						conn.Name, p.Name, o.Name, origin.Prefix, now),
						"Connection names cannot change: keep it (org admins see a name unlike their newer connections), or create one under the profile, move the users and remove this one.",
						linkRef(o, l), ObjectRef{Kind: KindProfile, ID: p.ID, Name: p.Name}))
					break
				}
			}
		}
	}
	return out
}

func checkManyLinks(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, o := range a.s.Organizations {
		if n := len(a.s.Links[o.ID]); n > a.cfg.MaxLinks {
			out = append(out, r.finding(fmt.Sprintf("%s has %s (more than %d).", o.Name, Count(n, "link"), a.cfg.MaxLinks),
				"Check that each is needed; raise max_links in the config if this is expected.", orgRef(o)))
		}
	}
	return out
}

func checkDuplicateNames(a *auditRun, r Rule) []Finding {
	by := map[string][]Organization{}
	var names []string
	for _, o := range a.s.Organizations {
		if o.DisplayName == "" {
			continue
		}
		k := strings.ToLower(o.DisplayName)
		if len(by[k]) == 0 {
			names = append(names, k)
		}
		by[k] = append(by[k], o)
	}
	var out []Finding
	for _, k := range names {
		orgs := by[k]
		if len(orgs) < 2 {
			continue
		}
		refs := make([]ObjectRef, len(orgs))
		for i, o := range orgs {
			refs[i] = orgRef(o)
		}
		out = append(out, r.finding(fmt.Sprintf("%d organizations show as %q on the login prompt.", len(orgs), orgs[0].DisplayName),
			"Give each a display name its members will recognise.", refs...))
	}
	return out
}

func checkMetadata(a *auditRun, r Rule) []Finding {
	var out []Finding
	for _, o := range a.s.Organizations {
		if n := len(o.Metadata); n >= metadataNearLimit {
			out = append(out, r.finding(fmt.Sprintf("%s has %d of the 25 metadata keys Auth0 allows.", o.Name, n),
				"Fold related keys together before a write is refused.", orgRef(o)))
		}
	}
	return out
}
