package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// getJSON reads path (with the query q) through the client's transport —
// token, governor, retries, request log — and decodes the answer into
// into: for what the pinned SDK cannot ask (query parameters it does not
// know, routes it lacks). what names the answer in an error ("a list of
// clients").
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, what string, into any) error {
	ctx, ex := withExchange(ctx)
	target := c.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return wrapErr(err, ex)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 300 {
		return apiErrorFrom(res.StatusCode, body, http.MethodGet, path)
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("GET %s: the answer is not %s: %w", path, what, err)
	}
	return nil
}

// OrganizationCount is how many organizations the tenant has: one request
// (offset paging with include_totals, one organization per page), so that
// a crawl can say its total and the time left from its start.
func (c *Client) OrganizationCount(ctx context.Context) (int, error) {
	var page struct {
		Total *int `json:"total"`
	}
	q := url.Values{"include_totals": {"true"}, "per_page": {"1"}, "page": {"0"}}
	if err := c.getJSON(ctx, "/api/v2/organizations", q, "a page of organizations with its total", &page); err != nil {
		return 0, err
	}
	if page.Total == nil {
		return 0, fmt.Errorf("GET /api/v2/organizations: the answer has no total")
	}
	return *page.Total, nil
}
