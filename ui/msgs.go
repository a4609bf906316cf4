package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Message naming: domain results are <noun><verb>edMsg and carry their
// error; apiRequestMsg/apiDoneMsg are the router's I/O plumbing; toScreenMsg
// delivers a child's result to the screen that opened it. Navigation is
// never a message.

type apiRequestMsg struct {
	screenID int
	op       string
	run      apiFunc
	long     bool // a crawl: no timeout, only the screen's context
}

type apiDoneMsg struct {
	screenID int
	op       string
	msg      tea.Msg
	err      error
	took     time.Duration
}

// toScreenMsg delivers msg to the frame with id.
type toScreenMsg struct {
	id  int
	msg tea.Msg
}

func sendTo(id int, msg tea.Msg) tea.Cmd { return func() tea.Msg { return toScreenMsg{id, msg} } }

// refreshMsg asks the top screen to reload (r).
type refreshMsg struct{}

// toggleHelpMsg shows or hides the full help (?).
type toggleHelpMsg struct{}

// flashMsg puts a success note in the status bar until the next action.
type flashMsg struct{ text string }
