package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// newFamilyMissing reports an answer that says the tenant has no
// /organizations/{id}/connections routes (as opposed to a missing org).
func newFamilyMissing(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	switch e.Status {
	case http.StatusNotFound:
		return e.Message != "The organization does not exists." && e.Message != "The organization connection does not exists."
	case http.StatusForbidden:
		return e.ErrorCode != "insufficient_scope"
	case http.StatusNotImplemented:
		return true
	}
	return false
}

// OrganizationConnections iterates the links of one organization, with all
// eight fields from the /organizations/{id}/connections family, falling back
// to the classic /enabled_connections (and remembering it) on tenants that
// lack the new family. Classic links carry no is_enabled or access level:
// they come back enabled, with an empty access level.
func (c *Client) OrganizationConnections(ctx context.Context, orgID string) iter.Seq2[model.OrganizationConnection, error] {
	return func(yield func(model.OrganizationConnection, error) bool) {
		if !c.classicOnly.Load() {
			first := true
			for l, err := range c.newLinks(ctx, orgID) {
				if err != nil && first && newFamilyMissing(err) {
					c.classicOnly.Store(true)
					break
				}
				first = false
				if !yield(l, err) || err != nil {
					return
				}
			}
			if !c.classicOnly.Load() {
				return
			}
		}
		for l, err := range c.classicLinks(ctx, orgID) {
			if !yield(l, err) || err != nil {
				return
			}
		}
	}
}

// newLinks reads the new family through the project's own body handling:
// the pinned SDK drops organization_member_access_level.
func (c *Client) newLinks(ctx context.Context, orgID string) iter.Seq2[model.OrganizationConnection, error] {
	return offsetPages(ctx, func(ctx context.Context, page int) ([]model.OrganizationConnection, int, int, error) {
		var p struct {
			Connections []model.OrganizationConnection `json:"connections"`
			Start       int                            `json:"start"`
			Total       int                            `json:"total"`
		}
		q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(linksPerPage)}, "include_totals": {"true"}}
		err := c.getJSON(ctx, c.newLinkPath(orgID, ""), q, "a page of an organization's connections", &p)
		return p.Connections, p.Start, p.Total, err
	})
}

func (c *Client) classicLinks(ctx context.Context, orgID string) iter.Seq2[model.OrganizationConnection, error] {
	return linkPages(ctx, func(ctx context.Context, page int) (*management.ListOrganizationConnectionsOffsetPaginatedResponseContent, error) {
		p, err := c.api.Organizations.EnabledConnections.List(ctx, orgID, &management.ListOrganizationConnectionsRequestParameters{
			Page: intp(page), PerPage: intp(linksPerPage), IncludeTotals: boolp(true),
		})
		if err != nil {
			return nil, err
		}
		return p.Response, nil
	}, func(r *management.ListOrganizationConnectionsOffsetPaginatedResponseContent) ([]model.OrganizationConnection, *float64, *float64) {
		links := make([]model.OrganizationConnection, 0, len(r.EnabledConnections))
		for _, l := range r.EnabledConnections {
			links = append(links, linkFromClassic(l))
		}
		return links, r.Start, r.Total
	})
}

// linkPages pages through an organization's links in either family: list
// reads one page (the SDK's type differs by family), unpack converts it.
func linkPages[R any](ctx context.Context, list func(context.Context, int) (*R, error),
	unpack func(*R) ([]model.OrganizationConnection, *float64, *float64)) iter.Seq2[model.OrganizationConnection, error] {
	return offsetPages(ctx, func(ctx context.Context, page int) ([]model.OrganizationConnection, int, int, error) {
		res, err := call(ctx, func(ctx context.Context) (*R, error) { return list(ctx, page) })
		if err != nil {
			return nil, 0, 0, err
		}
		links, start, total := unpack(res)
		return links, int(deref(start)), int(deref(total)), nil
	})
}

func ref(info *management.OrganizationConnectionInformation) model.ConnectionRef {
	if info == nil {
		return model.ConnectionRef{}
	}
	return model.ConnectionRef{Name: deref(info.Name), Strategy: deref(info.Strategy)}
}

func linkFromClassic(l *management.OrganizationConnection) model.OrganizationConnection {
	return model.OrganizationConnection{
		ConnectionID:            deref(l.ConnectionID),
		AssignMembershipOnLogin: deref(l.AssignMembershipOnLogin),
		ShowAsButton:            deref(l.ShowAsButton),
		IsSignupEnabled:         l.IsSignupEnabled,
		IsEnabled:               true,
		Connection:              ref(l.Connection),
	}
}

// OrganizationConnection reads one link.
func (c *Client) OrganizationConnection(ctx context.Context, orgID, connID string) (model.OrganizationConnection, error) {
	if !c.classicOnly.Load() {
		var l model.OrganizationConnection
		err := c.getJSON(ctx, c.newLinkPath(orgID, connID), nil, "an organization's connection", &l)
		if err == nil {
			return l, nil
		}
		if !newFamilyMissing(err) {
			return model.OrganizationConnection{}, err
		}
		c.classicOnly.Store(true)
	}
	l, err := call(ctx, func(ctx context.Context) (*management.GetOrganizationConnectionResponseContent, error) {
		return c.api.Organizations.EnabledConnections.Get(ctx, orgID, connID)
	})
	if err != nil {
		return model.OrganizationConnection{}, err
	}
	m, err := toModel[model.OrganizationConnection](l)
	m.IsEnabled = true
	return m, err
}

// LinkSettings are the link fields a user sets (model.LinkSettings).
type LinkSettings = model.LinkSettings

// linkPath is the path of a tenant's link routes.
func (c *Client) linkPath(orgID, connID string) string {
	if c.classicOnly.Load() {
		return linkRoute("enabled_connections", orgID, connID)
	}
	return c.newLinkPath(orgID, connID)
}

// newLinkPath is the path of the /organizations/{id}/connections family.
func (c *Client) newLinkPath(orgID, connID string) string {
	return linkRoute("connections", orgID, connID)
}

func linkRoute(family, orgID, connID string) string {
	p := "/api/v2/organizations/" + url.PathEscape(orgID) + "/" + family
	if connID != "" {
		p += "/" + url.PathEscape(connID)
	}
	return p
}

// checkClassic refuses settings the classic family cannot carry.
func (c *Client) checkClassic(s LinkSettings) error {
	if !c.classicOnly.Load() {
		return nil
	}
	if s.IsEnabled != nil || s.OrganizationAccessLevel != nil || s.OrganizationConnectionName != nil || s.OrganizationMemberAccessLevel != nil {
		return fmt.Errorf("%s has only the classic enabled_connections API, which cannot set is_enabled, the access levels or the organization connection name", c.domain)
	}
	return nil
}

// PlanEnable plans enabling conn on org with the settings, after checking
// Auth0's rules on the link it would create.
func (c *Client) PlanEnable(org model.Organization, conn model.Connection, s LinkSettings) (*Plan, error) {
	if err := c.checkClassic(s); err != nil {
		return nil, err
	}
	after := s.Apply(model.NewLink(conn.ID, model.ConnectionRef{Name: conn.Name, Strategy: conn.Strategy}))
	if v := model.ValidateLink(after); v != nil {
		return nil, v
	}
	p := &Plan{
		Method: http.MethodPost, Path: c.linkPath(org.ID, ""), Org: org, After: &after,
		Summary: fmt.Sprintf("enable %s on %s", conn.Name, org.Name), Subject: "organization " + org.ID,
	}
	if c.classicOnly.Load() {
		req := &management.AddOrganizationConnectionRequestContent{
			ConnectionID: conn.ID, AssignMembershipOnLogin: s.AssignMembershipOnLogin,
			ShowAsButton: s.ShowAsButton, IsSignupEnabled: s.IsSignupEnabled,
		}
		p.Body = mustBody(req)
		p.run = func(ctx context.Context) (any, error) {
			return c.createLink(ctx, org.ID, conn.ID, func(ctx context.Context) (any, error) {
				return c.api.Organizations.EnabledConnections.Add(ctx, org.ID, req)
			})
		}
		return p, nil
	}
	body := linkBody(s, false)
	body["connection_id"] = conn.ID
	p.Body = mustBody(body)
	path := p.Path
	p.run = func(ctx context.Context) (any, error) {
		return c.createLink(ctx, org.ID, conn.ID, func(ctx context.Context) (any, error) {
			return c.sendJSON(ctx, http.MethodPost, path, nil, p.Body)
		})
	}
	return p, nil
}

// linkBody is the body of a new-family link write with the settings set:
// the project's own, as the pinned SDK lacks organization_member_access_level.
// A cleared name or member access level is null on an update and left
// out of a create.
func linkBody(s LinkSettings, update bool) map[string]any {
	body := map[string]any{}
	set := func(key string, v any, cleared bool) {
		switch {
		case !cleared:
			body[key] = v
		case update:
			body[key] = nil
		}
	}
	if s.AssignMembershipOnLogin != nil {
		set("assign_membership_on_login", *s.AssignMembershipOnLogin, false)
	}
	if s.ShowAsButton != nil {
		set("show_as_button", *s.ShowAsButton, false)
	}
	if s.IsSignupEnabled != nil {
		set("is_signup_enabled", *s.IsSignupEnabled, false)
	}
	if s.IsEnabled != nil {
		set("is_enabled", *s.IsEnabled, false)
	}
	if s.OrganizationAccessLevel != nil {
		set("organization_access_level", *s.OrganizationAccessLevel, false)
	}
	if s.OrganizationConnectionName != nil {
		set("organization_connection_name", *s.OrganizationConnectionName, *s.OrganizationConnectionName == "")
	}
	if s.OrganizationMemberAccessLevel != nil {
		set("organization_member_access_level", *s.OrganizationMemberAccessLevel, *s.OrganizationMemberAccessLevel == "")
	}
	return body
}

// createLink sends a link POST (see createOnce: a lost answer is resolved
// by reading the link back).
func (c *Client) createLink(ctx context.Context, orgID, connID string, post func(context.Context) (any, error)) (any, error) {
	res, err := createOnce(ctx, c, post, func(ctx context.Context) (model.OrganizationConnection, error) {
		return c.OrganizationConnection(ctx, orgID, connID)
	})
	if l, ok := res.(*model.OrganizationConnection); ok && c.classicOnly.Load() {
		l.IsEnabled = true // the classic family has no is_enabled: its links are on
	}
	return res, err
}

// PlanUpdate plans changing a link: only the fields that change are sent.
func (c *Client) PlanUpdate(org model.Organization, before model.OrganizationConnection, s LinkSettings) (*Plan, error) {
	if err := c.checkClassic(s); err != nil {
		return nil, err
	}
	after := s.Apply(before)
	if v := model.ValidateLinkChange(&before, after); v != nil {
		return nil, v
	}
	changed := model.DiffLinkSettings(before, after)
	if changed == (LinkSettings{}) {
		return nil, fmt.Errorf("%s on %s already has these settings: nothing to change", before.Connection.Name, org.Name)
	}
	p := &Plan{
		Method: http.MethodPatch, Path: c.linkPath(org.ID, before.ConnectionID), Org: org, Before: &before, After: &after,
		Summary: fmt.Sprintf("update %s on %s", before.Connection.Name, org.Name), Subject: "organization " + org.ID,
	}
	if c.classicOnly.Load() {
		req := &management.UpdateOrganizationConnectionRequestContent{
			AssignMembershipOnLogin: changed.AssignMembershipOnLogin, ShowAsButton: changed.ShowAsButton, IsSignupEnabled: changed.IsSignupEnabled,
		}
		p.Body = mustBody(req)
		p.run = func(ctx context.Context) (any, error) {
			res, err := call(ctx, func(ctx context.Context) (*management.UpdateOrganizationConnectionResponseContent, error) {
				return c.api.Organizations.EnabledConnections.Update(ctx, org.ID, before.ConnectionID, req)
			})
			if err != nil {
				return nil, err
			}
			l, err := toModel[model.OrganizationConnection](res)
			l.IsEnabled = true
			return &l, err
		}
		return p, nil
	}
	p.Body = mustBody(linkBody(changed, true))
	path := p.Path
	p.run = func(ctx context.Context) (any, error) {
		return update[model.OrganizationConnection](ctx, func(ctx context.Context) (any, error) {
			return c.sendJSON(ctx, http.MethodPatch, path, nil, p.Body)
		})
	}
	return p, nil
}

// PlanRemove plans removing a link (the connection itself stays).
func (c *Client) PlanRemove(org model.Organization, before model.OrganizationConnection) *Plan {
	p := &Plan{
		Method: http.MethodDelete, Path: c.linkPath(org.ID, before.ConnectionID), Org: org, Before: &before,
		Summary: fmt.Sprintf("remove %s from %s (the connection itself stays)", before.Connection.Name, org.Name),
		Subject: "organization " + org.ID,
	}
	classic := c.classicOnly.Load()
	p.run = func(ctx context.Context) (any, error) {
		_, err := call(ctx, func(ctx context.Context) (struct{}, error) {
			if classic {
				return struct{}{}, c.api.Organizations.EnabledConnections.Delete(ctx, org.ID, before.ConnectionID)
			}
			return struct{}{}, c.api.Organizations.Connections.Delete(ctx, org.ID, before.ConnectionID)
		})
		// A retried DELETE whose first try went through answers 404: the
		// link is gone either way.
		if IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return p
}

// mustBody encodes a request body: an SDK request the way the SDK will
// send it, or the project's own.
func mustBody(req any) json.RawMessage {
	b, err := json.Marshal(req)
	if err != nil {
		panic(fmt.Sprintf("client: request %T does not encode: %v", req, err))
	}
	return b
}
