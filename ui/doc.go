// Package ui is orgscope's terminal interface, a Bubble Tea v2 model tree:
// App is the only tea.Model — a router over a stack of screens plus the
// chrome (breadcrumbs, status bar, help, command palette). Screens never
// call the client themselves: they return env.api requests that the router
// runs with a timeout and a per-screen context, and delivers the reply to
// the screen that asked (dropping it if that screen is gone). Navigation is
// returned from Update (a nav) and applied synchronously, so keys typed
// ahead reach the right screen. Rendering is pure: View(renderCtx) from
// state. A panic in Update, View or a command stops the App cleanly, with
// the crash kept for the command line's report (crash.go).
package ui
