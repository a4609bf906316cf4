package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// ResourceServers lists the tenant's APIs.
func (c *Client) ResourceServers(ctx context.Context) ([]model.ResourceServer, error) {
	return Collect(offsetPages(ctx, func(ctx context.Context, page int) ([]model.ResourceServer, int, int, error) {
		res, err := call(ctx, func(ctx context.Context) (*management.ListResourceServerOffsetPaginatedResponseContent, error) {
			p, err := c.api.ResourceServers.List(ctx, &management.ListResourceServerRequestParameters{
				Page: intp(page), PerPage: intp(100), IncludeTotals: boolp(true)})
			if err != nil {
				return nil, err
			}
			return p.Response, nil
		})
		if err != nil {
			return nil, 0, 0, err
		}
		out := make([]model.ResourceServer, 0, len(res.ResourceServers))
		for _, rs := range res.ResourceServers {
			m, err := toModel[model.ResourceServer](rs)
			if err != nil {
				return nil, 0, 0, err
			}
			out = append(out, m)
		}
		return out, int(deref(res.Start)), int(deref(res.Total)), nil
	}))
}

// MyOrganizationAPI finds the tenant's My Organization API.
func (c *Client) MyOrganizationAPI(ctx context.Context) (model.ResourceServer, error) {
	rss, err := c.ResourceServers(ctx)
	if err != nil {
		return model.ResourceServer{}, err
	}
	for _, rs := range rss {
		if model.IsMyOrganizationAPI(rs.Identifier) {
			return rs, nil
		}
	}
	return model.ResourceServer{}, fmt.Errorf("%s has no My Organization API (an API whose identifier ends in %s): it is an Early Access feature to turn on first", c.domain, model.MyOrganizationAPISuffix)
}

// ClientGrants returns an application's grants on an API: Auth0 keeps at
// most one for its users (subject_type user) and one for the application
// itself.
func (c *Client) ClientGrants(ctx context.Context, clientID, audience string) ([]model.ClientGrant, error) {
	page, err := call(ctx, func(ctx context.Context) (*management.ListClientGrantPaginatedResponseContent, error) {
		p, err := c.api.ClientGrants.List(ctx, &management.ListClientGrantsRequestParameters{
			ClientID: strp(clientID), Audience: strp(audience), Take: intp(50)})
		if err != nil {
			return nil, err
		}
		return p.Response, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]model.ClientGrant, 0, len(page.ClientGrants))
	for _, g := range page.ClientGrants {
		m, err := toModel[model.ClientGrant](g)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ClientGrant returns an application's grant on an API (ok false if none):
// the grant for its users where there is one, else the one for the
// application itself.
func (c *Client) ClientGrant(ctx context.Context, clientID, audience string) (model.ClientGrant, bool, error) {
	gs, err := c.ClientGrants(ctx, clientID, audience)
	if err != nil || len(gs) == 0 {
		return model.ClientGrant{}, false, err
	}
	user, legacy := model.SplitGrants(gs)
	if user != nil {
		return *user, true, nil
	}
	return *legacy, true, nil
}

// PlanGrant plans giving an application's users exactly these scopes on an
// API: a new user-flow grant (subject_type user: the org admins who sign in
// to the application are users, and a grant for the application itself
// does nothing for them), or a change of the existing user-flow grant's
// scopes. An existing grant for the application itself is converted: a
// user-flow grant with the scopes is created beside it.
func (c *Client) PlanGrant(app model.Client, api model.ResourceServer, existing *model.ClientGrant, scopes []string) (*Plan, error) {
	for _, s := range scopes {
		if !slices.ContainsFunc(api.Scopes, func(si model.ScopeInfo) bool { return si.Value == s }) {
			return nil, fmt.Errorf("%s defines no scope %s", api.Name, s)
		}
	}
	if existing == nil || !existing.ForUsers() {
		if len(scopes) == 0 {
			return nil, fmt.Errorf("choose at least one scope: a grant without scopes lets %s's users do nothing", app.Name)
		}
		user := management.ClientGrantSubjectTypeEnumUser
		req := &management.CreateClientGrantRequestContent{ClientID: strp(app.ClientID), Audience: api.Identifier, Scope: scopes, SubjectType: &user}
		summary := "let " + app.Name + "'s users call " + api.Name + " with " + model.Count(len(scopes), "scope")
		if existing != nil {
			summary += " (a user-flow grant beside " + existing.ID + ", which is for the application itself and does nothing for users)"
		}
		return &Plan{
			Method: http.MethodPost, Path: "/api/v2/client-grants", Body: mustBody(req), Subject: "client " + app.ClientID,
			Summary: summary,
			run: func(ctx context.Context) (any, error) {
				return createOnce(ctx, c, func(ctx context.Context) (any, error) { return c.api.ClientGrants.Create(ctx, req) },
					func(ctx context.Context) (model.ClientGrant, error) {
						g, ok, err := c.ClientGrant(ctx, app.ClientID, api.Identifier)
						if err == nil && !ok {
							err = errors.New("the grant was created but cannot be found")
						}
						return g, err
					})
			},
			undo: func(res any) (*Plan, error) {
				g, ok := res.(*model.ClientGrant)
				if !ok {
					return nil, errNothingToUndo
				}
				return c.PlanRemoveGrant(app, api, *g), nil
			},
		}, nil
	}
	if slices.Equal(slices.Sorted(slices.Values(existing.Scope)), slices.Sorted(slices.Values(scopes))) {
		return nil, fmt.Errorf("%s already has exactly these scopes on %s: nothing to change", app.Name, api.Name)
	}
	g := *existing
	req := &management.UpdateClientGrantRequestContent{Scope: scopes}
	body := mustBody(req)
	if len(scopes) == 0 {
		body = []byte(`{"scope":[]}`)
		req.SetScope([]string{})
	}
	return &Plan{
		Method: http.MethodPatch, Path: "/api/v2/client-grants/" + g.ID, Body: body, Subject: "client " + app.ClientID,
		Summary: fmt.Sprintf("change the scopes %s has on %s (%d)", app.Name, api.Name, len(scopes)),
		run: func(ctx context.Context) (any, error) {
			return update[model.ClientGrant](ctx, func(ctx context.Context) (any, error) { return c.api.ClientGrants.Update(ctx, g.ID, req) })
		},
		undo: func(res any) (*Plan, error) {
			now, ok := res.(*model.ClientGrant)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanGrant(app, api, now, g.Scope)
		},
	}, nil
}

// PlanRemoveGrant plans taking an application's access to an API away.
func (c *Client) PlanRemoveGrant(app model.Client, api model.ResourceServer, g model.ClientGrant) *Plan {
	summary := fmt.Sprintf("take %s's access to %s away", app.Name, api.Name)
	if !g.ForUsers() {
		summary = fmt.Sprintf("remove %s's grant on %s for the application itself (%s, subject_type %s): it gives its users nothing", app.Name, api.Name, g.ID, g.Subject())
	}
	return &Plan{
		Method: http.MethodDelete, Path: "/api/v2/client-grants/" + g.ID, Subject: "client " + app.ClientID,
		Summary: summary,
		run: func(ctx context.Context) (any, error) {
			return remove(ctx, func(ctx context.Context) error { return c.api.ClientGrants.Delete(ctx, g.ID) })
		},
		undo: func(any) (*Plan, error) { return c.PlanGrant(app, api, nil, g.Scope) },
	}
}
