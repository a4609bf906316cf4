package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

func (s *bulkScreen) View(rc renderCtx) string {
	st := rc.Styles
	var head []string
	switch {
	case s.err != nil && s.stage == bulkAsk:
		head = append(head, st.Error.Render(describeChange(s.err))) // r is the form's
	case s.err != nil:
		head = append(head, st.Error.Render(describe(s.err)))
	}
	switch s.stage {
	case bulkAsk:
		if s.asking {
			head = append(head, st.Warn.Render("Discard your changes? y discards them, any other key goes on editing."))
		}
		for _, err := range s.form.Errors() {
			for _, l := range wrapLines("✗ "+err.Error(), rc.Width) {
				head = append(head, st.Error.Render(l))
			}
		}
		return strings.Join(append(head, s.form.View()), "\n")
	case bulkPlanning:
		if s.err != nil {
			return strings.Join(head, "\n") // the journal could not be read
		}
		line := "Working out the plan from the tenant's snapshot…"
		switch {
		case s.undo != "":
			line = "Checking the organizations as they are now: the undo leaves alone what changed since the batch…"
		case s.batch != nil || s.resume != "":
			line = "Reading the batch's journal…"
		}
		if s.reading != "" {
			line = s.reading
		}
		return strings.Join(append(head, st.Muted.Render(line)), "\n")
	case bulkReview:
		p := s.plan
		sum := fmt.Sprintf("%d add · %d update · %d remove · %d skip · %d refused", p.Count(model.OutcomeAdd), p.Count(model.OutcomeUpdate),
			p.Count(model.OutcomeRemove), p.Count(model.OutcomeSkip), p.Count(model.OutcomeRefused))
		back := "esc goes back" // to the results or the batches this plan retries or undoes
		if s.fromForm {
			back = "esc changes it"
		}
		cost := "nothing to send · " + back
		if p.Requests() > 0 {
			cost = model.Count(p.Requests(), "request")
			if s.est > 0 {
				cost += ", at least " + s.est.Round(time.Second).String() + " at the rate limit"
			}
			cost += " · enter runs it · " + back
		}
		head = append(head, table.Fit(st.Header.Render(s.title), rc.Width), table.Fit(sum, rc.Width), table.Fit(st.Muted.Render(cost), rc.Width))
		return s.withTable(rc, head, "No organization.")
	}
	total := len(s.batch.Items)
	done, failed := s.batch.Counts()
	state := "running"
	switch {
	case s.stage == bulkDone && done+failed < total:
		state = "stopped"
	case s.stage == bulkDone:
		state = "finished"
	case s.gate.Paused():
		state = "paused"
	}
	bar := progressBar(done+failed, total, min(30, max(10, rc.Width/4)))
	line := fmt.Sprintf("%s %s  %d of %d · %d failed", bar, state, done+failed, total, failed)
	// The plan's refusals were never sent: the run says so, since its
	// results list only what it sent.
	if n := s.plan.Count(model.OutcomeRefused); n > 0 && s.resume == "" {
		line += fmt.Sprintf(" · %d refused, not sent", n)
	}
	if s.stage == bulkRunning && done+failed > 0 && done+failed < total {
		left := time.Duration(float64(time.Since(s.prog.began)) / float64(done+failed) * float64(total-done-failed))
		line += " · " + model.TimeLeft(left)
	}
	title := s.batch.Describe() // the batch's own journal says, whatever plan was shown since
	head = append(head, table.Fit(st.Header.Render(title), rc.Width), table.Fit(line, rc.Width))
	next := "p pauses · x stops (the journal keeps the rest)"
	if s.stage == bulkDone {
		next = "u undoes the batch"
		if failed > 0 {
			next = "r retries the failures · " + next
		}
		if s.stopped() {
			next = "enter finishes it · " + next
		}
	}
	head = append(head, table.Fit(st.Muted.Render(next), rc.Width), table.Fit(st.Muted.Render(journalLine(s.batch.Path)), rc.Width))
	return s.withTable(rc, head, "No result yet.")
}

// bulkHeadLines is the room above the table: a run's title, progress,
// keys and journal (a plan's review takes one line less).
const bulkHeadLines = 4

// journalLine names a batch's journal by its file name first: the CLI's
// bulk resume and bulk undo take that name for a journal of the state's
// bulk folder, and the folder, said after it, is what 80 columns cut.
func journalLine(path string) string {
	return "journal " + filepath.Base(path) + " in " + homeShort(filepath.Dir(path))
}

// bulkDetailLines is the room under the table for the whole detail of
// the row under the cursor (a refusal's reason, a failure's error), which
// the table cuts to its column.
const bulkDetailLines = 3

// withTable draws head, the table, and the detail of the row under the cursor.
func (s *bulkScreen) withTable(rc renderCtx, head []string, empty string) string {
	detail := make([]string, bulkDetailLines)
	if r, ok := s.table.Selected(); ok && len(r.Cells) > 2 && r.Cells[2] != "" {
		copy(detail, wrapAtMost(s.table.Position()+"  "+r.Cells[1]+": "+r.Cells[2], rc.Width, bulkDetailLines))
	}
	for i := range detail {
		detail[i] = rc.Styles.Muted.Render(table.Fit(detail[i], rc.Width))
	}
	h := rc.Height - len(head) - bulkDetailLines
	tbl := s.table.View(rc.Width, rc.Styles, empty)
	if n := strings.Count(tbl, "\n") + 1; n < h {
		tbl += strings.Repeat("\n", h-n) // the detail sits at the foot
	}
	return strings.Join(append(append(head, tbl), detail...), "\n")
}

// progressBar draws done of total in width cells.
func progressBar(done, total, width int) string {
	filled := 0
	if total > 0 {
		filled = width * done / total
	}
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}

// homeShort writes a path under the home directory with ~, as a shell
// takes it back.
func homeShort(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || !strings.HasPrefix(path, home+string(os.PathSeparator)) {
		return path
	}
	return "~" + path[len(home):]
}
