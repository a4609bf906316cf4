package client

import (
	"context"
	"iter"
	"regexp"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// Organizations iterates every organization with checkpoint paging (the
// only way past Auth0's 1,000-record offset window), 100 a page.
func (c *Client) Organizations(ctx context.Context) iter.Seq2[model.Organization, error] {
	return checkpointPages(ctx, c.OrganizationsPage)
}

// OrganizationsPage reads one page of 100 organizations after the cursor
// from ("" for the first) and returns the next cursor ("" after the last).
func (c *Client) OrganizationsPage(ctx context.Context, from string) ([]model.Organization, string, error) {
	req := &management.ListOrganizationsRequestParameters{Take: intp(orgsTake)}
	if from != "" {
		req.From = strp(from)
	}
	page, err := call(ctx, func(ctx context.Context) (*management.ListOrganizationsPaginatedResponseContent, error) {
		p, err := c.api.Organizations.List(ctx, req)
		if err != nil {
			return nil, err
		}
		return p.Response, nil
	})
	if err != nil {
		return nil, "", err
	}
	orgs := make([]model.Organization, 0, len(page.Organizations))
	for _, o := range page.Organizations {
		m, err := toModel[model.Organization](o)
		if err != nil {
			return nil, "", err
		}
		orgs = append(orgs, m)
	}
	return orgs, deref(page.Next), nil
}

// orgIDPattern is the shape of Auth0's organization ids.
var orgIDPattern = regexp.MustCompile(`^org_[A-Za-z0-9]{16}$`) // immutable once compiled

// Organization reads one organization by id or by name.
func (c *Client) Organization(ctx context.Context, idOrName string) (model.Organization, error) {
	if orgIDPattern.MatchString(idOrName) {
		o, err := call(ctx, func(ctx context.Context) (*management.GetOrganizationResponseContent, error) {
			return c.api.Organizations.Get(ctx, idOrName)
		})
		if err == nil {
			return toModel[model.Organization](o)
		}
		if !IsNotFound(err) {
			return model.Organization{}, err
		}
		// An org may be named like an id: try the name too.
	}
	o, err := call(ctx, func(ctx context.Context) (*management.GetOrganizationByNameResponseContent, error) {
		return c.api.Organizations.GetByName(ctx, idOrName)
	})
	if err != nil {
		return model.Organization{}, err
	}
	return toModel[model.Organization](o)
}
