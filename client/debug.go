package client

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/orgscope/orgscope/model"
)

// debugLog writes requests and answers for --debug-http with every secret
// replaced: the Authorization header, and client secrets, tokens and
// assertions in JSON and form bodies.
type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

const redacted = "[REDACTED]"

// cleanText writes through model.CleanText: the log quotes the tenant's
// answers and headers, and a person reads it with cat or tail -f.
type cleanText struct{ w io.Writer }

func (c cleanText) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, model.CleanText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// secretKey is model's one rule for what holds a secret.
func secretKey(k string) bool { return model.IsSecretKey(k) }

// redactBody returns body with secret values replaced.
func redactBody(contentType string, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	if strings.Contains(contentType, "x-www-form-urlencoded") {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return redacted
		}
		for k := range v {
			if secretKey(k) {
				v.Set(k, redacted)
			}
		}
		return v.Encode()
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		// Not JSON (a truncated answer): print nothing that could hold a secret.
		return fmt.Sprintf("(%d bytes, not JSON)", len(body))
	}
	b, _ := json.Marshal(redactJSON(doc))
	return string(b)
}

func redactJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if secretKey(k) {
				x[k] = redacted
			} else {
				x[k] = redactJSON(val)
			}
		}
	case []any:
		for i := range x {
			x[i] = redactJSON(x[i])
		}
	case string:
		if model.LooksSecret(x) { // a key or a token, whatever it is called
			return redacted
		}
	}
	return v
}

func (d *debugLog) request(r *http.Request, body []byte) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "→ %s %s\n", r.Method, r.URL.String())
	for _, k := range []string{"Authorization", "Content-Type"} {
		if v := r.Header.Get(k); v != "" {
			if k == "Authorization" {
				scheme, _, _ := strings.Cut(v, " ")
				v = scheme + " " + redacted
			}
			fmt.Fprintf(d.w, "  %s: %s\n", k, v)
		}
	}
	if s := redactBody(r.Header.Get("Content-Type"), body); s != "" {
		fmt.Fprintf(d.w, "  %s\n", s)
	}
}

func (d *debugLog) response(res *http.Response, body []byte, took time.Duration) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "← %d %s (%s)\n", res.StatusCode, http.StatusText(res.StatusCode), took.Round(time.Millisecond))
	for _, k := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"} {
		if v := res.Header.Get(k); v != "" {
			fmt.Fprintf(d.w, "  %s: %s\n", k, v)
		}
	}
	if s := redactBody(res.Header.Get("Content-Type"), body); s != "" {
		fmt.Fprintf(d.w, "  %s\n", s)
	}
}

func (d *debugLog) failure(err error) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "← no answer: %v\n", err)
}

// debugTransport logs the token endpoint's traffic for --debug-http.
type debugTransport struct {
	base  http.RoundTripper
	debug *debugLog
}

func (d *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if d.debug == nil {
		return d.base.RoundTrip(req)
	}
	var body []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body, _ = readAll(rc)
		}
	}
	d.debug.request(req, body)
	res, err := d.base.RoundTrip(req)
	if err != nil {
		d.debug.failure(err)
		return nil, err
	}
	data, err := readAll(res.Body)
	if err != nil {
		return nil, err
	}
	d.debug.response(res, data, 0)
	res.Body = nopCloser(data)
	return res, nil
}
