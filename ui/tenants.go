package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// TenantChoice is a tenant of the config file, for :tenant.
type TenantChoice struct {
	Name, Domain string
	ReadOnly     bool
}

// tenantsScreen lists the config file's tenants; enter switches to one
// without restarting.
type tenantsScreen struct {
	env     env
	list    func() ([]TenantChoice, error)
	current string
	table   table.Model
	err     error
	keys    tenantsKeys
}

type (
	tenantsListedMsg struct {
		tenants []TenantChoice
		err     error
	}
	// switchTenantMsg asks the app to switch to a tenant.
	switchTenantMsg struct{ name string }
	// tenantSwitchedMsg carries the new tenant's client and options.
	tenantSwitchedMsg struct {
		app Switched
		err error
	}
)

// Switched is what the app needs to work on another tenant.
type Switched struct {
	Client  *client.Client
	Options Options
}

func newTenantsScreen(e env, list func() ([]TenantChoice, error), current string) screen {
	s := &tenantsScreen{env: e, list: list, current: current,
		table: table.New(table.Column{Title: " ", Width: 1}, table.Column{Title: "NAME", Width: 16, Flex: true},
			table.Column{Title: "DOMAIN", Width: 30, Flex: true}, table.Column{Title: "MODE", Width: 10})}
	s.keys = newTenantsKeys(e.keys)
	return s
}

// tenantsKeys are :tenant's.
type tenantsKeys struct{ Use key.Binding }

func newTenantsKeys(k keys.Map) tenantsKeys {
	return tenantsKeys{
		Use: keys.As(k.Open, "switch to it"),
	}
}

func (s *tenantsScreen) Init() tea.Cmd {
	list := s.list
	return func() tea.Msg {
		ts, err := list()
		return tenantsListedMsg{tenants: ts, err: err}
	}
}

func (s *tenantsScreen) Title() string        { return "Tenants" }
func (s *tenantsScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *tenantsScreen) Capturing() bool      { return s.table.Capturing() }
func (s *tenantsScreen) moves() []key.Binding { return tableMoves(s.table) }

func (s *tenantsScreen) Keys() []key.Binding { return []key.Binding{s.keys.Use, s.table.FilterKey()} }

func (s *tenantsScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height)
	case tenantsListedMsg:
		s.err = msg.err
		rows := make([]table.Row, len(msg.tenants))
		for i, t := range msg.tenants {
			mark, mode := "", "read-write"
			if t.Name == s.current {
				mark = "*"
			}
			if t.ReadOnly {
				mode = "read-only"
			}
			rows[i] = table.Row{Key: t.Name, Cells: []string{mark, t.Name, t.Domain, mode}}
		}
		s.table.SetRows(rows)
		return s, nil, stay()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Use) {
			r, ok := s.table.Selected()
			if !ok || r.Key == s.current {
				return s, nil, stay()
			}
			name := r.Key
			return s, func() tea.Msg { return switchTenantMsg{name: name} }, stay()
		}
	}
	s.table.Update(msg)
	return s, nil, stay()
}

func (s *tenantsScreen) View(rc renderCtx) string {
	if s.err != nil {
		return rc.Styles.Error.Render(describe(s.err))
	}
	return s.table.View(rc.Width, rc.Styles, "No tenant in the config file: orgscope login adds one.")
}

// switchTenant opens the tenant off the UI goroutine (its secret comes
// from the keyring).
func (a App) switchTenant(name string) tea.Cmd {
	sw := a.opts.Switch
	return func() tea.Msg {
		app, err := sw(name)
		return tenantSwitchedMsg{app: app, err: err}
	}
}

// switched puts the app on another tenant: a new client and session, the
// organizations screen, the tenant's snapshot.
func (a *App) switched(sw Switched) tea.Cmd {
	for _, f := range a.stack {
		f.cancel()
	}
	opts := sw.Options
	if opts.Tenants == nil {
		opts.Tenants = a.opts.Tenants
	}
	if opts.Switch == nil {
		opts.Switch = a.opts.Switch
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = a.opts.RequestTimeout
	}
	if opts.RefreshEvery == 0 {
		opts.RefreshEvery = a.opts.RefreshEvery
	}
	opts.NoColor = a.opts.NoColor
	if opts.BulkDir == "" {
		opts.BulkDir = a.opts.BulkDir
	}
	a.client, a.opts = sw.Client, opts
	a.session, a.plansSeen = newSession(), sw.Client.PlanLog().Len()
	a.session.configure(opts)
	a.status = statusState{tenant: opts.Tenant, readOnly: sw.Client.ReadOnly()}
	a.lastRefresh, a.snapNoteFor = time.Now(), nil
	a.stack = nil
	cmd := a.push(newOrgListScreen)
	a.status.flash = "switched to " + opts.Tenant
	return tea.Batch(cmd, a.readScopes(), a.loadSnapshot())
}
