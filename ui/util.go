package ui

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

func itoa(i int) string { return strconv.Itoa(i) }

// atoi reads back a number itoa wrote (a row's key): 0 for anything else.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// joinOrDash joins names, or gives "-" for none.
func joinOrDash(names []string) string { return model.OrDash(strings.Join(names, ", ")) }

// splitList reads a comma-separated list typed in a form: items trimmed,
// empty ones dropped (nil for none).
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// sortConnections orders connections by class, then name.
func sortConnections(cs []model.Connection) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Class() != cs[j].Class() {
			return classRank(cs[i].Class()) < classRank(cs[j].Class())
		}
		return cs[i].Name < cs[j].Name
	})
}

func classRank(c model.StrategyClass) int {
	for i, x := range model.Classes() {
		if x == c {
			return i
		}
	}
	return len(model.Classes())
}

// wrapLines breaks text into lines of at most width cells (hard-wrapping
// long words such as JSON bodies).
func wrapLines(text string, width int) []string {
	if width <= 0 {
		return strings.Split(text, "\n")
	}
	return strings.Split(ansi.Hardwrap(ansi.Wordwrap(text, width, ""), width, true), "\n")
}

// wrapAtMost wraps text to width in at most n lines, the last cut with
// "…" when the text runs longer.
func wrapAtMost(text string, width, n int) []string {
	lines := wrapLines(text, width)
	if len(lines) > n {
		lines = append(lines[:n-1:n-1], table.Fit(strings.Join(lines[n-1:], " "), width))
	}
	return lines
}

// hardWrapLines breaks text at exactly width cells: for JSON bodies, which
// have no spaces to break at.
func hardWrapLines(text string, width int) []string {
	if width <= 0 {
		return []string{text}
	}
	return strings.Split(ansi.Hardwrap(text, width, false), "\n")
}

// buttonCell says whether a link shows as a button: "—" for a connection
// of a class that ignores the setting (only enterprise connections honour
// it), where "yes" would promise a button the login prompt does not draw.
func buttonCell(class model.StrategyClass, on bool) string {
	if class != model.ClassEnterprise {
		return "—"
	}
	return model.YesNo(on)
}
