package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client/sandbox"
	"github.com/orgscope/orgscope/model"
)

// serveFlags are the options of `orgscope sandbox serve`.
type serveFlags struct {
	addr         string
	state        string
	orgs         int
	plan         string
	rateScale    float64
	rateLimit    float64
	burst        int
	latency      time.Duration
	jitter       time.Duration
	faults       float64
	seed         uint64
	allowRemote  bool
	logRetention time.Duration
	hostile      bool
}

func defaultServeFlags() serveFlags {
	return serveFlags{addr: "127.0.0.1:4000", plan: "enterprise", rateScale: 1, seed: 1, logRetention: 30 * 24 * time.Hour}
}

func newSandboxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "A local Auth0 Management API tenant for trying orgscope and testing tools",
	}
	f := defaultServeFlags()
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the sandbox tenant over HTTP until Ctrl-C",
		Long: "Serve an in-process Auth0 tenant: /oauth/token and the Management API routes for\n" +
			"organizations, their connections, connections, connection profiles, clients,\n" +
			"client grants and logs, with Auth0's error texts, paging and rate limits.",
		Example: "  orgscope sandbox serve\n" +
			"  orgscope sandbox serve --orgs 100000 --plan unlimited\n" +
			"  orgscope sandbox serve --state tenant.json --faults 0.05 --latency 40ms",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveSandbox(cmd.Context(), cmd.OutOrStdout(), f)
		},
	}
	fl := serve.Flags()
	fl.StringVar(&f.addr, "addr", f.addr, "address to listen on (loopback unless --allow-remote)")
	fl.StringVar(&f.state, "state", "", "load the tenant from this file and save every change to it")
	fl.BoolVar(&f.hostile, "hostile", false, "add objects whose names, metadata and options carry terminal control sequences and spreadsheet formulas (to try orgscope's defences)")
	fl.IntVar(&f.orgs, "orgs", 0, "replace the demo organizations with this many generated ones")
	fl.StringVar(&f.plan, "plan", f.plan, "rate-limit preset: enterprise, enterprise-nonprod, self-service or unlimited")
	fl.Float64Var(&f.rateScale, "rate-scale", f.rateScale, "multiply every refill rate by this factor")
	fl.Float64Var(&f.rateLimit, "rate-limit", 0, "one custom global bucket refilling at this many requests/s")
	fl.IntVar(&f.burst, "burst", 0, "size of the --rate-limit bucket (default: the rate)")
	fl.DurationVar(&f.latency, "latency", 0, "latency added to every API request")
	fl.DurationVar(&f.jitter, "jitter", 0, "random extra latency, up to this much")
	fl.Float64Var(&f.faults, "faults", 0, "fraction of API requests answered with a fault (500, 503, dropped, truncated)")
	fl.Uint64Var(&f.seed, "seed", f.seed, "seed for faults, jitter and generated tenants")
	fl.BoolVar(&f.allowRemote, "allow-remote", false, "allow listening on a non-loopback address")
	fl.DurationVar(&f.logRetention, "log-retention", f.logRetention, "how long tenant log events are kept")
	cmd.AddCommand(serve)
	return cmd
}

func (f serveFlags) validate() error {
	switch {
	case !f.allowRemote && !sandbox.IsLoopback(f.addr):
		return fmt.Errorf("refusing to serve the sandbox on %s, which is not a loopback address: use 127.0.0.1:PORT, or add --allow-remote", f.addr)
	case f.orgs < 0:
		return errors.New("--orgs must be 0 or more")
	case f.faults < 0 || f.faults > 1:
		return errors.New("--faults is a fraction of requests: give a number from 0 to 1")
	case f.rateScale <= 0:
		return errors.New("--rate-scale must be greater than 0")
	case f.rateLimit < 0 || f.burst < 0:
		return errors.New("--rate-limit and --burst must not be negative")
	case f.burst > 0 && f.rateLimit == 0:
		return errors.New("--burst sizes the --rate-limit bucket: give --rate-limit too")
	}
	return nil
}

// serveSandbox starts the sandbox, prints how to reach it and serves until
// the context ends (Ctrl-C).
func serveSandbox(ctx context.Context, out io.Writer, f serveFlags) error {
	if err := f.validate(); err != nil {
		return err
	}
	srv, err := sandbox.New(sandbox.Options{
		Plan: f.plan, RateScale: f.rateScale, RateLimit: f.rateLimit, Burst: f.burst,
		Latency: f.latency, Jitter: f.jitter, FaultRate: f.faults, Seed: f.seed,
		StateFile: f.state, Orgs: f.orgs, LogRetention: f.logRetention, Hostile: f.hostile,
		Logf: func(format string, args ...any) { fmt.Fprintf(os.Stderr, "sandbox: "+format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	if err := srv.Start(f.addr); err != nil {
		return err
	}
	defer srv.Close()
	printSandboxBanner(out, srv, f)
	<-ctx.Done()
	fmt.Fprintln(out, "\nsandbox stopped")
	return nil
}

func printSandboxBanner(out io.Writer, srv *sandbox.Server, f serveFlags) {
	id, secret := srv.AdminCredentials()
	st := srv.Stats()
	plan := f.plan
	if f.rateLimit > 0 {
		plan = fmt.Sprintf("%s + global %.4g req/s", plan, f.rateLimit)
	}
	fmt.Fprintf(out, "orgscope sandbox: %s, %s, %s — rate plan %s\n\n",
		model.Count(st.Organizations, "organization"), model.Count(st.Connections, "connection"), model.Count(st.Clients, "client"), plan)
	fmt.Fprintf(out, "  base URL       %s\n", srv.URL())
	fmt.Fprintf(out, "  domain         %s\n", srv.Addr())
	fmt.Fprintf(out, "  client id      %s\n", id)
	fmt.Fprintf(out, "  client secret  %s\n", secret)
	if f.state != "" {
		fmt.Fprintf(out, "  state file     %s\n", f.state)
	}
	fmt.Fprintf(out, "\nGet a token, then list organizations:\n\n")
	fmt.Fprintf(out, "  TOKEN=$(curl -s %s/oauth/token -d grant_type=client_credentials \\\n", srv.URL())
	fmt.Fprintf(out, "    -d client_id=%s -d client_secret=%s \\\n", id, secret)
	fmt.Fprintf(out, "    -d audience=%s/api/v2/ | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n", srv.URL())
	fmt.Fprintf(out, "  curl -s -H \"Authorization: Bearer $TOKEN\" '%s/api/v2/organizations?take=5'\n\n", srv.URL())
	fmt.Fprintf(out, "Press Ctrl-C to stop.\n")
}
