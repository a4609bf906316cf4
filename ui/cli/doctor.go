package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

func newDoctorCmd(t *targetFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Connect, read the token's scopes, and say what orgscope can do on this tenant and what each missing thing needs",
		Args:  cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			scopes, err := c.Scopes(cmd.Context())
			if err != nil {
				return err
			}
			r := t.resolved
			out := cmd.OutOrStdout()
			auth := "client credentials of " + r.cfg.ClientID
			if r.cfg.Token != "" {
				auth = "a Management API token"
			}
			mode := "read-write"
			if c.ReadOnly() {
				mode = "read-only"
			}
			if name := r.name(); name != c.Domain() {
				fmt.Fprintf(out, "tenant   %s (%s)\n", name, c.Domain())
			} else {
				fmt.Fprintf(out, "tenant   %s\n", name)
			}
			fmt.Fprintf(out, "auth     %s: the token carries %s\n", auth, model.Count(len(scopes), "scope"))
			fmt.Fprintf(out, "mode     %s, by %s\n\n", mode, r.readOnlyWhy)
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "WHAT\tSTATUS")
			works, all := 0, model.Capabilities()
			for _, f := range all {
				status := "ok"
				switch {
				case !f.Works(scopes):
					status = "needs " + f.Scopes[0]
				case f.Write && c.ReadOnly():
					status = "off: read-only"
				default:
					works++
				}
				fmt.Fprintf(tw, "%s\t%s\n", f.Title, status)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "\n%d of %d work.\n", works, len(all))
			return err
		}),
	}
}
