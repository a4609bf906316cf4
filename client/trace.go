package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/orgscope/orgscope/model"
)

// TraceInput reads from the tenant only what a login-path trace needs:
// the application (by id or name), the organization (id or name), its
// links and the connections behind them, the identifier-first setting,
// the organization's verified discovery domains and, given an email,
// whether its user is a member (Membership). A missing application or
// organization is no error (the trace says so). Notes say which facts
// could not be read, and so stay unknown.
func (c *Client) TraceInput(ctx context.Context, app, org, email string) (in model.TraceInput, notes []string, err error) {
	in = model.TraceInput{ClientName: app, OrgName: org, Email: email, Conns: map[string]model.Connection{}}
	if in.Client, err = c.findClient(ctx, app); err != nil {
		return in, nil, err
	}
	o, err := c.Organization(ctx, org)
	switch {
	case IsNotFound(err):
		return in, nil, nil
	case err != nil:
		return in, nil, err
	}
	in.Org = &o
	if in.Links, err = Collect(c.OrganizationConnections(ctx, o.ID)); err != nil {
		return in, nil, err
	}
	for _, l := range in.Links {
		conn, err := c.Connection(ctx, l.ConnectionID)
		if err != nil && !IsNotFound(err) {
			return in, nil, err
		}
		if err == nil {
			in.Conns[conn.ID] = conn
		}
	}
	if on, err := c.IdentifierFirst(ctx); err == nil {
		in.IdentifierFirst = &on
	} else {
		notes = append(notes, "the identifier-first setting is unknown: "+err.Error())
	}
	if ds, err := c.VerifiedDiscoveryDomains(ctx, o.ID); err == nil {
		in.DiscoveryDomains = ds
	} else {
		notes = append(notes, fmt.Sprintf("%s's discovery domains are unknown: %v", o.Name, err))
	}
	if email != "" {
		if in.Member, in.MemberNote, err = c.Membership(ctx, o.ID, email); err != nil {
			return in, nil, err
		}
	}
	return in, notes, nil
}

// findClient reads an application by id, or finds it by name (nil when
// the tenant has none).
func (c *Client) findClient(ctx context.Context, arg string) (*model.Client, error) {
	cl, err := c.Client(ctx, arg)
	if err == nil {
		return &cl, nil
	}
	var api *APIError
	if !IsNotFound(err) && (!errors.As(err, &api) || api.Status != 400) {
		return nil, err
	}
	for cl, err := range c.Clients(ctx) {
		if err != nil {
			return nil, err
		}
		if cl.Name == arg {
			return &cl, nil
		}
	}
	return nil, nil
}

// DelegationSnapshot reads what the delegated-admin view of one
// organization needs, and no more: the organization and its links, the
// connections behind them, the profiles, the applications and their My
// Organization API grants with the API's policies.
func (c *Client) DelegationSnapshot(ctx context.Context, orgID string) (*model.Snapshot, error) {
	org, err := c.Organization(ctx, orgID)
	if err != nil {
		return nil, err
	}
	links, err := Collect(c.OrganizationConnections(ctx, org.ID))
	if err != nil {
		return nil, err
	}
	s := &model.Snapshot{Organizations: []model.Organization{org}, Links: map[string][]model.OrganizationConnection{org.ID: links}}
	for _, l := range links {
		conn, err := c.Connection(ctx, l.ConnectionID)
		if err != nil && !IsNotFound(err) {
			return nil, err
		}
		if err == nil {
			s.Connections = append(s.Connections, conn)
		}
	}
	if s.Profiles, err = Collect(c.ConnectionProfiles(ctx)); err != nil {
		return nil, err
	}
	if s.Clients, err = Collect(c.Clients(ctx)); err != nil {
		return nil, err
	}
	return s, c.crawlGrants(ctx, s, func(CrawlProgress) {})
}
