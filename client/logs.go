package client

import (
	"context"
	"iter"
	"net/url"
	"strconv"

	"github.com/orgscope/orgscope/model"
)

// logsTake is the largest page of the logs' checkpoint mode.
const logsTake = 100

// Logs iterates the tenant's log events newer than the event fromID (""
// for the oldest kept), oldest first, in the logs API's checkpoint mode
// (management-api.md §12). The SDK has no from/take for this route, so the
// request is made here, through the same transport as every other.
func (c *Client) Logs(ctx context.Context, fromID string) iter.Seq2[model.LogEvent, error] {
	return func(yield func(model.LogEvent, error) bool) {
		from := fromID
		if from == "" {
			from = "0"
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(model.LogEvent{}, err)
				return
			}
			page, err := c.logsPage(ctx, from)
			if err != nil {
				yield(model.LogEvent{}, err)
				return
			}
			for _, ev := range page {
				if !yield(ev, nil) {
					return
				}
			}
			if len(page) < logsTake {
				return
			}
			from = page[len(page)-1].LogID
		}
	}
}

func (c *Client) logsPage(ctx context.Context, from string) ([]model.LogEvent, error) {
	return c.getLogs(ctx, url.Values{"from": {from}, "take": {strconv.Itoa(logsTake)}})
}

// getLogs reads one page of log events, in either of the logs' modes.
func (c *Client) getLogs(ctx context.Context, q url.Values) ([]model.LogEvent, error) {
	var events []model.LogEvent
	if err := c.getJSON(ctx, "/api/v2/logs", q, "a list of log events", &events); err != nil {
		return nil, err
	}
	return events, nil
}

// ConnectionClients lists the ids of the applications a connection is
// enabled for (checkpoint paging at the route's maximum, 1,000).
func (c *Client) ConnectionClients(ctx context.Context, connID string) ([]string, error) {
	return Collect(checkpointPages(ctx, func(ctx context.Context, from string) ([]string, string, error) {
		q := url.Values{"take": {"1000"}}
		if from != "" {
			q.Set("from", from)
		}
		var page struct {
			Clients []struct {
				ClientID string `json:"client_id"`
			} `json:"clients"`
			Next string `json:"next"`
		}
		path := "/api/v2/connections/" + url.PathEscape(connID) + "/clients"
		if err := c.getJSON(ctx, path, q, "a list of clients", &page); err != nil {
			return nil, "", err
		}
		ids := make([]string, len(page.Clients))
		for i, cl := range page.Clients {
			ids[i] = cl.ClientID
		}
		return ids, page.Next, nil
	}))
}
