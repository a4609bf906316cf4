package client

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgscope/orgscope/model"
)

// CrawlProgress tells how far a crawl has come.
type CrawlProgress struct {
	// Stage names what is being read: "organizations", "links",
	// "connections", "profiles", "clients", "grants".
	Stage string
	// Done and Total count the organizations whose links are read (Total
	// is 0 until the organizations are all listed).
	Done, Total int
}

// Crawl reads a whole tenant into a snapshot with the fewest requests:
// connections, profiles and clients by whole pages; the organizations by
// pages while each one's links are read (one organization per request,
// the only way Auth0 offers) in parallel under the rate governor; then the
// client grants on the My Organization API of the clients that have a My
// Organization configuration. progress, when not nil, is called as it
// goes (from several goroutines; calls do not overlap).
func (c *Client) Crawl(ctx context.Context, progress func(CrawlProgress)) (*model.Snapshot, error) {
	var mu sync.Mutex
	report := func(p CrawlProgress) {
		if progress != nil {
			mu.Lock()
			progress(p)
			mu.Unlock()
		}
	}
	s := &model.Snapshot{Tenant: c.domain, TakenAt: time.Now().UTC(), Links: map[string][]model.OrganizationConnection{}}
	var err error
	report(CrawlProgress{Stage: "connections"})
	if s.Connections, err = Collect(c.Connections(ctx)); err != nil {
		return nil, err
	}
	report(CrawlProgress{Stage: "profiles"})
	if s.Profiles, err = Collect(c.ConnectionProfiles(ctx)); err != nil {
		return nil, err
	}
	report(CrawlProgress{Stage: "clients"})
	if s.Clients, err = Collect(c.Clients(ctx)); err != nil {
		return nil, err
	}
	// The organizations are listed while their links are read: the links
	// bucket is the slow one, and it starts at once. Total is known when
	// the listing ends.
	var listed atomic.Bool
	var done atomic.Int64
	total := func() int {
		if listed.Load() {
			mu.Lock()
			defer mu.Unlock()
			return len(s.Organizations)
		}
		return 0
	}
	report(CrawlProgress{Stage: "links"})
	orgs := func(yield func(model.Organization, error) bool) {
		for o, err := range c.Organizations(ctx) {
			if err == nil {
				mu.Lock()
				s.Organizations = append(s.Organizations, o)
				mu.Unlock()
			}
			if !yield(o, err) || err != nil {
				return
			}
		}
		listed.Store(true)
	}
	err = ForEach(ctx, c, orgs, model.GroupReadOrgConnections, func(ctx context.Context, o model.Organization) error {
		links, err := Collect(c.OrganizationConnections(ctx, o.ID))
		if err != nil {
			return err
		}
		mu.Lock()
		s.Links[o.ID] = links
		mu.Unlock()
		report(CrawlProgress{Stage: "links", Done: int(done.Add(1)), Total: total()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	report(CrawlProgress{Stage: "links", Done: int(done.Load()), Total: len(s.Organizations)})
	return s, c.crawlGrants(ctx, s, report)
}

// crawlGrants reads the My Organization API grants of the clients that
// have a My Organization configuration. A tenant without the API has none
// to read.
func (c *Client) crawlGrants(ctx context.Context, s *model.Snapshot, report func(CrawlProgress)) error {
	report(CrawlProgress{Stage: "grants"})
	api, err := c.MyOrganizationAPI(ctx)
	if err != nil {
		if api := (*APIError)(nil); errors.As(err, &api) {
			return err
		}
		return nil // no My Organization API on this tenant
	}
	s.MyOrganizationAPI, s.MyOrganizationGrants = api.Identifier, map[string]model.ClientGrant{}
	for _, cl := range s.Clients {
		if cl.MyOrganizationConfiguration == nil {
			continue
		}
		g, ok, err := c.ClientGrant(ctx, cl.ClientID, api.Identifier)
		if err != nil {
			return err
		}
		if ok {
			s.MyOrganizationGrants[cl.ClientID] = g
		}
	}
	return nil
}
