package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
)

// withClient is the body of every command that talks to a tenant: it checks
// the output format, connects, runs body and releases the connection.
func withClient(t *targetFlags, out *outputFlag, body func(cmd *cobra.Command, args []string, c *client.Client) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if out != nil {
			if err := out.check(); err != nil {
				return err
			}
		}
		c, done, err := t.open()
		if err != nil {
			return err
		}
		defer done()
		return body(cmd, args, c)
	}
}

// snapshotStore is where tenants' snapshots are kept: the snapshots
// folder of the state directory. ok is false when there is no state
// directory, or for the demo sandbox, which lives for one command.
func snapshotStore(t *targetFlags) (client.Store, bool) {
	dir, err := config.StateDir()
	if err != nil || t.sandbox {
		return client.Store{}, false
	}
	return client.Store{Dir: filepath.Join(dir, "snapshots")}, true
}

// bulkDir is where bulk batches are journalled: the bulk folder of the
// state directory ("" when there is none).
func bulkDir() string {
	dir, err := config.StateDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "bulk")
}

// refuseEmptyFlags refuses flags given as "": a script's empty variable
// must not pass for a flag left out.
func refuseEmptyFlags(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		if f := cmd.Flags().Lookup(n); f != nil && f.Changed && f.Value.String() == "" {
			return fmt.Errorf("--%s is empty: give a value, or leave the flag out", n)
		}
	}
	return nil
}

// usageExitsTwo makes cmd's usage errors (an unknown flag, a bad value, a
// stray argument) exit 2, as its other could-not-run errors do, for the
// commands whose exit code 1 means something to a script: found, broken,
// not complying.
func usageExitsTwo(cmd *cobra.Command) *cobra.Command {
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: 2, err: err} })
	if args := cmd.Args; args != nil {
		cmd.Args = func(c *cobra.Command, a []string) error {
			if err := args(c, a); err != nil {
				return &exitError{code: 2, err: err}
			}
			return nil
		}
	}
	return cmd
}
