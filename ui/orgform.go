package ui

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/theme"
)

// orgValues are the organization form's values.
type orgValues struct {
	Name, DisplayName, LogoURL, Primary, Background, Metadata string
}

// orgForm creates or edits an organization: name rules, display name,
// branding colours shown as swatches, an https logo URL and metadata
// (at most 25 keys), checked as typed; then the plan, then the request.
type orgForm struct {
	*changeForm
	parent  int
	editing *model.Organization
	vals    *orgValues
	initial orgValues
}

type (
	// orgChangedMsg tells the organizations list to read its orgs again.
	orgChangedMsg struct {
		summary string
		made    string // the id of an organization just created, to select
	}
)

func newOrgForm(e env, parent int, editing *model.Organization) *orgForm {
	v := &orgValues{}
	if o := editing; o != nil {
		v.Name, v.DisplayName = o.Name, o.DisplayName
		if b := o.Branding; b != nil {
			v.LogoURL = b.LogoURL
			if b.Colors != nil {
				v.Primary, v.Background = b.Colors.Primary, b.Colors.PageBackground
			}
		}
		v.Metadata = metadataText(o.Metadata)
	}
	f := &orgForm{changeForm: newChangeForm(e), parent: parent, editing: editing, vals: v}
	f.changeForm.build = f.build
	f.changed = func() bool { return *f.vals != f.initial }
	f.fieldFor, f.valueOf = orgRefusalField, f.textOf
	f.done = func(res any) (tea.Cmd, nav) {
		msg := orgChangedMsg{summary: f.plan.Summary}
		if o, ok := res.(*model.Organization); ok && f.editing == nil {
			msg.made = o.ID
		}
		return sendTo(f.parent, msg), pop()
	}
	f.build()
	f.initial = *f.vals // after build: huh settles some values as it builds (a select takes its first option)
	return f
}

func metadataText(md map[string]string) string {
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + "=" + md[k]
	}
	return strings.Join(lines, "\n")
}

// parseMetadata reads "key=value" lines.
func parseMetadata(text string) (map[string]string, error) {
	md := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("line %d: write key=value", i+1)
		}
		md[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if len(md) == 0 {
		return nil, nil
	}
	return md, nil
}

// org is the organization the values describe.
func (f *orgForm) org() (model.Organization, error) {
	v := f.vals
	o := model.Organization{Name: v.Name, DisplayName: v.DisplayName}
	if f.editing != nil {
		o.ID, o.TokenQuota, o.ThirdPartyClientAccess = f.editing.ID, f.editing.TokenQuota, f.editing.ThirdPartyClientAccess
	}
	if v.LogoURL != "" || v.Primary != "" || v.Background != "" {
		o.Branding = &model.Branding{LogoURL: v.LogoURL}
		if v.Primary != "" || v.Background != "" {
			o.Branding.Colors = &model.BrandingColors{Primary: v.Primary, PageBackground: v.Background}
		}
	}
	md, err := parseMetadata(v.Metadata)
	o.Metadata = md
	return o, err
}

func violationErr(v *model.Violation) error {
	if v == nil {
		return nil
	}
	return errors.New(strings.TrimSuffix(v.Message, "."))
}

func (f *orgForm) textOf(k string) string {
	v := f.vals
	return map[string]string{"name": v.Name, "display_name": v.DisplayName, "logo_url": v.LogoURL,
		"primary": v.Primary, "page_background": v.Background, "metadata": v.Metadata}[k]
}

func (f *orgForm) build() {
	v := f.vals
	f.startGroups()
	add := func(fields ...huh.Field) { f.group(fields...) }
	colour := func(k, title string, val *string) *huh.Input {
		return huh.NewInput().Key(k).Title(title).Value(val).
			DescriptionFunc(func() string {
				if !model.IsHexColor(*val) {
					return "an HTML colour such as #1f6feb" // the hint stays until a colour is typed
				}
				return swatch(theme.New(true, false), *val)
			}, val).
			Validate(func(string) error {
				return f.checked(k, func() error {
					if *val == "" {
						return nil
					}
					return violationErr(model.ValidateBranding(&model.Branding{Colors: &model.BrandingColors{Primary: *val, PageBackground: *val}}))
				})()
			})
	}
	add(huh.NewInput().Key("name").Title("Name").Description("1–50 lowercase letters, digits, _ and -").Value(&v.Name).
		Validate(func(string) error {
			return f.checked("name", func() error { return violationErr(model.ValidateOrganizationName(v.Name)) })()
		}),
		huh.NewInput().Key("display_name").Title("Display name").Value(&v.DisplayName).
			Validate(func(string) error {
				return f.checked("display_name", func() error {
					if v.DisplayName == "" {
						return nil
					}
					return violationErr(model.ValidateOrganizationDisplayName(v.DisplayName))
				})()
			}))
	add(huh.NewInput().Key("logo_url").Title("Logo URL").Description("https only").Value(&v.LogoURL).
		Validate(func(string) error {
			return f.checked("logo_url", func() error {
				if v.LogoURL == "" {
					return nil
				}
				return violationErr(model.ValidateBranding(&model.Branding{LogoURL: v.LogoURL}))
			})()
		}),
		colour("primary", "Primary colour", &v.Primary),
		colour("page_background", "Page background", &v.Background).
			Validate(func(string) error {
				return f.checked("page_background", func() error {
					if (v.Primary == "") != (v.Background == "") {
						return errors.New("give both colours, or neither")
					}
					if v.Background == "" {
						return nil
					}
					return violationErr(model.ValidateBranding(&model.Branding{Colors: &model.BrandingColors{Primary: v.Background, PageBackground: v.Background}}))
				})()
			}))
	add(huh.NewText().Key("metadata").Title("Metadata").Description("key=value, one a line; at most 25 keys, values up to 255 characters").
		Value(&v.Metadata).Lines(5).
		Validate(func(string) error {
			return f.checked("metadata", func() error {
				md, err := parseMetadata(v.Metadata)
				if err != nil {
					return err
				}
				return violationErr(model.ValidateOrganizationMetadata(md))
			})()
		}))
	f.attach(huh.NewForm(f.groups...))
}

func (f *orgForm) Title() string {
	if f.editing != nil {
		return "Edit " + f.editing.Name
	}
	return "New organization"
}

// orgRefusalField finds the field a refusal of an organization concerns:
// the property Auth0 names, or the name for a 409.
func orgRefusalField(err error) string { return orgFieldOf(refusedProperty(err)) }

func (f *orgForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	if _, ok := msg.(formSubmittedMsg); ok {
		o, err := f.org()
		if err != nil {
			return f, f.reopen(&model.Violation{Property: "metadata", Message: err.Error()}), stay()
		}
		return f, planSave(f.changeForm, f.editing, o, (*client.Client).PlanCreateOrganization, (*client.Client).PlanUpdateOrganization), stay()
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}

// newDeleteOrgScreen asks before deleting an organization.
func newDeleteOrgScreen(e env, parent int, org model.Organization) screen {
	return &planThenConfirm{env: e, parent: parent, title: "Delete " + org.Name,
		lines: []string{
			"Deletes the organization " + org.Name + " (" + org.ID + "): its members are removed from it and its connection links go with it.",
			"The users themselves and the connections stay. This cannot be undone from orgscope.",
		},
		planFn: func(c *client.Client) (*client.Plan, error) { return c.PlanDeleteOrganization(org), nil },
		done:   func(summary string) tea.Msg { return orgChangedMsg{summary: summary} },
	}
}

// propertyIn reads the property of Auth0's "… on property X." message.
func propertyIn(msg string) string {
	_, after, ok := strings.Cut(msg, " on property ")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(strings.Fields(after)[0], ".")
}

// orgFieldOf maps a property path to the form's field.
func orgFieldOf(prop string) string {
	switch {
	case strings.HasPrefix(prop, "metadata"):
		return "metadata"
	case prop == "branding.logo_url":
		return "logo_url"
	case prop == "branding.colors.primary":
		return "primary"
	case strings.HasPrefix(prop, "branding.colors"):
		return "page_background"
	}
	return prop
}
