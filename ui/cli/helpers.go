package cli

import (
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
