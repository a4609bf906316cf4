package cli

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

func newConnectionsCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "connections", Short: "List the tenant's connections"}
	var out outputFlag
	var strategies []string
	list := &cobra.Command{
		Use:   "list",
		Short: "List connections, with their strategy class and enabled clients",
		Args:  cobra.NoArgs,
		RunE: withClient(t, &out, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			tb := table{header: []string{"NAME", "DISPLAY NAME", "STRATEGY", "CLASS", "DOMAIN", "CLIENTS", "ID"}}
			for conn, err := range c.Connections(cmd.Context(), strategies...) {
				if err != nil {
					return err
				}
				tb.rows = append(tb.rows, []string{conn.Name, conn.DisplayName, conn.Strategy, string(conn.Class()),
					model.YesNo(conn.IsDomainConnection), strconv.Itoa(len(conn.EnabledClients)), conn.ID})
				conn.Options = model.WithoutSecrets(conn.Options) // printed: each secret as its fingerprint
				tb.objects = append(tb.objects, conn)
			}
			return out.write(cmd.OutOrStdout(), tb)
		}),
	}
	out.register(list)
	list.Flags().StringArrayVar(&strategies, "strategy", nil, "only this strategy (repeatable): auth0, okta, samlp…")
	cmd.AddCommand(list)
	return cmd
}

func newProfilesCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "profiles", Short: "List the tenant's connection profiles"}
	var out outputFlag
	list := &cobra.Command{
		Use:   "list",
		Short: "List connection profiles and what they make of a link",
		Args:  cobra.NoArgs,
		RunE: withClient(t, &out, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			tb := table{header: []string{"NAME", "BUTTON", "MEMBERSHIP", "PREFIX", "FEATURES", "OVERRIDES", "ID"}}
			for p, err := range c.ConnectionProfiles(cmd.Context()) {
				if err != nil {
					return err
				}
				btn, mem := "-", "-"
				if p.Organization != nil {
					btn, mem = model.OrDash(string(p.Organization.ShowAsButton)), model.OrDash(string(p.Organization.AssignMembershipOnLogin))
				}
				prefix := "-"
				if p.ConnectionNamePrefixTemplate != nil {
					prefix = *p.ConnectionNamePrefixTemplate
				}
				var feats, over []string
				for _, f := range p.EnabledFeatures {
					feats = append(feats, string(f))
				}
				for k := range p.StrategyOverrides {
					over = append(over, k)
				}
				sort.Strings(over)
				tb.rows = append(tb.rows, []string{p.Name, btn, mem, prefix, model.OrDash(strings.Join(feats, ",")), model.OrDash(strings.Join(over, ",")), p.ID})
				tb.objects = append(tb.objects, p)
			}
			return out.write(cmd.OutOrStdout(), tb)
		}),
	}
	out.register(list)
	cmd.AddCommand(list)
	return cmd
}

func newClientsCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "clients", Short: "List the tenant's applications"}
	var out outputFlag
	list := &cobra.Command{
		Use:   "list",
		Short: "List applications with their My Organization settings",
		Args:  cobra.NoArgs,
		RunE: withClient(t, &out, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			ctx := cmd.Context()
			profiles := map[string]string{}
			for p, err := range c.ConnectionProfiles(ctx) {
				if err != nil {
					return err
				}
				profiles[p.ID] = p.Name
			}
			tb := table{header: []string{"NAME", "TYPE", "ORGANIZATIONS", "MY ORG PROFILE", "ALLOWED STRATEGIES", "DELETION", "CLIENT ID"}}
			for cl, err := range c.Clients(ctx) {
				if err != nil {
					return err
				}
				prof, strategies, deletion := "-", "-", "-"
				if m := cl.MyOrganizationConfiguration; m != nil {
					prof = m.ProfileLabel(profiles)
					strategies, deletion = model.OrDash(strings.Join(m.AllowedStrategies, ",")), string(m.ConnectionDeletionBehavior)
				}
				tb.rows = append(tb.rows, []string{cl.Name, model.OrDash(cl.AppType), model.OrDash(cl.OrganizationUsage), prof, strategies, deletion, cl.ClientID})
				tb.objects = append(tb.objects, cl)
			}
			return out.write(cmd.OutOrStdout(), tb)
		}),
	}
	out.register(list)
	cmd.AddCommand(list)
	return cmd
}
