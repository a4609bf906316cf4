package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

func newOrgsCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "orgs", Short: "List and inspect organizations and the connections enabled on them"}
	cmd.AddCommand(newOrgsListCmd(t), newOrgsShowCmd(t), newOrgConnectionsCmd(t), newOrgsDelegationCmd(t))
	return cmd
}

func newOrgsListCmd(t *targetFlags) *cobra.Command {
	var out outputFlag
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every organization (checkpoint paging: no 1,000 cap)",
		Args:  cobra.NoArgs,
		RunE: withClient(t, &out, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			tb := table{header: []string{"NAME", "DISPLAY NAME", "ID"}}
			for o, err := range c.Organizations(cmd.Context()) {
				if err != nil {
					return err
				}
				tb.rows = append(tb.rows, []string{o.Name, o.DisplayName, o.ID})
				tb.objects = append(tb.objects, o)
				if limit > 0 && len(tb.rows) == limit {
					break
				}
			}
			return out.write(cmd.OutOrStdout(), tb)
		}),
	}
	out.register(cmd)
	cmd.Flags().IntVar(&limit, "limit", 0, "stop after this many organizations (0: all)")
	return cmd
}

func newOrgsShowCmd(t *targetFlags) *cobra.Command {
	var out outputFlag
	cmd := &cobra.Command{
		Use:   "show ORG",
		Short: "Show an organization (by id or name) and its connections",
		Args:  cobra.ExactArgs(1),
		RunE: withClient(t, &out, func(cmd *cobra.Command, args []string, c *client.Client) error {
			ctx := cmd.Context()
			org, err := findOrg(ctx, c, args[0])
			if err != nil {
				return err
			}
			links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
			if err != nil {
				return err
			}
			if out.format == "json" {
				return out.write(cmd.OutOrStdout(), table{objects: []any{struct {
					model.Organization
					Connections []model.OrganizationConnection `json:"connections"`
				}{org, links}}})
			}
			w := cmd.OutOrStdout()
			if out.format == "csv" {
				return out.write(w, linksTable(links)) // a CSV reader wants one table
			}
			clean := model.CleanLine // every field is the tenant's
			fmt.Fprintf(w, "name          %s\ndisplay name  %s\nid            %s\n", clean(org.Name), clean(org.DisplayName), clean(org.ID))
			if b := org.Branding; b != nil {
				if b.LogoURL != "" {
					fmt.Fprintf(w, "logo          %s\n", clean(b.LogoURL))
				}
				if b.Colors != nil {
					fmt.Fprintf(w, "colours       primary %s, page background %s\n", clean(b.Colors.Primary), clean(b.Colors.PageBackground))
				}
			}
			for _, k := range sortedKeys(org.Metadata) {
				fmt.Fprintf(w, "metadata      %s = %s\n", clean(k), clean(org.Metadata[k]))
			}
			fmt.Fprintf(w, "\n%s:\n", model.Count(len(links), "connection"))
			return out.write(w, linksTable(links))
		}),
	}
	out.register(cmd)
	return cmd
}

func linksTable(links []model.OrganizationConnection) table {
	tb := table{header: []string{"CONNECTION", "STRATEGY", "CLASS", "ENABLED", "MEMBERSHIP", "SIGNUP", "BUTTON", "ACCESS", "MEMBERS", "ORG NAME", "ID"}}
	for _, l := range links {
		signup := "-"
		if l.IsSignupEnabled != nil {
			signup = model.YesNo(*l.IsSignupEnabled)
		}
		tb.rows = append(tb.rows, []string{l.Connection.Name, l.Connection.Strategy, string(l.Class()), model.YesNo(l.IsEnabled),
			model.YesNo(l.AssignMembershipOnLogin), signup, model.YesNo(l.ShowAsButton), model.OrDash(string(l.OrganizationAccessLevel)),
			model.OrDash(string(l.OrganizationMemberAccessLevel)), l.OrganizationConnectionName, l.ConnectionID})
		tb.objects = append(tb.objects, l)
	}
	return tb
}

func newOrgConnectionsCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "connections", Short: "The connections enabled on an organization"}
	var out outputFlag
	list := &cobra.Command{
		Use:   "list ORG",
		Short: "List an organization's connections with all their link settings",
		Args:  cobra.ExactArgs(1),
		RunE: withClient(t, &out, func(cmd *cobra.Command, args []string, c *client.Client) error {
			org, err := findOrg(cmd.Context(), c, args[0])
			if err != nil {
				return err
			}
			links, err := client.Collect(c.OrganizationConnections(cmd.Context(), org.ID))
			if err != nil {
				return err
			}
			return out.write(cmd.OutOrStdout(), linksTable(links))
		}),
	}
	out.register(list)
	cmd.AddCommand(list, newLinkChangeCmd(t, "enable"), newLinkChangeCmd(t, "update"), newLinkRemoveCmd(t))
	return cmd
}

// linkFlags are the settings flags of enable and update.
type linkFlags struct {
	linkSettingFlags
	dryRun bool
}

func (f *linkFlags) register(cmd *cobra.Command) {
	f.linkSettingFlags.register(cmd.Flags(), "the org")
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "print the request (method, path, body, curl) and send nothing")
}

func newLinkChangeCmd(t *targetFlags, verb string) *cobra.Command {
	var f linkFlags
	short := "Enable a connection (id or name) on an organization"
	if verb == "update" {
		short = "Change the settings of a connection enabled on an organization (only the flags given)"
	}
	cmd := &cobra.Command{
		Use:   verb + " ORG CONNECTION",
		Short: short,
		Args:  cobra.ExactArgs(2),
		RunE: withClient(t, nil, func(cmd *cobra.Command, args []string, c *client.Client) error {
			s, err := f.settings(cmd.Flags(), verb == "update")
			if err != nil {
				return err
			}
			if verb == "update" && s.IsZero() {
				return errors.New("say what to change with a setting flag: --membership, --signup, --button, --disabled, --access-level, --member-access or --name")
			}
			ctx := cmd.Context()
			org, conn, err := resolveOrgAndConnection(ctx, c, args[0], args[1])
			if err != nil {
				return err
			}
			var plan *client.Plan
			if verb == "enable" {
				plan, err = c.PlanEnable(org, conn, s)
			} else {
				before, lerr := c.OrganizationConnection(ctx, org.ID, conn.ID)
				if client.IsNotFound(lerr) {
					return fmt.Errorf("%s is not enabled on %s: use enable", conn.Name, org.Name)
				} else if lerr != nil {
					return lerr
				}
				plan, err = c.PlanUpdate(org, before, s)
			}
			if err != nil {
				return explainRule(err)
			}
			return runPlan(ctx, cmd.OutOrStdout(), c, plan, f.dryRun)
		}),
	}
	f.register(cmd)
	return cmd
}

func newLinkRemoveCmd(t *targetFlags) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "remove ORG CONNECTION",
		Short: "Remove a connection from an organization (the connection itself stays)",
		Args:  cobra.ExactArgs(2),
		RunE: withClient(t, nil, func(cmd *cobra.Command, args []string, c *client.Client) error {
			ctx := cmd.Context()
			org, conn, err := resolveOrgAndConnection(ctx, c, args[0], args[1])
			if err != nil {
				return err
			}
			before, err := c.OrganizationConnection(ctx, org.ID, conn.ID)
			if client.IsNotFound(err) {
				return fmt.Errorf("%s is not enabled on %s: nothing to remove", conn.Name, org.Name)
			} else if err != nil {
				return err
			}
			return runPlan(ctx, cmd.OutOrStdout(), c, c.PlanRemove(org, before), dryRun)
		}),
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the request and send nothing")
	return cmd
}

// findOrg reads an organization by id or name, with a plain sentence when
// there is none.
func findOrg(ctx context.Context, c *client.Client, arg string) (model.Organization, error) {
	org, err := c.Organization(ctx, arg)
	if client.IsNotFound(err) {
		return org, fmt.Errorf("no organization has the id or name %q", arg)
	}
	return org, err
}

func resolveOrgAndConnection(ctx context.Context, c *client.Client, orgArg, connArg string) (model.Organization, model.Connection, error) {
	org, err := findOrg(ctx, c, orgArg)
	if err != nil {
		return org, model.Connection{}, err
	}
	conn, err := c.Connection(ctx, connArg)
	if client.IsNotFound(err) {
		return org, conn, fmt.Errorf("no connection has the id or name %q", connArg)
	}
	return org, conn, err
}

// explainRule words a model rule refusal for the command line.
func explainRule(err error) error {
	if v, ok := err.(*model.Violation); ok {
		return fmt.Errorf("Auth0 would refuse this, so nothing was sent: %s", strings.TrimSuffix(v.Message, "."))
	}
	return err
}

// runPlan prints the plan, then sends it unless dryRun.
func runPlan(ctx context.Context, w io.Writer, c *client.Client, p *client.Plan, dryRun bool) error {
	fmt.Fprintf(w, "%s\n\n  %s %s\n", p.Summary, p.Method, p.Path)
	if p.Body != nil {
		fmt.Fprintf(w, "  %s\n", p.Body)
	}
	fmt.Fprintf(w, "\n%s\n", p.Curl(c.BaseURL()))
	if dryRun {
		fmt.Fprintln(w, "\n--dry-run: nothing was sent.")
		return nil
	}
	after, err := c.ExecuteLink(ctx, p)
	if err != nil {
		return err
	}
	if after == nil {
		fmt.Fprintln(w, "\ndone.")
		return nil
	}
	fmt.Fprintln(w, "\ndone:")
	return (&outputFlag{format: "table"}).write(w, linksTable([]model.OrganizationConnection{*after}))
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
