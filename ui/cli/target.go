package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// targetFlags select the tenant every command talks to.
type targetFlags struct {
	sandbox      bool
	tenant       string
	domain       string
	clientID     string
	clientSecret string
	token        string
	readOnly     bool
	maxRPS       float64
	debugHTTP    string
	flags        *pflag.FlagSet
	// snapshotFile is the TUI's --snapshot: a snapshot file browsed
	// offline, served by an in-process sandbox; offline is it, read.
	snapshotFile string
	offline      *model.Snapshot
	// resolved is the tenant the last open() talked to; debugOut its
	// --debug-http file, which clients opened later share.
	resolved resolvedTarget
	debugOut io.Writer
}

func (t *targetFlags) register(cmd *cobra.Command) {
	fl := cmd.PersistentFlags()
	t.flags = fl
	fl.BoolVar(&t.sandbox, "sandbox", false, "use the built-in demo tenant (a local sandbox)")
	fl.StringVar(&t.tenant, "tenant", "", "a tenant of the config file, by name (orgscope tenants lists them)")
	fl.StringVar(&t.domain, "domain", "", "tenant domain, e.g. acme.eu.auth0.com (env AUTH0_DOMAIN)")
	fl.StringVar(&t.clientID, "client-id", "", "client id of a machine-to-machine application (env AUTH0_CLIENT_ID)")
	fl.StringVar(&t.clientSecret, "client-secret", "", "its client secret (env AUTH0_CLIENT_SECRET; prefer the variable or orgscope login)")
	fl.StringVar(&t.token, "token", "", "a Management API token instead of client credentials (env AUTH0_API_TOKEN)")
	fl.BoolVar(&t.readOnly, "read-only", false, "refuse every change before anything is sent (default on for tenants named or hosted *prod*; --read-only=false overrides)")
	fl.Float64Var(&t.maxRPS, "max-rps", 0, "never send more than this many requests per second")
	fl.StringVar(&t.debugHTTP, "debug-http", "", "write every request and answer, secrets redacted, to this file")
}

// openSnapshot serves a snapshot file from an in-process sandbox and
// opens a read-only client on it: the TUI browses the file offline,
// through the same client and screens as a tenant.
func (t *targetFlags) openSnapshot() (*client.Client, func(), error) {
	if t.sandbox || t.tenant != "" || t.domain != "" || t.token != "" || t.clientID != "" {
		return nil, nil, errors.New("--snapshot browses a file: drop --sandbox, --tenant, --domain, --client-id and --token")
	}
	snap, err := readSnapshot(t.snapshotFile)
	if err != nil {
		return nil, nil, err
	}
	srv, err := sandbox.NewServer(sandbox.Options{FromSnapshot: snap})
	if err != nil {
		return nil, nil, err
	}
	id, secret := srv.AdminCredentials()
	cfg := client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret, ReadOnly: true}
	c, err := client.New(cfg)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	t.offline = snap
	t.resolved = resolvedTarget{cfg: cfg, readOnlyWhy: "--snapshot (a file is open, not the tenant " + snap.Tenant + ")"}
	return c, func() { srv.Close() }, nil
}

// resolvedTarget is the tenant a command talks to, and where its
// settings came from.
type resolvedTarget struct {
	cfg client.Config
	// tenant is the config file's entry, when one applies.
	tenant *config.Tenant
	// theme is the config file's theme ("" when unset).
	theme string
	// readOnlyWhy says what made the target read-only, or read-write.
	readOnlyWhy string
	// policyFile is the tenant's policy file ("" when it has none).
	policyFile string
}

// name is what the status bar and messages call the tenant.
func (r resolvedTarget) name() string {
	if r.tenant != nil {
		return r.tenant.Name
	}
	return r.cfg.Domain
}

// resolve works out the target, field by field: flags first, then the
// AUTH0_* variables, then the config file's tenant — the one --tenant
// names, else the one whose domain the flags or variables give, else the
// default tenant (or the only one). Its secret comes from the keyring or
// the secrets file. read-only is on when --read-only says so, else as
// the tenant says, else for a domain that looks like production.
func (t *targetFlags) resolve(getenv func(string) string, file *config.File, secrets config.Secrets) (resolvedTarget, error) {
	pick := func(flag, env string) string {
		if flag != "" {
			return flag
		}
		return getenv(env)
	}
	var r resolvedTarget
	r.theme = file.Theme
	cfg := client.Config{
		Domain:       pick(t.domain, "AUTH0_DOMAIN"),
		ClientID:     pick(t.clientID, "AUTH0_CLIENT_ID"),
		ClientSecret: pick(t.clientSecret, "AUTH0_CLIENT_SECRET"),
		Token:        pick(t.token, "AUTH0_API_TOKEN"),
		MaxRPS:       t.maxRPS,
	}
	switch {
	case t.tenant != "":
		tn, ok := file.Tenant(t.tenant)
		if !ok {
			return r, fmt.Errorf("there is no tenant %q in %s: orgscope tenants lists them", t.tenant, file.FilePath())
		}
		if cfg.Domain != "" && !strings.EqualFold(cfg.Domain, tn.Domain) {
			return r, fmt.Errorf("--tenant %s is %s, but --domain or AUTH0_DOMAIN says %s: drop one of them", tn.Name, tn.Domain, cfg.Domain)
		}
		r.tenant = &tn
	case cfg.Domain != "":
		if tn, ok := file.TenantForDomain(cfg.Domain); ok {
			r.tenant = &tn
		}
	case file.DefaultTenant != "":
		tn, _ := file.Tenant(file.DefaultTenant)
		r.tenant = &tn
	case len(file.Tenants) == 1:
		tn := file.Tenants[0]
		r.tenant = &tn
	}
	if tn := r.tenant; tn != nil {
		r.policyFile = file.PolicyPath(*tn)
		cfg.Domain = tn.Domain
		if cfg.ClientID == "" {
			cfg.ClientID = tn.ClientID
		}
		if cfg.MaxRPS == 0 {
			cfg.MaxRPS = tn.MaxRPS
		}
		if cfg.Token == "" && cfg.ClientSecret == "" {
			secret, err := secrets.Get(tn.Name)
			switch {
			case errors.Is(err, config.ErrNoSecret):
				what := "client secret"
				if tn.AuthMethod() == config.AuthToken {
					what = "token"
				}
				return r, fmt.Errorf("no %s is stored for tenant %s: run orgscope login --tenant %s (or set AUTH0_CLIENT_SECRET)", what, tn.Name, tn.Name)
			case err != nil:
				return r, err
			case tn.AuthMethod() == config.AuthToken:
				cfg.Token = secret
			default:
				cfg.ClientSecret = secret
			}
		}
	}
	switch {
	case t.flags != nil && t.flags.Changed("read-only"):
		cfg.ReadOnly, r.readOnlyWhy = t.readOnly, "--read-only (drop it to make changes)"
	case r.tenant != nil && r.tenant.ReadOnly != nil:
		cfg.ReadOnly, r.readOnlyWhy = *r.tenant.ReadOnly, "read_only in the config file (--read-only=false overrides it)"
	case r.tenant != nil && r.tenant.IsReadOnly():
		cfg.ReadOnly, r.readOnlyWhy = true, "the tenant's name or domain contains \"prod\" (read_only: false in the config file changes it)"
	case r.tenant == nil && config.LooksLikeProduction(cfg.Domain):
		cfg.ReadOnly, r.readOnlyWhy = true, "the domain contains \"prod\" (--read-only=false changes it)"
	default:
		r.readOnlyWhy = "the default"
	}
	r.cfg = cfg
	return r, nil
}

// loadConfig reads the config file and the secrets' places.
func loadConfig() (*config.File, config.Secrets, error) {
	path, err := config.Path()
	if err != nil {
		return nil, config.Secrets{}, err
	}
	file, err := config.Load(path)
	if err != nil {
		return nil, config.Secrets{}, err
	}
	secrets, err := config.DefaultSecrets()
	return file, secrets, err
}

// open connects to the target; close releases what it opened (the debug
// file, an in-process sandbox).
func (t *targetFlags) open() (c *client.Client, closeFn func(), err error) {
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	var cfg client.Config
	if t.snapshotFile != "" {
		return t.openSnapshot()
	}
	if !t.sandbox {
		file, secrets, err := loadConfig()
		if err != nil {
			return nil, nil, err
		}
		if t.resolved, err = t.resolve(os.Getenv, file, secrets); err != nil {
			return nil, nil, err
		}
		cfg = t.resolved.cfg
	}
	if t.sandbox {
		if t.domain != "" || t.token != "" || t.clientID != "" || t.tenant != "" {
			return nil, nil, errors.New("--sandbox picks the demo tenant: drop --tenant, --domain, --client-id and --token, or drop --sandbox")
		}
		cfg.ReadOnly, cfg.MaxRPS = t.readOnly, t.maxRPS
		// Enterprise rate limits, refilled ten times faster: the governor
		// and the gauge have something to show, and a crawl of the demo
		// tenant takes seconds.
		srv, err := sandbox.NewServer(sandbox.Options{Plan: "enterprise", RateScale: 10})
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, func() { srv.Close() })
		id, secret := srv.AdminCredentials()
		cfg.Domain, cfg.ClientID, cfg.ClientSecret, cfg.Token = srv.Addr(), id, secret, ""
		t.resolved = resolvedTarget{cfg: cfg}
	}
	if t.debugHTTP != "" {
		f, err := config.OpenPrivateLog(t.debugHTTP)
		if err != nil {
			return nil, nil, fmt.Errorf("--debug-http: %w", err)
		}
		closers = append(closers, func() { f.Close() })
		cfg.DebugHTTP = io.Writer(f)
		t.debugOut = f
	}
	c, err = client.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c, closeAll, nil
}
