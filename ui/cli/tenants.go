package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Where orgscope keeps its config"}
	path := &cobra.Command{
		Use:   "path",
		Short: "Print the config file's path ($XDG_CONFIG_HOME/orgscope/config.yaml, or ~/.config/orgscope/config.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := config.Path()
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), p)
			return err
		},
	}
	cmd.AddCommand(path)
	return cmd
}

func newTenantsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tenants",
		Short: "List the tenants of the config file (the current one marked)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			file, _, err := loadConfig()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(file.Tenants) == 0 {
				_, err := fmt.Fprintf(out, "No tenant in %s yet: orgscope login adds one, orgscope tenants import-auth0-cli brings auth0-cli's.\n", file.FilePath())
				return err
			}
			current := file.DefaultTenant
			if current == "" && len(file.Tenants) == 1 {
				current = file.Tenants[0].Name
			}
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  NAME\tDOMAIN\tAUTH\tMODE")
			for _, t := range file.Tenants {
				mark := " "
				if t.Name == current {
					mark = "*"
				}
				mode := "read-write"
				if t.IsReadOnly() {
					mode = "read-only"
					if t.ReadOnly == nil {
						mode += " (prod)"
					}
				}
				fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\n", mark, model.CleanLine(t.Name), model.CleanLine(t.Domain), t.AuthMethod(), mode) // from the config file
			}
			return tw.Flush()
		},
	}
	use := &cobra.Command{
		Use:   "use NAME",
		Short: "Make a tenant the default",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := config.Path()
			if err != nil {
				return err
			}
			if _, err := config.Update(path, func(f *config.File) error { return f.Use(args[0]) }); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Now using %s.\n", args[0])
			return err
		},
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Forget a tenant and its stored secret",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, secrets, err := loadConfig()
			if err != nil {
				return err
			}
			_, err = config.Update(file.FilePath(), func(f *config.File) error {
				if !f.RemoveTenant(args[0]) {
					return fmt.Errorf("there is no tenant %q: orgscope tenants lists them", args[0])
				}
				return nil
			})
			if err != nil {
				return err
			}
			if _, err := secrets.Delete(args[0]); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Removed %s and its secret.\n", args[0])
			return err
		},
	}
	var from string
	imp := &cobra.Command{
		Use:   "import-auth0-cli",
		Short: "Add auth0-cli's tenants (domains and client ids; never its tokens), leaving its config as it is",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				p, err := config.Auth0CLIPath()
				if err != nil {
					return err
				}
				from = p
			}
			found, err := config.ReadAuth0CLI(from)
			if err != nil {
				return err
			}
			if len(found) == 0 {
				return errors.New(from + " lists no tenant")
			}
			path, err := config.Path()
			if err != nil {
				return err
			}
			var added, skipped []config.Tenant
			_, err = config.Update(path, func(f *config.File) error {
				added, skipped = f.ImportAuth0CLI(found)
				return nil
			})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, t := range added {
				next := "orgscope login --tenant " + t.Name + " stores its secret"
				if t.Auth == config.AuthToken {
					next = "auth0-cli logged in as a user: orgscope login --tenant " + t.Name + " --client-id ID sets up an application"
				}
				fmt.Fprintf(out, "added    %-20s %s (%s)\n", t.Name, t.Domain, next)
			}
			for _, t := range skipped {
				fmt.Fprintf(out, "skipped  %-20s %s (already known)\n", t.Name, t.Domain)
			}
			_, err = fmt.Fprintf(out, "%d added, %d already known; %s was only read.\n", len(added), len(skipped), from)
			return err
		},
	}
	imp.Flags().StringVar(&from, "file", "", "auth0-cli's config file (default ~/.config/auth0/config.json)")
	cmd.AddCommand(use, remove, imp)
	return cmd
}
