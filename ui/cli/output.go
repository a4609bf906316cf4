package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/orgscope/orgscope/model"
	"github.com/spf13/cobra"
)

// outputFlag is -o: table (default), json or csv.
type outputFlag struct{ format string }

func (o *outputFlag) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.format, "output", "o", "table", "output format: table, json or csv")
}

func (o *outputFlag) check() error {
	switch o.format {
	case "table", "json", "csv":
		return nil
	}
	return fmt.Errorf("unknown output format %q: use table, json or csv", o.format)
}

// table is what a list command prints: rows for table and csv, the
// objects themselves (shaped as the API returns them) for json.
type table struct {
	header  []string
	rows    [][]string
	objects []any
}

func (o *outputFlag) write(w io.Writer, t table) error {
	switch o.format {
	case "json":
		objs := t.objects
		if objs == nil {
			objs = []any{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(objs)
	case "csv":
		return writeCSV(w, t.header, t.rows)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.header, "\t"))
	for _, r := range t.rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = model.CleanLine(c) // a tab or a newline in a name would break the columns
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeCSV is every CSV the commands write: each field through
// model.CSVCell, so that no control character and no spreadsheet formula
// comes out of a tenant's text.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = model.CSVCell(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
