package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/theme"
)

// statusState is the status bar's data, owned by the router.
type statusState struct {
	tenant   string
	readOnly bool
	budget   client.Budget
	inflight int
	lastErr  string
	flash    string
	// The snapshot: when its age was last looked at, whether a refresh
	// runs, why it cannot be refreshed; snapshot is the age as shown.
	snapNow        time.Time
	snapRefreshing bool
	snapNote       string
	snapshot       string
	// marked counts the top screen's marked rows (0: none, not shown).
	marked int
}

// renderStatus draws the status bar in exactly width cells: tenant, the
// read-only badge, the last error (or a note), a spinner while requests are
// in flight and the rate-limit gauge of the tightest bucket.
func renderStatus(s statusState, spinner string, st theme.Styles, width int) string {
	if width <= 0 {
		return ""
	}
	left := st.StatusKey.Render(s.tenant)
	if s.readOnly {
		left += st.Badge.Render("read-only")
	}
	if s.marked > 0 {
		left += st.Badge.Render(itoa(s.marked) + " marked")
	}
	if s.snapshot != "" {
		snap := s.snapshot
		switch {
		case s.snapRefreshing:
			snap += " · refreshing"
		case s.snapNote != "":
			snap += " · " + s.snapNote
		}
		left += st.StatusBar.Render(" " + ansi.Truncate(snap, max(10, width/3), "…") + " ")
	}
	gauge := st.GaugeRest.Render(" " + rateGauge(s.budget, 10, st) + " ")
	busy := st.StatusBar.Render("  ")
	if s.inflight > 0 {
		busy = st.StatusBar.Render(spinner + " ")
	}
	// Messages quote tenant names and Auth0's errors, which quote values.
	msg, style := model.CleanLine(s.flash), st.StatusBar
	if s.lastErr != "" {
		msg, style = "✗ "+model.CleanLine(s.lastErr), st.StatusErr
	}
	avail := width - lipgloss.Width(left) - lipgloss.Width(gauge) - lipgloss.Width(busy)
	if avail < 1 {
		return ansi.Truncate(left+busy+gauge, width, "")
	}
	mid := style.Width(avail).Render(ansi.Truncate(" "+msg, avail, "…"))
	return left + mid + busy + gauge
}

// rateGauge shows the bucket with the least left, e.g. "▰▰▰▱▱ 6/10".
func rateGauge(b client.Budget, cells int, st theme.Styles) string {
	var tight *client.BucketState
	for i := range b.Buckets {
		bk := &b.Buckets[i]
		if tight == nil || bk.Remaining*tight.Limit < tight.Remaining*bk.Limit {
			tight = bk
		}
	}
	if tight == nil || tight.Limit <= 0 {
		return st.GaugeRest.Render("rate —")
	}
	filled := min(cells, max(0, cells*tight.Remaining/tight.Limit))
	out := st.GaugeFull.Render(strings.Repeat("▰", filled)) + st.GaugeRest.Render(strings.Repeat("▱", cells-filled)) +
		st.GaugeRest.Render(fmt.Sprintf(" %d/%d", tight.Remaining, tight.Limit))
	if b.Waiting > 0 {
		out += st.GaugeRest.Render(fmt.Sprintf(" %d waiting", b.Waiting))
	}
	return out
}
