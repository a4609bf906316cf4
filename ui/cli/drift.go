package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

func newDriftCmd(t *targetFlags) *cobra.Command {
	var snapshotFile, out string
	var since time.Duration
	var accept bool
	cmd := &cobra.Command{
		Use:   "drift",
		Short: "What changed on the tenant since drift's baseline (or a snapshot file), and who changed it",
		Long: "drift compares the tenant with its baseline (or --snapshot FILE, exported with its place in the tenant log)\n" +
			"and names who made each change, from the tenant log: the application (name and id) or the user, its IP, when,\n" +
			"and whether it was orgscope (its own application; the bulk batch, when one made it). It reads the log pages\n" +
			"since the snapshot and the objects they name, no more. When the log cannot vouch for the snapshot (no\n" +
			"read:logs, or older than the log keeps), the tenant is crawled and the changes are listed without who.\n" +
			"The baseline is drift's own, kept apart from the snapshot audits and refreshes move forward: the first drift\n" +
			"takes it, --accept moves it to the tenant as it is now, after listing the changes.\n\n" +
			"Exit code: 0 when nothing changed, 1 when something did, 2 when drift could not run.",
		Example: "  orgscope drift --tenant prod          # the first time: takes the baseline\n" +
			"  orgscope drift --tenant prod --accept # lists the changes, then moves the baseline\n" +
			"  orgscope drift --snapshot last-release.json -o json\n  orgscope drift --since 24h",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if out != "text" && out != "json" {
				return fail(fmt.Errorf("-o %q is not text or json", out))
			}
			c, closeAll, err := t.open()
			if err != nil {
				return fail(err)
			}
			defer closeAll()
			if since < 0 {
				return fail(fmt.Errorf("--since %s is in the future: give a while back, such as 24h", since))
			}
			// --accept moves drift's own baseline past every change: it
			// takes neither a file nor a window, which would accept
			// changes it never listed.
			switch {
			case accept && snapshotFile != "":
				return fail(errors.New("--accept moves drift's own baseline, not a --snapshot file: give one or the other"))
			case accept && since > 0:
				return fail(errors.New("--accept would accept the changes --since leaves out, unlisted: give it without --since"))
			}
			base, taken, err := driftBase(cmd, t, c, snapshotFile)
			if err != nil {
				return fail(err)
			}
			if base.Tenant != c.Domain() {
				return fail(fmt.Errorf("%s is a snapshot of %s, not %s: give --tenant for it, or a snapshot of this tenant",
					model.CleanLine(snapshotFile), model.CleanLine(base.Tenant), model.CleanLine(c.Domain())))
			}
			if taken {
				if out == "json" {
					return writeDrift(cmd, out, base, base, nil, true)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "drift's baseline of %s is taken now (%s): the next drift lists the changes made since.\n",
					model.CleanLine(c.Domain()), logTime(base.AsOf()))
				return nil
			}
			progress, done := progressOn(cmd.ErrOrStderr())
			now, stats, err := c.Refresh(cmd.Context(), base, progress)
			done()
			var events []model.LogEvent
			var crawl *client.NeedsFullCrawl
			switch {
			case errors.As(err, &crawl):
				note := ""
				if since > 0 {
					note = "; without times, --since leaves none out"
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: the tenant log cannot say who changed what (%s): crawling the tenant to list the changes%s\n", crawl.Reason, note)
				if now, err = c.Crawl(cmd.Context(), nil); err != nil {
					return fail(err)
				}
			case err != nil:
				return fail(err)
			default:
				events = stats.Logged
			}
			names := map[string]string{}
			for _, cl := range now.Clients {
				names[cl.ClientID] = cl.Name
			}
			own, _ := c.Caller()
			drift := model.Attribute(model.DiffSnapshots(base, now), events, names, own, batchOf(cmd.ErrOrStderr(), c.Domain(), now))
			if since > 0 {
				// A change the log does not place in time is kept: it may
				// be in the window, and leaving it out would hide it.
				cut := time.Now().UTC().Add(-since).Format("2006-01-02T15:04:05.000Z")
				kept := drift[:0]
				for _, d := range drift {
					if d.By == nil || d.By.At >= cut {
						kept = append(kept, d)
					}
				}
				drift = kept
			}
			if err := writeDrift(cmd, out, base, now, drift, false); err != nil {
				return fail(err)
			}
			if accept && snapshotFile == "" {
				store, _ := driftStore()
				if err := store.Save(now); err != nil {
					return fail(err)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: drift's baseline is now %s\n", logTime(now.AsOf()))
			}
			if len(drift) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s since %s", model.Count(len(drift), "change"), logTime(base.AsOf()))}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&snapshotFile, "snapshot", "", "compare with this snapshot file (orgscope snapshot export) instead of the kept one")
	f.DurationVar(&since, "since", 0, "only the changes made in this last while (24h, 30m), of those since the snapshot")
	f.StringVarP(&out, "output", "o", "text", "text or json")
	f.BoolVar(&accept, "accept", false, "after listing them, take the tenant as it is now as drift's baseline")
	return usageExitsTwo(cmd)
}

// driftStore keeps drift's own baseline, apart from the kept snapshot
// that every audit and refresh moves forward.
func driftStore() (client.Store, bool) {
	dir, err := config.StateDir()
	if err != nil {
		return client.Store{}, false
	}
	return client.Store{Dir: filepath.Join(dir, "drift"),
		Remedy: "moved away, the next drift takes a new baseline, and the changes made since this one are not listed"}, true
}

// driftBase is the snapshot drift compares with: the file, or drift's
// baseline. The first drift of a tenant takes the baseline (taken):
// the kept snapshot, brought up to date.
func driftBase(cmd *cobra.Command, t *targetFlags, c *client.Client, file string) (base *model.Snapshot, taken bool, err error) {
	if file != "" {
		s, err := readSnapshot(file)
		return s, false, err
	}
	store, ok := driftStore()
	if _, kept := snapshotStore(t); !ok || !kept {
		return nil, false, errors.New("there is no state directory to keep drift's baseline in here: give one with --snapshot FILE")
	}
	if base, err = store.Load(c.Domain()); err != nil || base != nil {
		return base, false, err
	}
	if base, _, err = currentSnapshot(cmd, t, c, false); err != nil {
		return nil, false, err
	}
	return base, true, store.Save(base)
}

// batchOf finds the bulk batch, among the tenant's journals (the state's
// bulk folder and those remembered elsewhere), that made a link's change:
// the newest with a done item of that organization and connection that
// made the link as it is now, by the event's kind of request, the event
// of that kind nearest to when the item was done. (The tenant's clock
// and this machine's may disagree a little: the nearest event is the
// batch's, whatever the difference.)
func batchOf(stderr io.Writer, tenant string, now *model.Snapshot) func(model.Change, model.LogEvent, []model.LogEvent) string {
	dir := bulkDir()
	type made struct {
		b  *client.BulkBatch
		it model.BulkItem
	}
	byLink := map[string][]made{} // done items by link id, newest batch first
	if dir != "" {
		batches, _, err := client.Journals(dir) // a journal that cannot be read names nothing
		if err != nil {
			fmt.Fprintf(stderr, "orgscope: %v: no batch is named\n", err)
		}
		for _, b := range batches {
			if b.Tenant != tenant {
				continue
			}
			for _, it := range b.Items {
				if b.Done[b.Action.Key(it)] {
					id := it.Org.ID + "/" + it.ConnectionID()
					byLink[id] = append(byLink[id], made{b, it})
				}
			}
		}
	}
	return func(ch model.Change, ev model.LogEvent, evs []model.LogEvent) string {
		if ch.Kind != model.KindLink {
			return ""
		}
		link := now.LinkNow(ch.ID)
		for _, m := range byLink[ch.ID] {
			at, ok := m.b.DoneAt[m.b.Action.Key(m.it)]
			if !ok {
				at = m.b.Created
			}
			if m.it.Made(link, ev, evs, at) {
				return journalArg(dir, m.b.Path)
			}
		}
		return ""
	}
}

// journalArg is how bulk resume and bulk undo take a journal: its name
// alone in the bulk folder dir, its path elsewhere.
func journalArg(dir, path string) string {
	if filepath.Dir(path) == filepath.Clean(dir) {
		return filepath.Base(path)
	}
	return path
}

// logTime writes a time as the tenant log does (UTC), so that "since"
// and each change's "at" compare at a glance.
func logTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// writeDrift writes the changes; taken: the baseline was taken just now
// (the first drift), which JSON says as baseline_taken.
func writeDrift(cmd *cobra.Command, format string, base, now *model.Snapshot, drift []model.Drifted, taken bool) error {
	w := cmd.OutOrStdout()
	if format == "json" {
		if drift == nil {
			drift = []model.Drifted{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		doc := map[string]any{"tenant": now.Tenant, "from": base.AsOf(), "to": now.AsOf(), "changes": drift}
		if taken {
			doc["baseline_taken"] = true
		}
		return enc.Encode(doc)
	}
	var b strings.Builder
	for _, d := range drift {
		fmt.Fprintf(&b, "%-18s %s: %s\n", d.Kind, model.CleanLine(d.Name), model.CleanLine(d.What))
		who := "who: the tenant log does not say"
		if d.By != nil {
			who = "by " + d.By.Says()
		}
		fmt.Fprintf(&b, "%-18s %s\n", "", model.CleanLine(who))
		for _, a := range d.Also {
			fmt.Fprintf(&b, "%-18s %s\n", "", model.CleanLine("also by "+a.Says()))
		}
	}
	fmt.Fprintf(&b, "%s on %s since %s\n", model.Count(len(drift), "change"), model.CleanLine(now.Tenant), logTime(base.AsOf()))
	_, err := fmt.Fprint(w, b.String())
	return err
}
