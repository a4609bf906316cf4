package sandbox

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sort"
	"time"

	"github.com/orgscope/orgscope/model"
)

// appendLog records a successful write as a sapi event shaped like Auth0's
// (management-api.md §12). Secrets in bodies are masked.
func (s *Server) appendLog(rt *route, c *call, status int, out []byte) {
	t := s.tenant
	now := t.now()
	t.logSeq++
	var reqBody any
	if len(c.body) > 0 {
		_ = decodeInto(c.body, &reqBody)
	}
	query := map[string]any{}
	for k, v := range c.query {
		query[k] = v[0]
	}
	ev := model.LogEvent{
		// Fixed-width ids: string order is time order, as the logs API needs.
		LogID:       fmt.Sprintf("90020%019d%016d", now.UnixMilli(), t.logSeq),
		Date:        now.Format("2006-01-02T15:04:05.000Z"),
		Type:        "sapi",
		Description: rt.what,
		ClientID:    c.claims.Azp,
		ClientName:  "",
		IP:          remoteIP(c.r),
		Details: map[string]any{
			"request": map[string]any{
				"method":  lower(c.r.Method),
				"path":    c.r.URL.Path,
				"query":   query,
				"body":    redact(reqBody),
				"channel": "api",
				"auth": map[string]any{
					"strategy":    "jwt",
					"credentials": map[string]any{"scopes": c.claims.scopes()},
				},
			},
			"response": map[string]any{"statusCode": status, "body": redact(plainJSON(out))},
		},
	}
	t.logs = append(t.logs, ev)
	t.pruneLogs(now)
}

// remoteIP is the caller's address, as Auth0's events give it.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// pruneLogs drops events older than the retention period.
func (t *tenant) pruneLogs(now time.Time) {
	if t.retention <= 0 {
		return
	}
	cut := now.Add(-t.retention).Format("2006-01-02T15:04:05.000Z")
	i := sort.Search(len(t.logs), func(i int) bool { return t.logs[i].Date >= cut })
	if i > 0 {
		t.logs = append(t.logs[:0:0], t.logs[i:]...)
	}
}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if k == "client_secret" || k == "access_token" {
				out[k] = "[REDACTED]"
				continue
			}
			out[k] = redact(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = redact(val)
		}
		return out
	}
	return v
}

// listLogs serves GET /api/v2/logs. With from (or take alone) it is
// checkpoint mode: events newer than from, oldest first, at most take
// (≤100), with a Link rel="next" header; other parameters are ignored.
// Otherwise it is search mode, newest first, capped at 1000 records.
func (s *Server) listLogs(c *call) (int, any, *apiError) {
	t := s.tenant
	t.pruneLogs(time.Now().UTC())
	q := c.query
	if q.Has("from") || q.Has("take") {
		take, e := intParam(q, "take", 50, 1, 100)
		if e != nil {
			return 0, nil, e
		}
		from := q.Get("from")
		i := sort.Search(len(t.logs), func(i int) bool { return t.logs[i].LogID > from })
		end := min(i+take, len(t.logs))
		items := append([]model.LogEvent{}, t.logs[i:end]...)
		next := from
		if len(items) > 0 {
			next = items[len(items)-1].LogID
		}
		c.header.Set("Link", fmt.Sprintf(`<%s/api/v2/logs?from=%s&take=%d>; rel="next"`, s.baseURLFor(c.r), next, take))
		return http.StatusOK, items, nil
	}
	pq, e := parsePaging(q, pagingSpec{offset: true, perPageDefault: 50, perPageMax: 100})
	if e != nil {
		return 0, nil, e
	}
	newest := make([]model.LogEvent, len(t.logs))
	for i, ev := range t.logs {
		newest[len(t.logs)-1-i] = ev
	}
	if len(newest) > 1000 {
		newest = newest[:1000]
	}
	start := pq.page * pq.perPage
	end := min(start+pq.perPage, len(newest))
	items := []model.LogEvent{}
	if start < end {
		items = newest[start:end]
	}
	if !pq.includeTotals {
		return http.StatusOK, items, nil
	}
	return http.StatusOK, map[string]any{
		"logs": items, "start": start, "limit": pq.perPage, "length": len(items), "total": len(newest),
	}, nil
}

func (s *Server) baseURLFor(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// plainJSON decodes an encoded answer into plain JSON values for the log.
func plainJSON(b []byte) any {
	if len(b) == 0 {
		return map[string]any{}
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
