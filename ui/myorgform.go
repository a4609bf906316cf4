package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
)

// myOrgValues are the My Organization form's values.
type myOrgValues struct {
	Profile    string
	UAP        string
	Strategies []string
	Deletion   string
	Landing    string
	// The member-management controls.
	Ceiling, NoSelfAssign bool
}

// myOrgForm edits an application's My Organization configuration: the
// connection profile (picked from the tenant's), the user attribute profile,
// the allowed strategies (the seven Auth0 allows), what deleting a
// connection may do, and the invitation landing application.
type myOrgForm struct {
	*changeForm
	parent   int
	app      model.Client
	profiles map[string]string
	apps     []model.Client
	vals     *myOrgValues
	initial  string
	// proposal says what the form changed, as it opened, of a setting
	// Auth0 would refuse now ("" when nothing).
	proposal string
}

type (
	// appChangedMsg tells an application screen its settings changed.
	appChangedMsg struct {
		summary string
		app     model.Client
	}
)

func deletionDescription(b model.DeletionBehavior) string {
	if b == model.DeletionAllowIfEmpty {
		return "org admins may delete a connection only once it has no users"
	}
	return "org admins may delete a connection with all its users"
}

func newMyOrgForm(e env, parent int, app model.Client, profiles map[string]string, apps []model.Client) *myOrgForm {
	v := &myOrgValues{Deletion: string(model.DeletionAllowIfEmpty), Strategies: []string{}}
	if m := app.MyOrganizationConfiguration; m != nil {
		v = &myOrgValues{Profile: m.ConnectionProfileID, UAP: m.UserAttributeProfileID, Strategies: slices.Clone(m.AllowedStrategies),
			Deletion: string(m.ConnectionDeletionBehavior), Landing: m.InvitationLandingClientID,
			Ceiling: m.PermissionCeiling(), NoSelfAssign: m.SelfAssignmentRestricted()}
	}
	f := &myOrgForm{changeForm: newChangeForm(e), parent: parent, app: app, profiles: profiles, apps: apps, vals: v}
	if v.Profile != "" && profiles[v.Profile] == "" {
		// Auth0 refuses a configuration naming a profile that is gone:
		// the form proposes none, and says so (a profile can be picked).
		f.proposal = "The connection profile " + v.Profile + " no longer exists, and Auth0 refuses a configuration that names it: this change sets none (pick a profile instead if org admins' connections should follow one)."
		v.Profile = ""
	}
	f.changeForm.build = f.build
	f.fieldFor, f.valueOf = f.refusalField, f.textOf
	f.changed = func() bool { return f.valuesKey() != f.initial }
	f.formWidth = func(w int) int { return min(w, 100) }
	f.done = func(res any) (tea.Cmd, nav) {
		app, _ := res.(*model.Client)
		if app == nil {
			return nil, pop()
		}
		return sendTo(f.parent, appChangedMsg{summary: f.plan.Summary, app: *app}), pop()
	}
	f.build()
	f.initial = f.valuesKey() // after build: huh settles some values as it builds (a select takes its first option)
	return f
}

// valuesKey is the values as text, the strategies in a fixed order: the
// strategies list gives them back in its own order, which is no change.
func (f *myOrgForm) valuesKey() string {
	v := *f.vals
	v.Strategies = slices.Sorted(slices.Values(v.Strategies))
	return fmt.Sprint(v)
}

func (f *myOrgForm) build() {
	v := f.vals
	profiles := []huh.Option[string]{huh.NewOption("none", "")}
	ids := make([]string, 0, len(f.profiles))
	for id := range f.profiles {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		profiles = append(profiles, huh.NewOption(f.profiles[id], id))
	}
	var strategies []huh.Option[string]
	for _, s := range model.MyOrganizationStrategies() {
		strategies = append(strategies, huh.NewOption(s, s).Selected(slices.Contains(v.Strategies, s)))
	}
	var deletion []huh.Option[string]
	for _, b := range model.DeletionBehaviors() {
		deletion = append(deletion, huh.NewOption(string(b)+" — "+deletionDescription(b), string(b)))
	}
	landing := []huh.Option[string]{huh.NewOption("none", "")}
	for _, a := range f.apps {
		landing = append(landing, huh.NewOption(a.Name, a.ClientID))
	}
	f.startGroups()
	f.group(
		huh.NewSelect[string]().Key("connection_profile_id").Title("Connection profile").
			Description("how connections org admins create are set up").Options(profiles...).Value(&v.Profile).
			Validate(func(id string) error {
				return f.checked("connection_profile_id", func() error {
					if id != "" && f.profiles[id] == "" {
						return errors.New("this profile does not exist: choose another, or none")
					}
					return nil
				})()
			}),
		huh.NewInput().Key("user_attribute_profile_id").Title("User attribute profile id").Description("optional, uap_…").Value(&v.UAP).
			Validate(func(s string) error {
				return f.checked("user_attribute_profile_id", func() error {
					if s != "" && !strings.HasPrefix(s, "uap_") {
						return errors.New("a user attribute profile id starts with uap_")
					}
					return nil
				})()
			}),
	)
	// The strategies on a page of their own: beside two more fields, a
	// 24-line screen showed four of the seven.
	f.group(
		huh.NewMultiSelect[string]().Key("allowed_strategies").Title("Allowed strategies").
			Description("the enterprise strategies org admins may create connections of (Auth0 does not allow ad here)").
			Options(strategies...).Value(&v.Strategies).Height(len(strategies) + 4),
	)
	f.group(
		huh.NewSelect[string]().Key("connection_deletion_behavior").Title("Deleting connections").Options(deletion...).Value(&v.Deletion),
		huh.NewSelect[string]().Key("invitation_landing_client_id").Title("Invitation landing application").Options(landing...).Value(&v.Landing),
	)
	f.group(
		huh.NewConfirm().Key("enforce_permission_ceiling").Title("Enforce a permission ceiling?").
			Description("org admins can give members only permissions they hold themselves: no privilege escalation").
			Value(&v.Ceiling),
		huh.NewConfirm().Key("enforce_self_assignment_restriction").Title("Restrict self-assignment?").
			Description("org admins cannot give themselves permissions").
			Value(&v.NoSelfAssign),
	)
	f.attach(huh.NewForm(f.groups...))
}

// refusalField finds the field a refusal of the configuration concerns.
// Auth0 names the missing profile in its message rather than a property.
func (f *myOrgForm) refusalField(err error) string {
	var api *client.APIError
	if !errors.As(err, &api) {
		return ""
	}
	switch {
	case api.Message == model.ProfileNotFoundMessage:
		return "connection_profile_id"
	case api.Message == model.UserAttributeProfileNotFoundMessage:
		return "user_attribute_profile_id"
	}
	return ""
}

// textOf is a field's value as text, to tell whether it changed since a refusal.
func (f *myOrgForm) textOf(k string) string {
	return map[string]string{"connection_profile_id": f.vals.Profile, "user_attribute_profile_id": f.vals.UAP}[k]
}

func (f *myOrgForm) config() model.MyOrganizationConfiguration {
	v := f.vals
	cfg := model.MyOrganizationConfiguration{ConnectionProfileID: v.Profile, UserAttributeProfileID: v.UAP,
		AllowedStrategies: append([]string{}, v.Strategies...), ConnectionDeletionBehavior: model.DeletionBehavior(v.Deletion),
		InvitationLandingClientID: v.Landing}
	// A control is sent once on, or once it was set: a tenant without the
	// early-access feature is not sent properties it does not know.
	var was model.MyOrganizationConfiguration
	if f.app.MyOrganizationConfiguration != nil {
		was = *f.app.MyOrganizationConfiguration
	}
	if ceiling := v.Ceiling; ceiling || was.EnforcePermissionCeiling != nil {
		cfg.EnforcePermissionCeiling = &ceiling
	}
	if restricted := v.NoSelfAssign; restricted || was.EnforceSelfAssignmentRestriction != nil {
		cfg.EnforceSelfAssignmentRestriction = &restricted
	}
	return cfg
}

func (f *myOrgForm) Title() string { return "My Organization of " + f.app.Name }

// myOrgFormKeys are the My Organization form's own, beside the form's.
type myOrgFormKeys struct{ Remove key.Binding }

func newMyOrgFormKeys(k keys.Map) myOrgFormKeys {
	return myOrgFormKeys{Remove: keys.As(k.RemoveAccess, "remove the configuration")}
}

// Keys adds ctrl+x to the form's keys while there is a configuration to
// remove.
func (f *myOrgForm) Keys() []key.Binding {
	if f.stage == stageForm && f.app.MyOrganizationConfiguration != nil {
		return append([]key.Binding{newMyOrgFormKeys(f.keys).Remove}, f.changeForm.Keys()...)
	}
	return f.changeForm.Keys()
}

// planFor plans a configuration (nil removes it).
func (f *myOrgForm) planFor(cfg *model.MyOrganizationConfiguration) tea.Cmd {
	app := f.app
	return f.planWith(func(c *client.Client) (*client.Plan, error) { return c.PlanMyOrganization(app, cfg) })
}

func (f *myOrgForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case formSubmittedMsg:
		cfg := f.config()
		return f, f.planFor(&cfg), stay()
	case tea.KeyPressMsg:
		if f.stage == stageForm && key.Matches(msg, newMyOrgFormKeys(f.keys).Remove) && f.app.MyOrganizationConfiguration != nil {
			return f, f.planFor(nil), stay()
		}
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}

func (f *myOrgForm) View(rc renderCtx) string {
	var banner []string
	if f.proposal != "" && f.stage == stageForm {
		for _, l := range wrapLines(f.proposal, rc.Width) {
			banner = append(banner, rc.Styles.Warn.Render(l))
		}
	}
	if f.app.MyOrganizationConfiguration != nil && f.stage == stageForm {
		banner = append(banner, rc.Styles.Muted.Render("ctrl+x removes the whole configuration"))
	}
	return f.view(rc, banner)
}
