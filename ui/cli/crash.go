package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/config"
)

// crashExitCode is the exit status of a command stopped by an internal
// error, as of one that could not run.
const crashExitCode = 2

// crashed turns a panic that stopped a command into the one sentence the
// user reads: what failed, that orgscope wrote nothing more, and where the
// report for the maintainers is. The report holds the panic and its stack,
// never the command line (it may carry a secret).
func crashed(what string, value any, stack []byte, version string) error {
	report := fmt.Sprintf("orgscope %s (%s, %s/%s) at %s\n%s stopped on an internal error.\n\npanic: %v\n\n%s",
		orDev(version), runtime.Version(), runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format(time.RFC3339), what, value, stack)
	where := "it could not be written"
	if path, err := writeCrashReport(report); err == nil {
		where = "the report for orgscope's maintainers is in " + path
	}
	return &exitError{code: crashExitCode, err: fmt.Errorf("%s stopped on an internal error (%s) and wrote nothing more; %s",
		what, oneLine(fmt.Sprint(value)), where)}
}

// tuiCrashed is crashed for the terminal UI, which kept what it was doing.
func tuiCrashed(what string, value any, stack []byte, version string) error {
	return crashed("the terminal UI, "+what+",", value, stack, version)
}

// writeCrashReport writes report to a new file, readable by its owner
// only, in the state folder (or the temporary folder when there is none).
func writeCrashReport(report string) (string, error) {
	dir, err := config.StateDir()
	if err == nil {
		err = config.PrivateDir(dir)
	}
	if err != nil {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "crash-"+time.Now().UTC().Format("20060102-150405")+"-*.txt")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return "", err
	}
	if _, err := f.WriteString(report); err != nil {
		return "", err
	}
	return filepath.Clean(f.Name()), f.Close()
}

// oneLine keeps a panic's text to one line of printable characters.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func orDev(version string) string {
	if version == "" {
		return "(built from source)"
	}
	return version
}

// commandPath names the command args ran ("orgscope audit"): its words
// only, never its flags or arguments, which may carry a secret.
func commandPath(root *cobra.Command, args []string) string {
	if cmd, _, err := root.Find(args); err == nil && cmd != nil {
		return cmd.CommandPath()
	}
	return root.Name()
}
