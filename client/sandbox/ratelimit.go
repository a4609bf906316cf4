package sandbox

import (
	"fmt"
	"github.com/orgscope/orgscope/model"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BucketSpec is one token bucket: Burst tokens, refilled at PerSecond.
type BucketSpec struct {
	Burst     int
	PerSecond float64
}

func perMinute(burst int, n float64) BucketSpec { return BucketSpec{Burst: burst, PerSecond: n / 60} }

// RatePlan is a set of buckets: the global Management API bucket and the
// buckets of the endpoint groups that have their own.
type RatePlan struct {
	Global *BucketSpec
	Groups map[string]BucketSpec
}

// Plans names the presets from Auth0's published rate-limit tables.
func Plans() []string {
	return []string{"enterprise", "enterprise-nonprod", "self-service", "unlimited"}
}

// PlanByName returns a preset. Enterprise groups without a limit of their own
// are governed by the global bucket only. Auth0 does not publish a global
// figure for Self Service next to its group table; the sandbox uses Auth0's
// non-production figure (burst 10, 2/s) for it.
func PlanByName(name string) (RatePlan, error) {
	enterpriseGroups := map[string]BucketSpec{
		model.GroupReadOrganizationByName: perMinute(20, 200),
		model.GroupWriteOrganizations:     perMinute(5, 150),
		model.GroupReadOrgConnections:     perMinute(10, 100),
		model.GroupWriteOrgConnections:    perMinute(5, 150),
	}
	switch name {
	case "enterprise":
		return RatePlan{Global: &BucketSpec{Burst: 50, PerSecond: 16}, Groups: enterpriseGroups}, nil
	case "enterprise-nonprod":
		return RatePlan{Global: &BucketSpec{Burst: 10, PerSecond: 2}, Groups: enterpriseGroups}, nil
	case "self-service":
		return RatePlan{Global: &BucketSpec{Burst: 10, PerSecond: 2}, Groups: map[string]BucketSpec{
			model.GroupReadOrganizations:      perMinute(5, 50),
			model.GroupReadOrganizationByID:   perMinute(20, 200),
			model.GroupReadOrganizationByName: perMinute(10, 100),
			model.GroupWriteOrganizations:     perMinute(5, 25),
			model.GroupReadOrgConnections:     perMinute(5, 50),
			model.GroupWriteOrgConnections:    perMinute(5, 25),
			model.GroupReadConnections:        perMinute(5, 50),
			model.GroupReadClients:            perMinute(5, 100),
			model.GroupReadLogs:               perMinute(10, 100),
			model.GroupOther:                  perMinute(10, 150),
		}}, nil
	case "unlimited", "":
		return RatePlan{}, nil
	}
	return RatePlan{}, fmt.Errorf("unknown rate plan %q: use one of %s", name, strings.Join(Plans(), ", "))
}

// bucket is a token bucket refilled continuously.
type bucket struct {
	spec   BucketSpec
	tokens float64
	last   time.Time
}

func (b *bucket) refill(now time.Time) {
	b.tokens = math.Min(float64(b.spec.Burst), b.tokens+now.Sub(b.last).Seconds()*b.spec.PerSecond)
	b.last = now
}

// take removes one token if there is one.
func (b *bucket) take(now time.Time) bool {
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// headers are the X-RateLimit-* values of the bucket: Reset is the epoch
// second at which the bucket is full again.
func (b *bucket) headers(now time.Time) (limit, remaining int, reset int64) {
	missing := float64(b.spec.Burst) - b.tokens
	secs := 0.0
	if b.spec.PerSecond > 0 {
		secs = missing / b.spec.PerSecond
	}
	return b.spec.Burst, int(math.Floor(b.tokens)), int64(math.Ceil(float64(now.UnixNano())/1e9 + secs))
}

// limiter applies a plan: the global bucket first, then the group's.
type limiter struct {
	mu     sync.Mutex
	global *bucket
	groups map[string]*bucket
	now    func() time.Time
}

func newLimiter(p RatePlan, scale float64, now func() time.Time) *limiter {
	if scale <= 0 {
		scale = 1
	}
	l := &limiter{groups: map[string]*bucket{}, now: now}
	start := now()
	mk := func(s BucketSpec) *bucket {
		s.PerSecond *= scale
		return &bucket{spec: s, tokens: float64(s.Burst), last: start}
	}
	if p.Global != nil {
		l.global = mk(*p.Global)
	}
	for g, s := range p.Groups {
		l.groups[g] = mk(s)
	}
	return l
}

// allow takes a token for a request of group and sets the headers of the
// bucket that applied. It reports false when a bucket is empty, and which:
// "" for the global one, else the group.
func (l *limiter) allow(group string, h http.Header) (bool, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	g := l.groups[group]
	if g == nil && group != model.GroupOther {
		g = l.groups[model.GroupOther]
	}
	applied := g
	ok, empty := true, ""
	if l.global != nil && !l.global.take(now) {
		applied, ok = l.global, false
	} else if g != nil && !g.take(now) {
		ok, empty = false, group
		if l.groups[group] == nil {
			empty = model.GroupOther
		}
		// The global token is spent only when the request goes through.
		if l.global != nil {
			l.global.tokens++
		}
	}
	if applied == nil {
		applied = l.global
	}
	if applied != nil {
		limit, remaining, reset := applied.headers(now)
		h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	}
	return ok, empty
}

// errTooManyRequests answers a request an empty bucket refused: the global
// bucket's text is recorded; an endpoint group's names the group (Auth0's
// text for it is not recorded: docs/sandbox.md).
func errTooManyRequests(group string) *apiError {
	msg := "Global limit has been reached"
	if group != "" {
		msg = "Too many requests to " + model.GroupTitle(group) + ": that endpoint group's limit has been reached"
	}
	return &apiError{Status: http.StatusTooManyRequests, Message: msg, Code: "too_many_requests"}
}
