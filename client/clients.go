package client

import (
	"context"
	"iter"
	"net/url"
	"strconv"

	"github.com/orgscope/orgscope/model"
)

// clientFields are the client properties orgscope reads: never the secret.
const clientFields = "client_id,name,description,app_type,is_first_party,grant_types,organization_usage,organization_require_behavior,my_organization_configuration,express_configuration"

// Clients iterates every application with its My Organization settings
// (offset paging, 100 a page). Read with the project's own body handling:
// the pinned SDK drops what Auth0 added to my_organization_configuration
// after it (enforce_permission_ceiling, enforce_self_assignment_restriction).
func (c *Client) Clients(ctx context.Context) iter.Seq2[model.Client, error] {
	return offsetPages(ctx, func(ctx context.Context, page int) ([]model.Client, int, int, error) {
		var p struct {
			Clients []model.Client `json:"clients"`
			Start   int            `json:"start"`
			Total   int            `json:"total"`
		}
		q := clientQuery()
		q.Set("page", strconv.Itoa(page))
		q.Set("per_page", strconv.Itoa(clientsPerPage))
		q.Set("include_totals", "true")
		err := c.getJSON(ctx, "/api/v2/clients", q, "a page of applications", &p)
		return p.Clients, p.Start, p.Total, err
	})
}

// clientQuery asks for the properties orgscope reads, never the secret.
func clientQuery() url.Values {
	return url.Values{"fields": {clientFields}, "include_fields": {"true"}}
}

// Client reads one application with its My Organization settings.
func (c *Client) Client(ctx context.Context, id string) (model.Client, error) {
	var cl model.Client
	err := c.getJSON(ctx, "/api/v2/clients/"+url.PathEscape(id), clientQuery(), "an application", &cl)
	return cl, err
}
