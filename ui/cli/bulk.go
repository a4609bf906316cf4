package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"charm.land/huh/v2"
	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// bulkFlags are the flags of bulk enable, update, disable and remove.
type bulkFlags struct {
	connection string
	orgs       []string
	orgsFile   string
	unknownTo  string // where the names that match no organization are written
	all        bool
	filter     string
	linkSettingFlags
	dryRun  bool
	yes     bool
	journal string
	out     string
}

func newBulkCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bulk",
		Short: "Change one connection's links on many organizations: plan, run within the rate limits, resume, undo",
		Long: "bulk works out what a change means for each organization (add, update with the fields that change,\n" +
			"skip when already as asked, refused with Auth0's reason), prints that plan with the requests it takes\n" +
			"and their time at the tenant's rate limit, then sends it under the rate governor. Every result is\n" +
			"journalled as it comes: bulk resume FILE finishes a batch that stopped, without repeating what it did,\n" +
			"and bulk undo FILE puts every organization it changed back as it was.",
	}
	kinds := []struct {
		kind  model.BulkKind
		short string
	}{
		{model.BulkEnable, "Enable a connection on organizations, with the given link settings"},
		{model.BulkUpdate, "Change link settings of a connection on the organizations that have it (only the flags given)"},
		{model.BulkDisable, "Switch a connection's link off (is_enabled false) on organizations, keeping it"},
		{model.BulkRemove, "Remove a connection from organizations (the connection itself stays)"},
	}
	for _, k := range kinds {
		cmd.AddCommand(newBulkChangeCmd(t, k.kind, k.short))
	}
	var dryRun, yes bool
	var out string
	resume := &cobra.Command{
		Use:   "resume FILE",
		Short: "Finish a batch that stopped (a crash, Ctrl-C), from its journal: done items are not sent again",
		Args:  cobra.ExactArgs(1),
		RunE: withBatch(t, func(cmd *cobra.Command, c *client.Client, b *client.BulkBatch) error {
			left := b.Remaining()
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s; %s left to send\n", b.Path, b.Describe(), model.Count(len(left), "request"))
			if len(left) == 0 {
				return nil
			}
			if c.ReadOnly() {
				return errReadOnlyBatch()
			}
			if err := confirm(cmd, yes, fmt.Sprintf("Send the %s left to %s?", model.Count(len(left), "request"), c.Domain())); err != nil {
				return err
			}
			return runBatch(cmd, c, b, out)
		}),
	}
	undo := &cobra.Command{
		Use:   "undo FILE",
		Short: "Put back every organization a batch changed, from its journal (itself a batch, journalled beside it)",
		Args:  cobra.ExactArgs(1),
		RunE: withBatch(t, func(cmd *cobra.Command, c *client.Client, b *client.BulkBatch) error {
			plan := b.UndoPlan()
			orgs := make([]model.Organization, len(plan.Items))
			for i, it := range plan.Items {
				orgs[i] = it.Org
			}
			links, err := linksNow(cmd, t, c, orgs)
			if err != nil {
				return err
			}
			plan = model.GuardUndo(plan, func(id string) []model.OrganizationConnection { return links[id] })
			if err := printPlan(cmd.OutOrStdout(), c, plan, out, "undo of "+b.Describe()); err != nil {
				return err
			}
			if dryRun {
				return nil
			}
			if plan.Requests() == 0 {
				return refusedErr(plan, "")
			}
			if c.ReadOnly() {
				return errReadOnlyBatch()
			}
			if err := confirm(cmd, yes, fmt.Sprintf("Send %s to %s to undo the batch?", model.Count(plan.Requests(), "request"), c.Domain())); err != nil {
				return err
			}
			ub, err := startBatch(cmd, client.UndoJournalPath(b.Path), c.Domain(), plan, b.Path)
			if err != nil {
				return err
			}
			defer ub.Close()
			if err := runBatch(cmd, c, ub, out); err != nil {
				return err
			}
			return refusedErr(plan, ub.Path)
		}),
	}
	for _, c := range []*cobra.Command{resume, undo} {
		c.Flags().BoolVar(&yes, "yes", false, "send without asking")
		c.Flags().StringVarP(&out, "output", "o", "text", "text or json")
	}
	undo.Flags().BoolVar(&dryRun, "dry-run", false, "print the undo's plan and send nothing")
	cmd.AddCommand(resume, undo)
	return cmd
}

// withBatch is the body of a command on a batch's journal (its one
// argument): it connects, opens the journal and closes both after.
func withBatch(t *targetFlags, body func(cmd *cobra.Command, c *client.Client, b *client.BulkBatch) error) func(*cobra.Command, []string) error {
	return withClient(t, nil, func(cmd *cobra.Command, args []string, c *client.Client) error {
		b, err := client.OpenBulk(journalPath(args[0]))
		if err != nil {
			return err
		}
		defer b.Close()
		if err := c.OwnBatch(b); err != nil {
			return err
		}
		return body(cmd, c, b)
	})
}

// journalPath finds the journal FILE names: a path, or the bare name of a
// journal in the state directory's bulk folder, which is how the TUI's
// bulk screen names it when the whole path does not fit.
func journalPath(arg string) string {
	if _, err := os.Stat(arg); err == nil || strings.ContainsRune(arg, os.PathSeparator) {
		return arg
	}
	if dir := bulkDir(); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, arg)); err == nil {
			return filepath.Join(dir, arg)
		}
	}
	return arg
}

func newBulkChangeCmd(t *targetFlags, kind model.BulkKind, short string) *cobra.Command {
	f := &bulkFlags{}
	cmd := &cobra.Command{
		Use:   string(kind) + " --connection NAME (--org ORG... | --orgs-file FILE | --all | --filter TEXT)",
		Short: short,
		Example: "  orgscope bulk enable --connection Username-Password-Authentication --filter acme --membership --dry-run\n" +
			"  orgscope bulk update --connection okta --all --button=false --yes",
		Args: cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			if f.out != "text" && f.out != "json" {
				return fmt.Errorf("-o %q is not text or json", f.out)
			}
			if err := journalFlag(f.journal); err != nil {
				return err
			}
			action, err := f.action(cmd, kind)
			if err != nil {
				return err
			}
			conns, orgs, links, err := f.tenantPart(cmd, t, c)
			if err != nil {
				return err
			}
			conn, ok := findConnection(conns, f.connection)
			if !ok {
				return fmt.Errorf("there is no connection %q: orgscope connections list shows them", f.connection)
			}
			action.Connection = conn
			plan := model.PlanBulk(action, orgs, func(id string) []model.OrganizationConnection { return links[id] })
			if err := printPlan(cmd.OutOrStdout(), c, plan, f.out, action.Describe()); err != nil {
				return err
			}
			if f.dryRun {
				return nil
			}
			if plan.Requests() == 0 {
				return refusedErr(plan, "")
			}
			if c.ReadOnly() {
				return errors.New("read-only: changes are off for this tenant (the plan above is all; --read-only=false to make them)")
			}
			if err := confirm(cmd, f.yes, fmt.Sprintf("Send %s to %s?", model.Count(plan.Requests(), "request"), c.Domain())); err != nil {
				return err
			}
			path := f.journal
			if path == "" {
				if path, err = defaultJournal(c.Domain()); err != nil {
					return err
				}
			}
			b, err := startBatch(cmd, path, c.Domain(), plan, "")
			if err != nil {
				return err
			}
			defer b.Close()
			if err := runBatch(cmd, c, b, f.out); err != nil {
				return err
			}
			return refusedErr(plan, b.Path)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.connection, "connection", "", "the connection, by name or id")
	fl.StringArrayVar(&f.orgs, "org", nil, "an organization, by name or id (repeatable)")
	fl.StringVar(&f.orgsFile, "orgs-file", "", "a file of organization names or ids, one a line (# comments)")
	fl.StringVar(&f.unknownTo, "unknown-to", "", "when names match no organization, write them all to this file (the error lists the first ten)")
	fl.BoolVar(&f.all, "all", false, "every organization")
	fl.StringVar(&f.filter, "filter", "", "the organizations whose name or display name contains this")
	if kind == model.BulkEnable || kind == model.BulkUpdate {
		f.linkSettingFlags.register(fl, "each org")
	}
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and send nothing")
	fl.BoolVar(&f.yes, "yes", false, "send without asking")
	fl.StringVar(&f.journal, "journal", "", "journal the batch in this file (default: the state directory)")
	fl.StringVarP(&f.out, "output", "o", "text", "text or json")
	return cmd
}

// action reads the settings flags: only those given are set.
func (f *bulkFlags) action(cmd *cobra.Command, kind model.BulkKind) (model.BulkAction, error) {
	a := model.BulkAction{Kind: kind}
	if f.connection == "" {
		return a, errors.New("say which connection with --connection NAME")
	}
	settings, err := f.settings(cmd.Flags(), kind == model.BulkUpdate)
	if err != nil {
		return a, err
	}
	a.Settings = settings
	if kind == model.BulkUpdate && a.Settings.IsZero() {
		return a, errors.New("say what to change: --membership, --signup, --button, --disabled, --access-level or --name")
	}
	return a, nil
}

// readLinks reads some organizations' links, one request each, with
// progress on a terminal.
func readLinks(cmd *cobra.Command, c *client.Client, orgs []model.Organization) (map[string][]model.OrganizationConnection, error) {
	progress, done := progressOn(cmd.ErrOrStderr())
	defer done()
	return c.LinksOf(cmd.Context(), orgs, progress)
}

// linksNow are some organizations' links as they are now: from the
// tenant's kept snapshot, refreshed from the tenant log, when there is
// one; else read one by one.
func linksNow(cmd *cobra.Command, t *targetFlags, c *client.Client, orgs []model.Organization) (map[string][]model.OrganizationConnection, error) {
	if store, ok := snapshotStore(t); ok {
		kept, err := store.Load(c.Domain())
		if err != nil {
			return nil, err
		}
		if kept != nil {
			snap, _, err := currentSnapshot(cmd, t, c, false)
			if err != nil {
				return nil, err
			}
			return snap.Links, nil
		}
	}
	return readLinks(cmd, c, orgs)
}

// tenantPart reads what the plan needs: the connections, the chosen
// organizations and their links. The tenant's kept snapshot serves when
// there is one (refreshed from the tenant log first); without one, the
// chosen organizations' links are read, one request each, rather than the
// whole tenant.
func (f *bulkFlags) tenantPart(cmd *cobra.Command, t *targetFlags, c *client.Client) ([]model.Connection, []model.Organization, map[string][]model.OrganizationConnection, error) {
	if err := f.checkSelection(); err != nil {
		return nil, nil, nil, err
	}
	ctx := cmd.Context()
	if store, ok := snapshotStore(t); ok {
		kept, err := store.Load(c.Domain())
		if err != nil {
			return nil, nil, nil, err
		}
		if kept != nil {
			snap, _, err := currentSnapshot(cmd, t, c, false)
			if err != nil {
				return nil, nil, nil, err
			}
			orgs, err := f.selectOrgs(snap.Organizations)
			return snap.Connections, orgs, snap.Links, err
		}
	}
	conns, err := client.Collect(c.Connections(ctx))
	if err != nil {
		return nil, nil, nil, err
	}
	var orgs []model.Organization
	if f.all || f.filter != "" {
		all, err := client.Collect(c.Organizations(ctx))
		if err != nil {
			return nil, nil, nil, err
		}
		if orgs, err = f.selectOrgs(all); err != nil {
			return nil, nil, nil, err
		}
	} else {
		names, err := f.names()
		if err != nil {
			return nil, nil, nil, err
		}
		var unknown []string
		seen := map[string]bool{}
		for _, n := range names {
			o, err := c.Organization(ctx, n)
			switch {
			case client.IsNotFound(err):
				unknown = append(unknown, n)
			case err != nil:
				return nil, nil, nil, err
			case !seen[o.ID]:
				seen[o.ID] = true
				orgs = append(orgs, o)
			}
		}
		if len(unknown) > 0 {
			return nil, nil, nil, f.unknownError(unknown)
		}
	}
	links, err := readLinks(cmd, c, orgs)
	return conns, orgs, links, err
}

// checkSelection wants exactly one of --org, --orgs-file, --all and
// --filter.
func (f *bulkFlags) checkSelection() error {
	modes := 0
	for _, on := range []bool{len(f.orgs) > 0, f.orgsFile != "", f.all, f.filter != ""} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		return errors.New("choose the organizations with one of --org ORG (repeatable), --orgs-file FILE, --all or --filter TEXT")
	}
	return nil
}

// names are the organizations --org or --orgs-file name.
func (f *bulkFlags) names() ([]string, error) {
	if f.orgsFile != "" {
		return readOrgsFile(f.orgsFile)
	}
	return f.orgs, nil
}

// selectOrgs picks the chosen organizations from a tenant's.
func (f *bulkFlags) selectOrgs(all []model.Organization) ([]model.Organization, error) {
	switch {
	case f.all:
		return all, nil
	case f.filter != "":
		want := strings.ToLower(f.filter)
		var out []model.Organization
		for _, o := range all {
			if strings.Contains(strings.ToLower(o.Name), want) || strings.Contains(strings.ToLower(o.DisplayName), want) {
				out = append(out, o)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no organization's name contains %q", f.filter)
		}
		return out, nil
	}
	names, err := f.names()
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]model.Organization, 2*len(all))
	for _, o := range all {
		byKey[o.ID], byKey[o.Name] = o, o
	}
	var out []model.Organization
	var unknown []string
	seen := map[string]bool{}
	for _, n := range names {
		o, ok := byKey[n]
		switch {
		case !ok:
			unknown = append(unknown, n)
		case !seen[o.ID]:
			seen[o.ID] = true
			out = append(out, o)
		}
	}
	if len(unknown) > 0 {
		// Never a silent skip: a name that does not resolve is an error.
		return nil, f.unknownError(unknown)
	}
	return out, nil
}

// unknownShown is how many of the names that match no organization the
// error lists: a file of 10,000 wrong names must not print one 130 KB line.
const unknownShown = 10

// unknownError says which names match no organization: how many, the
// first ten, and where the rest are (--unknown-to writes them all).
func (f *bulkFlags) unknownError(unknown []string) error {
	shown := quoteAll(unknown[:min(len(unknown), unknownShown)])
	list := strings.Join(shown, ", ")
	if len(unknown) == 1 {
		return fmt.Errorf("no organization is named %s: nothing was planned", list)
	}
	msg := fmt.Sprintf("%d names match no organization", len(unknown))
	if len(unknown) > unknownShown {
		msg += fmt.Sprintf(" (the first %d: %s, …)", unknownShown, list)
	} else {
		msg += ": " + list
	}
	switch {
	case f.unknownTo != "":
		if err := config.WritePrivateFile(f.unknownTo, []byte(strings.Join(unknown, "\n")+"\n")); err != nil {
			return err
		}
		msg += "; all of them are in " + f.unknownTo
	case len(unknown) > unknownShown:
		msg += "; --unknown-to FILE writes them all"
	}
	return errors.New(msg + ": nothing was planned")
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

func readOrgsFile(path string) ([]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the organizations file: %w", err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		// A byte order mark (files saved by Windows tools) is no part of a name.
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read the organizations file: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s names no organization", path)
	}
	return out, nil
}

func findConnection(conns []model.Connection, key string) (model.Connection, bool) {
	i := slices.IndexFunc(conns, func(c model.Connection) bool { return c.ID == key || c.Name == key })
	if i < 0 {
		return model.Connection{}, false
	}
	return conns[i], true
}

// journalFlag refuses a --journal path before any planning: one with a
// control character would print as something else (client.StartBulk
// refuses it too, later).
func journalFlag(path string) error {
	if model.CleanLine(path) != path {
		return fmt.Errorf("--journal %s holds a control character: give another path", model.CleanLine(path))
	}
	return nil
}

// startBatch journals a new batch. One journalled outside the state's
// bulk folder (--journal) is remembered there: :batches and drift find it.
func startBatch(cmd *cobra.Command, path, tenant string, plan model.BulkPlan, undoOf string) (*client.BulkBatch, error) {
	b, err := client.StartBulk(path, tenant, plan, undoOf)
	if err != nil {
		return nil, err
	}
	if dir := bulkDir(); dir != "" {
		if err := client.RememberJournal(dir, path); err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: %v: :batches and drift will not know this journal\n", err)
		}
	}
	return b, nil
}

// defaultJournal is a new journal file in the state directory.
func defaultJournal(tenant string) (string, error) {
	dir := bulkDir()
	if dir == "" {
		return "", errors.New("there is no state directory to journal the batch in: give one with --journal FILE")
	}
	return filepath.Join(dir, client.JournalName(tenant)), nil
}

// printPlan writes the plan: a line per organization, then the totals,
// the requests and their time at the rate limit.
func printPlan(w io.Writer, c *client.Client, plan model.BulkPlan, format, title string) error {
	n := plan.Requests()
	burst, rate, known := c.LinkWriteBudget()
	est := model.BulkDuration(n, burst, rate)
	if format == "json" {
		return json.NewEncoder(w).Encode(map[string]any{"action": title, "plan": plan.Items, "requests": n,
			"estimate_seconds": est.Seconds()})
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", title)
	for _, it := range plan.Items {
		detail := it.Reason
		if it.Outcome == model.OutcomeUpdate {
			detail = strings.Join(it.Changes(), " ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", it.Outcome, model.CleanLine(plan.Action.ItemName(it)), model.CleanLine(detail))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	limit := "Enterprise's 150 a minute"
	switch {
	case c.RateCap() > 0 && c.RateCap() == rate:
		limit = fmt.Sprintf("--max-rps's %.3g a second", rate)
	case known:
		limit = fmt.Sprintf("the tenant's %.3g a second", rate)
	}
	cost := "nothing to send"
	switch {
	case n > 0 && est < time.Second:
		cost = model.Count(n, "request") + ", under a second at " + limit
	case n > 0:
		cost = model.Count(n, "request") + ", at least " + est.Round(time.Second).String() + " at " + limit
	}
	_, err := fmt.Fprintf(w, "%d add, %d update, %d remove, %d skip, %d refused: %s.\n",
		plan.Count(model.OutcomeAdd), plan.Count(model.OutcomeUpdate), plan.Count(model.OutcomeRemove),
		plan.Count(model.OutcomeSkip), plan.Count(model.OutcomeRefused), cost)
	return err
}

// refusedErr fails a command whose plan left organizations refused: they
// are not as asked, and a script must not take the batch for done. journal
// is the batch that sent the rest ("" when nothing was sent).
func refusedErr(plan model.BulkPlan, journal string) error {
	n := plan.Count(model.OutcomeRefused)
	if n == 0 {
		return nil
	}
	what := model.Count(n, "organization") + " refused (listed above, with Auth0's reason)"
	if plan.Action.Kind == model.BulkPolicy { // refused by Auth0's rules, or by policies that disagree
		what = model.Count(n, "item") + " refused (listed above, with the reason)"
	}
	if journal == "" {
		return &exitError{code: 1, err: errors.New(what + ", and nothing else to send")}
	}
	return &exitError{code: 1, err: errors.New(what + ": the others are done")}
}

// confirm asks before sending, or needs --yes where there is no terminal.
func confirm(cmd *cobra.Command, yes bool, question string) error {
	if yes {
		return nil
	}
	if !isTerminal(cmd.InOrStdin()) || !isTerminal(cmd.OutOrStdout()) {
		return errors.New("nothing was sent: add --yes to send it (there is no terminal to ask on)")
	}
	ok := false
	if err := huh.NewConfirm().Title(question).Value(&ok).Run(); err != nil || !ok {
		return errors.New("nothing was sent")
	}
	return nil
}

// errReadOnlyBatch refuses a batch on a read-only tenant, before a request.
func errReadOnlyBatch() error {
	return errors.New("read-only: changes are off for this tenant, so nothing was sent (--read-only=false to send it)")
}

// runBatch sends a batch, printing each result as it comes, and says how
// to finish it when it stops early or leaves failures.
func runBatch(cmd *cobra.Command, c *client.Client, b *client.BulkBatch, format string) error {
	if c.ReadOnly() {
		return errReadOnlyBatch()
	}
	stderr := cmd.ErrOrStderr()
	fmt.Fprintf(stderr, "journal %s (orgscope bulk resume %s finishes it if this stops)\n", b.Path, b.Path)
	total := len(b.Remaining())
	n := 0
	out := cmd.OutOrStdout()
	err := c.RunBulk(cmd.Context(), b, nil, func(r client.BulkResult) {
		n++
		if format == "json" {
			line := map[string]any{"organization": r.Item.Org.Name, "id": r.Item.Org.ID, "outcome": r.Item.Outcome, "ok": r.Err == nil}
			if b.Action.Kind == model.BulkPolicy {
				line["connection"] = b.Action.ConnectionOf(r.Item).Name
			}
			if r.Err != nil {
				line["error"] = r.Err.Error()
			}
			_ = json.NewEncoder(out).Encode(line)
			return
		}
		mark := "✓"
		if r.Err != nil {
			mark = "✗"
		}
		fmt.Fprintf(out, "[%d/%d] %s %s %s", n, total, mark, r.Item.Outcome, model.CleanLine(b.Action.ItemName(r.Item)))
		if r.Err != nil {
			fmt.Fprintf(out, ": %v", r.Err)
		}
		fmt.Fprintln(out)
	})
	done, failed := b.Counts()
	switch {
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("stopped after %d of %d: orgscope bulk resume %s finishes it", n, total, b.Path)
	case err != nil:
		return err
	case failed > 0:
		return &exitError{code: 1, err: fmt.Errorf("%d done, %d failed (listed above): orgscope bulk resume %s tries them again", done, failed, b.Path)}
	}
	_, err = fmt.Fprintf(stderr, "%s done; orgscope bulk undo %s puts them back\n", model.Count(done, "change"), b.Path)
	return err
}
