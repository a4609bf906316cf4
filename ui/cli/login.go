package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// loginInput is what login asks for.
type loginInput struct {
	name, domain, clientID, secret string
	// token is a Management API token, stored instead of a client secret
	// (the tenant's auth is then "token").
	token string
}

func newLoginCmd(t *targetFlags) *cobra.Command {
	var useFile, noInput bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Add a tenant: prove its credentials (a token, then one organization read) and keep the secret in the OS keyring",
		Long: "login asks for a tenant's domain, the client id of a machine-to-machine application and its secret,\n" +
			"proves them by getting a token and reading one organization, then stores the secret in the OS keyring\n" +
			"and the tenant (never the secret) in the config file.\n\n" +
			"Where there is no keyring (headless Linux, CI), it says so and offers a secrets file readable only by you;\n" +
			"--secrets-file chooses that file without asking. Without a terminal, give --domain, --client-id and\n" +
			"AUTH0_CLIENT_SECRET (or --client-secret). With --token or AUTH0_API_TOKEN, the token is stored instead\n" +
			"(the tenant's auth becomes token; log in again when it expires).",
		Example: "  orgscope login --tenant dev\n  AUTH0_CLIENT_SECRET=… orgscope login --tenant ci --domain acme-ci.eu.auth0.com --client-id ID --no-input --secrets-file",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if t.sandbox {
				return errors.New("the demo sandbox needs no login: drop --sandbox")
			}
			file, secrets, err := loadConfig()
			if err != nil {
				return err
			}
			in := loginInput{name: t.tenant}
			known, exists := file.Tenant(t.tenant)
			if exists {
				in.domain, in.clientID = known.Domain, known.ClientID
			}
			pick := func(cur *string, flag, env string) {
				if flag != "" {
					*cur = flag
				} else if v := os.Getenv(env); v != "" && *cur == "" {
					*cur = v
				}
			}
			pick(&in.domain, t.domain, "AUTH0_DOMAIN")
			pick(&in.clientID, t.clientID, "AUTH0_CLIENT_ID")
			pick(&in.secret, t.clientSecret, "AUTH0_CLIENT_SECRET")
			pick(&in.token, t.token, "AUTH0_API_TOKEN")
			interactive := !noInput && isTerminal(cmd.InOrStdin()) && isTerminal(cmd.OutOrStdout())
			if in.token != "" {
				interactive = false // nothing to ask: the token is the credential
				in.clientID, in.secret = "", ""
			}
			if interactive {
				if err := askLogin(&in); err != nil {
					return err
				}
			}
			if in.name == "" && in.domain != "" {
				in.name, _, _ = strings.Cut(in.domain, ".")
			}
			needs := []struct{ v, what string }{{in.domain, "--domain"}, {in.clientID, "--client-id"}, {in.secret, "AUTH0_CLIENT_SECRET"}}
			if in.token != "" {
				needs = needs[:1]
			}
			var missing []string
			for _, f := range needs {
				if f.v == "" {
					missing = append(missing, f.what)
				}
			}
			if len(missing) > 0 {
				return fmt.Errorf("login needs %s (no terminal to ask on)", strings.Join(missing, ", "))
			}
			if err := config.CheckTenantName(in.name); err != nil {
				return err
			}
			if other, ok := file.TenantForDomain(in.domain); ok && other.Name != in.name {
				return fmt.Errorf("%s is already tenant %s: orgscope login --tenant %s logs in to it again", in.domain, other.Name, other.Name)
			}

			// Prove the credentials before anything is stored.
			c, err := client.New(client.Config{Domain: in.domain, ClientID: in.clientID, ClientSecret: in.secret, Token: in.token})
			if err != nil {
				return err
			}
			scopes, err := c.Scopes(cmd.Context())
			if err != nil {
				return fmt.Errorf("the credentials got no token, so nothing was stored: %w", err)
			}
			if _, _, err := c.OrganizationsPage(cmd.Context(), ""); err != nil {
				return fmt.Errorf("the token could not read an organization, so nothing was stored: %w", err)
			}

			where, err := storeSecret(cmd, secrets, in, useFile, interactive)
			if err != nil {
				return err
			}
			tn := known
			tn.Name, tn.Domain, tn.ClientID, tn.Auth = in.name, c.Domain(), in.clientID, ""
			if in.token != "" {
				tn.Auth = config.AuthToken // tokens expire: log in again with a new one
			}
			file, err = config.Update(file.FilePath(), func(f *config.File) error {
				if err := f.PutTenant(tn); err != nil {
					return err
				}
				if f.DefaultTenant == "" {
					f.DefaultTenant = tn.Name
				}
				return nil
			})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Logged in to %s (%s): the token carries %s; the secret is in %s.\n", tn.Name, tn.Domain, model.Count(len(scopes), "scope"), where)
			if tn.IsReadOnly() {
				fmt.Fprintf(out, "%s is read-only (its name or domain says production): set read_only: false in %s to make changes.\n", tn.Name, file.FilePath())
			}
			_, err = fmt.Fprintln(out, "orgscope doctor says what it can do there.")
			return err
		},
	}
	cmd.Flags().BoolVar(&useFile, "secrets-file", false, "keep the secret in orgscope's secrets file (mode 0600) instead of the OS keyring")
	cmd.Flags().BoolVar(&noInput, "no-input", false, "never ask: take everything from flags and AUTH0_* variables")
	return cmd
}

// askLogin fills in with a form.
func askLogin(in *loginInput) error {
	required := func(what string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(what + " is needed")
			}
			return nil
		}
	}
	form := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("Tenant name").Description("what orgscope calls it: dev, staging, prod…").Value(&in.name).
			Validate(func(s string) error {
				if s == "" {
					return nil // the domain's first label
				}
				return config.CheckTenantName(s)
			}),
		huh.NewInput().Title("Domain").Placeholder("acme.eu.auth0.com").Value(&in.domain).Validate(required("the domain")),
		huh.NewInput().Title("Client id").Description("of a machine-to-machine application granted the Management API").
			Value(&in.clientID).Validate(required("the client id")),
		huh.NewInput().Title("Client secret").EchoMode(huh.EchoModePassword).Value(&in.secret).Validate(required("the secret")),
	))
	if err := form.Run(); err != nil {
		if errors.Is(err, huh.ErrUserAborted) {
			return errors.New("login stopped: nothing was stored")
		}
		return err
	}
	return nil
}

// storeSecret keeps the secret in the OS keyring, or in the secrets file
// when asked to or when there is no keyring (after saying so). It returns
// where it went.
func storeSecret(cmd *cobra.Command, secrets config.Secrets, in loginInput, useFile, interactive bool) (string, error) {
	secret := in.secret
	if in.token != "" {
		secret = in.token
	}
	if !useFile {
		ok, why := config.KeyringAvailable()
		if ok {
			err := secrets.SetKeyring(in.name, secret)
			if err == nil {
				return "the OS keyring", nil
			}
			why = err
		}
		msg := fmt.Sprintf("there is no OS keyring here (%v)", why)
		if !interactive {
			return "", fmt.Errorf("%s, so nothing was stored: --secrets-file keeps the secret in %s, readable only by you (or set AUTH0_CLIENT_SECRET each time)", msg, secrets.File)
		}
		agree := false
		err := huh.NewConfirm().Title("No OS keyring").
			Description(msg + ".\nKeep the secret in " + secrets.File + ", readable only by you?").
			Value(&agree).Run()
		if err != nil || !agree {
			return "", errors.New("nothing was stored: set AUTH0_CLIENT_SECRET each time instead")
		}
	}
	if err := secrets.SetFile(in.name, secret); err != nil {
		return "", err
	}
	return secrets.File + " (mode 0600)", nil
}

func newLogoutCmd(t *targetFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove a tenant's stored secret (from the keyring and the secrets file); the tenant stays in the config",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			file, secrets, err := loadConfig()
			if err != nil {
				return err
			}
			name := t.tenant
			if name == "" {
				name = file.DefaultTenant
			}
			if _, ok := file.Tenant(name); !ok || name == "" {
				return errors.New("say which tenant with --tenant NAME: orgscope tenants lists them")
			}
			removed, err := secrets.Delete(name)
			if err != nil {
				return err
			}
			if !removed {
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "No secret was stored for %s.\n", name)
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Removed the secret of %s.\n", name)
			return err
		},
	}
}

// isTerminal reports whether r or w is a terminal.
func isTerminal(f any) bool {
	if fd, ok := f.(interface{ Fd() uintptr }); ok {
		return term.IsTerminal(fd.Fd())
	}
	return false
}
