package main

import (
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui"
)

// runTUI opens the terminal UI on the target tenant.
func runTUI(ctx context.Context, t *targetFlags) error {
	c, done, err := t.open()
	if err != nil {
		return err
	}
	defer done()
	tenant := t.resolved.name()
	if t.sandbox {
		tenant = "sandbox"
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := ui.Options{Tenant: tenant, NoColor: os.Getenv("NO_COLOR") != "", Theme: t.resolved.theme}
	if tn := t.resolved.tenant; tn != nil {
		opts.Audit = model.AuditConfig{Disabled: tn.Audit.DisabledRules, MaxLinks: tn.Audit.MaxLinks}
	}
	// The demo sandbox lives for one session: its snapshot is not kept.
	if st, ok := snapshotStore(t); ok {
		opts.Store = &st
	}
	app := ui.New(ctx, c, opts)
	_, err = tea.NewProgram(app, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
