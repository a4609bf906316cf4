package client

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// RequestRecord is one request the session sent.
type RequestRecord struct {
	Time     time.Time
	Method   string
	Path     string // with its query
	URL      string // the whole of it
	Status   int    // 0 when no answer came
	Duration time.Duration
	Err      string
	// Body and Answer are what was sent and what came back, with secret
	// values redacted as in --debug-http, cut at maxLoggedBody bytes.
	Body, Answer string
	// RateLimit is what the answer's rate-limit headers said ("" without).
	RateLimit string
}

// maxLoggedBody is how much of a body the request log keeps.
const maxLoggedBody = 2048

// RequestLog keeps the session's last requests for the request-log screen.
type RequestLog struct {
	mu      sync.Mutex
	records []RequestRecord
	max     int
	total   int
}

func newRequestLog(max int) *RequestLog { return &RequestLog{max: max} }

func (l *RequestLog) add(req *http.Request, body []byte, resp *http.Response, answer []byte, took time.Duration, err error) {
	if l == nil {
		return
	}
	rec := RequestRecord{Time: time.Now(), Method: req.Method, Path: req.URL.RequestURI(), URL: req.URL.String(), Duration: took,
		Body: cutBody(redactBody(req.Header.Get("Content-Type"), body))}
	if resp != nil {
		rec.Status, rec.Answer = resp.StatusCode, cutBody(redactBody(resp.Header.Get("Content-Type"), answer))
		if lim := resp.Header.Get("X-RateLimit-Limit"); lim != "" {
			rec.RateLimit = "limit " + lim + ", remaining " + resp.Header.Get("X-RateLimit-Remaining") + ", reset " + resp.Header.Get("X-RateLimit-Reset")
		}
	}
	if err != nil {
		rec.Err = err.Error()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total++
	l.records = append(l.records, rec)
	if len(l.records) > l.max {
		l.records = append(l.records[:0:0], l.records[len(l.records)-l.max:]...)
	}
}

// cutBody keeps the first maxLoggedBody bytes of a body, saying so.
func cutBody(s string) string {
	if len(s) <= maxLoggedBody {
		return s
	}
	return s[:maxLoggedBody] + fmt.Sprintf("… (%d bytes in all)", len(s))
}

// Records returns a copy of the kept records, oldest first.
func (l *RequestLog) Records() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]RequestRecord(nil), l.records...)
}

// Stats counts all requests sent and those answered with status.
func (l *RequestLog) Count(status int) (all, withStatus int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		if r.Status == status {
			withStatus++
		}
	}
	return l.total, withStatus
}

// Total counts every request sent in the session (retries included).
func (l *RequestLog) Total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}
