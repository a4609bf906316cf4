package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/spf13/cobra"
)

// targetFlags select the tenant every command talks to.
type targetFlags struct {
	sandbox      bool
	domain       string
	clientID     string
	clientSecret string
	token        string
	readOnly     bool
	maxRPS       float64
	debugHTTP    string
}

func (t *targetFlags) register(cmd *cobra.Command) {
	fl := cmd.PersistentFlags()
	fl.BoolVar(&t.sandbox, "sandbox", false, "use the built-in demo tenant (a local sandbox)")
	fl.StringVar(&t.domain, "domain", "", "tenant domain, e.g. acme.eu.auth0.com (env AUTH0_DOMAIN)")
	fl.StringVar(&t.clientID, "client-id", "", "client id of a machine-to-machine application (env AUTH0_CLIENT_ID)")
	fl.StringVar(&t.clientSecret, "client-secret", "", "its client secret (env AUTH0_CLIENT_SECRET; prefer the variable)")
	fl.StringVar(&t.token, "token", "", "a Management API token instead of client credentials (env AUTH0_API_TOKEN)")
	fl.BoolVar(&t.readOnly, "read-only", false, "refuse every change before anything is sent")
	fl.Float64Var(&t.maxRPS, "max-rps", 0, "never send more than this many requests per second")
	fl.StringVar(&t.debugHTTP, "debug-http", "", "write every request and answer, secrets redacted, to this file")
}

// config resolves the target: flags first, then AUTH0_* variables.
func (t *targetFlags) config(getenv func(string) string) client.Config {
	pick := func(flag, env string) string {
		if flag != "" {
			return flag
		}
		return getenv(env)
	}
	return client.Config{
		Domain:       pick(t.domain, "AUTH0_DOMAIN"),
		ClientID:     pick(t.clientID, "AUTH0_CLIENT_ID"),
		ClientSecret: pick(t.clientSecret, "AUTH0_CLIENT_SECRET"),
		Token:        pick(t.token, "AUTH0_API_TOKEN"),
		ReadOnly:     t.readOnly,
		MaxRPS:       t.maxRPS,
	}
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
	cfg := t.config(os.Getenv)
	if t.sandbox {
		if t.domain != "" || t.token != "" || t.clientID != "" {
			return nil, nil, errors.New("--sandbox picks the demo tenant: drop --domain, --client-id and --token, or drop --sandbox")
		}
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
	}
	if t.debugHTTP != "" {
		f, err := os.OpenFile(t.debugHTTP, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot open the --debug-http file: %w", err)
		}
		closers = append(closers, func() { f.Close() })
		cfg.DebugHTTP = io.Writer(f)
	}
	c, err = client.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c, closeAll, nil
}
