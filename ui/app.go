package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
	"github.com/orgscope/orgscope/ui/theme"
)

// Options configure the App.
type Options struct {
	// Tenant names the tenant in the status bar ("sandbox" for the demo).
	Tenant string
	// RequestTimeout bounds every client call (default 30 s; a crawl's
	// single requests may wait for the rate governor).
	RequestTimeout time.Duration
	// NoColor drops colours (the NO_COLOR convention).
	NoColor bool
	// Theme is "dark" or "light" to force one; otherwise the terminal's
	// background decides.
	Theme string
	// Audit are the tenant's audit settings (rules switched off).
	Audit model.AuditConfig
	// PolicyFile is the tenant's policy file (audit.policy_file): :policy
	// checks it, and the audit with its rules.
	PolicyFile string
	// Store keeps the tenant's snapshot between sessions (nil: nothing is
	// kept, as for the demo sandbox).
	Store *client.Store
	// RefreshEvery is how often the snapshot is refreshed from the tenant
	// log in the background (default a minute; negative: never).
	RefreshEvery time.Duration
	// Tenants lists the config file's tenants and Switch opens one, for
	// :tenant (nil: no switching, as for the demo sandbox).
	Tenants func() ([]TenantChoice, error)
	Switch  func(name string) (Switched, error)
	// ReadOnlyWhy says what made the client read-only, for the message
	// of a refused change ("" : --read-only).
	ReadOnlyWhy string
	// Snapshot, when set, is the session's snapshot from the start (a
	// snapshot file browsed offline).
	Snapshot *model.Snapshot
	// BulkDir is where bulk batches are journalled (default: a folder in
	// the system's temporary directory).
	BulkDir string
}

type frame struct {
	id     int
	screen screen
	ctx    context.Context // cancelled when the frame is popped
	cancel context.CancelFunc
}

// App is the root model.
type App struct {
	client  *client.Client
	opts    Options
	base    context.Context
	keys    keys.Map
	styles  theme.Styles
	stack   []frame
	nextID  int
	status  statusState
	spin    spinner.Model
	help    help.Model
	pal     *palette
	width   int
	height  int
	session *session
	// lastRefresh is when the snapshot was last refreshed in the background.
	lastRefresh time.Time
	// quitAsked is set by a q that a busy screen held back: the next q quits.
	quitAsked bool
	// snapSeen is the session's snapshotGen the screens were last told of.
	snapSeen int
	// snapNoteFor is the snapshot the status bar's note is about.
	snapNoteFor *model.Snapshot
	// crash is a panic that stopped the App, for the report.
	crash *crashBox
	// plansSeen is how many of the client's executed plans the session's
	// snapshot has taken.
	plansSeen int
}

// New builds the App on a client; ctx ends every request (cancel it on
// shutdown). The first screen is the organizations list.
func New(ctx context.Context, c *client.Client, opts Options) App {
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 30 * time.Second
	}
	if opts.RefreshEvery == 0 {
		opts.RefreshEvery = time.Minute
	}
	a := App{
		client: c, opts: opts, base: ctx,
		keys:    keys.Default(),
		styles:  theme.New(opts.Theme != "light", opts.NoColor), // until the terminal reports its background
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:    help.New(),
		status:  statusState{tenant: opts.Tenant, readOnly: c.ReadOnly()},
		session: newSession(),
		crash:   &crashBox{},
	}
	a.help.Styles = a.styles.Help
	if opts.BulkDir == "" {
		opts.BulkDir = filepath.Join(os.TempDir(), "orgscope-bulk")
	}
	a.opts = opts
	a.session.configure(opts)
	a.lastRefresh = time.Now()
	if opts.Snapshot != nil {
		a.session.setSnapshot(opts.Snapshot)
		a.status.snapNow = time.Now()
	}
	a.stack = []frame{a.newFrame(newOrgListScreen)}
	return a
}

// Init asks for the background colour and starts the first screen; its
// commands are guarded (a panic in one stops the App cleanly).
func (a App) Init() tea.Cmd { return guard(a.init()) }

func (a App) init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.stack[0].screen.Init(), a.readScopes(), a.loadSnapshot(), a.tickSnapshot())
}

// scopesReadMsg carries the token's scopes, for disabling what it cannot do.
type scopesReadMsg struct{ scopes []string }

func (a App) readScopes() tea.Cmd {
	c, base := a.client, a.base
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(base, 30*time.Second)
		defer cancel()
		sc, err := c.Scopes(ctx)
		if err != nil || len(sc) == 0 {
			return scopesReadMsg{} // unknown: every action is tried
		}
		return scopesReadMsg{scopes: sc}
	}
}

func (a *App) newFrame(make ctor) frame {
	a.nextID++
	ctx, cancel := context.WithCancel(a.base)
	return frame{id: a.nextID, screen: make(env{id: a.nextID, session: a.session, readOnly: a.client.ReadOnly(),
		readOnlyWhy: a.opts.ReadOnlyWhy, baseURL: a.client.BaseURL(), keys: a.keys}), ctx: ctx, cancel: cancel}
}

func (a App) top() (frame, bool) {
	if len(a.stack) == 0 {
		return frame{}, false
	}
	return a.stack[len(a.stack)-1], true
}

// helpKeys are the keys the help offers on f's screen, in its state.
func (a App) helpKeys(f frame) helpKeys {
	h := helpKeys{screen: f.screen.Keys(), global: a.keys, root: len(a.stack) == 1, capturing: f.screen.Capturing(), refresh: refreshes(f.screen)}
	if m, ok := f.screen.(mover); ok {
		h.moves = m.moves()
	}
	return h
}

func (a App) helpView() string {
	f, ok := a.top()
	if !ok {
		return ""
	}
	h := a.helpKeys(f)
	v := a.help.View(h)
	if a.help.ShowAll && a.width > 0 {
		// bubbles drops the columns that do not fit beside the first (an
		// "…" where esc, : and q were): at this width, one under another.
		wide := a.help
		wide.SetWidth(0)
		if lipgloss.Width(wide.FullHelpView(h.FullHelp())) > a.width {
			var cols []string
			for _, col := range h.FullHelp() {
				if one := wide.FullHelpView([][]key.Binding{col}); one != "" {
					cols = append(cols, one)
				}
			}
			v = strings.Join(cols, "\n")
		}
	}
	// bubbles' help adds the next key anyway when its "…" does not fit
	// (help.shouldAddItem), overflowing the line: cut it to the width.
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if a.width > 0 && lipgloss.Width(l) > a.width {
			lines[i] = ansi.Truncate(l, a.width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// fitLines cuts every line of s to w cells: whatever a screen or a
// component draws (a huh error line wider than its form), the window's
// width holds, and no line pushes the others (JoinVertical pads every part
// to the widest).
func fitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// contentSize is the screens' area: the window less the breadcrumbs, the
// help line(s) and the status bar.
func (a App) contentSize() (int, int) {
	return a.width, max(1, a.height-2-lipgloss.Height(a.helpView()))
}

func (a App) sizeMsg() tea.WindowSizeMsg {
	w, h := a.contentSize()
	return tea.WindowSizeMsg{Width: w, Height: h}
}

// updateFrame delivers msg to frame i and applies its navigation (only the
// top frame may navigate).
func (a *App) updateFrame(i int, msg tea.Msg) tea.Cmd {
	s, cmd, nav := a.stack[i].screen.Update(msg)
	a.stack[i].screen = s
	if nav.none() || i != len(a.stack)-1 {
		return cmd
	}
	return tea.Batch(cmd, a.navigate(nav))
}

func (a *App) updateTop(msg tea.Msg) tea.Cmd {
	if len(a.stack) == 0 {
		return nil
	}
	return a.updateFrame(len(a.stack)-1, msg)
}

func (a *App) navigate(n nav) tea.Cmd {
	switch {
	case n.pop:
		if len(a.stack) > 1 {
			top := a.stack[len(a.stack)-1]
			top.cancel() // its requests end, their replies are dropped
			a.stack = a.stack[:len(a.stack)-1]
			a.status.lastErr = ""
			return a.updateTop(a.sizeMsg())
		}
	case n.popTo != 0:
		i := a.frameIndex(n.popTo)
		if i < 0 || i == len(a.stack)-1 {
			return nil
		}
		for _, f := range a.stack[i+1:] {
			f.cancel()
		}
		a.stack = a.stack[:i+1]
		a.status.lastErr = ""
		return a.updateTop(a.sizeMsg())
	case n.reset != nil:
		for _, f := range a.stack {
			f.cancel()
		}
		a.stack = nil
		return a.push(n.reset)
	case n.push != nil:
		return a.push(n.push)
	}
	return nil
}

func (a *App) push(make ctor) tea.Cmd {
	f := a.newFrame(make)
	a.stack = append(a.stack, f)
	a.status.lastErr, a.status.flash = "", ""
	return tea.Batch(f.screen.Init(), a.updateTop(a.sizeMsg()), a.updateTop(backgroundMsg{dark: a.styles.IsDark}))
}

func (a *App) frameIndex(id int) int {
	for i, f := range a.stack {
		if f.id == id {
			return i
		}
	}
	return -1
}

// runAPI runs a screen's client call with a timeout under the screen's
// context.
func (a *App) runAPI(req apiRequestMsg) tea.Cmd {
	i := a.frameIndex(req.screenID)
	if i < 0 {
		return nil
	}
	parent, c, timeout := a.stack[i].ctx, a.client, a.opts.RequestTimeout
	a.status.inflight++
	work := func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		if req.long {
			ctx, cancel = context.WithCancel(parent)
		}
		defer cancel()
		began := time.Now()
		msg, err := req.run(ctx, c)
		return apiDoneMsg{screenID: req.screenID, op: req.op, msg: msg, err: err, took: time.Since(began)}
	}
	if a.status.inflight == 1 {
		return tea.Batch(work, a.spin.Tick)
	}
	return work
}

// Update routes messages: sizes and theme to every screen, client replies
// to the screen that asked, keys by precedence (ctrl+c, palette, a
// capturing screen, global keys, the top screen).
// Update applies msg; a panic in it, or in a command it started, stops the
// App with the terminal given back and the crash kept for the report.
func (a App) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if c, ok := msg.(crashedMsg); ok && a.crash.c == nil {
		a.crash.c = c.c
	}
	if a.crash.c != nil {
		return a, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			a.crash.set(fmt.Sprintf("handling %T", msg), r)
			m, cmd = a, tea.Quit
		}
	}()
	m, cmd = a.updateAndTell(msg)
	return m, guard(cmd)
}

// updateAndTell applies msg, then tells every screen of a newer snapshot.
func (a App) updateAndTell(msg tea.Msg) (tea.Model, tea.Cmd) {
	flash, lastErr := a.status.flash, a.status.lastErr
	m, cmd := a.update(msg)
	a = m.(App)
	// What the status bar says is kept for :messages (it cuts a long line,
	// and a flash goes with the next key).
	if a.status.flash != flash && a.status.flash != "" {
		a.session.note(a.status.flash, false)
	}
	if a.status.lastErr != lastErr && a.status.lastErr != "" {
		a.session.note(a.status.lastErr, true)
	}
	// orgscope's own writes reach the snapshot at once, whoever made them.
	if n := a.client.PlanLog().Len(); n != a.plansSeen {
		executed := a.client.PlanLog().Since(a.plansSeen)
		a.session.applyExecuted(executed)
		a.plansSeen = n
		// And every screen below the one that wrote: a list shows the
		// object as the tenant now holds it without a refresh.
		cmd = tea.Batch(cmd, a.broadcast(ownWritesMsg{executed: executed}))
	}
	// Whoever took a newer snapshot (the audit's crawl, a background
	// refresh, the stored one loading), every screen hears of it.
	if gen := a.session.snapshotGen(); gen != a.snapSeen {
		a.snapSeen = gen
		cmd = tea.Batch(cmd, a.broadcast(snapshotChangedMsg{}))
	}
	return a, cmd
}

func (a App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		var cmds []tea.Cmd
		for i := range a.stack {
			cmds = append(cmds, a.updateFrame(i, a.sizeMsg()))
		}
		return a, tea.Batch(cmds...)
	case tea.BackgroundColorMsg:
		if a.opts.Theme == "dark" || a.opts.Theme == "light" {
			return a, nil // the config file chose
		}
		a.styles = theme.New(msg.IsDark(), a.opts.NoColor)
		a.help.Styles = a.styles.Help
		var cmds []tea.Cmd
		for i := range a.stack {
			cmds = append(cmds, a.updateFrame(i, backgroundMsg{dark: msg.IsDark()}))
		}
		return a, tea.Batch(cmds...)
	case apiRequestMsg:
		return a, a.runAPI(msg)
	case apiDoneMsg:
		a.status.inflight = max(0, a.status.inflight-1)
		a.status.budget = a.client.Budget()
		switch {
		case errors.Is(msg.err, context.Canceled):
			// the screen went away: not an error
		case errors.Is(msg.err, context.DeadlineExceeded):
			a.status.lastErr = msg.op + ": no answer in time"
		case msg.err != nil:
			a.status.lastErr = msg.op + ": " + msg.err.Error()
		}
		if i := a.frameIndex(msg.screenID); i >= 0 && msg.msg != nil {
			return a, a.updateFrame(i, msg.msg)
		}
		return a, nil
	case toScreenMsg:
		if i := a.frameIndex(msg.id); i >= 0 {
			return a, a.updateFrame(i, msg.msg)
		}
		return a, nil
	case flashMsg:
		a.status.flash = msg.text
		return a, nil
	case scopesReadMsg:
		a.session.setScopes(msg.scopes)
		return a, nil
	case switchTenantMsg:
		if why := a.busy(); why != "" {
			a.status.flash = why + ": x stops it, then switch"
			return a, nil
		}
		a.status.flash = "opening " + msg.name + "…"
		return a, a.switchTenant(msg.name)
	case tenantSwitchedMsg:
		if msg.err != nil {
			a.status.lastErr = "switch tenant: " + msg.err.Error()
			return a, nil
		}
		cmd := a.switched(msg.app)
		return a, cmd
	case snapshotLoadedMsg, snapshotRefreshedMsg, snapshotTickMsg:
		cmd := a.updateSnapshotState(msg)
		return a, cmd
	case spinner.TickMsg:
		if a.status.inflight == 0 {
			return a, nil // let the tick loop end
		}
		a.status.budget = a.client.Budget()
		var cmd tea.Cmd
		a.spin, cmd = a.spin.Update(msg)
		return a, cmd
	case toggleHelpMsg:
		a.help.ShowAll = !a.help.ShowAll
		return a, a.updateTop(a.sizeMsg())
	case refreshMsg:
		a.status.lastErr, a.status.flash = "", ""
		return a, a.updateTop(msg)
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.MouseMsg:
		return a, a.updateTop(shiftMouse(msg, -1)) // below the breadcrumbs
	}
	return a, a.updateTop(msg)
}

// busyScreen is a screen with work a quit would cut short: busy says what
// ("" when there is none).
type busyScreen interface{ busy() string }

// busy says what a quit would cut short, from the screens on the stack.
func (a App) busy() string {
	for _, f := range a.stack {
		if b, ok := f.screen.(busyScreen); ok {
			if why := b.busy(); why != "" {
				return why
			}
		}
	}
	return ""
}

func (a App) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, a.keys.ForceQuit) {
		return a, tea.Quit
	}
	if a.pal != nil {
		chosen, closed := a.pal.update(msg)
		if closed {
			a.pal = nil
		}
		if chosen == nil {
			return a, nil
		}
		cmds := []tea.Cmd{a.navigate(chosen.Nav)}
		if chosen.Msg != nil {
			m, c := a.Update(chosen.Msg)
			a, cmds = m.(App), append(cmds, c)
		}
		return a, tea.Batch(cmds...)
	}
	if f, ok := a.top(); ok && f.screen.Capturing() {
		return a, a.updateTop(msg)
	}
	// A key is a new action: the last error and note give way.
	a.status.lastErr, a.status.flash = "", ""
	quitAsked := a.quitAsked
	a.quitAsked = false
	switch {
	case key.Matches(msg, a.keys.Quit):
		if why := a.busy(); why != "" && !quitAsked {
			a.quitAsked = true
			a.status.flash = why + ": q again quits (its journal keeps the rest)"
			return a, nil
		}
		return a, tea.Quit
	case key.Matches(msg, a.keys.Back) && a.help.ShowAll:
		return a.Update(toggleHelpMsg{}) // esc closes the full help first
	case key.Matches(msg, a.keys.Back):
		if f, ok := a.top(); ok {
			if e, ok := f.screen.(escTaker); ok && e.wantsEsc() {
				return a, a.updateTop(msg) // clears the screen's filter first
			}
		}
		return a, a.navigate(pop()) // never quits: at the root it does nothing
	case key.Matches(msg, a.keys.Help):
		return a.Update(toggleHelpMsg{})
	case key.Matches(msg, a.keys.Refresh):
		if f, ok := a.top(); ok && refreshes(f.screen) {
			return a.Update(refreshMsg{})
		}
	case key.Matches(msg, a.keys.Palette):
		p := newPalette(a.paletteCommands())
		a.pal = &p
		return a, nil
	}
	return a, a.updateTop(msg)
}

// paletteCommands are the palette's entries: the top screen's, then the
// screens and the app's own.
func (a App) paletteCommands() []command {
	var cmds []command
	if f, ok := a.top(); ok {
		if c, ok := f.screen.(commander); ok {
			cmds = append(cmds, c.Commands()...)
		}
	}
	domain := a.client.Domain()
	if a.opts.Switch != nil && a.opts.Tenants != nil {
		list, current := a.opts.Tenants, a.opts.Tenant
		cmds = append(cmds, command{Title: "tenant — switch to another tenant", Nav: push(func(e env) screen { return newTenantsScreen(e, list, current) })})
	}
	cmds = append(cmds,
		command{Title: "orgs — organizations", Nav: reset(newOrgListScreen)},
		command{Title: "connections — all connections", Nav: reset(newConnListScreen)},
		command{Title: "profiles — connection profiles", Nav: reset(newProfileListScreen)},
		command{Title: "clients — applications and My Organization", Nav: reset(newClientListScreen)},
		command{Title: "audit — check the whole tenant (from its snapshot)", Nav: push(newAuditScreen)},
		command{Title: "matrix — organizations × connections", Nav: push(newMatrixScreen)},
		command{Title: "delegation — organizations × applications: what org admins can do", Nav: push(newDelegationMatrixScreen)},
		command{Title: "policy — check a policy file and apply it", Nav: push(newPolicyScreen)},
		command{Title: "changes — the tenant's changes as its log reports them, and who made them", Nav: push(newChangesScreen)},
		command{Title: "requests — the session's request log", Nav: push(newRequestsScreen)},
		command{Title: "messages — what the status bar said, in full", Nav: push(newMessagesScreen)},
		command{Title: "batches — bulk changes: finish a stopped one, undo one", Nav: push(func(e env) screen { return newBatchesScreen(e, domain) })},
	)
	if f, ok := a.top(); ok && refreshes(f.screen) {
		cmds = append(cmds, command{Title: "refresh", Msg: refreshMsg{}})
	}
	return append(cmds, command{Title: "help", Msg: toggleHelpMsg{}}, command{Title: "quit", Msg: tea.QuitMsg{}})
}

// Render is the whole UI as a string: View's content, and what golden
// tests compare.
func (a App) Render() string {
	// The last guard: whatever tenant text a screen drew without cleaning
	// it can change colours at most (model.CleanRendered).
	return model.CleanRendered(a.render())
}

// render draws the UI: the breadcrumbs, the top screen, the help and the
// status bar, with the palette over them when it is open.
func (a App) render() string {
	f, ok := a.top()
	if a.width == 0 || !ok {
		return ""
	}
	st := a.styles
	crumbs := make([]string, len(a.stack))
	for i, fr := range a.stack {
		crumbs[i] = model.CleanLine(fr.screen.Title()) // titles name tenant objects
	}
	header := st.Title.Render(crumbs[len(crumbs)-1])
	if len(crumbs) > 1 {
		header = st.Crumb.Render(strings.Join(crumbs[:len(crumbs)-1], " › ")+" › ") + header
	}
	w, h := a.contentSize()
	body := lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h).Render(f.screen.View(renderCtx{Width: w, Height: h, Styles: st}))
	body = fitLines(body, w)
	parts := []string{table.Fit(header, a.width), body}
	if hv := a.helpView(); hv != "" {
		parts = append(parts, hv)
	}
	status := a.status
	status.snapshot, status.snapNote = snapshotAge(a.session.snapshot(), status.snapNow), a.snapshotNote()
	if m, ok := f.screen.(interface{ Marked() int }); ok {
		status.marked = m.Marked()
	}
	parts = append(parts, renderStatus(status, a.spin.View(), st, a.width))
	screen := lipgloss.JoinVertical(lipgloss.Left, parts...)
	if a.pal == nil {
		return screen
	}
	pv := a.pal.view(st, min(a.width-4, 70))
	x := max(0, (a.width-lipgloss.Width(pv))/2)
	return lipgloss.NewCompositor(lipgloss.NewLayer(screen), lipgloss.NewLayer(pv).X(x).Y(2).Z(1)).Render()
}

// View is the terminal frame: the rendered UI on the alternate screen with
// mouse reporting.
// View draws the App; a panic in drawing stops it (at the next message)
// with the crash kept for the report.
func (a App) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			a.crash.set("drawing the screen", r)
			v = tea.NewView("orgscope stopped on an internal error while drawing the screen: press any key.")
		}
	}()
	return a.view()
}

func (a App) view() tea.View {
	v := tea.NewView(a.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "orgscope · " + model.CleanLine(a.opts.Tenant) // a name from the config file
	return v
}

// backgroundMsg tells screens the theme changed.
type backgroundMsg struct{ dark bool }

// shiftMouse moves a mouse event's Y by dy, into a screen's coordinates.
func shiftMouse(msg tea.MouseMsg, dy int) tea.Msg {
	switch m := msg.(type) {
	case tea.MouseClickMsg:
		m.Y += dy
		return m
	case tea.MouseWheelMsg:
		m.Y += dy
		return m
	case tea.MouseReleaseMsg:
		m.Y += dy
		return m
	case tea.MouseMotionMsg:
		m.Y += dy
		return m
	}
	return msg
}
