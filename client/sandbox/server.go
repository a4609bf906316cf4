package sandbox

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"github.com/orgscope/orgscope/model"
	"net"
	"net/http"
	"strings"
	"time"
)

// Options configure a sandbox. The zero value is a demo tenant without rate
// limits, latency or faults, kept in memory.
type Options struct {
	// Plan is a rate-limit preset from Plans(); "" means unlimited.
	Plan string
	// RateScale multiplies every refill rate (bursts stay as they are).
	RateScale float64
	// RateLimit, when > 0, replaces the plan's global bucket with one of
	// RateLimit requests/s and Burst tokens (Burst defaults to RateLimit).
	RateLimit float64
	Burst     int

	// Latency is added to every Management API request, plus a random
	// part up to Jitter.
	Latency, Jitter time.Duration
	// FaultRate is the fraction of requests answered with a fault: 500,
	// 503, a dropped connection, or a truncated JSON body.
	FaultRate float64
	// Seed makes faults, jitter and generated tenants repeatable.
	Seed uint64

	// StateFile, when set, is loaded at start (if it exists) and saved
	// atomically after every change.
	StateFile string
	// Orgs, when > 0, replaces the demo organizations with Orgs generated ones.
	Orgs int
	// Empty starts a tenant with only the admin client and its grant.
	Empty bool
	// Hostile adds to the tenant objects whose free-text fields carry
	// terminal control sequences and spreadsheet formulas (hostile.go).
	Hostile bool
	// MyOrganizationUserPolicy is the My Organization API's policy for
	// user flows (allow_all, deny_all, require_client_grant: Auth0's
	// default when empty).
	MyOrganizationUserPolicy string
	// FromSnapshot starts a tenant holding a snapshot's objects: a
	// snapshot file browsed offline.
	FromSnapshot *model.Snapshot

	// Domain is the tenant's domain; tokens for https://Domain/api/v2/ are
	// accepted besides those for the address the server listens on.
	Domain string
	// TokenLifetime of issued tokens (default 24 h, as Auth0).
	TokenLifetime time.Duration
	// LogRetention is how long tenant log events are kept (default 30 days).
	LogRetention time.Duration
	// Logf reports problems the server cannot answer to a request (a
	// failed save). Default: discard.
	Logf func(format string, args ...any)
}

// Server is a sandbox tenant: an http.Handler, and when started, a listener
// on loopback.
type Server struct {
	opts    Options
	domain  string
	key     []byte
	tenant  *tenant
	limiter *limiter
	faults  *faults
	routes  []route

	ln   net.Listener
	http *http.Server
	url  string
}

// DefaultDomain is the sandbox tenant's domain unless Options.Domain is set.
const DefaultDomain = "sandbox.orgscope.local"

// New builds a sandbox from opts without listening: use it as an
// http.Handler, or call Start.
func New(opts Options) (*Server, error) {
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 24 * time.Hour
	}
	if opts.LogRetention <= 0 {
		opts.LogRetention = 30 * 24 * time.Hour
	}
	if opts.Domain == "" {
		opts.Domain = DefaultDomain
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	plan, err := PlanByName(opts.Plan)
	if err != nil {
		return nil, err
	}
	if opts.RateLimit > 0 {
		burst := opts.Burst
		if burst <= 0 {
			burst = max(1, int(opts.RateLimit))
		}
		plan.Global = &BucketSpec{Burst: burst, PerSecond: opts.RateLimit}
	}
	s := &Server{
		opts:    opts,
		domain:  opts.Domain,
		key:     make([]byte, 32),
		limiter: newLimiter(plan, opts.RateScale, time.Now),
		faults:  newFaults(opts.FaultRate, opts.Seed),
		routes:  routes(),
	}
	_, _ = rand.Read(s.key)
	if err := s.initTenant(); err != nil {
		return nil, err
	}
	return s, nil
}

// NewServer builds a sandbox and starts it on 127.0.0.1 at a free port.
func NewServer(opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	return s, nil
}

// IsLoopback reports whether addr's host is a loopback address or localhost.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Start listens on addr and serves in the background.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox cannot listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logf("sandbox stopped: %v", err)
		}
	}()
	return nil
}

// URL is the base URL of a started server, e.g. http://127.0.0.1:4000.
func (s *Server) URL() string { return s.url }

// Addr is host:port of a started server: what an Auth0 client takes as domain.
func (s *Server) Addr() string { return strings.TrimPrefix(s.url, "http://") }

// Domain is the tenant's domain.
func (s *Server) Domain() string { return s.domain }

// Close stops a started server.
func (s *Server) Close() error {
	if s.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}

// ServeHTTP serves the token endpoint and the Management API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/oauth/token":
		s.handleToken(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/v2/"):
		s.serveAPI(w, r)
	default:
		writeError(w, &apiError{Status: http.StatusNotFound, Message: "Not Found"})
	}
}

// Token mints a Management API token with the given scopes for tests and
// for tools that want to skip the token endpoint. It is valid for the
// tenant's domain and for the started server's address.
func (s *Server) Token(scopes ...string) string { return s.TokenFor(AdminClientID, scopes...) }

// TokenFor mints a token for another application of the tenant (a test's
// second caller, whose writes the log names as its own).
func (s *Server) TokenFor(clientID string, scopes ...string) string {
	now := time.Now()
	aud := "https://" + s.domain + "/api/v2/"
	return signToken(s.key, claims{
		Iss: "https://" + s.domain + "/", Sub: clientID + "@clients", Aud: aud, Iat: now.Unix(),
		Exp: now.Add(s.opts.TokenLifetime).Unix(), Scope: strings.Join(scopes, " "), Gty: "client-credentials", Azp: clientID,
	})
}

// AdminCredentials returns the client id and secret of the admin client,
// which may use every route of the sandbox.
func (s *Server) AdminCredentials() (clientID, secret string) {
	return AdminClientID, s.ClientSecret(AdminClientID)
}

// ClientSecret returns the secret of a client of the tenant ("" if unknown).
func (s *Server) ClientSecret(clientID string) string {
	s.tenant.mu.RLock()
	defer s.tenant.mu.RUnlock()
	if c := s.tenant.clients[clientID]; c != nil {
		return c.Secret
	}
	return ""
}

// Stats counts the objects of the tenant.
type Stats struct {
	Organizations, Links, Connections, Profiles, Clients, LogEvents int
}

// Stats counts the objects of the tenant now.
func (s *Server) Stats() Stats {
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	st := Stats{Organizations: len(t.orgs), Connections: len(t.conns), Profiles: len(t.profiles), Clients: len(t.clients), LogEvents: len(t.logs)}
	for _, o := range t.orgOrder {
		st.Links += len(o.Links)
	}
	return st
}

// Advance moves the tenant's clock forward by d: what it writes from then
// on carries the later time, and log events older than the retention
// period at that time are gone, as on a tenant d later.
func (s *Server) Advance(d time.Duration) {
	s.tenant.mu.Lock()
	defer s.tenant.mu.Unlock()
	s.tenant.ahead += d
	s.tenant.pruneLogs(s.tenant.now())
}

// LogEvents returns a copy of the tenant's log events, oldest first: for
// tests that check what was written, and how many times.
func (s *Server) LogEvents() []model.LogEvent {
	s.tenant.mu.RLock()
	defer s.tenant.mu.RUnlock()
	return append([]model.LogEvent(nil), s.tenant.logs...)
}
