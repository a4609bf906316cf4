package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/model"
)

func newOrgsDelegationCmd(t *targetFlags) *cobra.Command {
	var app, out, snapshotFile string
	var full bool
	cmd := &cobra.Command{
		Use:   "delegation ORG",
		Short: "What an organization's own admins can do through each application's My Organization API",
		Long: "delegation says, for each application with My Organization settings (or the one --client names), what the\n" +
			"organization's admins can do through the My Organization API: the connections they can see, edit or delete\n" +
			"(the links' access levels, the deletion behaviour), the member access each gives, the connections they may\n" +
			"create and what the Connection Profile makes of them, what the application's grant allows under the API's\n" +
			"policy, and the member-management controls. It reads the tenant's snapshot (kept and refreshed as audit does)\n" +
			"or a snapshot file.",
		Example: "  orgscope orgs delegation globex --sandbox\n  orgscope orgs delegation org_123 --client 'Acme Admin Console' -o json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || args[0] == "" {
				return errors.New("name the organization: orgscope orgs delegation ORG (a name or an id)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "text" && out != "json" {
				return fmt.Errorf("-o %q is not one of text, json", out)
			}
			if err := refuseEmptyFlags(cmd, "client"); err != nil {
				return err
			}
			snap, err := loadOrCrawl(cmd, t, snapshotFile, full)
			if err != nil {
				return err
			}
			var org *model.Organization
			for i, o := range snap.Organizations {
				if o.ID == args[0] || (org == nil && o.Name == args[0]) {
					org = &snap.Organizations[i]
				}
			}
			if org == nil {
				return fmt.Errorf("no organization has the id or name %q", args[0])
			}
			var ds []model.Delegation
			for _, d := range model.DelegationsOf(snap, *org) {
				if app == "" || d.App == app || d.AppID == app {
					ds = append(ds, d)
				}
			}
			if len(ds) == 0 {
				if app != "" {
					return fmt.Errorf("no application with My Organization settings has the id or name %q", app)
				}
				return errors.New("no application has My Organization settings: org admins can do nothing through the My Organization API")
			}
			return writeDelegations(cmd.OutOrStdout(), out, ds)
		},
	}
	f := cmd.Flags()
	f.StringVar(&app, "client", "", "only this application (name or id)")
	f.StringVarP(&out, "output", "o", "text", "text or json")
	f.StringVar(&snapshotFile, "snapshot", "", "read this snapshot file (orgscope snapshot export) instead of the tenant")
	f.BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
	return cmd
}

// writeDelegations prints each delegation: the summary, then the facts.
func writeDelegations(w io.Writer, format string, ds []model.Delegation) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteString("\n")
		}
		// Upper case before the cleaning: an escape still reads \x1b.
		fmt.Fprintf(&b, "%s\n%s\n", model.CleanLine(strings.ToUpper(d.App)), model.CleanLine(d.Summary))
		for _, l := range d.Lines() {
			fmt.Fprintf(&b, "  %s\n", model.CleanLine(l))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
