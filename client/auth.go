package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// renewBefore is how long before expiry a client-credentials token is renewed.
const renewBefore = 5 * time.Minute

// tokens gives the Management API token of a session: a static token, or
// client credentials exchanged at /oauth/token, cached and renewed before
// expiry (concurrent callers share one renewal). It remembers the scopes the
// token grants, read from its claims.
type tokens struct {
	src      oauth2.TokenSource
	domain   string
	clientID string

	mu     sync.Mutex
	last   string
	scopes []string
	azp    string
}

func staticTokens(token, domain string) *tokens {
	return &tokens{src: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}), domain: domain}
}

// credentialTokens exchanges client credentials with audience
// https://DOMAIN/api/v2/ (the base URL's scheme for loopback sandboxes).
func credentialTokens(base, domain, clientID, secret string, hc *http.Client) *tokens {
	cfg := clientcredentials.Config{
		ClientID:       clientID,
		ClientSecret:   secret,
		TokenURL:       base + "/oauth/token",
		EndpointParams: url.Values{"audience": {base + "/api/v2/"}},
		AuthStyle:      oauth2.AuthStyleInParams,
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, hc)
	return &tokens{
		src:      oauth2.ReuseTokenSourceWithExpiry(nil, cfg.TokenSource(ctx), renewBefore),
		domain:   domain,
		clientID: clientID,
	}
}

// header returns the Authorization header value.
func (t *tokens) header() (string, error) {
	tok, err := t.src.Token()
	if err != nil {
		return "", t.explain(err)
	}
	t.mu.Lock()
	if tok.AccessToken != t.last {
		t.last = tok.AccessToken
		t.scopes, t.azp = scopesOf(tok.AccessToken), azpOf(tok.AccessToken)
	}
	t.mu.Unlock()
	return "Bearer " + tok.AccessToken, nil
}

// Scopes returns the scopes of the current token, reading them from its
// claims ("scope", or "permissions" for tokens issued to users).
func (t *tokens) Scopes() ([]string, error) {
	if _, err := t.header(); err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.scopes...), nil
}

// Caller is the application the token was issued to (its azp claim):
// the tenant log names it on every call orgscope makes.
func (t *tokens) Caller() (string, error) {
	if _, err := t.header(); err != nil {
		return "", err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.azp, nil
}

// azpOf reads a token's azp claim ("" when it has none).
func azpOf(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return ""
	}
	var c struct {
		Azp string `json:"azp"`
	}
	_ = json.Unmarshal(payload, &c)
	return c.Azp
}

func scopesOf(jwt string) []string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	var c struct {
		Scope       string   `json:"scope"`
		Permissions []string `json:"permissions"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return nil
	}
	if c.Scope != "" {
		return strings.Fields(c.Scope)
	}
	return c.Permissions
}

// explain turns a token endpoint failure into a sentence that says what to fix.
func (t *tokens) explain(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		var ne net.Error
		if errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
			return fmt.Errorf("cannot reach %s to get a token (%v): check the domain and the network", t.domain, err)
		}
		return fmt.Errorf("getting a token from %s failed: %w", t.domain, err)
	}
	desc := re.ErrorDescription
	switch {
	case re.ErrorCode == "unauthorized_client":
		return fmt.Errorf("the application %s may not use the client-credentials grant on %s: enable \"Client Credentials\" in its Advanced Settings › Grant Types", t.clientID, t.domain)
	case re.ErrorCode == "access_denied" && strings.Contains(desc, "client-grant"):
		return fmt.Errorf("the application %s is not authorized for the Management API of %s: authorize it under Applications › APIs › Auth0 Management API › Machine to Machine Applications", t.clientID, t.domain)
	case re.ErrorCode == "access_denied" && strings.HasPrefix(desc, "Service not found"):
		return fmt.Errorf("%s has no Management API at the audience orgscope asked for: check that the domain is the tenant's own domain (%s)", t.domain, desc)
	case re.ErrorCode == "access_denied":
		return fmt.Errorf("%s refused the client id and secret: check them (client id %s)", t.domain, t.clientID)
	case re.ErrorCode != "":
		return fmt.Errorf("%s refused a token: %s (%s)", t.domain, re.ErrorCode, desc)
	}
	return fmt.Errorf("%s answered the token request with %d: check the domain", t.domain, re.Response.StatusCode)
}
