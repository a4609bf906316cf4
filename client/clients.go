package client

import (
	"context"
	"iter"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// clientFields are the client properties orgscope reads: never the secret.
const clientFields = "client_id,name,description,app_type,is_first_party,grant_types,organization_usage,organization_require_behavior,my_organization_configuration"

// Clients iterates every application with its My Organization settings
// (offset paging, 100 a page; the route has no checkpoint mode in the SDK).
func (c *Client) Clients(ctx context.Context) iter.Seq2[model.Client, error] {
	return offsetPages(ctx, func(ctx context.Context, page int) ([]model.Client, int, int, error) {
		res, err := call(ctx, func(ctx context.Context) (*management.ListClientsOffsetPaginatedResponseContent, error) {
			p, err := c.api.Clients.List(ctx, &management.ListClientsRequestParameters{
				Page: intp(page), PerPage: intp(clientsPerPage), IncludeTotals: boolp(true),
				Fields: strp(clientFields), IncludeFields: boolp(true),
			})
			if err != nil {
				return nil, err
			}
			return p.Response, nil
		})
		if err != nil {
			return nil, 0, 0, err
		}
		out := make([]model.Client, 0, len(res.Clients))
		for _, cl := range res.Clients {
			m, err := toModel[model.Client](cl)
			if err != nil {
				return nil, 0, 0, err
			}
			out = append(out, m)
		}
		return out, int(deref(res.Start)), int(deref(res.Total)), nil
	})
}

// Client reads one application with its My Organization settings.
func (c *Client) Client(ctx context.Context, id string) (model.Client, error) {
	cl, err := call(ctx, func(ctx context.Context) (*management.GetClientResponseContent, error) {
		return c.api.Clients.Get(ctx, id, &management.GetClientRequestParameters{
			Fields: strp(clientFields), IncludeFields: boolp(true)})
	})
	if err != nil {
		return model.Client{}, err
	}
	return toModel[model.Client](cl)
}
