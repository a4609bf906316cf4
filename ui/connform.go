package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// connValues are the connection form's values.
type connValues struct {
	Name, DisplayName, Strategy string
	// Options, by strategy.
	PasswordPolicy string
	DisableSignup  bool
	Domain         string // okta domain, oidc discovery URL, waad tenant domain, google-apps domain
	ClientID       string
	ClientSecret   string
	SignInURL      string
	SigningCert    string
	OptionsJSON    string // for the strategies without fields of their own
	// The rest.
	Button, DomainLevel, Login, TokenVault, CrossApp bool
	Realms, Metadata                                 string
	Clients                                          []string
}

// connForm creates a connection, or edits one (name and strategy stay:
// Auth0 will not change them; options are sent whole).
type connForm struct {
	*changeForm
	parent  int
	editing *model.Connection
	apps    []model.Client
	vals    *connValues
	initial string // the values as JSON, to tell changes
}

type (
	connAppsLoadedMsg struct {
		apps []model.Client
		err  error
	}
)

// strategyField says which option fields a strategy has.
func strategyFields(strategy string) string {
	switch strategy {
	case model.StrategyDatabase:
		return "database"
	case "okta", "oidc", "waad":
		return "oauth"
	case "samlp":
		return "saml"
	case "google-apps":
		return "domain"
	}
	return "json"
}

func strOpt(o map[string]any, k string) string {
	s, _ := o[k].(string)
	return s
}

func newConnForm(e env, parent int, editing *model.Connection) *connForm {
	v := &connValues{Strategy: model.StrategyDatabase, PasswordPolicy: "good", Login: true, OptionsJSON: "{}"}
	if c := editing; c != nil {
		o := c.Options
		v = &connValues{Name: c.Name, DisplayName: c.DisplayName, Strategy: c.Strategy,
			PasswordPolicy: strOpt(o, "passwordPolicy"), ClientID: strOpt(o, "client_id"), ClientSecret: strOpt(o, "client_secret"),
			SignInURL: strOpt(o, "signInEndpoint"), SigningCert: strOpt(o, "signingCert"),
			DomainLevel: c.IsDomainConnection, Login: c.UsedForLogin(), Realms: strings.Join(c.Realms, ", "),
			Metadata: metadataText(c.Metadata), Clients: slices.Clone(c.EnabledClients)}
		v.DisableSignup, _ = o["disable_signup"].(bool)
		switch c.Strategy {
		case "oidc":
			v.Domain = strOpt(o, "discovery_url")
		case "waad":
			v.Domain = strOpt(o, "tenant_domain")
		default:
			v.Domain = strOpt(o, "domain")
		}
		if c.ShowAsButton != nil {
			v.Button = *c.ShowAsButton
		}
		if ca := c.ConnectedAccounts; ca != nil {
			v.TokenVault = ca.Active
			v.CrossApp = ca.CrossAppAccess != nil && *ca.CrossAppAccess
		}
		b, _ := json.MarshalIndent(o, "", "  ")
		v.OptionsJSON = string(b)
	}
	f := &connForm{changeForm: newChangeForm(e), parent: parent, editing: editing, vals: v}
	f.changeForm.build = f.build
	f.fieldFor, f.valueOf = f.refusalField, f.textOf
	f.changed = func() bool { return f.snapshot() != f.initial }
	f.formWidth = func(w int) int { return min(w, 100) }
	f.review = func(rc renderCtx) []string {
		if f.editing != nil && strings.Contains(string(f.plan.Body), `"options"`) {
			return []string{"", rc.Styles.Warn.Render("Auth0 replaces options as a whole: the whole merged object above is sent.")}
		}
		return nil
	}
	f.done = func(res any) (tea.Cmd, nav) {
		f.env.session.connectionsChanged()
		conn, _ := res.(*model.Connection)
		return sendTo(f.parent, connChangedMsg{summary: f.plan.Summary, conn: conn}), pop()
	}
	f.build()
	f.initial = f.snapshot() // after build: huh settles some values as it builds (a select takes its first option)
	return f
}

func (f *connForm) snapshot() string {
	b, _ := json.Marshal(f.vals)
	return string(b)
}

func (f *connForm) build() {
	v := f.vals
	is := func(kind string) func() bool {
		return func() bool { return strategyFields(v.Strategy) != kind }
	}
	f.startGroups()
	first := []huh.Field{
		huh.NewInput().Key("name").Title("Name").Description("letters, digits and single inner hyphens; at most 128").Value(&v.Name).
			Validate(func(s string) error {
				return f.checked("name", func() error { return violationErr(model.ValidateConnectionName(s)) })()
			}),
		huh.NewInput().Key("display_name").Title("Display name").Value(&v.DisplayName).
			Validate(func(s string) error {
				return f.checked("display_name", func() error { return violationErr(model.ValidateConnectionDisplayName(s)) })()
			}),
	}
	if f.editing == nil {
		var opts []huh.Option[string]
		for _, class := range model.Classes() {
			for _, s := range model.CreatableStrategies() {
				if model.ClassOf(s) == class {
					opts = append(opts, huh.NewOption(fmt.Sprintf("%-12s %s", class, s), s))
				}
			}
		}
		first = append(first, huh.NewSelect[string]().Key("strategy").Title("Strategy").Description("/ to filter").
			Options(opts...).Value(&v.Strategy).Height(8))
	} else {
		first = []huh.Field{
			huh.NewNote().Title(v.Name + " · " + v.Strategy).Description("Auth0 does not change a connection's name or strategy."),
			first[1],
		}
	}
	f.group(first...)
	f.group(
		huh.NewSelect[string]().Key("passwordPolicy").Title("Password policy").
			Options(huh.NewOptions("none", "low", "fair", "good", "excellent")...).Value(&v.PasswordPolicy),
		huh.NewConfirm().Key("disable_signup").Title("Turn signup off?").Value(&v.DisableSignup),
		huh.NewInput().Key("realms").Title("Realms").Description("comma-separated; empty means the name").Value(&v.Realms).
			Validate(func(s string) error {
				return violationErr(model.ValidateRealms(v.Strategy, v.Name, splitList(s)))
			}),
	).WithHideFunc(is("database")) // Auth0 keeps realms for databases only
	f.group(
		huh.NewInput().Key("domain").TitleFunc(func() string {
			switch v.Strategy {
			case "oidc":
				return "Discovery URL"
			case "waad":
				return "Microsoft Entra ID domain"
			}
			return "Okta domain"
		}, &v.Strategy).Value(&v.Domain).Validate(func(s string) error {
			if s == "" {
				return errors.New("required for this strategy")
			}
			return f.checkOption(domainOption(v.Strategy), s)
		}),
		huh.NewInput().Key("client_id").Title("Client id").Value(&v.ClientID).Validate(func(s string) error {
			if s == "" && (v.Strategy == "okta" || v.Strategy == "oidc") {
				return errors.New("required: the identity provider's client id for this application")
			}
			return nil
		}),
		huh.NewInput().Key("client_secret").Title("Client secret").EchoMode(huh.EchoModePassword).Value(&v.ClientSecret),
	).WithHideFunc(is("oauth"))
	f.group(
		huh.NewInput().Key("signInEndpoint").Title("Sign-in URL").Value(&v.SignInURL).Validate(func(s string) error {
			if !strings.HasPrefix(s, "https://") {
				return errors.New("an https:// URL of the identity provider's sign-in page")
			}
			return f.checkOption("signInEndpoint", s)
		}),
		huh.NewText().Key("signingCert").Title("Signing certificate").Description("PEM or base64").Lines(4).Value(&v.SigningCert),
	).WithHideFunc(is("saml"))
	f.group(
		huh.NewInput().Key("gdomain").Title("Google Workspace domain").Value(&v.Domain).Validate(func(s string) error {
			if s == "" {
				return errors.New("required for this strategy")
			}
			return f.checkOption("domain", s)
		}),
	).WithHideFunc(is("domain"))
	f.group(
		huh.NewText().Key("options").Title("Options (JSON)").Lines(6).Value(&v.OptionsJSON).Validate(func(s string) error {
			var o map[string]any
			if err := json.Unmarshal([]byte(s), &o); err != nil {
				return errors.New("not a JSON object: " + err.Error())
			}
			return nil
		}),
	).WithHideFunc(is("json"))
	f.group(
		huh.NewConfirm().Key("show_as_button").Title("Show as a button on login prompts?").Value(&v.Button),
	).WithHideFunc(func() bool { return !model.IsEnterprise(v.Strategy) })
	f.group(
		huh.NewConfirm().Key("is_domain_connection").Title("Domain-level (usable by every application, third-party ones included)?").Value(&v.DomainLevel),
		huh.NewText().Key("metadata").Title("Metadata").Description("key=value, one a line; at most 10 keys").Lines(3).Value(&v.Metadata).
			Validate(func(s string) error {
				return f.checked("metadata", func() error {
					md, err := parseMetadata(s)
					if err != nil {
						return err
					}
					return violationErr(model.ValidateConnectionMetadata(md))
				})()
			}),
	)
	f.group(
		huh.NewConfirm().Key("authentication").Title("Used for login?").Value(&v.Login),
		huh.NewConfirm().Key("connected_accounts").Title("Token Vault (connected accounts)?").Value(&v.TokenVault),
		huh.NewConfirm().Key("cross_app_access").Title("Cross-app access through Token Vault?").Value(&v.CrossApp),
	)
	var apps []huh.Option[string]
	for _, a := range f.apps {
		apps = append(apps, huh.NewOption(a.Name, a.ClientID).Selected(slices.Contains(v.Clients, a.ClientID)))
	}
	if f.editing == nil && len(apps) > 0 {
		f.group(huh.NewMultiSelect[string]().Key("clients").Title("Applications that may use it").
			Options(apps...).Value(&v.Clients))
	}
	f.attach(huh.NewForm(f.groups...))
}

// domainOption is the option the form's domain field sets for strategy.
func domainOption(strategy string) string {
	switch strategy {
	case "oidc":
		return "discovery_url"
	case "waad":
		return "tenant_domain"
	}
	return "domain"
}

// checkOption checks an option typed in the form by Auth0's rule for the
// strategy, in the form's words.
func (f *connForm) checkOption(key, value string) error {
	return violationErr(model.ValidateConnectionOption(f.vals.Strategy, key, value))
}

// refusalField finds the field a refusal of the connection concerns: the
// name for a 409 (Auth0 allows one connection per name), or the property
// Auth0's message names when the form has a field for it.
func (f *connForm) refusalField(err error) string {
	switch k := strings.SplitN(refusedProperty(err), ".", 2)[0]; k {
	case "name", "display_name", "metadata":
		if f.editing != nil && k == "name" {
			return "" // shown read-only
		}
		return k
	}
	return ""
}

// textOf is a field's value as text, to tell whether it changed since a refusal.
func (f *connForm) textOf(k string) string {
	return map[string]string{"name": f.vals.Name, "display_name": f.vals.DisplayName, "metadata": f.vals.Metadata}[k]
}

// connection is the connection the values describe; on an edit, the
// options are the old ones with the form's laid over them.
func (f *connForm) connection() (model.Connection, error) {
	v := f.vals
	c := model.Connection{Name: v.Name, DisplayName: v.DisplayName, Strategy: v.Strategy, IsDomainConnection: v.DomainLevel,
		Authentication: &model.Authentication{Active: v.Login}, ConnectedAccounts: &model.ConnectedAccounts{Active: v.TokenVault}}
	if v.CrossApp {
		c.ConnectedAccounts.CrossAppAccess = &v.CrossApp
	}
	opts := map[string]any{}
	if f.editing != nil {
		c.ID, c.EnabledClients, c.ProvisioningTicketURL = f.editing.ID, f.editing.EnabledClients, f.editing.ProvisioningTicketURL
		maps.Copy(opts, f.editing.Options)
	} else {
		c.EnabledClients = v.Clients
	}
	set := func(k, val string) {
		if val != "" {
			opts[k] = val
		} else {
			delete(opts, k)
		}
	}
	switch strategyFields(v.Strategy) {
	case "database":
		set("passwordPolicy", v.PasswordPolicy)
		opts["disable_signup"] = v.DisableSignup
	case "oauth":
		set(domainOption(v.Strategy), v.Domain)
		set("client_id", v.ClientID)
		set("client_secret", v.ClientSecret)
	case "saml":
		set("signInEndpoint", v.SignInURL)
		set("signingCert", v.SigningCert)
	case "domain":
		set("domain", v.Domain)
	case "json":
		opts = map[string]any{}
		if err := json.Unmarshal([]byte(v.OptionsJSON), &opts); err != nil {
			return c, errors.New("the options are not a JSON object")
		}
	}
	c.Options = opts
	if model.IsEnterprise(v.Strategy) {
		c.ShowAsButton = &v.Button
	}
	if v.Strategy == model.StrategyDatabase {
		c.Realms = splitList(v.Realms)
	}
	if f.editing != nil && c.Realms == nil {
		c.Realms = f.editing.Realms
	}
	md, err := parseMetadata(v.Metadata)
	c.Metadata = md
	return c, err
}

func (f *connForm) Init() tea.Cmd {
	cmds := []tea.Cmd{f.form.Init()}
	if f.editing == nil {
		cmds = append(cmds, f.env.api("read applications", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
			apps, err := client.Collect(c.Clients(ctx))
			return connAppsLoadedMsg{apps: apps, err: err}, err
		}))
	}
	return tea.Batch(cmds...)
}

func (f *connForm) Title() string {
	if f.editing != nil {
		return "Edit " + f.editing.Name
	}
	return "New connection"
}

func (f *connForm) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case connAppsLoadedMsg:
		if msg.err == nil {
			f.apps = msg.apps
			f.build() // the application choice needs them
			return f, f.form.Init(), stay()
		}
		return f, nil, stay()
	case formSubmittedMsg:
		conn, err := f.connection()
		if err != nil {
			return f, f.reopen(err), stay()
		}
		return f, planSave(f.changeForm, f.editing, conn, (*client.Client).PlanCreateConnection, (*client.Client).PlanUpdateConnection), stay()
	}
	cmd, nav := f.handle(msg)
	return f, cmd, nav
}
