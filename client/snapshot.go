package client

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgscope/orgscope/model"
)

// CrawlProgress tells how far a crawl has come.
type CrawlProgress struct {
	// Stage names what is being read: "logs" (Done counts the pages of
	// the tenant log), "connections", "profiles", "clients", "links",
	// "grants", and for a refresh "changes" (Done of Total organizations
	// whose links are read again).
	Stage string
	// Done and Total count the organizations whose links are read (Total
	// is 0 until the organizations are all listed).
	Done, Total int
	// Requests counts the requests sent so far (retries included).
	Requests int
}

// Line says how far the crawl has come after took: the stage, the
// organizations read, the requests and their rate, the time left. The
// TUI's screens and the CLI both show it.
func (p CrawlProgress) Line(took time.Duration) string {
	switch {
	case p.Stage == "logs" && p.Done > 0:
		return "Reading the tenant log since the snapshot: " + model.Count(p.Done, "page") + p.crawlRate(took)
	case p.Stage == "changes" && p.Total > 0:
		return fmt.Sprintf("Reading what changed: %d of %d organizations", p.Done, p.Total) + p.crawlRate(took)
	case p.Stage != "links":
		return "Reading the tenant: " + model.OrDash(p.Stage)
	}
	if p.Total > 0 {
		// What a narrow line must keep comes first: how far, how long.
		return fmt.Sprintf("Reading links: %d of %d organizations", p.Done, p.Total) + p.crawlRate(took)
	}
	return "Reading links: " + model.Count(p.Done, "organization") + " read" + p.crawlRate(took)
}

// crawlRate says the time left, then the crawl's requests and their rate.
func (p CrawlProgress) crawlRate(took time.Duration) string {
	out := ""
	if p.Total > 0 && p.Done > 0 && p.Done < p.Total {
		left := time.Duration(float64(took) / float64(p.Done) * float64(p.Total-p.Done))
		out += " · " + model.TimeLeft(left)
	}
	if p.Requests > 0 && took > 0 {
		out += fmt.Sprintf(" · %s, %.1f/s", model.Count(p.Requests, "request"), float64(p.Requests)/took.Seconds())
	}
	return out
}

// CrawlOptions steer a crawl.
type CrawlOptions struct {
	// Progress, when not nil, is called as the crawl goes (from several
	// goroutines; calls do not overlap).
	Progress func(CrawlProgress)
	// Resume continues an interrupted crawl: its place in the tenant log
	// is kept (a refresh then replays what changed since it began), and
	// the organizations whose links it read are not read again.
	Resume *model.PartialCrawl
	// Record, when not nil, is given the crawl's start and then each
	// organization's links as they are read, so that an interrupted
	// crawl can resume. Calls do not overlap.
	Record CrawlRecorder
}

// CrawlRecorder keeps a crawl as it goes.
type CrawlRecorder interface {
	Started(model.PartialCrawl) error
	Read(orgID string, links []model.OrganizationConnection) error
}

// Crawl reads a whole tenant into a snapshot with the fewest requests;
// see CrawlWith.
func (c *Client) Crawl(ctx context.Context, progress func(CrawlProgress)) (*model.Snapshot, error) {
	return c.CrawlWith(ctx, CrawlOptions{Progress: progress})
}

// CrawlWith reads a whole tenant into a snapshot with the fewest
// requests: first its place in the tenant log (so that a refresh replays
// whatever changes while the crawl runs); connections, profiles and
// clients by whole pages; the organizations by pages while each one's
// links are read (one organization per request, the only way Auth0
// offers) in parallel under the rate governor; then the client grants on
// the My Organization API of the clients that have a My Organization
// configuration.
func (c *Client) CrawlWith(ctx context.Context, opts CrawlOptions) (*model.Snapshot, error) {
	var mu sync.Mutex
	start := c.log.Total()
	report := func(p CrawlProgress) {
		if opts.Progress != nil {
			p.Requests = c.log.Total() - start
			mu.Lock()
			opts.Progress(p)
			mu.Unlock()
		}
	}
	s := model.NewSnapshot(c.domain, time.Now().UTC())
	var err error
	if r := opts.Resume; r != nil {
		s.TakenAt, s.Checkpoint = r.StartedAt, r.Checkpoint
	} else {
		report(CrawlProgress{Stage: "logs"})
		if s.Checkpoint, err = c.logCheckpoint(ctx); err != nil {
			return nil, err
		}
		if opts.Record != nil {
			if err := opts.Record.Started(model.PartialCrawl{Tenant: s.Tenant, StartedAt: s.TakenAt, Checkpoint: s.Checkpoint}); err != nil {
				return nil, err
			}
		}
	}
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
	// bucket is the slow one, and it starts at once. The total is asked
	// for first (one request), so that the progress says it and the time
	// left from the start; the listing's count replaces it when it ends.
	counted, cerr := c.OrganizationCount(ctx)
	if cerr != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var listed atomic.Bool
	var done atomic.Int64
	total := func() int {
		if listed.Load() {
			mu.Lock()
			defer mu.Unlock()
			return len(s.Organizations)
		}
		if cerr != nil {
			return 0 // said when the listing ends
		}
		return max(counted, int(done.Load()))
	}
	report(CrawlProgress{Stage: "links", Total: total()})
	orgs := func(yield func(model.Organization, error) bool) {
		for o, err := range c.Organizations(ctx) {
			if err == nil {
				mu.Lock()
				s.Organizations = append(s.Organizations, o)
				mu.Unlock()
				// Organizations an interrupted crawl read keep its
				// links; one deleted since is simply not listed.
				if ls, ok := resumed(opts.Resume, o.ID); ok {
					mu.Lock()
					s.Links[o.ID] = ls
					mu.Unlock()
					done.Add(1)
					continue
				}
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
		if opts.Record != nil {
			err = opts.Record.Read(o.ID, links)
		}
		mu.Unlock()
		if err != nil {
			return err
		}
		report(CrawlProgress{Stage: "links", Done: int(done.Add(1)), Total: total()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	report(CrawlProgress{Stage: "links", Done: int(done.Load()), Total: len(s.Organizations)})
	if err := c.readPrompts(ctx, s); err != nil {
		return nil, err
	}
	return s, c.crawlGrants(ctx, s, report)
}

// readPrompts keeps the tenant's identifier-first setting in s; a tenant
// or token that cannot tell (no read:prompts) leaves it unknown.
func (c *Client) readPrompts(ctx context.Context, s *model.Snapshot) error {
	on, err := c.IdentifierFirst(ctx)
	var api *APIError
	switch {
	case err == nil:
		s.IdentifierFirst = &on
	case errors.As(err, &api):
		s.IdentifierFirst = nil
	default:
		return err
	}
	return nil
}

// resumed returns the links an interrupted crawl read for an organization.
func resumed(p *model.PartialCrawl, orgID string) ([]model.OrganizationConnection, bool) {
	if p == nil {
		return nil, false
	}
	ls, ok := p.Links[orgID]
	return ls, ok
}

// crawlGrants reads the My Organization API grants of the clients that
// have a My Organization configuration. A tenant without the API has none
// to read.
func (c *Client) crawlGrants(ctx context.Context, s *model.Snapshot, report func(CrawlProgress)) error {
	report(CrawlProgress{Stage: "grants"})
	api, err := c.MyOrganizationAPI(ctx)
	if _, noScope := IsInsufficientScope(err); noScope {
		s.GrantsUnread = "the token lacks read:resource_servers" // the grants are unknown, not absent
		return nil
	}
	if err != nil {
		if api := (*APIError)(nil); errors.As(err, &api) {
			return err
		}
		return nil // no My Organization API on this tenant
	}
	s.MyOrganizationAPI, s.MyOrganizationGrants = api.Identifier, map[string]model.ClientGrant{}
	s.MyOrganizationPolicies = api.SubjectTypeAuthorization
	for _, cl := range s.Clients {
		if cl.MyOrganizationConfiguration == nil {
			continue
		}
		g, ok, err := c.ClientGrant(ctx, cl.ClientID, api.Identifier)
		if _, noScope := IsInsufficientScope(err); noScope {
			// Without read:client_grants no grant is known: unknown, not
			// every one missing.
			s.MyOrganizationAPI, s.MyOrganizationGrants, s.MyOrganizationPolicies = "", nil, nil
			s.GrantsUnread = "the token lacks read:client_grants"
			return nil
		}
		if err != nil {
			return err
		}
		if ok {
			s.MyOrganizationGrants[cl.ClientID] = g
		}
	}
	return nil
}
