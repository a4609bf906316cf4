package client

import (
	"context"
	"iter"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// ConnectionProfiles iterates every connection profile (checkpoint paging,
// 10 a page: the route's maximum).
func (c *Client) ConnectionProfiles(ctx context.Context) iter.Seq2[model.ConnectionProfile, error] {
	return checkpointPages(ctx, func(ctx context.Context, from string) ([]model.ConnectionProfile, string, error) {
		req := &management.ListConnectionProfileRequestParameters{Take: intp(profilesTake)}
		if from != "" {
			req.From = strp(from)
		}
		page, err := call(ctx, func(ctx context.Context) (*management.ListConnectionProfilesPaginatedResponseContent, error) {
			p, err := c.api.ConnectionProfiles.List(ctx, req)
			if err != nil {
				return nil, err
			}
			return p.Response, nil
		})
		if err != nil {
			return nil, "", err
		}
		out := make([]model.ConnectionProfile, 0, len(page.ConnectionProfiles))
		for _, p := range page.ConnectionProfiles {
			m, err := toModel[model.ConnectionProfile](p)
			if err != nil {
				return nil, "", err
			}
			out = append(out, m)
		}
		return out, deref(page.Next), nil
	})
}

// ConnectionProfile reads one profile.
func (c *Client) ConnectionProfile(ctx context.Context, id string) (model.ConnectionProfile, error) {
	p, err := call(ctx, func(ctx context.Context) (*management.GetConnectionProfileResponseContent, error) {
		return c.api.ConnectionProfiles.Get(ctx, id)
	})
	if err != nil {
		return model.ConnectionProfile{}, err
	}
	return toModel[model.ConnectionProfile](p)
}

// ProfileTemplates lists the profile templates Auth0 offers.
func (c *Client) ProfileTemplates(ctx context.Context) ([]model.ProfileTemplate, error) {
	res, err := call(ctx, func(ctx context.Context) (*management.ListConnectionProfileTemplateResponseContent, error) {
		return c.api.ConnectionProfiles.ListTemplates(ctx)
	})
	if err != nil {
		return nil, err
	}
	return toModel[[]model.ProfileTemplate](res.GetConnectionProfileTemplates())
}
