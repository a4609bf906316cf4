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
			var in model.TraceInput
			var err error
			if snapshotFile != "" {
				in, err = traceInputFromSnapshot(snapshotFile, app, org)
			} else {
				in, err = traceInputLive(cmd, t, app, org, email)
			}
			if err != nil {
				return fail(err)
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
	return cmd
}

func brokenStep(tr model.Trace) string {
	for _, s := range tr.Steps {
		if s.Status == model.TraceFail {
			return s.Step
		}
	}
	return "?"
}

// traceInputFromSnapshot finds the application and organization in a
// snapshot file.
func traceInputFromSnapshot(file, app, org string) (model.TraceInput, error) {
	s, err := readSnapshot(file)
	if err != nil {
		return model.TraceInput{}, err
	}
	return model.TraceInputFrom(s, app, org), nil
}

// traceInputLive reads what the trace needs from the tenant, saying on
// stderr which facts stay unknown.
func traceInputLive(cmd *cobra.Command, t *targetFlags, app, org, email string) (model.TraceInput, error) {
	c, done, err := t.open()
	if err != nil {
		return model.TraceInput{}, err
	}
	defer done()
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
		for _, f := range s.Facts {
			fmt.Fprintf(&b, "    %s\n", f)
		}
		if s.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", s.Fix)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", tr.Verdict)
	_, err := io.WriteString(w, b.String())
	return err
}
