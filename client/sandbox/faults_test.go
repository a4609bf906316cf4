package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client/sandbox"
)

// outcome classifies what a client sees of one request.
func outcome(t *testing.T, base, tok string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/v2/organizations?per_page=5", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return "dropped"
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return http.StatusText(res.StatusCode)
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return "truncated"
	}
	return "ok"
}

func TestFaultsAreDeterministicBySeed(t *testing.T) {
	run := func(seed uint64) []string {
		a := start(t, sandbox.Options{FaultRate: 0.5, Seed: seed})
		var seq []string
		for range 40 {
			seq = append(seq, outcome(t, a.srv.URL(), a.token))
		}
		return seq
	}
	one, two := run(7), run(7)
	kinds := map[string]int{}
	for i := range one {
		if one[i] != two[i] {
			t.Fatalf("same seed, request %d: %s then %s", i, one[i], two[i])
		}
		kinds[one[i]]++
	}
	for _, k := range []string{"ok", "Internal Server Error", "Service Unavailable", "dropped", "truncated"} {
		if kinds[k] == 0 {
			t.Errorf("no %q among 40 requests at fault rate 0.5: %v", k, kinds)
		}
	}
	if other := run(8); equal(one, other) {
		t.Error("another seed gave the same faults")
	}
}

func TestFaultBodiesUseAuth0Envelope(t *testing.T) {
	a := start(t, sandbox.Options{FaultRate: 1, Seed: 3})
	for range 20 {
		r, err := http.Get(a.srv.URL() + "/api/v2/organizations")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode >= 500 {
			var m map[string]any
			if json.Unmarshal(b, &m) != nil || m["statusCode"] != float64(r.StatusCode) || m["message"] == "" {
				t.Fatalf("%d body %s", r.StatusCode, b)
			}
			return
		}
	}
	t.Fatal("no 5xx among 20 requests at fault rate 1")
}

func TestLatency(t *testing.T) {
	a := start(t, sandbox.Options{Latency: 60 * time.Millisecond, Empty: true})
	began := time.Now()
	a.list("/api/v2/organizations")
	if d := time.Since(began); d < 60*time.Millisecond {
		t.Fatalf("request took %v with 60ms latency", d)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
