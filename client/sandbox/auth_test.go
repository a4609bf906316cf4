package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client/sandbox"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	a := start(t, sandbox.Options{})
	anon := &api{t: t, srv: a.srv, base: a.base}
	r := anon.do("GET", "/api/v2/organizations", nil)
	anon.wantError(r, 401, `{"statusCode":401,"error":"Unauthorized","message":"Missing authentication"}`)
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}

	req, _ := http.NewRequest("GET", a.base+"/api/v2/organizations", nil)
	req.Header.Set("Authorization", "Token abc")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Fatalf("malformed header: %d", res.StatusCode)
	}

	// A token signed by another sandbox has a bad signature here.
	other := start(t, sandbox.Options{Empty: true})
	forged := &api{t: t, srv: a.srv, base: a.base, token: other.srv.Token("read:organizations")}
	forged.wantError(forged.do("GET", "/api/v2/organizations", nil), 401,
		`{"statusCode":401,"error":"Unauthorized","message":"Invalid signature received for JSON Web Token validation"}`)
	garbage := &api{t: t, srv: a.srv, base: a.base, token: "not-a-jwt"}
	garbage.wantError(garbage.do("GET", "/api/v2/organizations", nil), 401,
		`{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`)

	short := start(t, sandbox.Options{Empty: true, TokenLifetime: time.Second})
	tok := short.srv.Token("read:organizations")
	time.Sleep(1100 * time.Millisecond)
	expired := &api{t: t, srv: short.srv, base: short.base, token: tok}
	expired.wantError(expired.do("GET", "/api/v2/organizations", nil), 401,
		`{"statusCode":401,"error":"Unauthorized","message":"Expired token received for JSON Web Token validation"}`)
}

func TestAdminCredentialsWork(t *testing.T) {
	a := start(t, sandbox.Options{})
	id, secret := a.srv.AdminCredentials()
	r := token(t, a, id, secret, a.base+"/api/v2/")
	if r.status != 200 {
		t.Fatalf("admin token: %d %s", r.status, r.raw)
	}
	// The tenant's own domain is a valid audience too.
	if r := token(t, a, id, secret, "https://"+a.srv.Domain()+"/api/v2/"); r.status != 200 {
		t.Fatalf("admin token for the tenant domain: %d %s", r.status, r.raw)
	}
	ro := token(t, a, sandbox.ReadOnlyClientID, a.srv.ClientSecret(sandbox.ReadOnlyClientID), a.base+"/api/v2/")
	var body map[string]any
	jsonDecode(t, ro.raw, &body)
	reader := &api{t: t, srv: a.srv, base: a.base, token: body["access_token"].(string)}
	reader.list("/api/v2/organizations")
	if r := reader.do("DELETE", "/api/v2/organizations/"+a.orgID("globex"), nil); r.status != 403 {
		t.Fatalf("read-only client deleted an org: %d", r.status)
	}
}

func TestCustomDomainAudience(t *testing.T) {
	a := start(t, sandbox.Options{Domain: "acme.eu.auth0.com", Empty: true})
	id, secret := a.srv.AdminCredentials()
	if r := token(t, a, id, secret, "https://acme.eu.auth0.com/api/v2/"); r.status != 200 {
		t.Fatalf("token for the custom domain: %d %s", r.status, r.raw)
	}
	if r := token(t, a, id, secret, "https://"+sandbox.DefaultDomain+"/api/v2/"); r.status != 403 {
		t.Fatalf("token for another tenant's audience: %d %s", r.status, r.raw)
	}
}

// The token endpoint reads at most what the API routes do: a huge body is
// refused with 413 before it is read whole.
func TestTokenBodyIsLimited(t *testing.T) {
	a := start(t, sandbox.Options{})
	for _, ct := range []string{"application/json", "application/x-www-form-urlencoded"} {
		body := strings.NewReader(`{"grant_type":"client_credentials","client_id":"` + strings.Repeat("x", 2<<20) + `"}`)
		if ct != "application/json" {
			body = strings.NewReader("grant_type=client_credentials&client_id=" + strings.Repeat("x", 2<<20))
		}
		res, err := http.Post(a.base+"/oauth/token", ct, body)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: a 2 MB token request got %d", ct, res.StatusCode)
		}
	}
}
