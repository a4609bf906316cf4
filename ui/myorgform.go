package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// myOrgValues are the My Organization form's values.
type myOrgValues struct {
	Profile    string
	UAP        string
	Strategies []string
	Deletion   string
	Landing    string
}

// myOrgForm edits an application's My Organization configuration: the
// connection profile (picked from the tenant's), the user attribute profile,
// the allowed strategies (the seven Auth0 allows), what deleting a
// connection may do, and the invitation landing application.
type myOrgForm struct {
	env      env
	parent   int
	app      model.Client
	profiles map[string]string
	apps     []model.Client
	vals     *myOrgValues
	form     *huh.Form
	stage    formStage
	plan     *client.Plan
	err      error
	width    int
	send     key.Binding
}

type (
	myOrgSubmittedMsg struct{}
	myOrgCancelledMsg struct{}
	myOrgPlannedMsg   struct {
		plan *client.Plan
		err  error
	}
	myOrgSavedMsg struct {
		app *model.Client
		err error
	}
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
			Deletion: string(m.ConnectionDeletionBehavior), Landing: m.InvitationLandingClientID}
	}
	f := &myOrgForm{env: e, parent: parent, app: app, profiles: profiles, apps: apps, vals: v, width: 80,
		send: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send"))}
	f.build()
	return f
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
	if v.Profile != "" && f.profiles[v.Profile] == "" {
		profiles = append(profiles, huh.NewOption("missing ("+v.Profile+")", v.Profile))
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
	f.form = huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Key("connection_profile_id").Title("Connection profile").
				Description("how connections org admins create are set up").Options(profiles...).Value(&v.Profile).
				Validate(func(id string) error {
					if id != "" && f.profiles[id] == "" {
						return errors.New("this profile does not exist: choose another, or none")
					}
					return nil
				}),
			huh.NewInput().Key("user_attribute_profile_id").Title("User attribute profile id").Description("optional, uap_…").Value(&v.UAP).
				Validate(func(s string) error {
					if s != "" && !strings.HasPrefix(s, "uap_") {
						return errors.New("a user attribute profile id starts with uap_")
					}
					return nil
				}),
		),
		huh.NewGroup(
			huh.NewMultiSelect[string]().Key("allowed_strategies").Title("Allowed strategies").
				Description("the enterprise strategies org admins may create connections of (Auth0 does not allow ad here)").
				Options(strategies...).Value(&v.Strategies),
			huh.NewSelect[string]().Key("connection_deletion_behavior").Title("Deleting connections").Options(deletion...).Value(&v.Deletion),
			huh.NewSelect[string]().Key("invitation_landing_client_id").Title("Invitation landing application").Options(landing...).Value(&v.Landing),
		),
	).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithShowErrors(true).WithWidth(min(f.width, 100))
	f.form.SubmitCmd = func() tea.Msg { return myOrgSubmittedMsg{} }
	f.form.CancelCmd = func() tea.Msg { return myOrgCancelledMsg{} }
}

func (f *myOrgForm) config() model.MyOrganizationConfiguration {
	v := f.vals
	return model.MyOrganizationConfiguration{ConnectionProfileID: v.Profile, UserAttributeProfileID: v.UAP,
		AllowedStrategies: append([]string{}, v.Strategies...), ConnectionDeletionBehavior: model.DeletionBehavior(v.Deletion),
		InvitationLandingClientID: v.Landing}
}

func (f *myOrgForm) Init() tea.Cmd   { return f.form.Init() }
func (f *myOrgForm) Title() string   { return "My Organization of " + f.app.Name }
func (f *myOrgForm) Capturing() bool { return f.stage == stageForm }
func (f *myOrgForm) Keys() []key.Binding {
	if f.stage == stageReview {
		return []key.Binding{f.send}
	}
	return f.form.KeyBinds()
}

// planFor asks the client for the plan of a configuration (nil removes it).
func (f *myOrgForm) planFor(cfg *model.MyOrganizationConfiguration) tea.Cmd {
	f.stage = stagePlanning
	app := f.app
	return f.env.api("plan the change", func(_ context.Context, c *client.Client) (tea.Msg, error) {
		p, err := c.PlanMyOrganization(app, cfg)
		return myOrgPlannedMsg{p, err}, nil
	})
}

func (f *myOrgForm) Update(msg tea.Msg) (Screen, tea.Cmd, Nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.width = msg.Width
		f.form = f.form.WithWidth(min(msg.Width, 100))
		return f, nil, Stay()
	case backgroundMsg:
		fm, cmd := f.form.Update(tea.BackgroundColorMsg{Color: bgColor(msg.dark)})
		f.form = fm.(*huh.Form)
		return f, cmd, Stay()
	case myOrgSubmittedMsg:
		cfg := f.config()
		return f, f.planFor(&cfg), Stay()
	case myOrgCancelledMsg:
		return f, nil, Pop()
	case myOrgPlannedMsg, myOrgSavedMsg:
		var err error
		if m, ok := msg.(myOrgPlannedMsg); ok {
			err = m.err
			f.plan = m.plan
			if err == nil {
				f.stage = stageReview
				return f, nil, Stay()
			}
		} else if m := msg.(myOrgSavedMsg); m.err == nil {
			return f, sendTo(f.parent, appChangedMsg{summary: f.plan.Summary, app: *m.app}), Pop()
		} else {
			err = m.err
		}
		f.err, f.stage = err, stageForm
		f.build()
		return f, f.form.Init(), Stay()
	case tea.KeyPressMsg:
		switch f.stage {
		case stageReview:
			switch msg.String() {
			case "enter":
				f.stage = stageSending
				p := f.plan
				return f, f.env.api(p.Summary, func(ctx context.Context, c *client.Client) (tea.Msg, error) {
					res, err := c.Execute(ctx, p)
					app, _ := res.(*model.Client)
					return myOrgSavedMsg{app: app, err: err}, nil
				}), Stay()
			case "esc":
				f.stage = stageForm
				f.build()
				return f, f.form.Init(), Stay()
			}
			return f, nil, Stay()
		case stagePlanning, stageSending:
			return f, nil, Stay()
		}
		if msg.String() == "esc" {
			return f, nil, Pop()
		}
		if msg.String() == "ctrl+x" && f.app.MyOrganizationConfiguration != nil {
			return f, f.planFor(nil), Stay()
		}
	}
	if f.stage != stageForm {
		return f, nil, Stay()
	}
	fm, cmd := f.form.Update(msg)
	if hf, ok := fm.(*huh.Form); ok {
		f.form = hf
	}
	return f, cmd, Stay()
}

func (f *myOrgForm) View(rc RenderCtx) string {
	st := rc.Styles
	switch f.stage {
	case stagePlanning:
		return st.Muted.Render("Checking the change…")
	case stageSending:
		return st.Muted.Render("Sending " + f.plan.Summary + "…")
	case stageReview:
		return strings.Join(append(planLines(rc, f.plan, f.env.baseURL), "", st.Title.Render("enter sends it · esc edits")), "\n")
	}
	var b strings.Builder
	if f.err != nil {
		b.WriteString(st.Error.Render("✗ "+describeChange(f.err)) + "\n")
	}
	if f.app.MyOrganizationConfiguration != nil {
		b.WriteString(st.Muted.Render("ctrl+x removes the whole configuration") + "\n")
	}
	b.WriteString(f.form.View())
	return b.String()
}
