package client

import (
	"context"
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Governor paces requests so that each rate-limit bucket of the tenant is
// used at the full rate it announces and never past it.
//
// Auth0 rations requests per endpoint group as well as globally, and each
// answer's X-RateLimit-Limit/Remaining/Reset describe the bucket that applied
// (management-api.md §11). The governor keeps a mirror of every bucket it
// has seen: tokens left, the refill rate learned from Remaining and Reset, and
// the requests in flight. A request waits until its bucket's mirror has a
// token; groups on different buckets run in parallel. Groups announcing the
// same limit are paced as one bucket, which is exact for the groups that
// only the global bucket governs, and errs on the slow side otherwise.
type Governor struct {
	mu      sync.Mutex
	buckets map[int]*mirror    // by announced limit
	groups  map[string]*mirror // group → the bucket its answers describe
	cap     *capBucket
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	waiting int
}

// mirror is the governor's picture of one server bucket.
type mirror struct {
	limit    int
	tokens   float64
	at       time.Time
	rate     float64 // tokens per second, learned; 0 until known
	resetAt  time.Time
	inflight int
	waiting  int
}

// NewGovernor returns a governor; maxRPS > 0 adds a cap of the user's own
// over all requests.
func NewGovernor(maxRPS float64) *Governor {
	g := &Governor{
		buckets: map[int]*mirror{},
		groups:  map[string]*mirror{},
		now:     time.Now,
		sleep:   sleepCtx,
	}
	if maxRPS > 0 {
		g.cap = &capBucket{rate: maxRPS, tokens: 1, burst: math.Max(1, maxRPS/10)}
	}
	return g
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m *mirror) refill(now time.Time) {
	if m.rate > 0 && now.After(m.at) {
		m.tokens = math.Min(float64(m.limit), m.tokens+now.Sub(m.at).Seconds()*m.rate)
	} else if m.rate == 0 && !m.resetAt.IsZero() && !now.Before(m.resetAt) {
		// Rate unknown: the bucket is full again at its reset.
		m.tokens = float64(m.limit)
	}
	m.at = now
}

// wait returns how long until the mirror has a token.
func (m *mirror) wait(now time.Time) time.Duration {
	if m.tokens >= 1 {
		return 0
	}
	if m.rate > 0 {
		return time.Duration((1 - m.tokens) / m.rate * float64(time.Second))
	}
	if d := m.resetAt.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Ticket is one acquired permission to send; Done reports the answer.
type Ticket struct {
	g     *Governor
	m     *mirror
	group string
}

// Acquire waits until a request of group may be sent.
func (g *Governor) Acquire(ctx context.Context, group string) (*Ticket, error) {
	for {
		g.mu.Lock()
		now := g.now()
		m := g.groups[group]
		var d time.Duration
		if m != nil {
			m.refill(now)
			d = m.wait(now)
		}
		if g.cap != nil {
			d = max(d, g.cap.wait(now))
		}
		if d <= 0 {
			if m != nil {
				m.tokens--
				m.inflight++
			}
			if g.cap != nil {
				g.cap.take(now)
			}
			g.mu.Unlock()
			return &Ticket{g: g, m: m, group: group}, nil
		}
		g.waiting++
		if m != nil {
			m.waiting++
		}
		g.mu.Unlock()
		err := g.sleep(ctx, d)
		g.mu.Lock()
		g.waiting--
		if m != nil {
			m.waiting--
		}
		g.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// rateHeaders are the X-RateLimit-* values of an answer.
type rateHeaders struct {
	limit, remaining int
	reset            time.Time
	ok               bool
}

func parseRateHeaders(h http.Header) rateHeaders {
	l, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	r, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	s, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || l <= 0 {
		return rateHeaders{}
	}
	return rateHeaders{limit: l, remaining: r, reset: time.Unix(s, 0), ok: true}
}

// Done records the answer to the Ticket's request (status 0: no answer).
func (t *Ticket) Done(status int, h http.Header) {
	g := t.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.m != nil {
		t.m.inflight--
	}
	rh := parseRateHeaders(h)
	if !rh.ok {
		return
	}
	now := g.now()
	m := g.buckets[rh.limit]
	if m == nil {
		m = &mirror{limit: rh.limit, at: now, tokens: float64(rh.limit)}
		g.buckets[rh.limit] = m
	}
	g.groups[t.group] = m
	m.refill(now)
	// The server's count, less the requests still on their way to it.
	m.tokens = float64(rh.remaining - m.inflight)
	m.resetAt = rh.reset
	if secs := rh.reset.Sub(now).Seconds(); secs > 0 && rh.remaining < rh.limit {
		// Reset is when the bucket is full again, rounded up to a second:
		// this estimate never exceeds the true rate, so keep the largest.
		if est := float64(rh.limit-rh.remaining) / secs; est > m.rate {
			m.rate = est
		}
	}
	if status == http.StatusTooManyRequests {
		// Paced too fast (or another client shares the tenant): slow down.
		m.rate /= 2
		m.tokens = math.Min(m.tokens, 0)
	}
}

// RetryAfter returns how long to wait before retrying an answer of 429: the
// Retry-After header if any, else until X-RateLimit-Reset.
func (g *Governor) RetryAfter(h http.Header) time.Duration {
	if ra := h.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(ra); err == nil {
			return t.Sub(g.now())
		}
	}
	if rh := parseRateHeaders(h); rh.ok {
		g.mu.Lock()
		defer g.mu.Unlock()
		if m := g.buckets[rh.limit]; m != nil && m.rate > 0 {
			return time.Duration(float64(time.Second) / m.rate)
		}
		return rh.reset.Sub(g.now())
	}
	return time.Second
}

// BucketState is what the status bar shows of one bucket.
type BucketState struct {
	Limit     int
	Remaining int
	Reset     time.Time
	PerSecond float64
	InFlight  int
	Waiting   int
	Groups    []string
}

// Budget is a snapshot of the governor.
type Budget struct {
	Buckets []BucketState
	Waiting int
}

// Snapshot returns the governor's current picture, safe to call from any
// goroutine.
func (g *Governor) Snapshot() Budget {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	b := Budget{Waiting: g.waiting}
	for _, m := range g.buckets {
		m.refill(now)
		st := BucketState{Limit: m.limit, Remaining: max(0, int(m.tokens)), Reset: m.resetAt, PerSecond: m.rate, InFlight: m.inflight, Waiting: m.waiting}
		for grp, gm := range g.groups {
			if gm == m {
				st.Groups = append(st.Groups, grp)
			}
		}
		sort.Strings(st.Groups)
		b.Buckets = append(b.Buckets, st)
	}
	sort.Slice(b.Buckets, func(i, j int) bool { return b.Buckets[i].Limit > b.Buckets[j].Limit })
	return b
}

// Parallelism suggests how many requests of group to keep in flight: enough
// to use the bucket's rate given the answers' latency.
func (g *Governor) Parallelism(group string, latency time.Duration, maxWorkers int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	m := g.groups[group]
	if m == nil || m.rate == 0 {
		return min(maxWorkers, 4)
	}
	n := int(math.Ceil(m.rate*latency.Seconds()*1.5)) + 1
	return max(1, min(maxWorkers, n))
}

// capBucket is the user's own cap (--max-rps).
type capBucket struct {
	rate, tokens, burst float64
	at                  time.Time
}

func (c *capBucket) refill(now time.Time) {
	if !c.at.IsZero() {
		c.tokens = math.Min(c.burst, c.tokens+now.Sub(c.at).Seconds()*c.rate)
	}
	c.at = now
}

func (c *capBucket) wait(now time.Time) time.Duration {
	c.refill(now)
	if c.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - c.tokens) / c.rate * float64(time.Second))
}

func (c *capBucket) take(now time.Time) {
	c.refill(now)
	c.tokens--
}
