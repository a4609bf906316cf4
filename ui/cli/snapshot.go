package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

func newSnapshotCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "snapshot", Short: "Keep a whole tenant's snapshot up to date, write it to a file, compare two"}
	var file string
	var full bool
	export := &cobra.Command{
		Use:   "export",
		Short: "Write the tenant's snapshot, brought up to date within its rate limits, to a file (owner-only)",
		Args:  cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			if file == "" {
				return errors.New("say where to write the snapshot with -o FILE")
			}
			s, _, err := currentSnapshot(cmd, t, c, full)
			if err != nil {
				return err
			}
			b, err := model.EncodeSnapshot(s)
			if err != nil {
				return err
			}
			if err := config.WritePrivateFile(file, b); err != nil {
				return err
			}
			links := 0
			for _, ls := range s.Links {
				links += len(ls)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %s, %s, %s\n", file, model.Count(len(s.Organizations), "organization"),
				model.Count(links, "link"), model.Count(len(s.Connections), "connection"))
			return nil
		}),
	}
	export.Flags().StringVarP(&file, "output", "o", "", "the file to write")
	export.Flags().BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed")
	refresh := &cobra.Command{
		Use:   "refresh",
		Short: "Bring the tenant's kept snapshot up to date: from the tenant log, or by a crawl (which resumes an interrupted one)",
		Args:  cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			if t.sandbox {
				return errors.New("the demo sandbox lives for one command: there is no snapshot of it to keep")
			}
			s, rep, err := currentSnapshot(cmd, t, c, full)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case rep.Refreshed:
				fmt.Fprintf(out, "refreshed from the tenant log: %s, %s read again (%s of the log)\n",
					model.Count(rep.Stats.Writes, "change"), model.Count(rep.Stats.Reads, "request"), model.Count(rep.Stats.LogPages, "page"))
			case rep.Resumed > 0:
				fmt.Fprintf(out, "resumed the interrupted crawl, which had read %s\n", model.Count(rep.Resumed, "organization"))
			case rep.CrawlReason != "":
				fmt.Fprintf(out, "crawled the whole tenant: %s\n", rep.CrawlReason)
			default:
				fmt.Fprintln(out, "crawled the whole tenant")
			}
			fmt.Fprintf(out, "%s: %s, %s, %s as of %s\n", s.Tenant, model.Count(len(s.Organizations), "organization"),
				model.Count(len(s.Connections), "connection"), model.Count(len(s.Clients), "application"), s.AsOf().Local().Format("2006-01-02 15:04:05"))
			return nil
		}),
	}
	refresh.Flags().BoolVar(&full, "full", false, "crawl the whole tenant again")
	var diffOut string
	diff := &cobra.Command{
		Use:   "diff A B",
		Short: "List what changed from snapshot A to snapshot B (exit 0: the same, 1: changes)",
		Long: "diff lists what changed from snapshot A to snapshot B: organizations, links and their settings, connections,\n" +
			"profiles and the applications' My Organization settings and grants.\n\n" +
			"Exit code: 0 when they are the same, 1 when something changed, 2 when they could not be read.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if diffOut != "text" && diffOut != "json" {
				return fail(fmt.Errorf("-o %q is not text or json", diffOut))
			}
			a, err := readSnapshot(args[0])
			if err != nil {
				return fail(err)
			}
			b, err := readSnapshot(args[1])
			if err != nil {
				return fail(err)
			}
			if a.Tenant != b.Tenant {
				// Objects match by id, and ids are a tenant's own: two
				// tenants would differ in everything, or in nothing.
				return fail(fmt.Errorf("%s is a snapshot of %s and %s of %s: snapshot diff compares one tenant at two times",
					args[0], model.CleanLine(a.Tenant), args[1], model.CleanLine(b.Tenant)))
			}
			changes := model.DiffSnapshots(a, b)
			if diffOut == "json" {
				if changes == nil {
					changes = []model.Change{}
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(map[string]any{"from": a.AsOf(), "to": b.AsOf(), "tenant": b.Tenant, "changes": changes}); err != nil {
					return fail(err)
				}
			} else {
				var out strings.Builder
				for _, ch := range changes {
					fmt.Fprintf(&out, "%-18s %s: %s\n", ch.Kind, model.CleanLine(ch.Name), model.CleanLine(ch.What))
				}
				fmt.Fprintf(&out, "%s from %s to %s\n", model.Count(len(changes), "change"), logTime(a.AsOf()), logTime(b.AsOf()))
				if _, err := fmt.Fprint(cmd.OutOrStdout(), out.String()); err != nil {
					return fail(err)
				}
			}
			if len(changes) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s from %s to %s", model.Count(len(changes), "change"), args[0], args[1])}
			}
			return nil
		},
	}
	diff.Flags().StringVarP(&diffOut, "output", "o", "text", "text or json")
	usageExitsTwo(diff)
	cmd.AddCommand(export, refresh, diff)
	return cmd
}
