package ui

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// session is what screens learn and share during a session: the link
// counts of organizations already read, and the connections by id. It is
// read and written from Update only, but guarded anyway since screens keep
// a pointer to it.
type session struct {
	mu          sync.Mutex
	messages    []statusNote // what the status bar said, oldest first
	linkCounts  map[string]int
	connections map[string]model.Connection
	// snap is the whole tenant, once read (a crawl, a refresh or the
	// stored snapshot): Used by, the audit and the matrix read it. crawl
	// is its organizations with their links, by name.
	snap  *model.Snapshot
	crawl []orgLinks
	// snapGen counts the snapshots the session took, so that the app
	// tells every screen of one, whichever screen read it.
	snapGen int
	// stale is set by a change made in the session that the snapshot may
	// not show yet: the next background refresh reads the tenant log.
	stale bool
	// updating is set while something brings the snapshot up to date, so
	// that two updates never run at once.
	updating bool
	// store keeps the tenant's snapshot between sessions (nil: nothing
	// is kept, as for the demo sandbox).
	store *client.Store
	// audit are the tenant's audit settings; policyFile its policy file
	// ("" when it has none).
	audit      model.AuditConfig
	policyFile string
	// events are the tenant log's latest write events, as the refreshes
	// read them (for :changes), oldest first, at most recentEvents.
	events []model.LogEvent
	// bulkDir is where bulk batches are journalled.
	bulkDir string
	// offline is set when the session browses a snapshot file: there is
	// no tenant log to read.
	offline bool
	// names are the names earlier snapshots held for the objects the log
	// events name ("kind id"): :changes names an object removed since.
	names map[string]string
	// connGen counts changes to the tenant's connections, so that the
	// connections list reads them again when it shows next.
	connGen int
	// scopes are the token's, once known (nil: unknown, everything is
	// tried and a 403 names what is missing).
	scopes []string
}

func (s *session) setScopes(sc []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = sc
}

// lacks returns the scope an action needs when the token has none of
// scopes ("" when it has one, or when the token's scopes are unknown).
func (s *session) lacks(scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scopes == nil {
		return ""
	}
	for _, want := range scopes {
		for _, have := range s.scopes {
			if have == want {
				return ""
			}
		}
	}
	return scopes[0]
}

func (s *session) connectionsChanged() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connGen++
	s.stale = true // the snapshot's links to it may have changed
}

func (s *session) connectionsGen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connGen
}

// orgLinks is an organization and its links.
type orgLinks struct {
	org   model.Organization
	links []model.OrganizationConnection
}

func newSession() *session {
	return &session{linkCounts: map[string]int{}, connections: map[string]model.Connection{}}
}

// setSnapshot shares a snapshot of the whole tenant with the rest of the
// session: Used by, the audit, the matrix and the link counts read it. A
// snapshot older than the one held is ignored (a slow reply).
func (s *session) setSnapshot(snap *model.Snapshot) {
	c := crawlOf(snap)
	s.setConnections(snap.Connections)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap != nil && snap.AsOf().Before(s.snap.AsOf()) {
		return
	}
	s.rememberNames(s.snap)
	s.snap, s.crawl = snap, c
	s.snapGen++
	for _, ol := range c {
		s.linkCounts[ol.org.ID] = len(ol.links)
	}
}

// renewSnapshot takes a refresh that found nothing new: the same tenant,
// vouched for at a later time. The screens have nothing to redo.
func (s *session) renewSnapshot(snap *model.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap == nil || snap.AsOf().Before(s.snap.AsOf()) {
		return
	}
	s.snap = snap
}

// snapshotGen counts the snapshots taken (see snapGen).
func (s *session) snapshotGen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapGen
}

// snapshot is the session's snapshot of the tenant (nil before one).
func (s *session) snapshot() *model.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap
}

// setOrgLinks puts an organization's links, just read, in the snapshot
// (a copy: screens may be auditing the one they hold), and tells every
// screen: Used by, the audit, the matrix and the counts recompute from it.
// Every screen that reads an organization's links calls it, so that what
// one shows after a change, the others show too.
func (s *session) setOrgLinks(orgID string, links []model.OrganizationConnection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkCounts[orgID] = len(links)
	if s.snap == nil {
		return
	}
	snap := s.snap.Clone()
	snap.Links[orgID] = links
	s.snap = snap
	s.snapGen++ // every screen that shows what links make hears of it
	for i := range s.crawl {
		if s.crawl[i].org.ID == orgID {
			s.crawl = append([]orgLinks(nil), s.crawl...)
			s.crawl[i].links = links
			break
		}
	}
	s.stale = true // the log will say what else the change did
}

// applyExecuted puts orgscope's own writes into the session's snapshot at
// once — whichever screen, form, batch, undo or audit fix made them — and
// tells every screen, so that Used by, the audit, the matrix, the counts and
// the delete confirmations answer from the tenant as it now is, not as it
// was before the write (the tenant log confirms them later).
func (s *session) applyExecuted(done []client.ExecutedPlan) {
	s.mu.Lock()
	cur := s.snap
	s.mu.Unlock()
	if cur == nil || len(done) == 0 {
		return
	}
	snap, changed := cur.Clone(), false
	for _, e := range done {
		changed = client.ApplyExecuted(snap, e) || changed
	}
	if !changed {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap != cur {
		return // a newer snapshot came meanwhile: it was read after the writes
	}
	orgs, touched, all := client.LinksTouched(done)
	if orgs || s.crawl == nil {
		s.crawl = crawlOf(snap) // organizations came or went: sort again
	} else {
		// Only links changed (a bulk batch's thousands of them): the
		// organizations keep their order, and only those touched are
		// looked at again (70 ms a tick at 100,000 organizations was too
		// slow for the screen).
		c := slices.Clone(s.crawl)
		for i := range c {
			if id := c[i].org.ID; all || touched[id] {
				c[i].links = snap.Links[id]
			}
		}
		s.crawl = c
	}
	s.snap, s.stale = snap, true
	s.snapGen++
	for _, ol := range s.crawl {
		if all || orgs || touched[ol.org.ID] {
			s.linkCounts[ol.org.ID] = len(ol.links)
		}
	}
	for _, conn := range snap.Connections {
		s.connections[conn.ID] = conn
	}
}

// crawlOf is a snapshot's organizations with their links, by name.
func crawlOf(snap *model.Snapshot) []orgLinks {
	c := make([]orgLinks, 0, len(snap.Organizations))
	for _, o := range snap.Organizations {
		c = append(c, orgLinks{org: o, links: snap.Links[o.ID]})
	}
	sort.Slice(c, func(i, j int) bool { return c[i].org.Name < c[j].org.Name })
	return c
}

// crawled returns the session's whole-tenant crawl, by organization name
// (nil before one).
func (s *session) crawled() []orgLinks {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]orgLinks(nil), s.crawl...)
}

// usedBy returns the organizations that have connection id enabled, with
// their link, from the session's crawl (ok false before a crawl).
func (s *session) usedBy(id string) (out []orgLink, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.crawl == nil {
		return nil, false
	}
	for _, ol := range s.crawl {
		for _, l := range ol.links {
			if l.ConnectionID == id {
				out = append(out, orgLink{org: ol.org, link: l})
			}
		}
	}
	return out, true
}

// orgLink is one organization's link to a connection.
type orgLink struct {
	org  model.Organization
	link model.OrganizationConnection
}

func (s *session) linkCount(orgID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.linkCounts[orgID]
	return n, ok
}

func (s *session) setConnections(cs []model.Connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		s.connections[c.ID] = c
	}
}

func (s *session) connectionsByID() map[string]model.Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]model.Connection, len(s.connections))
	for k, v := range s.connections {
		out[k] = v
	}
	return out
}

// note keeps a line the status bar said, for :messages (the newest
// maxNotes).
func (s *session) note(text string, isErr bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if n := len(s.messages); n > 0 {
		if last := s.messages[n-1]; last.text == text && last.isErr == isErr && now.Sub(last.at) < time.Second {
			return // said once: an update within an update sees it too
		}
	}
	s.messages = append(s.messages, statusNote{at: now, text: text, isErr: isErr})
	if len(s.messages) > maxNotes {
		s.messages = slices.Delete(s.messages, 0, len(s.messages)-maxNotes)
	}
}

// notes are the lines the status bar said, newest first.
func (s *session) notes() []statusNote {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.messages)
	slices.Reverse(out)
	return out
}

// recentEvents is how many of the tenant log's events the session keeps.
const recentEvents = 1000

// rememberNames keeps the names old (the snapshot being replaced) holds
// for the objects the kept events name. The caller holds s.mu.
func (s *session) rememberNames(old *model.Snapshot) {
	if old == nil || len(s.events) == 0 {
		return
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	for _, ev := range s.events {
		for _, t := range model.EventTargets(ev) {
			kind, id, _ := strings.Cut(t, " ")
			if name := objectName(kind, id, old, nil); name != id {
				s.names[t] = name
			}
		}
	}
}

// knownNames are the names remembered from earlier snapshots.
func (s *session) knownNames() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.names)
}

// configure takes the tenant's settings from the app's options.
func (s *session) configure(opts Options) {
	s.store, s.audit, s.bulkDir, s.policyFile = opts.Store, opts.Audit, opts.BulkDir, opts.PolicyFile
	s.offline = opts.Snapshot != nil
}

// noteEvents keeps the log events a refresh read (the newest kept).
func (s *session) noteEvents(evs []model.LogEvent) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, evs...)
	if n := len(s.events); n > recentEvents {
		s.events = append([]model.LogEvent(nil), s.events[n-recentEvents:]...)
	}
}

// recentLog returns the events kept, oldest first.
func (s *session) recentLog() []model.LogEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]model.LogEvent(nil), s.events...)
}
