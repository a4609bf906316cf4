package client

import (
	"bytes"
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
// know, routes it lacks, properties it drops). what names the answer in
// an error ("a list of clients").
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, what string, into any) error {
	body, err := call(ctx, func(ctx context.Context) (json.RawMessage, error) {
		return c.sendJSON(ctx, http.MethodGet, path, q, nil)
	})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("GET %s: the answer is not %s: %w", path, what, err)
	}
	return nil
}

// sendJSON sends one request with a JSON body (nil: none) through the
// client's transport and returns the answer's body. It is the project's
// own body handling for what the pinned SDK would drop: properties Auth0
// added after it. Called inside call, whose exchange decodes an error
// answer and keeps a write whose answer came as ctx ended.
func (c *Client) sendJSON(ctx context.Context, method, path string, q url.Values, body []byte) (json.RawMessage, error) {
	target := c.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode >= 300 {
		return nil, apiErrorFrom(res.StatusCode, answer, method, path)
	}
	return answer, nil
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

// IdentifierFirst reads the tenant's identifier-first prompt setting
// (GET /prompts, read:prompts): home realm discovery to hidden enterprise
// connections works only with it on. The pinned SDK reads it too, but the
// tracer needs only this one property.
func (c *Client) IdentifierFirst(ctx context.Context) (bool, error) {
	var p struct {
		IdentifierFirst *bool `json:"identifier_first"`
	}
	if err := c.getJSON(ctx, "/api/v2/prompts", nil, "the prompt settings", &p); err != nil {
		return false, err
	}
	return p.IdentifierFirst != nil && *p.IdentifierFirst, nil
}

// VerifiedDiscoveryDomains lists an organization's verified discovery
// domains (GET /organizations/{id}/discovery-domains, checkpoint paging,
// read:organization_discovery_domains): the email domains that lead its
// members to it.
func (c *Client) VerifiedDiscoveryDomains(ctx context.Context, orgID string) ([]string, error) {
	out := []string{} // read: none is an answer, not an unknown
	from := ""
	for {
		var page struct {
			Domains []struct {
				Domain string `json:"domain"`
				Status string `json:"status"`
			} `json:"domains"`
			Next string `json:"next"`
		}
		q := url.Values{"take": {"50"}}
		if from != "" {
			q.Set("from", from)
		}
		if err := c.getJSON(ctx, "/api/v2/organizations/"+url.PathEscape(orgID)+"/discovery-domains", q, "a page of discovery domains", &page); err != nil {
			return nil, err
		}
		for _, d := range page.Domains {
			if d.Status == "verified" {
				out = append(out, d.Domain)
			}
		}
		if page.Next == "" || page.Next == from || len(page.Domains) == 0 {
			return out, nil
		}
		from = page.Next
	}
}
