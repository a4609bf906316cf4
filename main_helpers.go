package main

import (
	"github.com/orgscope/orgscope/client"
	"github.com/spf13/cobra"
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
