package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"syscall"

	"charm.land/fang/v2"
	"github.com/orgscope/orgscope/model"
	"github.com/spf13/cobra"
)

// Main runs orgscope's command line with args (the words after the
// program's name) and returns the process's exit code: 0 on success, the
// command's own code (audit: 1 for findings, 2 when it could not run), or
// 1 for any other error, which is printed once on stderr. version is the
// build's version ("" for a build that was given none).
func Main(ctx context.Context, version string, args []string, stdout, stderr io.Writer) int {
	return mainWith(ctx, newRootCmd(version), version, args, stdout, stderr)
}

// mainWith is Main on a given root command (tests give one that fails).
func mainWith(ctx context.Context, root *cobra.Command, version string, args []string, stdout, stderr io.Writer) (code int) {
	stdout, stderr = cleanOutput(stdout), cleanOutput(stderr)
	// A panic anywhere in a command ends here: one sentence, a report
	// file, exit status 2, and nothing more written.
	defer func() {
		if r := recover(); r != nil {
			err := crashed(commandPath(root, args), r, debug.Stack(), version)
			fmt.Fprintf(stderr, "orgscope: %v\n", err)
			code = exitCode(err)
		}
	}()
	if err := execute(ctx, root, version, args, stdout, stderr); err != nil {
		return exitCode(err)
	}
	return 0
}

// exitError carries a command's own exit code (audit: 1 for findings,
// 2 when it could not run).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitCode is the process's exit code for an error: its own, or 1.
func exitCode(err error) int {
	if e := (*exitError)(nil); errors.As(err, &e) {
		return e.code
	}
	return 1
}

// run executes the command line; errors are printed once, as one sentence.
func run(ctx context.Context, version string, args []string, stdout, stderr io.Writer) error {
	return execute(ctx, newRootCmd(version), version, args, stdout, stderr)
}

// execute runs root with args.
func execute(ctx context.Context, root *cobra.Command, version string, args []string, stdout, stderr io.Writer) error {
	root.SetArgs(args)
	root.SetOut(cleanOutput(stdout))
	root.SetErr(cleanOutput(stderr))
	opts := []fang.Option{
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			// A file's problems, a line each at file:line:column, as
			// compilers print them: editors and CI annotate them.
			if pe := (model.PolicyErrors)(nil); errors.As(err, &pe) {
				for _, e := range pe {
					fmt.Fprintln(w, model.CleanLine(e.Error()))
				}
				return
			}
			fmt.Fprintf(w, "orgscope: %s\n", model.CleanText(err.Error())) // Auth0's errors quote the values sent
		}),
	}
	if version != "" {
		opts = append(opts, fang.WithVersion(version))
	}
	return fang.Execute(ctx, root, opts...)
}

func newRootCmd(version string) *cobra.Command {
	target := &targetFlags{}
	root := &cobra.Command{
		Use:   "orgscope",
		Short: "Browse, change and audit Auth0 Organizations and their connections",
		Long: "orgscope is a terminal UI for the people who run B2B identity on Auth0: organizations,\n" +
			"the connections enabled on each, connection profiles and My Organization settings,\n" +
			"at 50 organizations or at 100,000, within Auth0's rate limits.",
		Example: "  # try it on the built-in demo tenant\n  orgscope --sandbox\n\n" +
			"  # browse a snapshot offline\n  orgscope --snapshot tenant.json\n\n" +
			"  # run a local Auth0 Management API for other tools\n  orgscope sandbox serve --addr 127.0.0.1:4000",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), target, version)
		},
	}
	target.register(root)
	root.Flags().StringVar(&target.snapshotFile, "snapshot", "", "browse a snapshot file (orgscope snapshot export) offline and read-only")
	root.AddCommand(newSandboxCmd(), newOrgsCmd(target), newConnectionsCmd(target), newProfilesCmd(target), newClientsCmd(target),
		newAuditCmd(target, version), newSnapshotCmd(target), newConfigCmd(), newTenantsCmd(), newDoctorCmd(target),
		newLoginCmd(target), newLogoutCmd(target), newBulkCmd(target), newTraceCmd(target), newPolicyCmd(target, version), newExportCmd(target), newDriftCmd(target))
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes a command that only groups others fail
// on a word it does not know (cobra would print its help and exit 0, so
// a mistyped command in a script would look like success).
func refuseUnknownSubcommands(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if cmd.Runnable() || !cmd.HasSubCommands() {
		return
	}
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%s has no command %q: %s --help lists them", cmd.CommandPath(), args[0], cmd.CommandPath())
		}
		return cmd.Help()
	}
}
