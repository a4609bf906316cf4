package client

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// fakeClock drives a governor without real waiting.
type fakeClock struct {
	t     time.Time
	slept time.Duration
}

func newTestGovernor(maxRPS float64) (*Governor, *fakeClock) {
	clk := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	g := NewGovernor(maxRPS)
	g.now = func() time.Time { return clk.t }
	g.sleep = func(_ context.Context, d time.Duration) error {
		clk.t = clk.t.Add(d)
		clk.slept += d
		return nil
	}
	return g, clk
}

func headers(limit, remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	return h
}

func TestGovernorPacesAnEmptyBucketAtItsRefillRate(t *testing.T) {
	g, clk := newTestGovernor(0)
	ctx := context.Background()
	tk, _ := g.Acquire(ctx, "read-organization-connections")
	if clk.slept != 0 {
		t.Fatal("the first request waited")
	}
	// Empty bucket of 10 that is full again in 10 s: one token a second.
	tk.Done(200, headers(10, 0, clk.t.Add(10*time.Second)))
	for i := range 5 {
		tk, _ := g.Acquire(ctx, "read-organization-connections")
		tk.Done(200, headers(10, 0, clk.t.Add(10*time.Second)))
		if want := time.Duration(i+1) * time.Second; clk.slept < want-time.Millisecond || clk.slept > want+time.Millisecond {
			t.Fatalf("after %d paced requests slept %v, want %v", i+1, clk.slept, want)
		}
	}
	// Another group on another bucket is not held up.
	before := clk.slept
	tk, _ = g.Acquire(ctx, "read-connections")
	tk.Done(200, headers(50, 49, clk.t.Add(time.Second)))
	if clk.slept != before {
		t.Fatal("a request of another bucket waited")
	}
	snap := g.Snapshot()
	if len(snap.Buckets) != 2 || snap.Buckets[1].Limit != 10 || snap.Buckets[1].PerSecond < 0.99 || snap.Buckets[1].PerSecond > 1.01 {
		t.Fatalf("snapshot %+v", snap)
	}
}

func TestGovernorSharesABucketAcrossGroupsWithTheSameLimit(t *testing.T) {
	g, clk := newTestGovernor(0)
	ctx := context.Background()
	tk, _ := g.Acquire(ctx, "read-organizations")
	tk.Done(200, headers(50, 0, clk.t.Add(5*time.Second)))
	tk, _ = g.Acquire(ctx, "read-connections")
	tk.Done(200, headers(50, 0, clk.t.Add(5*time.Second)))
	// Both groups now draw from one empty bucket refilling at 10/s.
	tk, _ = g.Acquire(ctx, "read-organizations")
	tk.Done(200, headers(50, 0, clk.t.Add(5*time.Second)))
	if clk.slept < 99*time.Millisecond {
		t.Fatalf("slept %v: the shared bucket was not paced", clk.slept)
	}
}

func TestGovernorSlowsDownOn429(t *testing.T) {
	g, clk := newTestGovernor(0)
	ctx := context.Background()
	tk, _ := g.Acquire(ctx, "g")
	tk.Done(200, headers(10, 5, clk.t.Add(time.Second))) // 5 tokens in 1 s: 5/s
	tk, _ = g.Acquire(ctx, "g")
	tk.Done(http.StatusTooManyRequests, headers(10, 0, clk.t.Add(time.Second)))
	if r := g.Snapshot().Buckets[0].PerSecond; r > 5.01 {
		t.Fatalf("rate after a 429 is %v, want it lowered", r)
	}
	if d := g.RetryAfter(headers(10, 0, clk.t.Add(2*time.Second))); d <= 0 || d > 2*time.Second {
		t.Fatalf("retry after %v", d)
	}
	h := http.Header{"Retry-After": {"3"}}
	if d := g.RetryAfter(h); d != 3*time.Second {
		t.Fatalf("Retry-After: 3 gave %v", d)
	}
}

func TestGovernorUserCap(t *testing.T) {
	g, clk := newTestGovernor(5)
	ctx := context.Background()
	for range 11 {
		tk, _ := g.Acquire(ctx, "g")
		tk.Done(200, nil)
	}
	// 5 requests/s: the eleventh goes 2 s after the first.
	if clk.slept < 1990*time.Millisecond || clk.slept > 2010*time.Millisecond {
		t.Fatalf("11 requests at --max-rps 5 took %v, want 2s", clk.slept)
	}
}
