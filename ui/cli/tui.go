package cli

import (
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui"
)

// runTUI opens the terminal UI on the target tenant.
func runTUI(ctx context.Context, t *targetFlags, version string) error {
	c, done, err := t.open()
	if err != nil {
		return err
	}
	defer done()
	tenant := t.resolved.name()
	switch {
	case t.sandbox:
		tenant = "sandbox"
	case t.offline != nil:
		tenant = t.offline.Tenant + " (snapshot file)"
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := ui.Options{Tenant: tenant, NoColor: os.Getenv("NO_COLOR") != "", Theme: t.resolved.theme, BulkDir: bulkDir(),
		ReadOnlyWhy: t.resolved.readOnlyWhy}
	if tn := t.resolved.tenant; tn != nil {
		opts.Audit = model.AuditConfig{Disabled: tn.Audit.DisabledRules, MaxLinks: tn.Audit.MaxLinks}
		opts.PolicyFile = t.resolved.policyFile
	}
	if t.offline != nil {
		// The file is the snapshot: nothing to keep, refresh or switch.
		opts.Snapshot, opts.RefreshEvery = t.offline, -1
	} else if st, ok := snapshotStore(t); ok {
		// The demo sandbox lives for one session: its snapshot is not kept.
		opts.Store = &st
	}
	if !t.sandbox && t.offline == nil {
		opts.Tenants = func() ([]ui.TenantChoice, error) { return listTenants(t.readOnly) }
		opts.Switch = func(name string) (ui.Switched, error) { return openTenant(t, name, opts.Store) }
	}
	app := ui.New(ctx, c, opts)
	final, err := tea.NewProgram(app, tea.WithContext(ctx)).Run()
	if a, ok := final.(ui.App); ok {
		if what, value, stack, crashed := a.Crash(); crashed {
			return tuiCrashed(what, value, stack, version)
		}
	}
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		// A panic that got past the App's guards: bubbletea gave the
		// terminal back and printed its trace above.
		return &exitError{code: crashExitCode, err: errors.New("the terminal UI stopped on an internal error (its trace is above) and wrote nothing more")}
	case errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled):
		return nil
	}
	return err
}

// listTenants reads the config file's tenants for :tenant; a session
// started with --read-only opens every tenant read-only, and says so.
func listTenants(sessionReadOnly bool) ([]ui.TenantChoice, error) {
	file, _, err := loadConfig()
	if err != nil {
		return nil, err
	}
	out := make([]ui.TenantChoice, len(file.Tenants))
	for i, tn := range file.Tenants {
		out[i] = ui.TenantChoice{Name: tn.Name, Domain: tn.Domain, ReadOnly: sessionReadOnly || tn.IsReadOnly()}
	}
	return out, nil
}

// openTenant opens a tenant of the config file for :tenant: its own
// settings and stored secret, never the AUTH0_* variables (they name the
// tenant orgscope started on); --read-only and --max-rps still hold.
func openTenant(t *targetFlags, name string, store *client.Store) (ui.Switched, error) {
	file, secrets, err := loadConfig()
	if err != nil {
		return ui.Switched{}, err
	}
	tf := &targetFlags{tenant: name, readOnly: t.readOnly, maxRPS: t.maxRPS, flags: t.flags}
	r, err := tf.resolve(func(string) string { return "" }, file, secrets)
	if err != nil {
		return ui.Switched{}, err
	}
	cfg := r.cfg
	cfg.DebugHTTP = t.debugOut
	c, err := client.New(cfg)
	if err != nil {
		return ui.Switched{}, err
	}
	opts := ui.Options{Tenant: r.name(), Theme: r.theme, Store: store, ReadOnlyWhy: r.readOnlyWhy}
	if tn := r.tenant; tn != nil {
		opts.Audit = model.AuditConfig{Disabled: tn.Audit.DisabledRules, MaxLinks: tn.Audit.MaxLinks}
		opts.PolicyFile = r.policyFile
	}
	return ui.Switched{Client: c, Options: opts}, nil
}
