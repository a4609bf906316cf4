package ui

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// changesScreen is a live pane of the tenant's changes as its log reports
// them: who changed which organization, link, connection, profile or
// application, and when, newest first. While it is open the session's
// snapshot is brought up to date from the log every changesEvery (under
// the rate governor, one log page and the objects named); enter opens the
// object changed.
type changesScreen struct {
	env    env
	keys   changesKeys
	events []model.LogEvent // shown, newest first
	table  table.Model
	polled time.Time
	busy   bool
	err    error
	// noLog is why the tenant log cannot say what changed ("" when it
	// can): the pane says it, and reads the log again only on r.
	noLog string
	// own is the application orgscope calls with: its changes say so.
	own string
	tenantRead
}

// changesEvery is how often the pane asks the log for news.
const changesEvery = 15 * time.Second

type changesKeys struct{ Open key.Binding }

func newChangesKeys(k keys.Map) changesKeys {
	return changesKeys{Open: keys.As(k.Open, "open what changed")}
}

type (
	changesPolledMsg struct {
		snap *model.Snapshot
		own  string
		err  error
		// noLog is why the log cannot vouch for the snapshot: polling
		// stops (it would fail the same way every time).
		noLog string
	}
	changesTickMsg struct{ s *changesScreen }
)

func newChangesScreen(e env) screen {
	s := &changesScreen{env: e, keys: newChangesKeys(e.keys),
		table: table.New(table.Column{Title: "WHEN", Width: 8}, table.Column{Title: "WHO", Width: 22, Flex: true},
			table.Column{Title: "WHAT", Width: 40, Flex: true})}
	s.table.Detail = nil // the event under the cursor is shown in full below
	return s
}

func (s *changesScreen) Init() tea.Cmd {
	if s.env.session.offline {
		s.ready = true // a file has no log: the pane says so
		return nil
	}
	if s.env.session.snapshot() == nil {
		return s.startRead(s.env, "read the tenant for its changes")
	}
	s.ready = true
	s.show()
	return s.poll()
}

// poll brings the session's snapshot up to date from the tenant log.
func (s *changesScreen) poll() tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy = true
	sess := s.env.session
	return s.env.api("read the tenant log", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		snap, err := sess.refreshFromLog(ctx, c)
		var full *client.NeedsFullCrawl
		if errors.As(err, &full) {
			// Said on the pane, not as a failed request: polling stops
			// until r.
			return changesPolledMsg{noLog: full.Reason}, nil
		}
		own, _ := c.Caller()
		return changesPolledMsg{snap: snap, own: own, err: err}, err
	})
}

func (s *changesScreen) tick() tea.Cmd {
	return tea.Tick(changesEvery, func(time.Time) tea.Msg { return changesTickMsg{s: s} })
}

func (s *changesScreen) Title() string        { return "Changes" }
func (s *changesScreen) Capturing() bool      { return s.table.Capturing() }
func (s *changesScreen) wantsEsc() bool       { return s.table.Filter() != "" }
func (s *changesScreen) moves() []key.Binding { return tableMoves(s.table) }

// refreshes: r asks the log now.
func (s *changesScreen) refreshes() bool { return s.ready }

func (s *changesScreen) Keys() []key.Binding {
	_, row := s.table.Selected()
	return []key.Binding{keys.If(row, s.keys.Open), keys.If(len(s.events) > 0, s.table.FilterKey())}
}

// show lists the session's events that changed something, newest first.
func (s *changesScreen) show() {
	all := s.env.session.recentLog()
	s.events = s.events[:0]
	for i := len(all) - 1; i >= 0; i-- {
		if len(model.EventTargets(all[i])) > 0 {
			s.events = append(s.events, all[i])
		}
	}
	snap, known := s.env.session.snapshot(), s.env.session.knownNames()
	rows := make([]table.Row, len(s.events))
	for i, ev := range s.events {
		who := eventWho(ev, snap)
		if s.own != "" && ev.ClientID == s.own && ev.UserID == "" {
			who = "orgscope" // the application, named in full below
		}
		rows[i] = table.Row{Key: ev.LogID, Cells: []string{eventTime(ev), who, eventWhat(ev, snap, known)}}
	}
	s.table.SetRows(rows)
}

// eventTime is when an event happened, in local time.
func eventTime(ev model.LogEvent) string {
	t, err := time.Parse(time.RFC3339Nano, ev.Date)
	if err != nil {
		return ev.Date
	}
	return t.Local().Format("15:04:05")
}

// eventWho names who made a change: the user, or the application by name.
func eventWho(ev model.LogEvent, snap *model.Snapshot) string {
	names := map[string]string{}
	if snap != nil {
		for _, c := range snap.Clients {
			names[c.ClientID] = c.Name
		}
	}
	switch {
	case ev.UserName != "":
		return ev.UserName
	case ev.UserID != "":
		return ev.UserID
	case ev.ClientName != "":
		return ev.ClientName
	case names[ev.ClientID] != "":
		return names[ev.ClientID]
	}
	return model.OrDash(ev.ClientID)
}

// eventWhat says what an event changed, with the snapshot's names (or
// those known from before, for a removed object), and for a change the
// fields it sent (their names only: a value may be a secret).
func eventWhat(ev model.LogEvent, snap *model.Snapshot, known map[string]string) string {
	req, _ := ev.Details["request"].(map[string]any)
	method, _ := req["method"].(string)
	verb := map[string]string{"post": "created", "patch": "changed", "put": "set", "delete": "removed"}[strings.ToLower(method)]
	var parts []string
	for _, t := range model.EventTargets(ev) {
		kind, id, _ := strings.Cut(t, " ")
		parts = append(parts, strings.ReplaceAll(kind, "_", " ")+" "+objectName(kind, id, snap, known))
	}
	what := strings.Join(parts, ", ") + " " + verb
	if body, ok := req["body"].(map[string]any); ok && verb == "changed" && len(body) > 0 {
		what += ": " + strings.Join(slices.Sorted(maps.Keys(body)), ", ")
	}
	return what
}

// objectName is an object's name as the snapshot holds it, or as known
// from before (a removed object); its id when neither says.
func objectName(kind, id string, snap *model.Snapshot, known map[string]string) string {
	if name, ok := known[kind+" "+id]; ok {
		return name
	}
	if snap == nil || id == "" {
		return id
	}
	switch kind {
	case model.KindOrganization:
		for _, o := range snap.Organizations {
			if o.ID == id {
				return o.Name
			}
		}
	case model.KindLink:
		org, conn, _ := strings.Cut(id, "/")
		return objectName(model.KindOrganization, org, snap, known) + "/" + objectName(model.KindConnection, conn, snap, known)
	case model.KindConnection:
		if c, ok := snap.ConnectionsByID()[id]; ok {
			return c.Name
		}
	case model.KindProfile:
		if p, ok := snap.ProfilesByID()[id]; ok {
			return p.Name
		}
	case model.KindClient:
		for _, c := range snap.Clients {
			if c.ClientID == id {
				return c.Name
			}
		}
	}
	return id
}

func (s *changesScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.table.SetArea(msg.Height - 1 - changesDetailLines)
		// Back on top after another screen: a tick that came meanwhile
		// went to that screen, so the reading starts again here.
		if s.ready && !s.busy && !s.polled.IsZero() && time.Since(s.polled) > changesEvery {
			return s, s.poll(), stay()
		}
	case readTickMsg:
		return s, s.tickRead(msg), stay()
	case snapshotReadMsg:
		ok, cmd := s.readDone(s.env, msg)
		if ok {
			s.ready = true
			s.show()
			return s, tea.Batch(cmd, s.tick()), stay()
		}
		return s, cmd, stay()
	case changesPolledMsg:
		s.busy, s.err, s.noLog, s.polled = false, msg.err, msg.noLog, time.Now()
		if msg.own != "" {
			s.own = msg.own
		}
		if msg.err == nil && msg.snap != nil {
			s.env.session.setSnapshot(msg.snap)
		}
		s.show()
		if msg.noLog != "" {
			return s, nil, stay()
		}
		return s, s.tick(), stay()
	case changesTickMsg:
		if msg.s != s {
			return s, nil, stay() // an earlier pane's
		}
		return s, s.poll(), stay()
	case refreshMsg:
		if s.env.session.offline {
			return s, nil, stay()
		}
		return s, s.poll(), stay()
	case snapshotChangedMsg:
		s.show()
	case tea.KeyPressMsg:
		if !s.table.Capturing() && key.Matches(msg, s.keys.Open) {
			n, cmd := s.open()
			return s, cmd, n
		}
		if len(s.events) > 0 || s.table.Capturing() { // nothing to filter yet
			s.table.Update(msg)
		}
	}
	return s, nil, stay()
}

// open opens the object the event under the cursor changed, or says
// that it is gone from the tenant.
func (s *changesScreen) open() (nav, tea.Cmd) {
	r, ok := s.table.Selected()
	if !ok {
		return stay(), nil
	}
	for _, ev := range s.events {
		if ev.LogID != r.Key {
			continue
		}
		for _, t := range model.EventTargets(ev) {
			kind, id, _ := strings.Cut(t, " ")
			ref := model.ObjectRef{Kind: kind, ID: id}
			if kind == model.KindLink {
				ref.OrgID, _, _ = strings.Cut(id, "/")
			}
			if n := openObject(ref, s.env.session.snapshot(), s.env.id); !n.none() {
				return n, nil
			}
		}
		// Short: the status bar shares its line with the rate meter.
		kind, id, _ := strings.Cut(model.EventTargets(ev)[0], " ")
		return stay(), flash("nothing to open: " + model.CleanLine(objectName(kind, id, nil, s.env.session.knownNames())) + " is gone")
	}
	return stay(), nil
}

// changesDetailLines are the lines under the table.
const changesDetailLines = 3

func (s *changesScreen) View(rc renderCtx) string {
	st := rc.Styles
	if v, reading := s.readView(st); reading {
		return v
	}
	if s.env.session.offline {
		return st.Muted.Render(strings.Join(wrapLines("A snapshot file has no tenant log: :changes lists a tenant's changes as they are made, "+
			"when orgscope is connected to the tenant.", rc.Width), "\n"))
	}
	noLog := ""
	if s.noLog != "" {
		noLog = "The tenant log cannot say what changed: " + s.noLog + ". Nothing new is listed until orgscope's token has " +
			"read:logs; the next refresh of the snapshot then places it in the log, and r reads the log again."
		if len(s.events) == 0 {
			return st.Warn.Render(strings.Join(wrapLines(noLog, rc.Width), "\n"))
		}
	}
	body := s.table.View(rc.Width, st, "No change since the session's snapshot was taken.")
	detail := make([]string, changesDetailLines)
	if r, ok := s.table.Selected(); ok {
		snap, known := s.env.session.snapshot(), s.env.session.knownNames()
		for _, ev := range s.events {
			if ev.LogID == r.Key {
				// What in full first: the column cuts it.
				line := model.CleanLine(eventWhat(ev, snap, known)) + " · " + model.CleanLine(ev.Description)
				if ev.IP != "" {
					line += " · from " + model.CleanLine(ev.IP)
				}
				if ev.ClientID != "" {
					line += " · application " + model.CleanLine(eventWho(model.LogEvent{ClientID: ev.ClientID, ClientName: ev.ClientName}, s.env.session.snapshot()))
					line += " (" + model.CleanLine(ev.ClientID) + ")"
					if ev.ClientID == s.own {
						line += ", orgscope's"
					}
				}
				copy(detail, wrapAtMost(s.table.Position()+"  "+line, rc.Width, changesDetailLines))
			}
		}
	}
	status := "the tenant log is read every " + changesEvery.String()
	if !s.polled.IsZero() {
		status = "read at " + s.polled.Local().Format("15:04:05") + " · " + status
	}
	switch {
	case s.err != nil || noLog != "":
		// The whole reason, over the detail's lines: what to do is at its end.
		why := noLog
		if s.err != nil {
			why = describe(s.err)
		}
		for i, l := range wrapAtMost(why, rc.Width, changesDetailLines) {
			detail[i] = st.Error.Render(l)
		}
	case detail[changesDetailLines-1] == "":
		detail[changesDetailLines-1] = st.Muted.Render(status)
	}
	for i, l := range detail {
		detail[i] = table.Fit(l, rc.Width)
	}
	return body + "\n" + strings.Join(detail, "\n")
}
