package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

// linkValues are the form's values; huh writes through pointers to them.
type linkValues struct {
	ConnID     string
	Membership bool
	Signup     bool
	Button     bool
	Enabled    bool
	Access     string
	OrgName    string
	// MemberAccess is organization_member_access_level; "" is unset.
	MemberAccess string
}

// linkForm enables a connection on an organization, or edits a link: a huh
// form checked with the model's rules as it is filled, then the plan (the
// exact request and the login prompt it leads to), then the request. A
// refusal from Auth0 comes back on the field it concerns, values kept.
type linkForm struct {
	parent     int
	org        model.Organization
	links      []model.OrganizationConnection // the org's links now
	candidates []model.Connection             // connections that may be enabled
	editing    *model.OrganizationConnection  // nil when enabling
	vals       *linkValues
	initial    linkValues // to tell whether esc would discard changes
	// origin is the Connection Profile the connection was created under
	// through My Organization; originErr why that could not be told.
	origin    *model.ProfileOrigin
	originErr error

	*changeForm
}

type (
	// linkChangedMsg tells the organization screen to reload its links.
	linkChangedMsg struct{ summary string }
)

func newLinkForm(e env, parent int, org model.Organization, links []model.OrganizationConnection, conns map[string]model.Connection, editing *model.OrganizationConnection) *linkForm {
	f := &linkForm{parent: parent, org: org, links: links, editing: editing, changeForm: newChangeForm(e)}
	f.changeForm.build = f.build
	f.changed = func() bool { return *f.vals != f.initial }
	f.fieldFor, f.valueOf = f.refusalField, f.textOf
	f.review = f.promptAfter
	f.done = func(any) (tea.Cmd, nav) {
		return sendTo(f.parent, linkChangedMsg{summary: f.plan.Summary}), pop()
	}
	v := &linkValues{Button: true, Enabled: true, Access: string(model.AccessNone)}
	if editing != nil {
		v = &linkValues{ConnID: editing.ConnectionID, Membership: editing.AssignMembershipOnLogin, Signup: editing.SignupEnabled(),
			Button: editing.ShowAsButton, Enabled: editing.IsEnabled, Access: string(editing.OrganizationAccessLevel), OrgName: editing.OrganizationConnectionName,
			MemberAccess: string(editing.OrganizationMemberAccessLevel)}
		if v.Access == "" {
			v.Access = string(model.AccessNone)
		}
	} else {
		enabled := map[string]bool{}
		for _, l := range links {
			enabled[l.ConnectionID] = true
		}
		for _, c := range conns {
			if !enabled[c.ID] {
				f.candidates = append(f.candidates, c)
			}
		}
		sortConnections(f.candidates)
		if len(f.candidates) > 0 {
			v.ConnID = f.candidates[0].ID
		}
	}
	f.vals = v
	if editing != nil {
		f.candidates = []model.Connection{{ID: editing.ConnectionID, Name: editing.Connection.Name, Strategy: editing.Connection.Strategy}}
		if c, ok := conns[editing.ConnectionID]; ok {
			f.candidates[0] = c
		}
	}
	f.build()
	f.initial = *f.vals // after build: huh settles some values as it builds (a select takes its first option)
	return f
}

// linkFixForm opens the edit form of link filled with a fix (change), at
// once at its plan: the submit reaches the top screen, the form, pushed
// first. The audit's x and the trace's x make their link fixes with it.
func linkFixForm(parent int, org model.Organization, links []model.OrganizationConnection, conns map[string]model.Connection,
	link *model.OrganizationConnection, change func(*linkValues)) (tea.Cmd, nav) {
	submit := func() tea.Msg { return formSubmittedMsg{} }
	return submit, push(func(e env) screen {
		lf := newLinkForm(e, parent, org, links, conns, link)
		change(lf.vals)
		lf.build()
		return lf
	})
}

// conn is the connection the form is about.
func (f *linkForm) conn() model.Connection {
	for _, c := range f.candidates {
		if c.ID == f.vals.ConnID {
			return c
		}
	}
	return model.Connection{}
}

func accessDescription(l model.AccessLevel) string {
	switch l {
	case model.AccessReadonly:
		return "org admins can see the connection"
	case model.AccessLimited:
		return "org admins can see it and change some settings"
	case model.AccessFull:
		return "org admins manage it fully, deleting it included"
	}
	return "org admins cannot see or change it"
}

func (f *linkForm) build() {
	v := f.vals
	f.startGroups()
	add := f.group
	if f.editing == nil {
		var opts []huh.Option[string]
		for _, c := range f.candidates {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%-12s %s (%s)", c.Class(), c.Name, c.Strategy), c.ID))
		}
		add(huh.NewSelect[string]().Key("connection").Title("Connection").
			Description("/ to filter; connections already enabled are not listed").
			Options(opts...).Value(&v.ConnID).Height(min(12, len(opts)+2)).
			Validate(func(string) error {
				return f.checked("connection", nil)()
			}))
	}
	membership := func(k string) *huh.Confirm {
		return huh.NewConfirm().Key(k).Title("Assign membership on login?").
			Description("users who log in through it become members of " + f.org.Name).
			Value(&v.Membership).
			Validate(func(bool) error {
				return f.checked(k, nil)()
			})
	}
	isDB := func() bool { return f.conn().Class() == model.ClassDatabase }
	// Signup depends on membership: for a database connection both are in
	// one group, so that a refusal can be fixed on either (huh keeps the
	// user in a group that has an error).
	add(membership("assign_membership_on_login")).WithHideFunc(isDB)
	add(membership("assign_membership_on_login_db"), huh.NewConfirm().Key("is_signup_enabled").Title("Allow signup?").
		Description("only database connections that assign membership can: Auth0 refuses anything else").
		Value(&v.Signup).
		Validate(func(bool) error {
			return f.checked("is_signup_enabled", func() error {
				if viol := model.ValidateSignup(f.conn().Strategy, v.Membership, v.Signup); viol != nil {
					return errors.New(strings.TrimSuffix(viol.Message, ".") + ": turn membership on, or signup off")
				}
				return nil
			})()
		})).WithHideFunc(func() bool { return !isDB() })
	// A fixed description: huh sizes a group before a DescriptionFunc fills
	// in, and cut the Yes/No off the screen, so the choice was made blind.
	add(huh.NewConfirm().Key("show_as_button").Title("Show as a button?").
		Description("enterprise connections only; a hidden one is reached through home realm discovery").
		Value(&v.Button))
	var levels []huh.Option[string]
	for _, l := range model.AccessLevels() {
		levels = append(levels, huh.NewOption(fmt.Sprintf("%-9s %s", l, accessDescription(l)), string(l)))
	}
	levels = keepUnknown(levels, v.Access)
	add(huh.NewConfirm().Key("is_enabled").Title("Enabled?").Description("a link switched off stays, but shows nothing").Value(&v.Enabled),
		huh.NewSelect[string]().Key("organization_access_level").Title("Organization admin access").Options(levels...).Value(&v.Access).
			Validate(func(string) error {
				return f.checked("organization_access_level", nil)()
			}),
		huh.NewInput().Key("organization_connection_name").Title("Name within the organization").
			Description("optional, at most 50 characters").Value(&v.OrgName).
			Validate(func(s string) error {
				return f.checked("organization_connection_name", func() error {
					if s == "" {
						return nil
					}
					if viol := model.ValidateOrgConnectionName(s); viol != nil {
						return errors.New(viol.Message)
					}
					return nil
				})()
			}))
	// Its own group: five options with a line each would push the first
	// group's fields off a 24-line screen.
	members := []huh.Option[string]{huh.NewOption(fmt.Sprintf("%-9s %s", "not set", model.MemberAccessNote("")), "")}
	for _, l := range model.AccessLevels() {
		members = append(members, huh.NewOption(fmt.Sprintf("%-9s %s", l, model.MemberAccessNote(l)), string(l)))
	}
	members = keepUnknown(members, v.MemberAccess)
	add(huh.NewSelect[string]().Key("organization_member_access_level").Title("Member access").
		Description("what org admins may do through My Organization with members who join through it").
		Options(members...).Value(&v.MemberAccess).
		Validate(func(string) error {
			return f.checked("organization_member_access_level", nil)()
		}))
	f.attach(huh.NewForm(f.groups...))
}

// keepUnknown adds the value a link holds when it is none of the options
// (a level newer than orgscope, or set by another tool): picked, it stays
// as it is, where a select would otherwise take its first option and the
// edit would clear it unasked.
func keepUnknown(opts []huh.Option[string], value string) []huh.Option[string] {
	for _, o := range opts {
		if o.Value == value {
			return opts
		}
	}
	return append(opts, huh.NewOption(model.CleanLine(value)+" (as on the tenant; orgscope does not know it)", value))
}

func (f *linkForm) Title() string {
	if f.editing != nil {
		return "Edit " + f.editing.Connection.Name
	}
	return "Enable a connection"
}

// settings turns the values into the client's link settings: every value
// for an enable, the changes for an edit.
func (f *linkForm) settings() client.LinkSettings {
	v := f.vals
	lvl, members := model.AccessLevel(v.Access), model.AccessLevel(v.MemberAccess)
	s := client.LinkSettings{AssignMembershipOnLogin: &v.Membership, ShowAsButton: &v.Button, IsEnabled: &v.Enabled,
		OrganizationAccessLevel: &lvl, OrganizationConnectionName: &v.OrgName, OrganizationMemberAccessLevel: &members}
	if f.conn().Class() == model.ClassDatabase {
		s.IsSignupEnabled = &v.Signup
	} else if f.legacySignup() {
		off := false
		s.IsSignupEnabled = &off // the fix the form proposes (legacySignup)
	}
	if f.editing == nil {
		if v.OrgName == "" {
			s.OrganizationConnectionName = nil
		}
		if v.Enabled {
			s.IsEnabled = nil
		}
		if lvl == model.AccessNone {
			s.OrganizationAccessLevel = nil
		}
		if members == "" {
			s.OrganizationMemberAccessLevel = nil
		}
	}
	return s
}

// legacySignup reports a link being edited that has signup on where Auth0
// no longer allows it (a connection that is not a database): a state the
// form has no field for, since no value of it is valid, so the change
// turns it off and says so (the edit would be refused otherwise).
func (f *linkForm) legacySignup() bool {
	return f.editing != nil && f.editing.SignupEnabled() && f.conn().Class() != model.ClassDatabase
}

// legacyLines says what the form changes of a state Auth0 no longer takes.
func (f *linkForm) legacyLines(rc renderCtx) []string {
	if !f.legacySignup() {
		return nil
	}
	c := f.conn()
	lines := wrapLines("Signup is on, which Auth0 no longer allows for "+c.Name+" ("+c.Strategy+"): this change turns it off.", rc.Width)
	for i, l := range lines {
		lines[i] = rc.Styles.Warn.Render(l)
	}
	return append(lines, "")
}

// afterLinks is the org's links as they would be after the change.
func (f *linkForm) afterLinks() []model.OrganizationConnection {
	if f.plan == nil || f.plan.After == nil {
		return f.links
	}
	var out []model.OrganizationConnection
	replaced := false
	for _, l := range f.links {
		if l.ConnectionID == f.plan.After.ConnectionID {
			out = append(out, *f.plan.After)
			replaced = true
			continue
		}
		out = append(out, l)
	}
	if !replaced {
		out = append(out, *f.plan.After)
	}
	return out
}

func (f *linkForm) makePlan() tea.Cmd {
	org, conn, set, editing := f.org, f.conn(), f.settings(), f.editing
	return f.planWith(func(c *client.Client) (*client.Plan, error) {
		if editing == nil {
			return c.PlanEnable(org, conn, set)
		}
		return c.PlanUpdate(org, *editing, set)
	})
}

// fieldOf finds the field an error concerns, from Auth0's message.
func fieldOf(err error) string {
	var v *model.Violation
	if errors.As(err, &v) {
		return strings.SplitN(v.Property, ".", 2)[0]
	}
	var api *client.APIError
	if errors.As(err, &api) {
		switch {
		case api.Message == model.SignupRuleMessage:
			return "is_signup_enabled"
		case api.Status == 409:
			return "connection"
		}
		for _, k := range []string{"organization_connection_name", "organization_member_access_level", "organization_access_level", "is_signup_enabled", "show_as_button", "assign_membership_on_login"} {
			if strings.Contains(api.Message, k) {
				return k
			}
		}
	}
	return ""
}

func (f *linkForm) textOf(k string) string {
	v := f.vals
	switch strings.TrimSuffix(k, "_db") {
	case "connection":
		return v.ConnID
	case "assign_membership_on_login":
		return fmt.Sprint(v.Membership)
	case "is_signup_enabled":
		return fmt.Sprint(v.Signup)
	case "organization_access_level":
		return v.Access
	case "organization_member_access_level":
		return v.MemberAccess
	case "organization_connection_name":
		return v.OrgName
	}
	return ""
}

// refusalField finds the field a refusal of the link concerns; for a
// database connection, membership sits beside signup.
func (f *linkForm) refusalField(err error) string {
	k := fieldOf(err)
	if k == "assign_membership_on_login" && f.conn().Class() == model.ClassDatabase {
		k = "assign_membership_on_login_db"
	}
	return k
}

func (f *linkForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	if _, ok := msg.(formSubmittedMsg); ok {
		if f.editing == nil && f.vals.ConnID == "" {
			return f, nil, pop()
		}
		return f, f.makePlan(), stay()
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}

func (f *linkForm) View(rc renderCtx) string {
	if f.editing == nil && len(f.candidates) == 0 {
		return rc.Styles.Muted.Render("Every connection of the tenant is already enabled on " + f.org.Name + ". esc goes back.")
	}
	return f.view(rc, append(f.legacyLines(rc), f.originLines(rc, f.editing)...))
}

// originLines shows the Connection Profile settings that constrain a link
// whose connection an organization admin created through My Organization.
func (f *linkForm) originLines(rc renderCtx, link *model.OrganizationConnection) []string {
	st := rc.Styles
	if f.originErr != nil {
		return []string{st.Warn.Render(table.Fit("Could not tell whether a Connection Profile constrains this link: "+describe(f.originErr), rc.Width)), ""}
	}
	if f.origin == nil || link == nil {
		return nil
	}
	o := f.origin
	lines := []string{st.Label.Render(table.Fit(model.CleanLine("CREATED THROUGH MY ORGANIZATION under profile "+o.Profile.Name+" (by "+strings.Join(o.Apps, ", ")+")"), rc.Width))}
	for _, c := range o.Constraints(*link) {
		line := "  " + c.Setting + " — " + c.Rule
		switch {
		case c.Departs:
			lines = append(lines, st.Warn.Render(table.Fit(line+"; this link departs from it", rc.Width)))
		default:
			lines = append(lines, st.Muted.Render(table.Fit(line, rc.Width)))
		}
	}
	return append(lines, "")
}

// promptAfter shows the login prompt the change leads to, under its plan.
func (f *linkForm) promptAfter(rc renderCtx) []string {
	st := rc.Styles
	prompt := model.PromptFor(f.afterLinks(), f.env.session.connectionsByID(), "")
	lines := []string{"", st.Label.Render("LOGIN PROMPT AFTERWARDS")}
	if prompt.Error != "" {
		lines = append(lines, st.Error.Render("✗ "+prompt.Error))
	}
	lines = append(lines, st.Label.Render("buttons ")+joinOrDash(prompt.Buttons),
		st.Label.Render("fields  ")+joinOrDash(prompt.Fields)+st.Label.Render("  signup link ")+model.YesNo(prompt.Signup))
	if prompt.NeedsHRD() {
		lines = append(lines, st.Warn.Render("hidden  "+strings.Join(prompt.Hidden, ", ")+": needs home realm discovery"))
	}
	if f.origin != nil && f.plan != nil && f.plan.After != nil {
		for _, c := range f.origin.Constraints(*f.plan.After) {
			if c.Departs {
				lines = append(lines, st.Warn.Render("profile "+f.origin.Profile.Name+" sets "+c.Setting+": "+c.Rule+"; this change departs from it"))
			}
		}
	}
	return lines
}

// planLines renders a plan: its summary, the request with its JSON body
// pretty-printed (one property a line, so that it wraps between tokens),
// and its curl, with secret values masked (what is sent is the plan
// itself, unmasked and compact; y copies that curl whole).
func planLines(rc renderCtx, p *client.Plan, baseURL string) []string {
	st := rc.Styles
	shown := *p
	shown.Body = prettyJSON(maskSecrets(p.Body))
	lines := append([]string{st.Header.Render(p.Summary), ""}, wrapLines("  "+p.Method+" "+p.Path, rc.Width)...)
	if shown.Body != nil {
		for _, l := range strings.Split("  "+strings.ReplaceAll(string(shown.Body), "\n", "\n  "), "\n") {
			lines = append(lines, hardWrapLines(l, rc.Width)...)
		}
	}
	lines = append(lines, "", st.Label.Render("as curl:"))
	return append(lines, wrapLines(shown.Curl(baseURL), rc.Width)...)
}

// prettyJSON indents a JSON body (as it is when it is not JSON).
func prettyJSON(body []byte) []byte {
	var b bytes.Buffer
	if json.Indent(&b, body, "", "  ") != nil {
		return body
	}
	return b.Bytes()
}

// maskSecrets replaces the secret values of a JSON body (by model's one
// rule: the property's name, or a value that is a key or a token).
func maskSecrets(body []byte) []byte {
	if len(body) == 0 {
		return body
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	masked := false
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if secretOption(k) {
					x[k], masked = "••••", true
				} else {
					x[k] = walk(val)
				}
			}
		case []any:
			for i, val := range x {
				x[i] = walk(val)
			}
		case string:
			if model.LooksSecret(x) {
				masked = true
				return "••••"
			}
		}
		return v
	}
	doc = walk(doc)
	if !masked {
		return body // as it is sent, its properties in their order
	}
	out, _ := json.Marshal(doc)
	return out
}
