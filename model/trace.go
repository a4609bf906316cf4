package model

import (
	"fmt"
	"slices"
	"strings"
)

// The login-path tracer: "why can't this user sign in?" answered from the
// tenant's settings, step by step in the order Auth0 checks them, each step
// with the facts it rests on and the fix. A pure function over what a
// snapshot (or a few reads of the live tenant) holds.

// TraceStatus is how a step of a trace came out.
type TraceStatus string

const (
	TraceOK      TraceStatus = "ok"
	TraceFail    TraceStatus = "fail"    // the path breaks here
	TraceWarn    TraceStatus = "warn"    // works, with something the admin should know
	TraceUnknown TraceStatus = "unknown" // not reached, or a fact orgscope cannot read
)

// TraceStep is one check of the login path.
type TraceStep struct {
	Step   string      `json:"step"`
	Status TraceStatus `json:"status"`
	Facts  []string    `json:"facts"`
	Fix    string      `json:"fix,omitempty"`
	// FixKind names the change that makes the fix where orgscope has a
	// form for it (FixKinds), on the connection FixConnection (an id).
	FixKind       string `json:"fix_kind,omitempty"`
	FixConnection string `json:"fix_connection,omitempty"`
}

// The fixes a trace step can name that orgscope's forms make.
const (
	FixEnableForApplication = "enable_for_application" // the connection, for the application
	FixEnableOnOrganization = "enable_on_organization" // a connection, on the organization
	FixSwitchLinkOn         = "switch_link_on"         // the organization's link to the connection
	FixShowAsButton         = "show_as_button"         // the link, as a button
	FixAssignMembership     = "assign_membership"      // the link, assigning membership on login
)

// Trace is the whole answer: the steps, whether the path works, and the
// verdict in one sentence.
type Trace struct {
	Client  string      `json:"client"`
	Org     string      `json:"organization"`
	Email   string      `json:"email,omitempty"`
	Works   bool        `json:"works"`
	Verdict string      `json:"verdict"`
	Steps   []TraceStep `json:"steps"`
}

// FixStep is the step whose fix a form makes: the broken one where it has
// such a fix, else the first warning that has one.
func (t Trace) FixStep() (TraceStep, bool) {
	for _, want := range []TraceStatus{TraceFail, TraceWarn} {
		for _, s := range t.Steps {
			if s.Status == want && s.FixKind != "" {
				return s, true
			}
			if s.Status == TraceFail && want == TraceFail {
				break // the broken step has no form: none before it either
			}
		}
		if want == TraceFail && !t.Works {
			return TraceStep{}, false
		}
	}
	return TraceStep{}, false
}

// TraceInput is what a trace reads. Nil pointers are facts that are not
// known (a snapshot holds no prompt settings or discovery domains; a token
// may lack the scope that reads membership).
type TraceInput struct {
	ClientName string // as asked, for the verdict when the client is missing
	OrgName    string
	Client     *Client
	Org        *Organization
	Links      []OrganizationConnection
	Conns      map[string]Connection
	Email      string
	// Connection restricts the trace to one connection (a name or an id).
	Connection string
	// IdentifierFirst is the tenant's identifier-first prompt setting.
	IdentifierFirst *bool
	// DiscoveryDomains are the organization's verified discovery domains
	// (nil: not read; empty: read, none).
	DiscoveryDomains []string
	// Member says whether the email's user is a member of the
	// organization (nil: not known, and MemberNote says why).
	Member     *bool
	MemberNote string
}

// TraceInputFrom finds an application and an organization (names or ids)
// in a snapshot: what a snapshot holds of a trace (identifier-first when
// it was read). It holds no discovery domains or members: those stay
// unknown.
func TraceInputFrom(s *Snapshot, app, org string) TraceInput {
	in := TraceInput{ClientName: app, OrgName: org, Conns: s.ConnectionsByID(), IdentifierFirst: s.IdentifierFirst,
		MemberNote: "a snapshot holds no members; traced live, read:organization_members would tell"}
	for i, c := range s.Clients {
		if c.ClientID == app || (in.Client == nil && c.Name == app) {
			in.Client = &s.Clients[i]
		}
	}
	for i, o := range s.Organizations {
		if o.ID == org || (in.Org == nil && o.Name == org) {
			in.Org = &s.Organizations[i]
			in.Links = s.Links[o.ID]
		}
	}
	return in
}

// Trace step names, in Auth0's order.
const (
	StepApplication  = "application"
	StepOrganization = "organization"
	StepConnections  = "connections"
	StepPrompt       = "login prompt"
	StepEmail        = "email"
)

// loginGrants are the grant types through which an application logs users in.
func loginGrants() []string {
	return []string{"authorization_code", "implicit", "password", "http://auth0.com/oauth/grant-type/password-realm"}
}

// TraceLogin walks the login path of in. It stops judging at the first
// failed step and lists the later ones as not reached.
func TraceLogin(in TraceInput) Trace {
	t := &tracer{in: in, out: Trace{Client: in.ClientName, Org: in.OrgName, Email: in.Email}}
	if in.Client != nil {
		t.out.Client = in.Client.Name
	}
	if in.Org != nil {
		t.out.Org = in.Org.Name
	}
	for _, step := range []func() TraceStep{t.application, t.organization, t.connections, t.loginPrompt, t.email} {
		if t.broken != nil {
			break
		}
		s := step()
		if s.Step == "" {
			continue
		}
		t.out.Steps = append(t.out.Steps, s)
		if s.Status == TraceFail {
			t.broken = &t.out.Steps[len(t.out.Steps)-1]
		}
	}
	t.notReached()
	t.verdict()
	return t.out
}

type tracer struct {
	in     TraceInput
	out    Trace
	broken *TraceStep
	// usable are the connections that show in this application for this
	// organization; invisible those enabled on the org but not for the app.
	usable, invisible []Connection
	prompt            LoginPrompt
	// via is how the email signs in: the connection and the reason.
	via, how string
	becomes  string
}

func (t *tracer) application() TraceStep {
	s := TraceStep{Step: StepApplication}
	c := t.in.Client
	if c == nil {
		s.Status, s.Facts = TraceFail, []string{fmt.Sprintf("the tenant has no application %q", t.in.ClientName)}
		s.Fix = "Check the application's name or id (orgscope clients list)."
		return s
	}
	s.Facts = append(s.Facts, fmt.Sprintf("%s (%s, %s)", c.Name, c.ClientID, OrDash(c.AppType)))
	switch {
	case c.AppType == "non_interactive":
		s.Status, s.Fix = TraceFail, "Log users in through a web, single-page or native application: a machine-to-machine one has no users."
		s.Facts = append(s.Facts, "a machine-to-machine application: it logs in no users")
		return s
	case len(c.GrantTypes) > 0 && !slices.ContainsFunc(c.GrantTypes, func(g string) bool { return slices.Contains(loginGrants(), g) }):
		s.Status, s.Fix = TraceFail, "Allow the authorization_code grant type on "+c.Name+"."
		s.Facts = append(s.Facts, "grant types "+strings.Join(c.GrantTypes, ", ")+": none logs a user in")
		return s
	}
	switch c.OrganizationUsage {
	case "allow":
		s.Facts = append(s.Facts, "organization_usage allow: users log in with or without an organization")
	case "require":
		how := map[string]string{
			"pre_login_prompt":  "users are asked for their organization before they log in",
			"post_login_prompt": "users pick their organization after they log in",
			"no_prompt":         "the application must send the organization with the login request",
		}[c.OrganizationRequireBehavior]
		if how == "" {
			how = "the application must send the organization with the login request (organization_require_behavior no_prompt, Auth0's default)"
		}
		s.Facts = append(s.Facts, "organization_usage require: "+how)
	default:
		s.Status = TraceFail
		s.Facts = append(s.Facts, "organization_usage "+OrDash(c.OrganizationUsage)+": the application does not use organizations (deny is Auth0's default)")
		s.Fix = "Set organization_usage of " + c.Name + " to allow or require."
		return s
	}
	s.Status = TraceOK
	return s
}

func (t *tracer) organization() TraceStep {
	s := TraceStep{Step: StepOrganization}
	if t.in.Org == nil {
		s.Status, s.Facts = TraceFail, []string{fmt.Sprintf("the tenant has no organization %q", t.in.OrgName)}
		s.Fix = "Check the organization's name or id (orgscope orgs list)."
		return s
	}
	s.Status, s.Facts = TraceOK, []string{fmt.Sprintf("%s (%s)", t.in.Org.Name, t.in.Org.ID)}
	return s
}

// traced reports whether a link is in the trace (all, or the one asked).
func (t *tracer) traced(l OrganizationConnection, c Connection) bool {
	want := t.in.Connection
	return want == "" || want == l.ConnectionID || want == c.Name
}

func (t *tracer) connections() TraceStep {
	s := TraceStep{Step: StepConnections}
	app := t.in.Client
	var traced []OrganizationConnection
	for _, l := range t.in.Links {
		c := t.connOf(l)
		if !t.traced(l, c) {
			continue
		}
		traced = append(traced, l)
		switch {
		case !l.IsEnabled:
			s.Facts = append(s.Facts, c.Name+": its link is switched off (is_enabled false)")
		case !c.UsedForLogin():
			s.Facts = append(s.Facts, c.Name+": not used for login (authentication.active false)")
		case !slices.Contains(c.EnabledClients, app.ClientID):
			t.invisible = append(t.invisible, c)
			s.Facts = append(s.Facts, c.Name+": enabled on "+t.in.Org.Name+" but not for "+app.Name+", so invisible in it")
		default:
			t.usable = append(t.usable, c)
			s.Facts = append(s.Facts, c.Name+" ("+c.Strategy+"): enabled on "+t.in.Org.Name+" and for "+app.Name)
		}
	}
	var names []string
	for _, c := range t.invisible {
		names = append(names, c.Name)
	}
	switch {
	case t.in.Connection != "" && len(traced) == 0:
		s.Status, s.Facts = TraceFail, []string{t.in.Connection + " is not enabled on " + t.in.Org.Name}
		s.Fix, s.FixKind = "Enable "+t.in.Connection+" on "+t.in.Org.Name+".", FixEnableOnOrganization
	case len(traced) == 0:
		s.Status, s.Facts = TraceFail, []string{t.in.Org.Name + " has no connection enabled"}
		s.Fix, s.FixKind = "Enable a connection on "+t.in.Org.Name+".", FixEnableOnOrganization
	case len(t.usable) == 0 && len(names) > 0:
		// The last fact is the verdict's: it says the whole step.
		s.Facts = append(s.Facts, "no connection is enabled both on "+t.in.Org.Name+" and for "+app.Name)
		s.Status, s.Fix = TraceFail, "Enable "+Or(names)+" for "+app.Name+" (Auth0 needs a connection enabled on both)."
		s.FixKind, s.FixConnection = FixEnableForApplication, t.invisible[0].ID
	case len(t.usable) == 0:
		if len(traced) > 1 {
			s.Facts = append(s.Facts, "none of "+t.in.Org.Name+"'s "+Count(len(traced), "link")+" can log a user in")
		}
		s.Status, s.Fix = TraceFail, "Switch one of "+t.in.Org.Name+"'s links on."
		for _, l := range traced {
			if !l.IsEnabled {
				s.FixKind, s.FixConnection = FixSwitchLinkOn, l.ConnectionID
				break
			}
		}
	case len(names) > 0:
		s.Status, s.Fix = TraceWarn, "Enable "+And(names)+" for "+app.Name+" if its users should see them."
		s.FixKind, s.FixConnection = FixEnableForApplication, t.invisible[0].ID
	default:
		s.Status = TraceOK
	}
	return s
}

// connOf is a link's connection, from the tenant's list when known.
func (t *tracer) connOf(l OrganizationConnection) Connection {
	if c, ok := t.in.Conns[l.ConnectionID]; ok {
		return c
	}
	return Connection{ID: l.ConnectionID, Name: l.Connection.Name, Strategy: l.Connection.Strategy}
}

// hrdDomains are the email domains that lead to a hidden or shown
// enterprise connection through home realm discovery.
func (t *tracer) hrdDomains(c Connection) []string {
	var out []string
	if v, ok := c.Options["domain_aliases"].([]any); ok {
		for _, d := range v {
			if s, ok := d.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
	}
	if s, ok := c.Options["domain_aliases"].([]string); ok {
		for _, d := range s {
			out = append(out, strings.ToLower(d))
		}
	}
	return out
}

func (t *tracer) loginPrompt() TraceStep {
	s := TraceStep{Step: StepPrompt}
	var links []OrganizationConnection
	for _, l := range t.in.Links {
		if t.traced(l, t.connOf(l)) {
			links = append(links, l)
		}
	}
	p := PromptFor(links, t.in.Conns, t.in.Client.ClientID)
	t.prompt = p
	if len(p.Buttons) > 0 {
		s.Facts = append(s.Facts, "buttons: "+strings.Join(p.Buttons, ", "))
	}
	if len(p.Fields) > 0 {
		s.Facts = append(s.Facts, "identifier fields: "+strings.Join(p.Fields, ", "))
	}
	if p.Signup {
		s.Facts = append(s.Facts, "a sign-up link shows")
	}
	hrd := "unknown (orgscope cannot read the prompt settings here)"
	if t.in.IdentifierFirst != nil {
		hrd = map[bool]string{true: "on", false: "off"}[*t.in.IdentifierFirst]
	}
	reachable := 0 // hidden connections some email domain leads to
	if len(p.Hidden) > 0 {
		var reach []string
		for _, name := range p.Hidden {
			c := t.connByName(name)
			ds := append(t.hrdDomains(c), t.in.DiscoveryDomains...)
			switch {
			case len(ds) == 0 && t.in.DiscoveryDomains == nil:
				reach = append(reach, name+" (no domain alias; the organization's discovery domains are unknown)")
				reachable++ // cannot tell that none leads there
				continue
			case len(ds) == 0:
				reach = append(reach, name+" (no domain leads to it)")
				continue
			}
			reachable++
			reach = append(reach, name+" (by "+strings.Join(ds, ", ")+")")
		}
		s.Facts = append(s.Facts, "hidden, reached only through home realm discovery: "+strings.Join(reach, "; "), "identifier-first: "+hrd)
	}
	visible := len(p.Buttons)+len(p.Fields) > 0
	hrdOff := t.in.IdentifierFirst != nil && !*t.in.IdentifierFirst
	hidden := oneOf(p.Hidden)
	switch {
	case !visible && hrdOff:
		s.Status, s.Facts = TraceFail, append(s.Facts, "Universal Login says: "+NoVisibleConnectionsError)
		s.Fix = "Show " + hidden + " as a button, or turn identifier-first on (home realm discovery)."
		s.FixKind, s.FixConnection = FixShowAsButton, t.connByName(p.Hidden[0]).ID
	case !visible && reachable == 0:
		s.Status, s.Facts = TraceFail, append(s.Facts, "no email domain leads to "+hidden+": nobody reaches it")
		s.Fix = "Add the members' email domains to the domain_aliases of " + hidden + ", or show it as a button."
		s.FixKind, s.FixConnection = FixShowAsButton, t.connByName(p.Hidden[0]).ID
	case !visible && t.in.IdentifierFirst == nil:
		s.Status = TraceWarn
		s.Facts = append(s.Facts, "with identifier-first off, Universal Login says: "+NoVisibleConnectionsError)
		s.Fix = "Check that identifier-first is on, or show " + hidden + " as a button."
	case len(p.Hidden) > 0 && hrdOff:
		s.Status, s.Fix = TraceWarn, "Turn identifier-first on, or show "+strings.Join(p.Hidden, ", ")+" as a button: with it off they cannot be reached."
	default:
		s.Status = TraceOK
	}
	return s
}

// oneOf names one connection, or "one of" several.
func oneOf(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return "one of " + strings.Join(names, ", ")
}

func (t *tracer) connByName(name string) Connection {
	for _, c := range t.usable {
		if c.Name == name {
			return c
		}
	}
	return Connection{Name: name}
}

func (t *tracer) email() TraceStep {
	if t.in.Email == "" {
		return TraceStep{}
	}
	s := TraceStep{Step: StepEmail}
	at := strings.LastIndexByte(t.in.Email, '@')
	if at <= 0 || at == len(t.in.Email)-1 {
		s.Status, s.Facts, s.Fix = TraceFail, []string{t.in.Email + " is not an email address"}, "Give an address such as alice@acme.test."
		return s
	}
	domain := strings.ToLower(t.in.Email[at+1:])
	hrdOn := t.in.IdentifierFirst == nil || *t.in.IdentifierFirst
	// Home realm discovery first: an enterprise connection whose domains
	// hold the address's.
	for _, c := range t.usable {
		if c.Class() != ClassEnterprise {
			continue
		}
		if slices.Contains(t.hrdDomains(c), domain) || (slices.Contains(t.prompt.Hidden, c.Name) && slices.Contains(lower(t.in.DiscoveryDomains), domain)) {
			if !hrdOn {
				s.Facts = append(s.Facts, domain+" would lead to "+c.Name+", but identifier-first is off")
				continue
			}
			t.via, t.how = c.Name, "home realm discovery by "+domain
			break
		}
	}
	var link *OrganizationConnection
	if t.via == "" {
		for _, name := range t.prompt.Fields {
			c := t.connByName(name)
			if c.Class() == ClassDatabase || c.Strategy == "email" {
				t.via, t.how = name, "the identifier field"
				break
			}
		}
	}
	if t.via == "" && len(t.prompt.Buttons) > 0 {
		t.via, t.how = t.prompt.Buttons[0], "its button"
	}
	if t.via == "" {
		s.Status, s.Facts = TraceFail, append(s.Facts, "no connection of this login prompt takes "+t.in.Email)
		s.Fix = "Add " + domain + " to the domain_aliases of the organization's enterprise connection, or enable a database or email connection on it."
		return s
	}
	for i := range t.in.Links {
		if c := t.connOf(t.in.Links[i]); c.Name == t.via {
			link = &t.in.Links[i]
		}
	}
	s.Facts = append(s.Facts, t.in.Email+" goes to "+t.via+" through "+t.how)
	s.Status = TraceOK
	switch {
	case link != nil && link.AssignMembershipOnLogin:
		t.becomes = "becomes a member"
		s.Facts = append(s.Facts, "the link assigns membership on login: the user becomes a member")
		if t.in.Member != nil && *t.in.Member {
			t.becomes = "is a member already"
			s.Facts[len(s.Facts)-1] = "the user is a member of " + t.in.Org.Name + " already (the link would make them one)"
		}
		if c := t.connByName(t.via); c.Class() == ClassDatabase {
			if link.SignupEnabled() {
				s.Facts = append(s.Facts, "a new user can sign up (is_signup_enabled)")
			} else {
				s.Facts = append(s.Facts, "a new user cannot sign up here: signup is off on the link")
				t.becomes += " (with an account there already: signup is off)"
			}
		}
	case t.in.Member != nil && *t.in.Member:
		t.becomes = "is a member already"
		s.Facts = append(s.Facts, "the user is a member of "+t.in.Org.Name)
	case t.in.Member != nil:
		s.Status = TraceFail
		s.Facts = append(s.Facts, "the link does not assign membership, and the user is not a member of "+t.in.Org.Name)
		s.Fix = "Add the user to " + t.in.Org.Name + ", or turn assign_membership_on_login on for " + t.via + "."
		if link != nil {
			s.FixKind, s.FixConnection = FixAssignMembership, link.ConnectionID
		}
	default:
		t.becomes = "must already be a member"
		s.Status = TraceWarn
		why := t.in.MemberNote
		if why == "" {
			why = "read:organization_members would tell"
		}
		s.Facts = append(s.Facts, "the link does not assign membership: the user must already be a member ("+why+")")
	}
	return s
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// notReached lists the steps after a failure as not judged.
func (t *tracer) notReached() {
	if t.broken == nil {
		return
	}
	done := map[string]bool{}
	for _, s := range t.out.Steps {
		done[s.Step] = true
	}
	steps := []string{StepApplication, StepOrganization, StepConnections, StepPrompt}
	if t.in.Email != "" {
		steps = append(steps, StepEmail)
	}
	for _, name := range steps {
		if !done[name] {
			t.out.Steps = append(t.out.Steps, TraceStep{Step: name, Status: TraceUnknown, Facts: []string{"not reached: " + t.broken.Step + " fails first"}})
		}
	}
}

func (t *tracer) verdict() {
	if b := t.broken; b != nil {
		t.out.Verdict = "Broken at " + b.Step + ": " + b.Facts[len(b.Facts)-1] + ". " + b.Fix
		return
	}
	t.out.Works = true
	who := "Users"
	if t.in.Email != "" {
		who = t.in.Email
	}
	switch {
	case t.via != "":
		t.out.Verdict = fmt.Sprintf("%s signs in to %s in %s through %s (%s) and %s.", who, t.out.Client, t.out.Org, t.via, t.how, t.becomes)
	default:
		var names []string
		for _, c := range t.usable {
			names = append(names, c.Name)
		}
		t.out.Verdict = fmt.Sprintf("%s sign in to %s in %s through %s.", who, t.out.Client, t.out.Org, strings.Join(names, ", "))
	}
}
