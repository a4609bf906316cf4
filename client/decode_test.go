package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orgscope/orgscope/client"
)

// fakeTenant answers with fixed bodies, keyed by "METHOD path?query".
// Bodies come from recorded Auth0 traffic (management-api.md).
func fakeTenant(t testing.TB, answers func(r *http.Request) (int, string)) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, body := answers(r)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{Domain: strings.TrimPrefix(srv.URL, "http://"), Token: "t", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDecodesRecordedCheckpointPages(t *testing.T) {
	calls := 0
	c := fakeTenant(t, func(r *http.Request) (int, string) {
		calls++
		if r.URL.Query().Get("from") == "" {
			return 200, `{"organizations":[{"id":"org_3hbVAMF8F3wVIcEJ","name":"test-organization298","display_name":"Test Organization","branding":{"logo_url":"https://example.com/logo.gif"}},{"id":"org_Wz2uMwAVQmfRb03I","name":"b"}],"next":"MjAyMy0wMy0xNCAxMToxNzoxOS40NjYwMDBVVEMsb3JnX1d6MnVNd0FWUW1mUmIwM0k"}`
		}
		if r.URL.Query().Get("from") != "MjAyMy0wMy0xNCAxMToxNzoxOS40NjYwMDBVVEMsb3JnX1d6MnVNd0FWUW1mUmIwM0k" {
			t.Errorf("cursor not sent back verbatim: %s", r.URL.RawQuery)
		}
		// The last page: Auth0 omits "next".
		return 200, `{"organizations":[{"id":"org_dR2LLWOFc3TasIdw","name":"c"}]}`
	})
	orgs, err := client.Collect(c.Organizations(context.Background()))
	if err != nil || len(orgs) != 3 || calls != 2 {
		t.Fatalf("%d orgs in %d calls: %v", len(orgs), calls, err)
	}
	if orgs[0].Branding == nil || orgs[0].Branding.LogoURL != "https://example.com/logo.gif" || orgs[0].DisplayName != "Test Organization" {
		t.Fatalf("org decoded as %+v", orgs[0])
	}
}

// The classic list sets "limit" to the number of items returned: paging
// must follow start + len < total.
func TestClassicListLimitQuirk(t *testing.T) {
	c := fakeTenant(t, func(r *http.Request) (int, string) {
		if strings.HasSuffix(r.URL.Path, "/connections") {
			return 404, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`
		}
		switch r.URL.Query().Get("page") {
		case "0":
			return 200, `{"enabled_connections":[{"connection_id":"con_wBht67ufY2EmkB7K","assign_membership_on_login":true,"show_as_button":true,"connection":{"name":"test-conn654","strategy":"ad"}}],"start":0,"limit":1,"total":2}`
		case "1":
			return 200, `{"enabled_connections":[{"connection_id":"con_EBxxxxxxxxxxxxxx","assign_membership_on_login":false,"is_signup_enabled":false,"show_as_button":true,"connection":{"name":"db","strategy":"auth0"}}],"start":1,"limit":1,"total":2}`
		}
		return 200, `{"enabled_connections":[],"start":100,"limit":0,"total":2}`
	})
	links, err := client.Collect(c.OrganizationConnections(context.Background(), "org_3hbVAMF8F3wVIcEJ"))
	if err != nil || len(links) != 2 {
		t.Fatalf("%d links: %v", len(links), err)
	}
	if links[0].Connection.Strategy != "ad" || links[0].IsSignupEnabled != nil || links[1].IsSignupEnabled == nil {
		t.Fatalf("links %+v", links)
	}
}

func TestDecodesRecordedNewFamilyPage(t *testing.T) {
	c := fakeTenant(t, func(r *http.Request) (int, string) {
		if r.URL.Query().Get("page") == "0" {
			return 200, `{"connections":[{"connection_id":"con_PmFe8KxCsPJvZRrj","is_signup_enabled":false,"assign_membership_on_login":false,"show_as_button":true,"is_enabled":true,"organization_access_level":"none","connection":{"name":"Acceptance-Test-DB-Connection-testaccorganizationconnection","strategy":"auth0"}}],"start":0,"limit":50,"total":1}`
		}
		t.Errorf("read past the end: %s", r.URL.RawQuery)
		return 200, `{"connections":[],"start":50,"limit":50,"total":1}`
	})
	links, err := client.Collect(c.OrganizationConnections(context.Background(), "org_1"))
	if err != nil || len(links) != 1 || links[0].OrganizationAccessLevel != "none" || !links[0].IsEnabled {
		t.Fatalf("%+v %v", links, err)
	}
}

func TestDecodesRecordedErrors(t *testing.T) {
	c := fakeTenant(t, func(r *http.Request) (int, string) {
		if strings.Contains(r.URL.Path, "/organizations/") {
			return 404, `{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`
		}
		return 403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:clients, read:client_keys, read:client_credentials, read:client_summary","errorCode":"insufficient_scope"}`
	})
	_, err := c.Organization(context.Background(), "org_XXXXXXXXXXXXXXXX")
	var apiErr *client.APIError
	if !client.IsNotFound(err) || !asAPIError(err, &apiErr) || apiErr.ErrorCode != "" || apiErr.Err != "Not Found" {
		t.Fatalf("404: %#v", err)
	}
	_, err = client.Collect(c.Clients(context.Background()))
	scopes, ok := client.IsInsufficientScope(err)
	if !ok || len(scopes) != 4 || scopes[0] != "read:clients" || scopes[3] != "read:client_summary" {
		t.Fatalf("403: %v %v", err, scopes)
	}
	if !strings.Contains(err.Error(), "Insufficient scope") || strings.Contains(err.Error(), "Bearer") {
		t.Fatalf("error text %q", err)
	}
}

func asAPIError(err error, target **client.APIError) bool {
	e, ok := err.(*client.APIError)
	if ok {
		*target = e
	}
	return ok
}

// Whatever a server answers, decoding never panics and iteration ends.
func FuzzListAnswers(f *testing.F) {
	for _, seed := range []string{
		`{"organizations":[{"id":"org_1","name":"a"}],"next":"x"}`,
		`{"organizations":[{"id":"org_1","name":"a"}]}`,
		`{"connections":[{"connection_id":"c","connection":{"name":"n","strategy":"auth0"}}],"start":0,"limit":50,"total":9}`,
		`{"enabled_connections":[{"connection_id":"c"}],"start":0,"limit":1,"total":3}`,
		`{"connections":[],"start":0,"total":1}`,
		`[]`, `{}`, `null`, `{"organizations":`, `{"statusCode":500}`,
		`{"clients":[{"client_id":"x","my_organization_configuration":{"allowed_strategies":7}}],"start":0,"total":1}`,
	} {
		f.Add(seed, 200)
		f.Add(seed, 404)
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 100 || status > 599 {
			status = 200
		}
		calls := 0
		c := fakeTenant(t, func(r *http.Request) (int, string) {
			calls++
			if calls > 50 {
				return 500, `{}`
			}
			return status, body
		})
		// 429s are waited out by design: bound the wait, not the decoding.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = client.Collect(c.Organizations(ctx))
		_, _ = client.Collect(c.OrganizationConnections(ctx, "org_1"))
		_, _ = client.Collect(c.Connections(ctx))
		_, _ = client.Collect(c.Clients(ctx))
		_, _ = client.Collect(c.ConnectionProfiles(ctx))
		_, _ = c.Organization(ctx, url.PathEscape("org_0000000000000000"))
	})
}

// The SDK's own retrier waits on 429 and 5xx even with retries off; the
// transport answers those itself, so a failing call returns at once.
func TestServerErrorsReturnWithoutTheSDKsDelay(t *testing.T) {
	c := fakeTenant(t, func(r *http.Request) (int, string) {
		return 503, `{"statusCode":503,"error":"Service Unavailable","message":"Service Unavailable"}`
	})
	began := time.Now()
	_, err := c.Organization(context.Background(), "acme")
	if statusOf(err) != 503 {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(began); d > 500*time.Millisecond {
		t.Fatalf("a 503 took %v to report", d)
	}
}

func statusOf(err error) int {
	if e, ok := err.(*client.APIError); ok {
		return e.Status
	}
	return 0
}
