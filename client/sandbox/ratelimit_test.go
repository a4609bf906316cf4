package sandbox_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestGlobalBucketAnswers429LikeAuth0(t *testing.T) {
	t.Parallel()
	a := start(t, sandbox.Options{RateLimit: 1, Burst: 3})
	for i := range 3 {
		r := a.do("GET", "/api/v2/organizations", nil)
		if r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
		if got := r.header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(2-i) {
			t.Fatalf("request %d: remaining %q, want %d", i, got, 2-i)
		}
		if r.header.Get("X-RateLimit-Limit") != "3" {
			t.Fatalf("limit header %q", r.header.Get("X-RateLimit-Limit"))
		}
	}
	r := a.do("GET", "/api/v2/organizations", nil)
	a.wantError(r, 429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`)
	reset, err := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	now := time.Now().Unix()
	if err != nil || reset < now || reset > now+5 {
		t.Fatalf("X-RateLimit-Reset %q is not an epoch second within the refill time (now %d)", r.header.Get("X-RateLimit-Reset"), now)
	}
	time.Sleep(1100 * time.Millisecond)
	if r := a.do("GET", "/api/v2/organizations", nil); r.status != 200 {
		t.Fatalf("after a refill: %d", r.status)
	}
}

// On Enterprise, reading an org's links has its own bucket of 10.
func TestEndpointGroupBucket(t *testing.T) {
	a := start(t, sandbox.Options{Plan: "enterprise"})
	org := a.orgID("globex")
	for i := range 10 {
		r := a.do("GET", "/api/v2/organizations/"+org+"/connections", nil)
		if r.status != 200 {
			t.Fatalf("read %d: %d", i, r.status)
		}
		if r.header.Get("X-RateLimit-Limit") != "10" {
			t.Fatalf("headers must describe the group's bucket: limit %q", r.header.Get("X-RateLimit-Limit"))
		}
	}
	// The 429 names the bucket that was empty, not the global one, which has room.
	a.wantError(a.do("GET", "/api/v2/organizations/"+org+"/enabled_connections", nil), 429,
		`{"statusCode":429,"error":"Too Many Requests","message":"Too many requests to Read Organization Connections: that endpoint group's limit has been reached","errorCode":"too_many_requests"}`)
	// Other groups still answer.
	if r := a.do("GET", "/api/v2/organizations/"+org, nil); r.status != 200 {
		t.Fatalf("org read during a link-read 429: %d", r.status)
	}
}

func TestRateScaleSpeedsRefill(t *testing.T) {
	t.Parallel()
	a := start(t, sandbox.Options{RateLimit: 1, Burst: 1, RateScale: 20})
	a.do("GET", "/api/v2/organizations", nil)
	time.Sleep(100 * time.Millisecond) // 1/s × 20 refills a token in 50 ms
	if r := a.do("GET", "/api/v2/organizations", nil); r.status != 200 {
		t.Fatalf("scaled refill: %d", r.status)
	}
}

func TestPlanNames(t *testing.T) {
	for _, p := range sandbox.Plans() {
		if _, err := sandbox.New(sandbox.Options{Plan: p, Empty: true}); err != nil {
			t.Errorf("plan %s: %v", p, err)
		}
	}
	if _, err := sandbox.New(sandbox.Options{Plan: "gold"}); err == nil {
		t.Error("unknown plan accepted")
	}
}
