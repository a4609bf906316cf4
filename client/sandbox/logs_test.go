package sandbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestWritesAppendSapiEvents(t *testing.T) {
	a := start(t, sandbox.Options{Empty: true})
	if l := a.list("/api/v2/logs?from=0&take=100"); len(l) != 0 {
		t.Fatalf("fresh tenant has %d events", len(l))
	}
	org := a.obj("POST", "/api/v2/organizations", map[string]any{"name": "logged"}, 201)["id"].(string)
	a.obj("PATCH", "/api/v2/organizations/"+org, map[string]any{"display_name": "Logged"}, 200)
	a.do("GET", "/api/v2/organizations/"+org, nil)          // reads are not logged
	a.do("POST", "/api/v2/organizations", map[string]any{}) // failures are not logged

	r := a.do("GET", "/api/v2/logs?from=0&take=100", nil)
	var events []map[string]any
	jsonDecode(t, r.raw, &events)
	if len(events) != 2 {
		t.Fatalf("%d events, want 2: %s", len(events), r.raw)
	}
	ev := events[1]
	req := ev["details"].(map[string]any)["request"].(map[string]any)
	if ev["type"] != "sapi" || req["method"] != "patch" || req["path"] != "/api/v2/organizations/"+org {
		t.Fatalf("event: %v", ev)
	}
	if res := ev["details"].(map[string]any)["response"].(map[string]any); res["statusCode"] != 200.0 {
		t.Fatalf("response: %v", res)
	}
	if !strings.Contains(r.header.Get("Link"), `from=`+events[1]["log_id"].(string)) || !strings.Contains(r.header.Get("Link"), `rel="next"`) {
		t.Fatalf("Link header %q", r.header.Get("Link"))
	}
	// Only events newer than from; none newer gives [] and the same next link.
	newer := a.list("/api/v2/logs?take=100&from=" + events[0]["log_id"].(string))
	if len(newer) != 1 || newer[0].(map[string]any)["log_id"] != events[1]["log_id"] {
		t.Fatalf("from=first: %v", newer)
	}
	last := events[1]["log_id"].(string)
	end := a.do("GET", "/api/v2/logs?take=100&from="+last, nil)
	if string(end.raw) != "[]\n" && string(end.raw) != "[]" || !strings.Contains(end.header.Get("Link"), "from="+last) {
		t.Fatalf("at the end: %s, link %q", end.raw, end.header.Get("Link"))
	}
}

func TestLogSecretsAreMasked(t *testing.T) {
	a := start(t, sandbox.Options{Empty: true})
	c := a.obj("POST", "/api/v2/clients", map[string]any{"name": "s"}, 201)
	r := a.do("GET", "/api/v2/logs?from=0&take=10", nil)
	if strings.Contains(string(r.raw), c["client_secret"].(string)) {
		t.Fatal("a client secret leaked into the tenant logs")
	}
}

func TestLogRetention(t *testing.T) {
	t.Parallel()
	a := start(t, sandbox.Options{Empty: true, LogRetention: time.Second})
	a.obj("POST", "/api/v2/organizations", map[string]any{"name": "old-news"}, 201)
	if l := a.list("/api/v2/logs?from=0&take=100"); len(l) != 1 {
		t.Fatalf("%d events right after a write, want 1", len(l))
	}
	time.Sleep(1200 * time.Millisecond)
	if l := a.list("/api/v2/logs?from=0&take=100"); len(l) != 0 {
		t.Fatalf("%d events kept past the retention period", len(l))
	}
}
