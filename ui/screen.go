package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/theme"
)

// screen is one entry of the navigation stack.
type screen interface {
	Init() tea.Cmd
	// Update returns a navigation intent that the router applies in the
	// same Update call (never a Cmd: keys typed ahead must reach the new
	// screen).
	Update(tea.Msg) (screen, tea.Cmd, nav)
	// View renders from the screen's state and rc only.
	View(rc renderCtx) string
	Title() string
	Keys() []key.Binding
	// Capturing reports that the screen takes raw text (a filter, a form):
	// the router then passes q, ?, :, r and esc through.
	Capturing() bool
}

// escTaker is implemented by screens that may want esc for themselves
// (to clear an applied filter) before it means back.
type escTaker interface{ wantsEsc() bool }

// renderCtx is what a screen renders from: its area and the theme.
type renderCtx struct {
	Width, Height int
	Styles        theme.Styles
}

// commander is implemented by screens that add entries to the palette.
type commander interface{ Commands() []command }

// env is what the router gives a screen's constructor: its identity and
// the session's shared knowledge.
type env struct {
	id       int
	session  *session
	readOnly bool
	// readOnlyWhy says what made the tenant read-only ("" : --read-only).
	readOnlyWhy string
	baseURL     string // the tenant's base URL, for the curl of a plan
	// keys are orgscope's bindings, declared once: a screen picks its own
	// from them.
	keys keys.Map
}

// apiFunc is one client call made on behalf of a screen.
type apiFunc func(ctx context.Context, c *client.Client) (tea.Msg, error)

// api returns the Cmd with which a screen asks the router to run a client
// call. The router cancels its context on timeout or when the screen goes.
func (e env) api(op string, run apiFunc) tea.Cmd {
	id := e.id
	return func() tea.Msg { return apiRequestMsg{screenID: id, op: op, run: run} }
}

// longAPI is api for a call that takes as long as the tenant's rate
// limits make it (a crawl of 10,000 organizations takes 100 minutes): no
// timeout; it ends when it is done or when the screen goes.
func (e env) longAPI(op string, run apiFunc) tea.Cmd {
	id := e.id
	return func() tea.Msg { return apiRequestMsg{screenID: id, op: op, run: run, long: true} }
}

// ctor builds a screen for the router.
type ctor func(env) screen

// nav is a navigation intent; the zero value stays.
type nav struct {
	push  ctor
	reset ctor
	pop   bool
	popTo int // the id of the screen to go back to, closing those above it
}

// push opens a screen on top.
func push(c ctor) nav { return nav{push: c} }

// reset replaces the whole stack with a screen.
func reset(c ctor) nav { return nav{reset: c} }

// pop closes the top screen.
func pop() nav { return nav{pop: true} }

// backTo closes every screen above the one with id (a form done goes back
// to the list that asked for it, past a picker it was opened from).
func backTo(id int) nav { return nav{popTo: id} }

// stay is no navigation.
func stay() nav { return nav{} }

func (n nav) none() bool { return n.push == nil && n.reset == nil && !n.pop && n.popTo == 0 }

// command is a palette entry: a navigation, a message to the app, or both.
type command struct {
	Title string
	Nav   nav
	Msg   tea.Msg
}

// refuse returns the Cmd that explains why an action is off — read-only, or
// a scope the token lacks — or nil when the action may go ahead.
func (e env) refuse(scopes ...string) tea.Cmd {
	var text string
	switch {
	case e.readOnly:
		text = "read-only: changes are off for this tenant (drop --read-only to make them)"
		if e.readOnlyWhy != "" {
			text = "read-only: changes are off for this tenant, by " + e.readOnlyWhy
		}
	case len(scopes) > 0 && e.session.lacks(scopes...) != "":
		missing := e.session.lacks(scopes...)
		text = "the token lacks " + missing + ": grant it to orgscope's application to do this"
		if what := model.CapabilityNeeding(missing); what != "" {
			text = what + " needs " + missing + ", which the token lacks: grant it to orgscope's application (orgscope doctor lists them all)"
		}
	default:
		return nil
	}
	return flash(text)
}
