package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// Targets (issue #2): list endpoints on a 100,000-org tenant serve ≥ 5,000
// requests/s on loopback; the tenant is built in under 5 s and holds under
// 300 MB. Run: go test ./client/sandbox -run '^$' -bench . -benchtime 3s

func bigTenant(b *testing.B) *api {
	b.Helper()
	srv, err := sandbox.NewServer(sandbox.Options{Orgs: 100_000})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	return &api{srv: srv, base: srv.URL(), token: srv.Token(sandbox.AllScopes()...)}
}

// get sends one GET on a kept-alive connection and decodes the JSON.
func get(b *testing.B, c *http.Client, a *api, path string, into any) {
	body := getRaw(b, c, a, path)
	if into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			b.Fatal(err)
		}
	}
}

// nextCursor finds the "next" cursor of a checkpoint page without decoding
// the whole page: the benchmarks measure the server, not a client's decoder.
func nextCursor(body []byte) []byte {
	const key = `"next":"`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return nil
	}
	rest := body[i+len(key):]
	return rest[:bytes.IndexByte(rest, '"')]
}

func getRaw(b *testing.B, c *http.Client, a *api, path string) []byte {
	req, _ := http.NewRequest("GET", a.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 {
		b.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return body
}

func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// Walks the whole tenant with checkpoint paging, 100 orgs a page.
func BenchmarkListOrganizationsCheckpoint(b *testing.B) {
	a := bigTenant(b)
	c := &http.Client{}
	from := ""
	for b.Loop() {
		path := "/api/v2/organizations?take=100"
		if from != "" {
			path += "&from=" + from
		}
		from = string(nextCursor(getRaw(b, c, a, path)))
	}
	reportRate(b)
}

func BenchmarkListOrganizationsOffsetSorted(b *testing.B) {
	a := bigTenant(b)
	c := &http.Client{}
	paths := []string{
		"/api/v2/organizations?include_totals=true&per_page=50&page=3&sort=name:1",
		"/api/v2/organizations?include_totals=true&per_page=50&page=7",
	}
	i := 0
	for b.Loop() {
		get(b, c, a, paths[i%len(paths)], nil)
		i++
	}
	reportRate(b)
}

// Reads one org's links after another, as a crawl does.
func BenchmarkListOrganizationConnections(b *testing.B) {
	a := bigTenant(b)
	c := &http.Client{}
	var page struct {
		Organizations []struct {
			ID string `json:"id"`
		} `json:"organizations"`
	}
	get(b, c, a, "/api/v2/organizations?take=100", &page)
	i := 0
	for b.Loop() {
		get(b, c, a, "/api/v2/organizations/"+page.Organizations[i%100].ID+"/connections?include_totals=true&per_page=100", nil)
		i++
	}
	reportRate(b)
}

func BenchmarkListConnections(b *testing.B) {
	a := bigTenant(b)
	c := &http.Client{}
	for b.Loop() {
		get(b, c, a, "/api/v2/connections?include_totals=true&per_page=100", nil)
	}
	reportRate(b)
}

// Concurrent clients on the checkpoint list: what a crawler with several
// workers would see.
func BenchmarkListOrganizationsParallel(b *testing.B) {
	a := bigTenant(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := &http.Client{}
		for pb.Next() {
			get(b, c, a, "/api/v2/organizations?take=100", nil)
		}
	})
	reportRate(b)
}

// Builds the 100,000-org tenant and reports the heap it holds.
func BenchmarkGenerate100kTenant(b *testing.B) {
	var heapMB float64
	for b.Loop() {
		srv, err := sandbox.New(sandbox.Options{Orgs: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heapMB = float64(ms.HeapAlloc) / (1 << 20)
		if st := srv.Stats(); st.Organizations != 100_000 {
			b.Fatalf("built %d orgs", st.Organizations)
		}
		runtime.KeepAlive(srv)
		b.StartTimer()
	}
	b.ReportMetric(heapMB, "MB-heap")
}
