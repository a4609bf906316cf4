package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// profileValues are the profile form's values.
type profileValues struct {
	Name, Button, Membership, Prefix string
	Features                         []string
	Overrides                        string // "okta=scim,universal_logout" lines
}

// profileForm creates or edits a connection profile, with a simulator
// beside it: for an organization and a strategy, the connection name and
// link settings a connection created under the profile would get.
type profileForm struct {
	*changeForm
	parent   int
	editing  *model.ConnectionProfile
	vals     *profileValues
	initial  string
	orgs     []model.Organization
	simOrg   int
	simStrat int
	simKeys  simulatorKeys
	// express are the applications whose Okta Express Configuration uses
	// the profile being edited: the simulator's okta links follow it.
	express []string
}

type (
	// profileChangedMsg tells the profiles list to read them again.
	profileChangedMsg struct{ summary string }
)

func featureStrings(fs []model.Feature) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

func overridesText(o map[string]model.StrategyOverride) string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + "=" + strings.Join(featureStrings(o[k].EnabledFeatures), ",")
	}
	return strings.Join(lines, "\n")
}

// parseOverrides reads "strategy=feature,feature" lines.
func parseOverrides(text string) (map[string]model.StrategyOverride, error) {
	out := map[string]model.StrategyOverride{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		s, list, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("line %d: write strategy=feature,feature", i+1)
		}
		o := model.StrategyOverride{EnabledFeatures: []model.Feature{}, ConnectionConfig: map[string]any{}}
		for _, f := range splitList(list) {
			o.EnabledFeatures = append(o.EnabledFeatures, model.Feature(f))
		}
		out[strings.TrimSpace(s)] = o
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func newProfileForm(e env, parent int, editing *model.ConnectionProfile, from *model.ConnectionProfile) *profileForm {
	v := &profileValues{Button: string(model.SettingOptional), Membership: string(model.SettingOptional), Features: []string{}}
	src := editing
	if src == nil {
		src = from
	}
	if p := src; p != nil {
		v.Name = p.Name
		if p.Organization != nil {
			v.Button, v.Membership = string(p.Organization.ShowAsButton), string(p.Organization.AssignMembershipOnLogin)
		}
		if p.ConnectionNamePrefixTemplate != nil {
			v.Prefix = *p.ConnectionNamePrefixTemplate
		}
		v.Features, v.Overrides = featureStrings(p.EnabledFeatures), overridesText(p.StrategyOverrides)
	}
	f := &profileForm{changeForm: newChangeForm(e), parent: parent, editing: editing, vals: v}
	f.simKeys = newSimulatorKeys(e.keys)
	f.changeForm.build = f.build
	f.fieldFor, f.valueOf = f.refusalField, f.textOf
	f.changed = func() bool { return fmt.Sprint(*f.vals) != f.initial }
	f.formWidth = func(w int) int {
		if w >= 120 {
			return w - 48 // room for the simulator
		}
		return min(w, 90)
	}
	// Done, back to the list that asked, past the templates it may have
	// been started from.
	f.done = func(any) (tea.Cmd, nav) {
		return sendTo(f.parent, profileChangedMsg{summary: f.plan.Summary}), backTo(f.parent)
	}
	f.build()
	f.initial = fmt.Sprint(*f.vals) // after build: huh settles some values as it builds (a select takes its first option)
	return f
}

// profile is the profile the values describe.
func (f *profileForm) profile() (model.ConnectionProfile, error) {
	v := f.vals
	p := model.ConnectionProfile{Name: v.Name, ConnectionConfig: map[string]any{}}
	if f.editing != nil {
		p.ID = f.editing.ID
	}
	if v.Button != "" || v.Membership != "" {
		p.Organization = &model.ProfileOrganization{ShowAsButton: model.ProfileSetting(v.Button), AssignMembershipOnLogin: model.ProfileSetting(v.Membership)}
	}
	if v.Prefix != "" || (f.editing != nil && f.editing.ConnectionNamePrefixTemplate != nil) {
		prefix := v.Prefix
		p.ConnectionNamePrefixTemplate = &prefix
	}
	for _, fe := range v.Features {
		p.EnabledFeatures = append(p.EnabledFeatures, model.Feature(fe))
	}
	o, err := parseOverrides(v.Overrides)
	p.StrategyOverrides = o
	return p, err
}

// settingOptions are the three settings, explained for a link flag whose
// Auth0 default is linkDefault.
func settingOptions(linkDefault bool) []huh.Option[string] {
	var out []huh.Option[string]
	for _, s := range model.ProfileSettings() {
		out = append(out, huh.NewOption(fmt.Sprintf("%-9s %s", s, s.LinkRule(linkDefault).Explanation), string(s)))
	}
	return out
}

func (f *profileForm) build() {
	v := f.vals
	var features []huh.Option[string]
	for _, fe := range model.Features() {
		features = append(features, huh.NewOption(string(fe), string(fe)).Selected(slices.Contains(v.Features, string(fe))))
	}
	f.startGroups()
	f.group(
		huh.NewInput().Key("name").Title("Name").Value(&v.Name).
			Validate(func(s string) error {
				return f.checked("name", func() error { return violationErr(model.ValidateProfileName(s)) })()
			}),
		huh.NewSelect[string]().Key("show_as_button").Title("Show new connections as buttons").Options(settingOptions(true)...).Value(&v.Button),
		huh.NewSelect[string]().Key("assign_membership_on_login").Title("Assign membership on login").Options(settingOptions(false)...).Value(&v.Membership),
	)
	f.group(
		huh.NewInput().Key("connection_name_prefix_template").Title("Connection name prefix").Value(&v.Prefix).
			DescriptionFunc(func() string {
				if v.Prefix == "" {
					return "letters, digits, -, {org_id} and {org_name}; at most 15 characters"
				}
				if viol := model.ValidatePrefixTemplate(v.Prefix); viol != nil {
					return "✗ " + viol.Message
				}
				return fmt.Sprintf("%d of 15 characters", len([]rune(v.Prefix)))
			}, &v.Prefix).
			Validate(func(s string) error {
				return f.checked("connection_name_prefix_template", func() error { return violationErr(model.ValidatePrefixTemplate(s)) })()
			}),
		huh.NewMultiSelect[string]().Key("enabled_features").Title("Features").Options(features...).Value(&v.Features),
		huh.NewText().Key("strategy_overrides").Title("Per-strategy features").
			Description("strategy=feature,feature — one a line; strategies: "+strings.Join(model.EnterpriseStrategies(), ", ")).
			Lines(3).Value(&v.Overrides).
			Validate(func(s string) error {
				return f.checked("strategy_overrides", func() error {
					o, err := parseOverrides(s)
					if err != nil {
						return err
					}
					return violationErr(model.ValidateStrategyOverrides(o))
				})()
			}),
	)
	f.attach(huh.NewForm(f.groups...))
}

// refusalField finds the field a refusal of the profile concerns: the
// name for a 409 (Auth0's "Connection profile conflict." is about a name
// in use), or the property Auth0's message names.
func (f *profileForm) refusalField(err error) string {
	switch k := strings.SplitN(refusedProperty(err), ".", 2)[0]; k {
	case "name", "connection_name_prefix_template", "strategy_overrides":
		return k
	}
	return ""
}

// textOf is a field's value as text, to tell whether it changed since a refusal.
func (f *profileForm) textOf(k string) string {
	v := f.vals
	return map[string]string{"name": v.Name, "connection_name_prefix_template": v.Prefix, "strategy_overrides": v.Overrides}[k]
}

type simOrgsLoadedMsg struct{ orgs []model.Organization }

// simulatorKeys are the profile form's simulator's.
type simulatorKeys struct{ NextOrg, NextStrategy key.Binding }

func newSimulatorKeys(k keys.Map) simulatorKeys {
	return simulatorKeys{
		NextOrg:      k.SimulateOrg,
		NextStrategy: k.SimulateStrategy,
	}
}

func (f *profileForm) Init() tea.Cmd {
	cmds := []tea.Cmd{f.form.Init(), f.env.api("read example organizations", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		orgs, _, err := c.OrganizationsPage(ctx, "")
		return simOrgsLoadedMsg{orgs: orgs}, err
	})}
	if f.editing != nil {
		id := f.editing.ID
		cmds = append(cmds, f.env.api("read the applications using the profile", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			apps, err := client.Collect(c.Clients(ctx))
			return expressAppsMsg{profileID: id, apps: model.ExpressApps(apps)[id]}, err
		}))
	}
	return tea.Batch(cmds...)
}

func (f *profileForm) Title() string {
	if f.editing != nil {
		return "Edit " + f.editing.Name
	}
	return "New connection profile"
}

func (f *profileForm) Keys() []key.Binding {
	if f.stage == stageReview {
		return f.changeForm.Keys()
	}
	return append([]key.Binding{f.simKeys.NextOrg, f.simKeys.NextStrategy}, f.changeForm.Keys()...)
}

func (f *profileForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case simOrgsLoadedMsg:
		f.orgs = msg.orgs
		return f, nil, stay()
	case expressAppsMsg:
		if f.editing != nil && msg.profileID == f.editing.ID {
			f.express = msg.apps
		}
		return f, nil, stay()
	case formSubmittedMsg:
		p, err := f.profile()
		if err != nil {
			return f, f.reopen(err), stay()
		}
		return f, planSave(f.changeForm, f.editing, p, (*client.Client).PlanCreateProfile, (*client.Client).PlanUpdateProfile), stay()
	case tea.KeyPressMsg:
		if f.stage == stageForm && !f.asking {
			switch {
			case key.Matches(msg, f.simKeys.NextOrg):
				if len(f.orgs) > 0 {
					f.simOrg = (f.simOrg + 1) % len(f.orgs)
				}
				return f, nil, stay()
			case key.Matches(msg, f.simKeys.NextStrategy):
				f.simStrat = (f.simStrat + 1) % len(model.EnterpriseStrategies())
				return f, nil, stay()
			}
		}
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}

// simulate renders what a connection created under the profile would get.
func (f *profileForm) simulate(rc renderCtx, width int) string {
	st := rc.Styles
	p, _ := f.profile()
	strategy := model.EnterpriseStrategies()[f.simStrat]
	lines := []string{st.Header.Render("SIMULATOR")}
	org := model.Organization{ID: "org_…", Name: "(an organization)"}
	if len(f.orgs) > 0 {
		org = f.orgs[f.simOrg]
	}
	lines = append(lines, st.Label.Render("org      ")+org.Name+st.Muted.Render(" ctrl+o"),
		st.Label.Render("strategy ")+strategy+st.Muted.Render(" ctrl+t"), "")
	name, refused := "(any name)", ""
	if p.ConnectionNamePrefixTemplate != nil && model.ValidatePrefixTemplate(*p.ConnectionNamePrefixTemplate) == nil {
		prefix := model.RenderPrefix(*p.ConnectionNamePrefixTemplate, org)
		name = prefix + "…"
		// The organization's name may hold what a connection's name may
		// not (an underscore): every connection its admins create would be
		// refused. Only the name is checked: an id's "org_" is Auth0's own,
		// and how Auth0 writes it into a name is not recorded.
		byName := model.RenderPrefix(*p.ConnectionNamePrefixTemplate, model.Organization{ID: "org0", Name: org.Name})
		if v := model.ValidateConnectionName(byName + "x"); v != nil {
			refused = "Auth0 refuses such a name: " + v.Message
		}
	}
	btn, mem := p.LinkRulesFor(strategy, len(f.express) > 0)
	lines = append(lines, st.Label.Render("name     ")+name)
	if refused != "" {
		lines = append(lines, st.Error.Render("         ✗ "+refused))
	}
	lines = append(lines,
		st.Label.Render("button   ")+model.YesNo(btn.Value)+st.Muted.Render(" · "+btn.Explanation),
		st.Label.Render("member   ")+model.YesNo(mem.Value)+st.Muted.Render(" · "+mem.Explanation),
		st.Label.Render("features ")+featureNames(p.FeaturesFor(strategy)))
	for i := range lines {
		lines[i] = table.Fit(lines[i], width-4)
	}
	return st.Box.Width(width).Render(strings.Join(lines, "\n"))
}

func (f *profileForm) View(rc renderCtx) string {
	form := f.view(rc, nil)
	if f.stage != stageForm {
		return form
	}
	if rc.Width >= 120 {
		return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(f.formWidth(rc.Width)).Render(form), " ", f.simulate(rc, 46))
	}
	return form + "\n" + f.simulate(rc, min(rc.Width, 60))
}

// newDeleteProfileScreen asks before deleting a connection profile.
func newDeleteProfileScreen(e env, parent int, p model.ConnectionProfile) screen {
	return &planThenConfirm{env: e, parent: parent, title: "Delete " + p.Name,
		lines:  []string{"Deletes the connection profile " + p.Name + ". Applications whose My Organization configuration names it keep pointing at it until changed."},
		planFn: func(c *client.Client) (*client.Plan, error) { return c.PlanDeleteProfile(p), nil },
		done:   func(summary string) tea.Msg { return profileChangedMsg{summary: summary} },
	}
}
