package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/orgscope/orgscope/model"
)

// shortestLogRetention is the shortest time Auth0 keeps tenant logs (the
// Free plan's day; paid plans keep 5 to 30 days, per Auth0's "Log Data
// Retention" page).
const shortestLogRetention = 24 * time.Hour

// NeedsFullCrawl is the answer of a refresh that cannot be trusted: the
// snapshot must be crawled again, for the reason given.
type NeedsFullCrawl struct{ Reason string }

func (e *NeedsFullCrawl) Error() string { return "a full crawl is needed: " + e.Reason }

// RefreshStats says what a refresh read.
type RefreshStats struct {
	LogPages int // pages of the tenant log
	Events   int // events after the checkpoint
	Writes   int // successful API writes among them
	Reads    int // requests that read the objects changed
	// Logged are the events after the checkpoint, in the log's order:
	// who made each change (model.Attribute).
	Logged []model.LogEvent
}

// logCheckpoint places a crawl in the tenant log: the newest event and
// the one before it, newest first in the logs' search mode. A token
// without read:logs gives nil, and its snapshots refresh by crawling.
func (c *Client) logCheckpoint(ctx context.Context) (*model.LogCheckpoint, error) {
	q := url.Values{"page": {"0"}, "per_page": {"2"}, "sort": {"date:-1"}}
	events, err := c.getLogs(ctx, q)
	if err != nil {
		if lacksLogs(err) {
			return nil, nil
		}
		return nil, err
	}
	switch len(events) {
	case 0:
		return &model.LogCheckpoint{}, nil
	case 1:
		return &model.LogCheckpoint{Newest: events[0].LogID, Before: "0"}, nil
	}
	return &model.LogCheckpoint{Newest: events[0].LogID, Before: events[1].LogID}, nil
}

func lacksLogs(err error) bool { return statusOf(err) == http.StatusForbidden }

// Refresh brings a snapshot up to date from the tenant log: it reads the
// events after the snapshot's checkpoint and reads again only the
// organizations, links, connections, profiles and clients they changed.
// It returns a new snapshot (old is left as it was), or *NeedsFullCrawl
// when the log cannot vouch for the snapshot: no checkpoint, a token
// without read:logs, or a checkpoint the log no longer holds.
func (c *Client) Refresh(ctx context.Context, old *model.Snapshot, progress func(CrawlProgress)) (*model.Snapshot, RefreshStats, error) {
	var st RefreshStats
	start := c.log.Total()
	report := func(p CrawlProgress) {
		if progress != nil {
			p.Requests = c.log.Total() - start
			progress(p)
		}
	}
	cp := old.Checkpoint
	if cp == nil {
		return nil, st, &NeedsFullCrawl{"the snapshot has no place in the tenant log (it was taken with a token without read:logs)"}
	}
	if cp.Newest == "" && time.Since(old.AsOf()) >= shortestLogRetention {
		return nil, st, &NeedsFullCrawl{"the tenant log was empty when the snapshot was taken, and after a day orgscope cannot tell whether events have aged out of it since"}
	}
	report(CrawlProgress{Stage: "logs"})
	changes := model.NewTenantChanges()
	from := cp.Before
	if from == "" {
		from = "0"
	}
	found := cp.Newest == ""
	newest, before := cp.Newest, cp.Before
	for {
		page, err := c.logsPage(ctx, from)
		if err != nil {
			if lacksLogs(err) {
				return nil, st, &NeedsFullCrawl{"the token lacks read:logs, so the changes since the snapshot cannot be read"}
			}
			return nil, st, err
		}
		st.LogPages++
		report(CrawlProgress{Stage: "logs", Done: st.LogPages})
		for _, ev := range page {
			switch {
			case !found && ev.LogID == cp.Newest:
				found = true
				continue
			case !found && ev.LogID > cp.Newest:
				return nil, st, &NeedsFullCrawl{"the snapshot's place in the tenant log has aged out of it (Auth0 keeps logs 1 to 30 days, by plan)"}
			case ev.LogID <= cp.Newest:
				continue // older than the snapshot's reads
			}
			st.Events++
			changes.Add(ev)
			st.Logged = append(st.Logged, ev)
			newest, before = ev.LogID, newest
		}
		if len(page) < logsTake {
			break
		}
		from = page[len(page)-1].LogID
	}
	if !found {
		return nil, st, &NeedsFullCrawl{"the snapshot's place in the tenant log has aged out of it (Auth0 keeps logs 1 to 30 days, by plan)"}
	}
	st.Writes = changes.Writes
	if before == "" {
		before = "0"
	}
	s := old.Clone()
	s.RefreshedAt = time.Now().UTC()
	s.Checkpoint = &model.LogCheckpoint{Newest: newest, Before: before}
	if newest == "" {
		s.Checkpoint.Before = ""
	}
	sent := c.log.Total()
	err := c.applySafely(ctx, s, changes, report)
	st.Reads = c.log.Total() - sent
	if err != nil {
		return nil, st, err
	}
	s.KeepPrefixHistory(old)
	return s, st, nil
}

// applySafely is applyChanges that cannot take the program down: a fault
// in applying the log (a snapshot this version cannot take, an event it
// does not understand) leaves the snapshot as it was and asks for a crawl,
// which rebuilds it from the tenant itself. Failing here would fail every
// start after, since the log would name the same event again.
func (c *Client) applySafely(ctx context.Context, s *model.Snapshot, ch *model.TenantChanges, report func(CrawlProgress)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &NeedsFullCrawl{fmt.Sprintf("applying the tenant log to the snapshot failed (%v); a crawl rebuilds it", r)}
		}
	}()
	return c.applyChanges(ctx, s, ch, report)
}

// applyChanges reads again what changes names and puts it in s.
func (c *Client) applyChanges(ctx context.Context, s *model.Snapshot, ch *model.TenantChanges, report func(CrawlProgress)) error {
	report(CrawlProgress{Stage: "changes"})

	// Connections first: deleting one takes its links off every org.
	if ch.Connections.Unlisted {
		all, err := Collect(c.Connections(ctx))
		if err != nil {
			return err
		}
		for _, old := range s.Connections {
			if !slices.ContainsFunc(all, func(n model.Connection) bool { return n.ID == old.ID }) {
				ch.Connections.Remove(old.ID)
			}
		}
		s.Connections = all
	} else {
		for id := range ch.Connections.Changed {
			if ch.Connections.Deleted[id] {
				continue
			}
			conn, err := c.Connection(ctx, id)
			switch {
			case IsNotFound(err):
				ch.Connections.Remove(id)
			case err != nil:
				return err
			default:
				s.Connections = upsert(s.Connections, conn, func(x model.Connection) bool { return x.ID == id })
			}
		}
	}
	for id := range ch.Connections.Deleted {
		s.Connections = slices.DeleteFunc(s.Connections, func(x model.Connection) bool { return x.ID == id })
	}
	if len(ch.Connections.Deleted) > 0 {
		for org, ls := range s.Links {
			if slices.ContainsFunc(ls, func(l model.OrganizationConnection) bool { return ch.Connections.Deleted[l.ConnectionID] }) {
				s.Links[org] = slices.DeleteFunc(slices.Clone(ls), func(l model.OrganizationConnection) bool { return ch.Connections.Deleted[l.ConnectionID] })
			}
		}
	}

	// Profiles.
	if ch.Profiles.Unlisted {
		all, err := Collect(c.ConnectionProfiles(ctx))
		if err != nil {
			return err
		}
		s.Profiles = all
	} else {
		for id := range ch.Profiles.Changed {
			if ch.Profiles.Deleted[id] {
				continue
			}
			p, err := c.ConnectionProfile(ctx, id)
			switch {
			case IsNotFound(err):
				ch.Profiles.Remove(id)
			case err != nil:
				return err
			default:
				s.Profiles = upsert(s.Profiles, p, func(x model.ConnectionProfile) bool { return x.ID == id })
			}
		}
		for id := range ch.Profiles.Deleted {
			s.Profiles = slices.DeleteFunc(s.Profiles, func(x model.ConnectionProfile) bool { return x.ID == id })
		}
	}

	// Clients, and the grants of those whose My Organization settings or
	// grants changed.
	grantsOf := map[string]bool{}
	for id := range ch.GrantClients {
		grantsOf[id] = true
	}
	for gid := range ch.GrantIDs {
		for cid, g := range s.MyOrganizationGrants {
			if g.ID == gid {
				grantsOf[cid] = true
			}
		}
	}
	if ch.Clients.Unlisted {
		all, err := Collect(c.Clients(ctx))
		if err != nil {
			return err
		}
		for _, old := range s.Clients {
			if !slices.ContainsFunc(all, func(n model.Client) bool { return n.ClientID == old.ClientID }) {
				ch.Clients.Remove(old.ClientID)
			}
		}
		s.Clients = all
		for _, cl := range all {
			grantsOf[cl.ClientID] = true
		}
	} else {
		for id := range ch.Clients.Changed {
			if ch.Clients.Deleted[id] {
				continue
			}
			cl, err := c.Client(ctx, id)
			switch {
			case IsNotFound(err):
				ch.Clients.Remove(id)
			case err != nil:
				return err
			default:
				s.Clients = upsert(s.Clients, cl, func(x model.Client) bool { return x.ClientID == id })
				grantsOf[id] = true
			}
		}
	}
	for id := range ch.Clients.Deleted {
		s.Clients = slices.DeleteFunc(s.Clients, func(x model.Client) bool { return x.ClientID == id })
		delete(s.MyOrganizationGrants, id)
		delete(grantsOf, id)
		// Auth0 takes a deleted client off every connection.
		for i, conn := range s.Connections {
			if slices.Contains(conn.EnabledClients, id) {
				conn.EnabledClients = slices.DeleteFunc(slices.Clone(conn.EnabledClients), func(x string) bool { return x == id })
				s.Connections[i] = conn
			}
		}
	}
	if ch.Prompts {
		if err := c.readPrompts(ctx, s); err != nil {
			return err
		}
	}
	if ch.AllGrants {
		s.MyOrganizationAPI, s.MyOrganizationGrants = "", map[string]model.ClientGrant{}
		if err := c.crawlGrants(ctx, s, report); err != nil {
			return err
		}
	} else if s.MyOrganizationAPI != "" {
		for id := range grantsOf {
			i := slices.IndexFunc(s.Clients, func(x model.Client) bool { return x.ClientID == id })
			if i < 0 || s.Clients[i].MyOrganizationConfiguration == nil {
				delete(s.MyOrganizationGrants, id)
				continue
			}
			g, ok, err := c.ClientGrant(ctx, id, s.MyOrganizationAPI)
			if _, noScope := IsInsufficientScope(err); noScope {
				// As a crawl without read:client_grants: no grant known.
				s.MyOrganizationAPI, s.MyOrganizationGrants, s.MyOrganizationPolicies = "", nil, nil
				s.GrantsUnread = "the token lacks read:client_grants"
				break
			}
			if err != nil {
				return err
			}
			if ok {
				s.MyOrganizationGrants[id] = g
			} else {
				delete(s.MyOrganizationGrants, id)
			}
		}
	}

	// Organizations, then their links: those are the slow bucket, read in
	// parallel under the governor.
	links := ch.Links
	if ch.Organizations.Unlisted {
		all, err := Collect(c.Organizations(ctx))
		if err != nil {
			return err
		}
		known := make(map[string]bool, len(s.Organizations))
		for _, o := range s.Organizations {
			known[o.ID] = true
		}
		listed := make(map[string]bool, len(all))
		for _, o := range all {
			listed[o.ID] = true
			if !known[o.ID] {
				links[o.ID] = true
			}
		}
		for id := range known {
			if !listed[id] {
				ch.Organizations.Remove(id)
			}
		}
		s.Organizations = all
	} else {
		for id := range ch.Organizations.Changed {
			if ch.Organizations.Deleted[id] {
				continue
			}
			o, err := c.Organization(ctx, id)
			switch {
			case IsNotFound(err):
				ch.Organizations.Remove(id)
			case err != nil:
				return err
			default:
				s.Organizations = upsert(s.Organizations, o, func(x model.Organization) bool { return x.ID == id })
			}
		}
	}
	var mu sync.Mutex
	var todo []model.Organization
	for id := range links {
		if !ch.Organizations.Deleted[id] {
			todo = append(todo, model.Organization{ID: id})
		}
	}
	done := 0
	err := ForEach(ctx, c, seqOf(todo), model.GroupReadOrgConnections, func(ctx context.Context, o model.Organization) error {
		ls, err := Collect(c.OrganizationConnections(ctx, o.ID))
		mu.Lock()
		defer mu.Unlock()
		switch {
		case IsNotFound(err):
			ch.Organizations.Remove(o.ID)
		case err != nil:
			return err
		default:
			s.Links[o.ID] = ls
		}
		done++
		report(CrawlProgress{Stage: "changes", Done: done, Total: len(todo)})
		return nil
	})
	if err != nil {
		return err
	}
	for id := range ch.Organizations.Deleted {
		s.Organizations = slices.DeleteFunc(s.Organizations, func(x model.Organization) bool { return x.ID == id })
		delete(s.Links, id)
	}
	return nil
}

// upsert replaces the element match finds, or appends v.
func upsert[T any](list []T, v T, match func(T) bool) []T {
	if i := slices.IndexFunc(list, match); i >= 0 {
		list[i] = v
		return list
	}
	return append(list, v)
}
