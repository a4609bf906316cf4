package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

func newTraceCmd(t *targetFlags) *cobra.Command {
	var app, org, email, conn, out, snapshotFile string
	cmd := &cobra.Command{
		Use:   "trace --client APP --org ORG",
		Short: "Why can (or can't) a user sign in to an application in an organization? Step by step",
		Long: "trace walks what Auth0 checks when a user signs in to an application in an organization, in Auth0's order:\n" +
			"the application (can it log users in, does it use organizations), the organization, the connections enabled\n" +
			"on both, the login prompt (buttons, fields, hidden connections and home realm discovery) and, with --email,\n" +
			"where that address goes and whether the user becomes a member. It stops judging at the first step that fails,\n" +
			"and says the fix.\n\n" +
			"APP and ORG are names or ids. With --snapshot it works offline from a snapshot file, which holds no prompt\n" +
			"settings or discovery domains: what they would decide is said to be unknown.\n\n" +
			"Exit code: 0 when the path works, 1 when it does not, 2 when the trace could not run.",
		Example: "  orgscope trace --sandbox --client 'Acme Cloud Dashboard' --org globex --email alice@globex.test\n" +
			"  orgscope trace --snapshot tenant.json --client app_123 --org org_456 -o json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if out != "text" && out != "json" {
				return fail(fmt.Errorf("-o %q is not one of text, json", out))
			}
			if app == "" || org == "" {
				return fail(errors.New("say which application and organization with --client APP --org ORG"))
			}
			if err := refuseEmptyFlags(cmd, "email", "connection"); err != nil {
				return fail(err)
			}
			var in model.TraceInput
			var known func(string) (bool, error) // whether the tenant has a connection
			var err error
			if snapshotFile != "" {
				var s *model.Snapshot
				if s, err = readSnapshot(snapshotFile); err == nil {
					in = model.TraceInputFrom(s, app, org)
					known = func(c string) (bool, error) { _, ok := findConnection(s.Connections, c); return ok, nil }
				}
			} else {
				c, done, oerr := t.open()
				if oerr != nil {
					return fail(oerr)
				}
				defer done()
				in, err = traceInputLive(cmd, c, app, org, email)
				known = func(name string) (bool, error) {
					_, err := c.Connection(cmd.Context(), name)
					if client.IsNotFound(err) {
						return false, nil
					}
					return err == nil, err
				}
			}
			if err != nil {
				return fail(err)
			}
			// A connection the tenant lacks is a mistyped flag, not a
			// broken login: the trace cannot run.
			if conn != "" && !slices.ContainsFunc(slices.Collect(maps.Values(in.Conns)), func(c model.Connection) bool { return c.ID == conn || c.Name == conn }) {
				ok, err := known(conn)
				if err != nil {
					return fail(err)
				}
				if !ok {
					return fail(fmt.Errorf("the tenant has no connection %q: orgscope connections list shows them", conn))
				}
			}
			in.Email, in.Connection = email, conn
			tr := model.TraceLogin(in)
			if err := writeTrace(cmd.OutOrStdout(), out, tr); err != nil {
				return fail(err)
			}
			if !tr.Works {
				return &exitError{code: 1, err: errors.New("the login path is broken: " + brokenStep(tr))}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&app, "client", "", "the application (name or id)")
	f.StringVar(&org, "org", "", "the organization (name or id)")
	f.StringVar(&email, "email", "", "the user's email address: where it goes, and whether it becomes a member")
	f.StringVar(&conn, "connection", "", "trace only this connection (name or id)")
	f.StringVarP(&out, "output", "o", "text", "text or json")
	f.StringVar(&snapshotFile, "snapshot", "", "trace from this snapshot file (orgscope snapshot export) instead of the tenant")
	return usageExitsTwo(cmd)
}

func brokenStep(tr model.Trace) string {
	for _, s := range tr.Steps {
		if s.Status == model.TraceFail {
			return s.Step
		}
	}
	return "?"
}

// traceInputLive reads what the trace needs from the tenant, saying on
// stderr which facts stay unknown.
func traceInputLive(cmd *cobra.Command, c *client.Client, app, org, email string) (model.TraceInput, error) {
	in, notes, err := c.TraceInput(cmd.Context(), app, org, email)
	for _, n := range notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: %s\n", n)
	}
	return in, err
}

// writeTrace prints a trace as text (a line a step, its facts and fix
// indented, the verdict last) or as JSON.
func writeTrace(w io.Writer, format string, tr model.Trace) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tr)
	}
	var b strings.Builder
	mark := map[model.TraceStatus]string{model.TraceOK: "✓", model.TraceFail: "✗", model.TraceWarn: "!", model.TraceUnknown: "·"}
	for _, s := range tr.Steps {
		fmt.Fprintf(&b, "%s %s\n", mark[s.Status], s.Step)
		// Facts, fixes and the verdict quote the tenant's names.
		for _, f := range s.Facts {
			fmt.Fprintf(&b, "    %s\n", model.CleanLine(f))
		}
		if s.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", model.CleanLine(s.Fix))
		}
	}
	fmt.Fprintf(&b, "\n%s\n", model.CleanLine(tr.Verdict))
	_, err := io.WriteString(w, b.String())
	return err
}
