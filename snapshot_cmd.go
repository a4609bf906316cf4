package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
	"github.com/spf13/cobra"
)

func newSnapshotCmd(t *targetFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "snapshot", Short: "Read a whole tenant into a file, and compare two such files"}
	var file string
	export := &cobra.Command{
		Use:   "export",
		Short: "Crawl the tenant within its rate limits and write the snapshot to a file (owner-only)",
		Args:  cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			if file == "" {
				return errors.New("say where to write the snapshot with -o FILE")
			}
			s, err := c.Crawl(cmd.Context(), nil)
			if err != nil {
				return err
			}
			b, err := model.EncodeSnapshot(s)
			if err != nil {
				return err
			}
			if err := config.WritePrivateFile(file, b); err != nil {
				return err
			}
			links := 0
			for _, ls := range s.Links {
				links += len(ls)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %s, %s, %s\n", file, model.Count(len(s.Organizations), "organization"),
				model.Count(links, "link"), model.Count(len(s.Connections), "connection"))
			return nil
		}),
	}
	export.Flags().StringVarP(&file, "output", "o", "", "the file to write")
	diff := &cobra.Command{
		Use:   "diff A B",
		Short: "List what changed from snapshot A to snapshot B",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := readSnapshot(args[0])
			if err != nil {
				return err
			}
			b, err := readSnapshot(args[1])
			if err != nil {
				return err
			}
			changes := model.DiffSnapshots(a, b)
			var out strings.Builder
			for _, ch := range changes {
				fmt.Fprintf(&out, "%-18s %s: %s\n", ch.Kind, ch.Name, ch.What)
			}
			fmt.Fprintf(&out, "%s from %s to %s\n", model.Count(len(changes), "change"),
				a.TakenAt.Format("2006-01-02 15:04"), b.TakenAt.Format("2006-01-02 15:04"))
			_, err = fmt.Fprint(cmd.OutOrStdout(), out.String())
			return err
		},
	}
	cmd.AddCommand(export, diff)
	return cmd
}
