package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// grantForm sets an application's access to the My Organization API: the
// scopes of its client grant, with least-privilege starting points beside
// the picker (ctrl+p applies the next one).
type grantForm struct {
	*changeForm
	parent   int
	app      model.Client
	api      *model.ResourceServer
	existing *model.ClientGrant
	// legacy is a grant for the application itself (subject_type client)
	// beside existing, or existing itself when it is one: it gives users
	// nothing, and the form offers to remove it once a user-flow grant is
	// in place.
	legacy  *model.ClientGrant
	scopes  []string
	initial string
	preset  int
	loadErr error
	// keepScopes is set when the grant is read again after Auth0 refused
	// to create it: the scopes picked stay and will update that grant.
	keepScopes bool
	gkeys      grantFormKeys
	// picker is the scope list, whose option under the cursor the form
	// describes in full where the list cuts descriptions.
	picker *huh.MultiSelect[string]
}

type grantLoadedMsg struct {
	api    model.ResourceServer
	grant  *model.ClientGrant
	legacy *model.ClientGrant
	err    error
}

func newGrantForm(e env, parent int, app model.Client) *grantForm {
	f := &grantForm{changeForm: newChangeForm(e), parent: parent, app: app}
	f.gkeys = newGrantFormKeys(e.keys)
	f.changeForm.build = f.build
	f.changed = func() bool { return strings.Join(f.scopes, " ") != f.initial }
	f.formWidth = func(w int) int {
		if w >= 120 {
			return w - 50
		}
		return min(w, 90)
	}
	f.done = func(res any) (tea.Cmd, nav) {
		text := "✓ " + f.plan.Summary
		if leg := f.legacy; leg != nil && f.plan.Creates() {
			// The user-flow grant is in place: the conversion ends with
			// the removal of the grant for the application itself, shown
			// as its own plan. esc goes back to the form as it now is: the
			// user-flow grant there, enter offering the removal again.
			if g, ok := res.(*model.ClientGrant); ok && g != nil {
				f.existing = g
			}
			f.initial = strings.Join(f.scopes, " ")
			app, api := f.app, *f.api
			return tea.Batch(flash(text), f.planWith(func(c *client.Client) (*client.Plan, error) { return c.PlanRemoveGrant(app, api, *leg), nil })), stay()
		}
		return flash(text), pop()
	}
	f.build()
	return f
}

func presetNames() []string {
	names := make([]string, 0, len(model.MyOrganizationScopeSets()))
	for n := range model.MyOrganizationScopeSets() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (f *grantForm) build() {
	var opts []huh.Option[string]
	infos := model.MyOrganizationScopes()
	if f.api != nil {
		infos = f.api.Scopes
	}
	// A scope the grant holds that the API does not define (renamed, or
	// set by another tool) is offered as it is: dropped from the list, it
	// would leave the grant unsaid.
	for _, held := range f.scopes {
		if !slices.ContainsFunc(infos, func(si model.ScopeInfo) bool { return si.Value == held }) {
			infos = append(slices.Clip(infos), model.ScopeInfo{Value: held, Description: "not a scope the API defines"})
		}
	}
	for _, s := range infos {
		// Value and description on one line: huh wraps longer options.
		// The API's scopes are the tenant's: cleaned before they are shown.
		desc := ansi.Truncate(model.CleanLine(s.Description), max(10, f.formWidth(f.width)-52), "…")
		opts = append(opts, huh.NewOption(fmt.Sprintf("%-44s %s", model.CleanLine(s.Value), desc), s.Value).Selected(slices.Contains(f.scopes, s.Value)))
	}
	f.picker = huh.NewMultiSelect[string]().Key("scope").Title("Scopes of " + f.app.Name + " on the My Organization API").
		Description("space picks; grant only what the application's features use").
		Options(opts...).Value(&f.scopes).Height(16)
	f.attach(huh.NewForm(huh.NewGroup(f.picker)))
}

// grantFormKeys are the access form's own, beside the form's.
type grantFormKeys struct{ Preset, Remove key.Binding }

func newGrantFormKeys(k keys.Map) grantFormKeys {
	return grantFormKeys{
		Preset: k.Preset,
		Remove: k.RemoveAccess,
	}
}

func (f *grantForm) Init() tea.Cmd { return tea.Batch(f.form.Init(), f.load()) }

// load reads the My Organization API and the application's grant on it.
func (f *grantForm) load() tea.Cmd {
	app := f.app
	return f.env.api("read the application's access", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		api, err := c.MyOrganizationAPI(ctx)
		if err != nil {
			return grantLoadedMsg{err: err}, nil
		}
		gs, err := c.ClientGrants(ctx, app.ClientID, api.Identifier)
		if err != nil {
			return grantLoadedMsg{api: api, err: err}, nil
		}
		user, self := model.SplitGrants(gs)
		if user == nil {
			return grantLoadedMsg{api: api, grant: self, legacy: self}, nil
		}
		return grantLoadedMsg{api: api, grant: user, legacy: self}, nil
	})
}

func (f *grantForm) Title() string { return "My Organization API access of " + f.app.Name }
func (f *grantForm) Keys() []key.Binding {
	if f.stage == stageForm {
		if f.existing == nil { // nothing to remove
			return append([]key.Binding{f.gkeys.Preset}, f.changeForm.Keys()...)
		}
		return append([]key.Binding{f.gkeys.Preset, f.gkeys.Remove}, f.changeForm.Keys()...)
	}
	return f.changeForm.Keys()
}

func (f *grantForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case grantLoadedMsg:
		f.loadErr = msg.err
		if msg.err != nil {
			return f, nil, stay()
		}
		f.api, f.existing, f.legacy = &msg.api, msg.grant, msg.legacy
		if msg.grant != nil && !f.keepScopes {
			f.scopes = slices.Clone(msg.grant.Scope)
		}
		if !f.keepScopes {
			f.initial = strings.Join(f.scopes, " ")
		}
		f.keepScopes = false
		f.build()
		return f, f.form.Init(), stay()
	case planSentMsg:
		// Someone gave the application access since the form read it:
		// Auth0 allows one grant per application and API. Read that grant
		// and offer to set it to the scopes picked.
		if api := (*client.APIError)(nil); errors.As(msg.err, &api) && api.Status == 409 && f.existing == nil {
			f.stage, f.keepScopes, f.err = stageForm, true, nil
			f.banner = "Another change gave " + f.app.Name + " access meanwhile; sending again sets that grant to the scopes picked here."
			return f, f.load(), stay()
		}
	case formSubmittedMsg:
		app, api, existing, scopes := f.app, *f.api, f.existing, slices.Clone(f.scopes)
		if leg := f.legacy; leg != nil && existing != nil && existing.ForUsers() && strings.Join(scopes, " ") == f.initial {
			// Nothing to change on the user-flow grant: what is left to
			// do is removing the one for the application itself.
			return f, f.planWith(func(c *client.Client) (*client.Plan, error) { return c.PlanRemoveGrant(app, api, *leg), nil }), stay()
		}
		return f, f.planWith(func(c *client.Client) (*client.Plan, error) { return c.PlanGrant(app, api, existing, scopes) }), stay()
	case tea.KeyPressMsg:
		if f.stage == stageForm && f.api != nil {
			switch {
			case key.Matches(msg, f.gkeys.Preset):
				names := presetNames()
				f.scopes = slices.Clone(model.MyOrganizationScopeSets()[names[f.preset%len(names)]])
				f.preset++
				f.build()
				return f, f.form.Init(), stay()
			case key.Matches(msg, f.gkeys.Remove) && f.existing == nil:
				return f, flash(f.app.Name + " has no access to the My Organization API: there is nothing to remove"), stay()
			case key.Matches(msg, f.gkeys.Remove):
				app, api, g := f.app, *f.api, *f.existing
				return f, f.planWith(func(c *client.Client) (*client.Plan, error) { return c.PlanRemoveGrant(app, api, g), nil }), stay()
			}
		}
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}

// advice shows the least-privilege sets beside the picker.
func (f *grantForm) advice(rc renderCtx, width int) string {
	st := rc.Styles
	lines := []string{st.Header.Render("LEAST PRIVILEGE"),
		"Org admins act through this application", "with these scopes: give it only what its",
		"features need. ctrl+p applies a set:", ""}
	for _, n := range presetNames() {
		lines = append(lines, st.Label.Render(n+":"))
		for _, s := range model.MyOrganizationScopeSets()[n] {
			lines = append(lines, "  "+s)
		}
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], width-4)
	}
	return st.Box.Width(width).Render(strings.Join(lines, "\n"))
}

func (f *grantForm) View(rc renderCtx) string {
	st := rc.Styles
	switch {
	case f.loadErr != nil:
		return st.Error.Render(describe(f.loadErr))
	case f.api == nil:
		return st.Muted.Render("Reading the application's access…")
	}
	var banner []string
	if f.stage == stageForm {
		state := "has no access yet: sending creates its users' grant (a user-flow grant)"
		switch {
		case f.existing != nil && f.legacy != nil && f.existing.ForUsers():
			state = "has access with " + model.Count(len(f.existing.Scope), "scope") + " (user-flow grant " + f.existing.ID + "), and a grant for the application itself (" +
				f.legacy.ID + ") that gives its users nothing: enter with the scopes unchanged removes it"
		case f.existing != nil && !f.existing.ForUsers():
			state = "has a grant for the application itself (" + f.existing.ID + ", subject_type " + f.existing.Subject() + "), which does nothing for its users: sending creates a user-flow grant with the scopes picked"
		case f.existing != nil:
			state = "has access with " + model.Count(len(f.existing.Scope), "scope") + " (user-flow grant " + f.existing.ID + ")"
		}
		banner = append(banner, st.Muted.Render(f.app.Name+" "+state+" · API "+f.api.Identifier))
		if hovered, ok := f.picker.Hovered(); ok && rc.Width < 120 {
			for _, si := range f.api.Scopes {
				if si.Value == hovered {
					banner = append(banner, st.Label.Render(model.CleanLine(hovered)+": ")+model.CleanLine(si.Description))
				}
			}
		}
	}
	form := f.view(rc, banner)
	if f.stage != stageForm {
		return form
	}
	if rc.Width >= 120 {
		return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(f.formWidth(rc.Width)).Render(form), " ", f.advice(rc, 48))
	}
	return form
}
