package client

import (
	"context"
	"iter"
	"regexp"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// Connections iterates every connection (of the given strategies, if any)
// with checkpoint paging, 100 a page.
func (c *Client) Connections(ctx context.Context, strategies ...string) iter.Seq2[model.Connection, error] {
	return checkpointPages(ctx, func(ctx context.Context, from string) ([]model.Connection, string, error) {
		req := &management.ListConnectionsQueryParameters{Take: intp(connectionsTake)}
		if from != "" {
			req.From = strp(from)
		}
		for _, s := range strategies {
			st := management.ConnectionStrategyEnum(s)
			req.Strategy = append(req.Strategy, &st)
		}
		page, err := call(ctx, func(ctx context.Context) (*management.ListConnectionsCheckpointPaginatedResponseContent, error) {
			p, err := c.api.Connections.List(ctx, req)
			if err != nil {
				return nil, err
			}
			return p.Response, nil
		})
		if err != nil {
			return nil, "", err
		}
		out := make([]model.Connection, 0, len(page.Connections))
		for _, conn := range page.Connections {
			m, err := toModel[model.Connection](conn)
			if err != nil {
				return nil, "", err
			}
			out = append(out, m)
		}
		return out, deref(page.Next), nil
	})
}

var connIDPattern = regexp.MustCompile(`^con_[A-Za-z0-9]{16}$`) // immutable once compiled

// Connection reads one connection by id or by name.
func (c *Client) Connection(ctx context.Context, idOrName string) (model.Connection, error) {
	if connIDPattern.MatchString(idOrName) {
		conn, err := call(ctx, func(ctx context.Context) (*management.GetConnectionResponseContent, error) {
			return c.api.Connections.Get(ctx, idOrName, &management.GetConnectionRequestParameters{})
		})
		if err == nil {
			return toModel[model.Connection](conn)
		}
		if !IsNotFound(err) {
			return model.Connection{}, err
		}
	}
	page, err := call(ctx, func(ctx context.Context) (*management.ListConnectionsCheckpointPaginatedResponseContent, error) {
		p, err := c.api.Connections.List(ctx, &management.ListConnectionsQueryParameters{Name: strp(idOrName), Take: intp(1)})
		if err != nil {
			return nil, err
		}
		return p.Response, nil
	})
	if err != nil {
		return model.Connection{}, err
	}
	if len(page.Connections) == 0 {
		return model.Connection{}, &APIError{Status: 404, Err: "Not Found", Message: "No connection is named or numbered " + idOrName,
			ErrorCode: "inexistent_connection", Method: "GET", Path: "/api/v2/connections"}
	}
	return toModel[model.Connection](page.Connections[0])
}
