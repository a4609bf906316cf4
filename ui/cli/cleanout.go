package cli

import (
	"io"

	"github.com/orgscope/orgscope/model"
)

// The commands print tenant text (names, metadata, Auth0's errors that
// quote values): each command cleans what it prints with model.CleanLine
// where a table or a field needs it, and everything written to stdout
// and stderr passes model.CleanOutput on its way out, the last guard,
// which keeps only the commands' own tabs, carriage returns, colours and
// erase-line sequences. JSON stays valid: a C1 or bidi character inside a
// string becomes its \u escape, the same string to a JSON reader.

// cleanWriter passes everything written through model.CleanOutput.
type cleanWriter struct{ w io.Writer }

func (c cleanWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, model.CleanOutput(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// cleanTerminal is a cleanWriter on a file: it keeps the file's
// descriptor, so that the commands still tell a terminal (prompts,
// progress lines, colours).
type cleanTerminal struct {
	cleanWriter
	fd uintptr
}

func (c cleanTerminal) Fd() uintptr { return c.fd }

// cleanOutput wraps w in the last guard.
func cleanOutput(w io.Writer) io.Writer {
	switch w.(type) {
	case cleanWriter, cleanTerminal:
		return w
	}
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		return cleanTerminal{cleanWriter{w}, f.Fd()}
	}
	return cleanWriter{w}
}
