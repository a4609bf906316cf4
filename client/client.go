// Package client is how orgscope talks to a tenant, a real Auth0 tenant or
// the sandbox: Auth0's Go SDK for the requests and their types, under
// orgscope's own transport (token, rate governor, retries, request log,
// --debug-http, read-only guard), with iterators over every list, request
// plans for every change, and model types at its boundary: nothing above
// this package imports the SDK.
package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	mgmt "github.com/auth0/go-auth0/v2/management/client"
	"github.com/auth0/go-auth0/v2/management/option"
)

// Config says which tenant to reach and how.
type Config struct {
	// Domain of the tenant ("acme.eu.auth0.com", with or without https://;
	// a loopback host:port for a local sandbox).
	Domain string
	// ClientID and ClientSecret of a machine-to-machine application, or
	// Token, a Management API token.
	ClientID, ClientSecret string
	Token                  string

	// ReadOnly makes every mutating call fail with ErrReadOnly.
	ReadOnly bool
	// MaxRPS caps the request rate below what the tenant allows (0: none).
	MaxRPS float64
	// DebugHTTP receives every request and answer, secrets redacted.
	DebugHTTP io.Writer

	// Transport is the HTTP transport under orgscope's (default: Go's).
	Transport http.RoundTripper
	// MaxAttempts of a request that meets a 5xx or a lost connection
	// (default 4: the first try and 3 retries); Backoff is the first
	// retry's wait (default 250 ms), doubled at each retry.
	MaxAttempts int
	Backoff     time.Duration
}

// Client is a session with one tenant. It is safe for concurrent use.
type Client struct {
	base, domain string
	api          *mgmt.Management
	http         *http.Client // orgscope's transport, for routes the SDK lacks
	tokens       *tokens
	gov          *Governor
	log          *RequestLog
	planLog      *PlanLog
	readOnly     bool
	maxAttempts  int
	backoff      time.Duration
	// classicOnly is set once the tenant has shown it lacks the
	// /organizations/{id}/connections family.
	classicOnly atomic.Bool
}

// New checks the configuration and prepares a session; it sends nothing.
func New(cfg Config) (*Client, error) {
	base, host, err := apiBase(cfg.Domain)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && (cfg.ClientID == "" || cfg.ClientSecret == "") {
		return nil, errMissingCredentials(host)
	}
	rt := cfg.Transport
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 250 * time.Millisecond
	}
	var debug *debugLog
	if cfg.DebugHTTP != nil {
		debug = &debugLog{w: cleanText{cfg.DebugHTTP}}
	}
	c := &Client{
		base: base, domain: host,
		gov:      NewGovernor(cfg.MaxRPS),
		log:      newRequestLog(2000),
		planLog:  &PlanLog{},
		readOnly: cfg.ReadOnly, maxAttempts: cfg.MaxAttempts, backoff: cfg.Backoff,
	}
	if cfg.Token != "" {
		c.tokens = staticTokens(cfg.Token, host)
	} else {
		// The token endpoint is not the Management API: no governor, but
		// the same debug log.
		c.tokens = credentialTokens(base, host, cfg.ClientID, cfg.ClientSecret,
			&http.Client{Transport: &debugTransport{base: rt, debug: debug}, Timeout: 30 * time.Second})
	}
	tr := &transport{
		base: rt, auth: c.tokens, gov: c.gov, readOnly: cfg.ReadOnly, log: c.log, debug: debug,
		maxAttempts: cfg.MaxAttempts, max429: 50, backoff: cfg.Backoff,
	}
	c.http = &http.Client{Transport: tr}
	c.api = mgmt.NewWithOptions(
		option.WithBaseURL(base+"/api/v2"),
		option.WithHTTPClient(c.http),
		// Retries are the transport's. The SDK's client-level WithoutRetries
		// does not reach its retrier (v2.14.0); one attempt does.
		option.WithoutRetries(),
		option.WithMaxAttempts(1),
	)
	return c, nil
}

// Domain is the tenant's host.
func (c *Client) Domain() string { return c.domain }

// BaseURL is the tenant's base URL (https://DOMAIN).
func (c *Client) BaseURL() string { return c.base }

// ReadOnly reports whether the session refuses changes.
func (c *Client) ReadOnly() bool { return c.readOnly }

// Scopes returns the scopes the session's token grants (getting a token
// first if needed).
func (c *Client) Scopes(ctx context.Context) ([]string, error) { return c.tokens.Scopes() }

// Caller is the application orgscope calls as: the tenant log's client_id
// on orgscope's own writes.
func (c *Client) Caller() (string, error) { return c.tokens.Caller() }

// Budget is a snapshot of the rate governor for the status bar.
func (c *Client) Budget() Budget { return c.gov.Snapshot() }

// Governor is the session's rate governor.
func (c *Client) Governor() *Governor { return c.gov }

// Requests is the session's request log.
func (c *Client) Requests() *RequestLog { return c.log }

// PlanLog is the plans this session executed: what undo reads.
func (c *Client) PlanLog() *PlanLog { return c.planLog }

// call runs one SDK call and turns an error answer into an *APIError. An
// answer the SDK cannot digest (it panics on a "null" page, found by
// FuzzListAnswers) becomes an error too.
func call[T any](ctx context.Context, fn func(ctx context.Context) (T, error)) (v T, err error) {
	ctx, ex := withExchange(ctx)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s %s: the answer could not be read (%v)", ex.method, ex.path, p)
		}
	}()
	v, err = fn(ctx)
	if err != nil && ctx.Err() != nil && ex.method != http.MethodGet && ex.status >= 200 && ex.status < 300 {
		// The SDK drops an answer that arrives as the context ends
		// (v2.14.0, internal/caller.go): the write was applied, and saying
		// "canceled" would have a journal or a resume send it again.
		var applied T
		if len(ex.body) == 0 || json.Unmarshal(ex.body, &applied) == nil {
			return applied, nil
		}
	}
	if err != nil {
		return v, wrapErr(err, ex)
	}
	return v, nil
}

func wrapErr(err error, ex *exchange) error {
	if ex != nil && ex.status >= 400 {
		return apiErrorFrom(ex.status, ex.body, ex.method, ex.path)
	}
	return unwrapURLError(err)
}

// toModel converts an SDK value to its model type through JSON, keeping
// the properties the SDK type does not declare (it keeps them aside).
func toModel[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	if ep, ok := v.(interface{ GetExtraProperties() map[string]any }); ok && len(ep.GetExtraProperties()) > 0 {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err == nil {
			for k, x := range ep.GetExtraProperties() {
				if _, set := m[k]; !set {
					m[k] = x
				}
			}
			b, _ = json.Marshal(m)
		}
	}
	err = json.Unmarshal(b, &out)
	return out, err
}
