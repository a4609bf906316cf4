package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
)

// transport is orgscope's http.RoundTripper under the SDK: the read-only
// guard, the rate governor, retries, the request log and --debug-http.
//
// Retry policy: a 429 was not processed, so every method is retried after
// the bucket's reset. 5xx answers, dropped connections and truncated bodies
// are retried for GET, PATCH, PUT and DELETE (idempotent here) with
// exponential backoff; a POST is retried only when it provably never left
// (the connection could not be made), and otherwise fails with an
// *AmbiguousError that the create operations resolve.
type transport struct {
	base        http.RoundTripper
	auth        *tokens
	gov         *Governor
	readOnly    bool
	log         *RequestLog
	debug       *debugLog
	maxAttempts int
	max429      int
	backoff     time.Duration
}

// exchange holds the final answer to one SDK call, so that an error answer
// is decoded by orgscope (the SDK's error types vary by status).
type exchange struct {
	status int
	body   []byte
	method string
	path   string
}

type exchangeKey struct{}

func withExchange(ctx context.Context) (context.Context, *exchange) {
	ex := &exchange{}
	return context.WithValue(ctx, exchangeKey{}, ex), ex
}

func exchangeFrom(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

func isWrite(method string) bool { return method != http.MethodGet && method != http.MethodHead }

// unsent reports an error that proves the request never reached the server.
func unsent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if t.readOnly && isWrite(req.Method) {
		return nil, ErrReadOnly
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	group := model.EndpointGroup(req.Method, req.URL.Path)
	failures, limited := 0, 0
	for {
		tk, err := t.gov.Acquire(ctx, group)
		if err != nil {
			return nil, err
		}
		authz, err := t.auth.header()
		if err != nil {
			tk.Done(0, nil)
			return nil, err
		}
		r := req.Clone(ctx)
		r.Header.Set("Authorization", authz)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		t.debug.request(r, body)
		began := time.Now()
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			tk.Done(0, nil)
			t.log.add(req, body, nil, nil, time.Since(began), err)
			t.debug.failure(err)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			failures++
			if req.Method == http.MethodPost && !unsent(err) {
				return nil, &AmbiguousError{Method: req.Method, Path: req.URL.Path, Cause: err}
			}
			if failures >= t.maxAttempts {
				return nil, fmt.Errorf("%s %s failed %d times, the last with: %w", req.Method, req.URL.Path, failures, err)
			}
			if err := sleepCtx(ctx, t.backoffFor(failures)); err != nil {
				return nil, err
			}
			continue
		}
		data, readErr := io.ReadAll(resp.Body)
		resp.Body.Close()
		tk.Done(resp.StatusCode, resp.Header)
		took := time.Since(began)
		truncated := readErr != nil || (resp.StatusCode < 300 && looksTruncated(resp.Header, data))
		t.debug.response(resp, data, took)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests && limited < t.max429:
			limited++
			t.log.add(req, body, resp, data, took, nil)
			wait := t.gov.RetryAfter(resp.Header)
			wait += time.Duration(rand.Int64N(int64(50*time.Millisecond) + 1))
			if err := sleepCtx(ctx, wait); err != nil {
				return nil, err
			}
			continue
		case truncated || resp.StatusCode >= 500:
			cause := fmt.Errorf("answer %d", resp.StatusCode)
			if truncated {
				cause = errors.New("the answer's body was cut short")
			}
			t.log.add(req, body, resp, data, took, cause)
			failures++
			if req.Method == http.MethodPost {
				return nil, &AmbiguousError{Method: req.Method, Path: req.URL.Path, Cause: cause}
			}
			if failures < t.maxAttempts {
				if err := sleepCtx(ctx, t.backoffFor(failures)); err != nil {
					return nil, err
				}
				continue
			}
			if truncated {
				return nil, fmt.Errorf("%s %s failed %d times, the last with: %w", req.Method, req.URL.Path, failures, cause)
			}
		default:
			t.log.add(req, body, resp, data, took, nil)
		}
		if ex := exchangeFrom(ctx); ex != nil {
			ex.status, ex.body, ex.method, ex.path = resp.StatusCode, data, req.Method, req.URL.Path
		}
		if sdkWouldRetry(resp.StatusCode) {
			// The SDK sleeps before it honours "no retries" on these
			// statuses (v2.14.0), ignoring the context: answer with the
			// error instead of the response.
			return nil, apiErrorFrom(resp.StatusCode, data, req.Method, req.URL.Path)
		}
		resp.Body = io.NopCloser(bytes.NewReader(data))
		resp.ContentLength = int64(len(data))
		return resp, nil
	}
}

// looksTruncated reports a JSON body that does not parse.
func looksTruncated(h http.Header, data []byte) bool {
	return len(data) > 0 && strings.Contains(h.Get("Content-Type"), "json") && !json.Valid(data)
}

// backoffFor returns the wait before retry n (1-based): exponential, with
// jitter so that parallel workers do not retry in step.
func (t *transport) backoffFor(n int) time.Duration {
	d := t.backoff << (n - 1)
	return d/2 + time.Duration(rand.Int64N(int64(d)+1))
}

func readAll(rc io.ReadCloser) ([]byte, error) {
	defer rc.Close()
	return io.ReadAll(rc)
}

func nopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

// sdkWouldRetry lists the statuses on which the SDK's retrier waits.
func sdkWouldRetry(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500
}
