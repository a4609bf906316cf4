package client

import (
	"net/http"
	"sync"
	"time"
)

// RequestRecord is one request the session sent.
type RequestRecord struct {
	Time     time.Time
	Method   string
	Path     string // with its query
	Status   int    // 0 when no answer came
	Duration time.Duration
	Err      string
}

// RequestLog keeps the session's last requests for the request-log screen.
type RequestLog struct {
	mu      sync.Mutex
	records []RequestRecord
	max     int
	total   int
}

func newRequestLog(max int) *RequestLog { return &RequestLog{max: max} }

func (l *RequestLog) add(req *http.Request, status int, took time.Duration, err error) {
	if l == nil {
		return
	}
	rec := RequestRecord{Time: time.Now(), Method: req.Method, Path: req.URL.RequestURI(), Status: status, Duration: took}
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
