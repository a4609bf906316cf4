package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
)

// claims are the claims of a sandbox Management API token, shaped like the
// claims of Auth0's client-credentials tokens.
type claims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Aud   string `json:"aud"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
	Scope string `json:"scope"`
	Gty   string `json:"gty"`
	Azp   string `json:"azp"`
}

func (c claims) scopes() []string { return strings.Fields(c.Scope) }

// signToken makes an HS256 JWT with the server's key.
func signToken(key []byte, c claims) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload, _ := json.Marshal(c)
	signing := header + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// verifyToken checks a bearer token and answers with Auth0's 401 texts.
func verifyToken(key []byte, tok string, now time.Time) (claims, *apiError) {
	var c claims
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return c, errUnauthorized("Invalid token")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return c, errUnauthorized("Invalid token")
	}
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return c, errUnauthorized("Invalid signature received for JSON Web Token validation")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return c, errUnauthorized("Invalid token")
	}
	if now.Unix() >= c.Exp {
		return c, errUnauthorized("Expired token received for JSON Web Token validation")
	}
	return c, nil
}

func errUnauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Message: msg}
}

// isManagementAudience tells whether aud names this tenant's Management API:
// https://HOST/api/v2/ for the host the request came to (http:// too, since
// the sandbox listens on loopback without TLS) or the tenant's domain.
func isManagementAudience(aud, host, domain string) bool {
	u, err := url.Parse(aud)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || strings.TrimSuffix(u.Path, "/") != "/api/v2" {
		return false
	}
	return u.Host == host || u.Host == domain
}

// oauthError answers in the Authentication API's OAuth shape.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	body := map[string]string{"error": code, "error_description": desc}
	if code == "unauthorized_client" {
		body["error_uri"] = "https://auth0.com/docs/clients/client-grant-types"
	}
	writeJSON(w, status, body)
}

// handleToken serves POST /oauth/token: the client-credentials grant for the
// clients of the sandbox. The token carries the scopes of the client's grant
// on the Management API audience.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusNotFound, "not_found", "Not found")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPayload) // the API routes' limit: an unbounded body would be read whole
	form, err := tokenForm(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			oauthError(w, http.StatusRequestEntityTooLarge, "invalid_request", "Payload content length greater than maximum allowed: 1048576")
			return
		}
		oauthError(w, http.StatusBadRequest, "invalid_request", "Invalid request body")
		return
	}
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		oauthError(w, http.StatusForbidden, "unsupported_grant_type", "Unsupported grant type: "+gt)
		return
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok && id == "" {
		id, secret = u, p
	}
	aud := form.Get("audience")

	t := s.tenant
	t.mu.RLock()
	c := t.clients[id]
	var grant *model.ClientGrant
	if c != nil {
		for _, gid := range t.grantOrder {
			g := t.grants[gid]
			if g.ClientID == id && isManagementAudience(g.Audience, r.Host, s.domain) && subjectOf(*g) == model.SubjectClient {
				grant = g
			}
		}
	}
	var grantTypes []string
	if c != nil {
		grantTypes = stringSlice(c.Doc["grant_types"])
	}
	t.mu.RUnlock()

	switch {
	case c == nil || !hmac.Equal([]byte(c.Secret), []byte(secret)):
		oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
	case !slices.Contains(grantTypes, "client_credentials"):
		oauthError(w, http.StatusForbidden, "unauthorized_client", "Grant type 'client_credentials' not allowed for the client.")
	case aud == "":
		oauthError(w, http.StatusForbidden, "access_denied", "No audience parameter was provided, and no default audience has been configured")
	case aud == "https://"+s.domain+model.MyOrganizationAPISuffix:
		// The My Organization API takes no client flows (its client policy
		// is deny_all, whatever grant the client holds): its callers are
		// org admins, signed in to an application with a user-flow grant.
		oauthError(w, http.StatusForbidden, "access_denied", `Client "`+id+`" is not authorized to access resource server "`+aud+
			`": the API's policy for client flows is deny_all`)
	case !isManagementAudience(aud, r.Host, s.domain):
		oauthError(w, http.StatusForbidden, "access_denied", "Service not found: "+aud)
	case grant == nil:
		oauthError(w, http.StatusForbidden, "access_denied", `Client is not authorized to access "`+aud+
			`". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`)
	default:
		now := time.Now()
		scope := strings.Join(grant.Scope, " ")
		tok := signToken(s.key, claims{
			Iss: "https://" + r.Host + "/", Sub: id + "@clients", Aud: aud, Iat: now.Unix(),
			Exp: now.Add(s.opts.TokenLifetime).Unix(), Scope: scope, Gty: "client-credentials", Azp: id,
		})
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token": tok, "scope": scope, "expires_in": int(s.opts.TokenLifetime.Seconds()), "token_type": "Bearer",
		})
	}
}

// tokenForm reads a token request sent as a form (what SDKs send) or as JSON.
func tokenForm(r *http.Request) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		v := url.Values{}
		for k, val := range m {
			if s, ok := val.(string); ok {
				v.Set(k, s)
			}
		}
		return v, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

func stringSlice(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
