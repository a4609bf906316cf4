package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// api drives a started sandbox over loopback HTTP with a token.
type api struct {
	t     *testing.T
	srv   *sandbox.Server
	base  string // the sandbox's URL, or apicheck's in front of it
	token string
}

func start(t *testing.T, opts sandbox.Options) *api {
	t.Helper()
	srv, err := sandbox.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &api{t: t, srv: srv, base: throughAPICheck(t, srv.URL()), token: srv.Token(sandbox.AllScopes()...)}
}

func (a *api) withScopes(scopes ...string) *api {
	return &api{t: a.t, srv: a.srv, base: a.base, token: a.srv.Token(scopes...)}
}

type response struct {
	status int
	header http.Header
	raw    []byte
}

// do sends a request; body may be nil, a string (sent as is) or a value
// encoded as JSON.
func (a *api) do(method, path string, body any) response {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, raw: raw}
}

// obj sends a request, checks the status and decodes a JSON object.
func (a *api) obj(method, path string, body any, want int) map[string]any {
	a.t.Helper()
	r := a.do(method, path, body)
	if r.status != want {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.raw)
	}
	var m map[string]any
	if len(r.raw) > 0 {
		if err := json.Unmarshal(r.raw, &m); err != nil {
			a.t.Fatalf("%s %s: %v: %s", method, path, err, r.raw)
		}
	}
	return m
}

// list sends a GET expecting a bare JSON array.
func (a *api) list(path string) []any {
	a.t.Helper()
	r := a.do("GET", path, nil)
	if r.status != 200 {
		a.t.Fatalf("GET %s: status %d: %s", path, r.status, r.raw)
	}
	var l []any
	if err := json.Unmarshal(r.raw, &l); err != nil {
		a.t.Fatalf("GET %s: not an array: %s", path, r.raw)
	}
	return l
}

// wantError checks a response is exactly Auth0's error body (JSON-equal).
func (a *api) wantError(r response, status int, body string) {
	a.t.Helper()
	if r.status != status {
		a.t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	jsonEqual(a.t, r.raw, body)
}

func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %s", got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %s: %v", want, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Fatalf("body\n got  %s\n want %s", gb, wb)
	}
}

// firstID returns the id of a demo object found by name through the API.
func (a *api) connID(name string) string {
	a.t.Helper()
	m := a.obj("GET", "/api/v2/connections?include_totals=true&name="+name, nil, 200)
	cs := m["connections"].([]any)
	if len(cs) != 1 {
		a.t.Fatalf("connection %s: found %d", name, len(cs))
	}
	return cs[0].(map[string]any)["id"].(string)
}

func (a *api) orgID(name string) string {
	a.t.Helper()
	return a.obj("GET", "/api/v2/organizations/name/"+name, nil, 200)["id"].(string)
}

func jsonDecode(t *testing.T, raw []byte, dst any) {
	t.Helper()
	if err := json.Unmarshal(raw, dst); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func httpPostForm(u string, form url.Values) (response, error) {
	res, err := http.PostForm(u, form)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, raw: raw}, err
}
