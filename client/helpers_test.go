package client_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

func startSandbox(t testing.TB, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// connect opens a client on the sandbox with its admin application.
func connect(t testing.TB, srv *sandbox.Server, edit ...func(*client.Config)) *client.Client {
	t.Helper()
	id, secret := srv.AdminCredentials()
	cfg := client.Config{Domain: srv.Addr(), ClientID: id, ClientSecret: secret, Backoff: 5 * 1e6}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recorder is a base transport that keeps every request body it sends and
// can answer some requests itself.
type recorder struct {
	mu       sync.Mutex
	base     http.RoundTripper
	bodies   map[string][][]byte // "METHOD path" → bodies
	tokenReq int
	answer   func(*http.Request) *http.Response
}

func newRecorder() *recorder {
	return &recorder{base: http.DefaultTransport, bodies: map[string][][]byte{}}
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	key := req.Method + " " + req.URL.Path
	r.bodies[key] = append(r.bodies[key], body)
	if req.URL.Path == "/oauth/token" {
		r.tokenReq++
	}
	answer := r.answer
	r.mu.Unlock()
	if answer != nil {
		if res := answer(req); res != nil {
			return res, nil
		}
	}
	return r.base.RoundTrip(req)
}

func (r *recorder) sent(method, path string) [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[method+" "+path]
}

func (r *recorder) count(prefix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for k, v := range r.bodies {
		if strings.HasPrefix(k, prefix) {
			n += len(v)
		}
	}
	return n
}

func jsonAnswer(req *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Request: req,
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body:   io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}
}
