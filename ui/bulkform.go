package ui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/model"
)

// bulkValues are the form's values; "" keeps a setting as it is (update)
// or leaves it to Auth0's default (enable).
type bulkValues struct {
	Kind, ConnID                      string
	Membership, Signup, Button, Level string
	// Enabled is the link's is_enabled; Name its organization connection
	// name ("" keeps it: a name cannot be cleared from here).
	Enabled, Name string
	// Members is organization_member_access_level: "" keeps it, "null"
	// clears it.
	Members string
}

// build makes the form from the values (the connection list may arrive
// after it is first built).
func (s *bulkScreen) build() {
	keep := func(title string) *huh.Select[string] {
		return huh.NewSelect[string]().Title(title).
			Options(huh.NewOption("as it is (Auth0's default on a new link)", ""), huh.NewOption("yes", "yes"), huh.NewOption("no", "no"))
	}
	var connOpts []huh.Option[string]
	for _, c := range s.conns {
		connOpts = append(connOpts, huh.NewOption(fmt.Sprintf("%-32s %s", c.Name, c.Strategy), c.ID))
	}
	if len(connOpts) == 0 {
		connOpts = []huh.Option[string]{huh.NewOption("(reading connections…)", "")}
	}
	v := s.v
	kinds := make([]huh.Option[string], 0, 4)
	for _, k := range model.BulkKinds() {
		kinds = append(kinds, huh.NewOption(string(k), string(k)))
	}
	settingsHidden := func() bool { return v.Kind != string(model.BulkEnable) && v.Kind != string(model.BulkUpdate) }
	memberOpts := []huh.Option[string]{huh.NewOption("as it is (not set on a new link)", "")}
	for _, l := range model.AccessLevels() {
		memberOpts = append(memberOpts, huh.NewOption(fmt.Sprintf("%-9s %s", l, model.MemberAccessNote(l)), string(l)))
	}
	memberOpts = append(memberOpts, huh.NewOption(fmt.Sprintf("%-9s %s", "not set", "clear it: "+model.MemberAccessNote("")), "null"))
	s.form = huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title("Change").Options(kinds...).Value(&v.Kind),
			huh.NewSelect[string]().Title("Connection").Description("/ to filter").Options(connOpts...).Value(&v.ConnID).
				Validate(func(id string) error {
					if id == "" {
						return fmt.Errorf("choose a connection")
					}
					return nil
				}),
		),
		huh.NewGroup(
			keep("Assign membership on login?").Value(&v.Membership),
			keep("Allow signup? (database connections, with membership)").Value(&v.Signup).
				Validate(func(signup string) error {
					// What no organization can take is refused here; what
					// depends on each link is the plan's to say.
					i := slices.IndexFunc(s.conns, func(c model.Connection) bool { return c.ID == v.ConnID })
					if signup != "yes" || i < 0 {
						return nil
					}
					if vi := model.ValidateSignup(s.conns[i].Strategy, v.Membership != "no", true); vi != nil {
						return vi
					}
					return nil
				}),
			keep("Show as a button?").Value(&v.Button),
			huh.NewSelect[string]().Title("Organization access level").
				Options(huh.NewOption("as it is (none on a new link)", ""), huh.NewOption("none", "none"), huh.NewOption("readonly", "readonly"),
					huh.NewOption("limited", "limited"), huh.NewOption("full", "full")).Value(&v.Level),
			keep("Link switched on (is_enabled)?").Value(&v.Enabled),
			huh.NewInput().Title("Name within each organization").Description("organization_connection_name; empty keeps it").
				Value(&v.Name).Validate(func(n string) error {
				if n == "" {
					return nil
				}
				if v := model.ValidateOrgConnectionName(n); v != nil {
					return v
				}
				return nil
			}),
		).WithHideFunc(settingsHidden),
		// Its own group: the settings group fills a 24-line screen.
		huh.NewGroup(
			huh.NewSelect[string]().Title("Member access level").
				Description("what org admins may do through My Organization with members who join through it").
				Options(memberOpts...).Value(&v.Members),
		).WithHideFunc(settingsHidden),
	).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithShowErrors(false).WithWidth(min(s.width, 90)).WithHeight(s.formHeight())
	s.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	s.form.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
}

// formHeight is the form's room: the screen less the error line above it.
func (s *bulkScreen) formHeight() int { return max(0, s.height-1) }

// action reads the form.
func (s *bulkScreen) action() (model.BulkAction, error) {
	a := model.BulkAction{Kind: model.BulkKind(s.v.Kind)}
	i := slices.IndexFunc(s.conns, func(c model.Connection) bool { return c.ID == s.v.ConnID })
	if i < 0 {
		return a, fmt.Errorf("choose a connection")
	}
	a.Connection = s.conns[i]
	yes := func(v string) *bool {
		if v == "" {
			return nil
		}
		b := v == "yes"
		return &b
	}
	if a.Kind == model.BulkEnable || a.Kind == model.BulkUpdate {
		a.Settings.AssignMembershipOnLogin, a.Settings.IsSignupEnabled, a.Settings.ShowAsButton = yes(s.v.Membership), yes(s.v.Signup), yes(s.v.Button)
		if s.v.Level != "" {
			lvl := model.AccessLevel(s.v.Level)
			a.Settings.OrganizationAccessLevel = &lvl
		}
		a.Settings.IsEnabled = yes(s.v.Enabled)
		switch s.v.Members {
		case "":
		case "null":
			a.Settings.OrganizationMemberAccessLevel = new(model.AccessLevel)
		default:
			lvl := model.AccessLevel(s.v.Members)
			a.Settings.OrganizationMemberAccessLevel = &lvl
		}
		if s.v.Name != "" {
			name := s.v.Name
			a.Settings.OrganizationConnectionName = &name
		}
	}
	if a.Kind == model.BulkUpdate && a.Settings.IsZero() {
		return a, fmt.Errorf("say what to change")
	}
	return a, nil
}
