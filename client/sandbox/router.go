package sandbox

import (
	"encoding/json"
	"errors"
	"github.com/orgscope/orgscope/model"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// call is one request as a handler sees it: parsed path parameters, query,
// body and the verified token.
type call struct {
	r      *http.Request
	params map[string]string
	query  url.Values
	body   []byte
	claims claims
	header http.Header // the response's headers
}

func (c *call) param(name string) string { return c.params[name] }

// hasScope reports whether the token carries any of scopes.
func (c *call) hasScope(scopes ...string) bool {
	for _, s := range c.claims.scopes() {
		if slices.Contains(scopes, s) {
			return true
		}
	}
	return false
}

type handler func(s *Server, c *call) (status int, body any, err *apiError)

// route is one Management API operation: its scopes (any of) and for writes
// the description of its sapi log event. Its rate-limit group comes from
// model.EndpointGroup, as the client's does.
type route struct {
	method string
	segs   []string
	scopes []string
	what   string
	h      handler
}

func (rt route) write() bool { return rt.method != http.MethodGet }

func op(method, pattern, what string, scopes []string, h handler) route {
	return route{method: method, segs: strings.Split(strings.Trim(pattern, "/"), "/"), scopes: scopes, what: what, h: h}
}

func anyOf(s ...string) []string { return s }

// routes lists every operation the sandbox serves. Literal segments win over
// parameters because earlier routes are tried first.
func routes() []route {
	return []route{
		op("GET", "/api/v2/organizations", "", anyOf("read:organizations", "read:organizations_summary"), (*Server).listOrgs),
		op("POST", "/api/v2/organizations", "Create an Organization", anyOf("create:organizations"), (*Server).createOrg),
		op("GET", "/api/v2/organizations/name/{name}", "", anyOf("read:organizations"), (*Server).getOrgByName),
		op("GET", "/api/v2/organizations/{id}", "", anyOf("read:organizations", "read:organizations_summary"), (*Server).getOrg),
		op("PATCH", "/api/v2/organizations/{id}", "Update an Organization", anyOf("update:organizations"), (*Server).patchOrg),
		op("DELETE", "/api/v2/organizations/{id}", "Delete an Organization", anyOf("delete:organizations"), (*Server).deleteOrg),

		op("GET", "/api/v2/organizations/{id}/enabled_connections", "", anyOf("read:organization_connections"), listLinks(classicFamily())),
		op("POST", "/api/v2/organizations/{id}/enabled_connections", "Add connections to an organization", anyOf("create:organization_connections"), createLink(classicFamily())),
		op("GET", "/api/v2/organizations/{id}/enabled_connections/{cid}", "", anyOf("read:organization_connections"), getLink(classicFamily())),
		op("PATCH", "/api/v2/organizations/{id}/enabled_connections/{cid}", "Update an enabled connection of an organization", anyOf("update:organization_connections"), patchLink(classicFamily())),
		op("DELETE", "/api/v2/organizations/{id}/enabled_connections/{cid}", "Remove a connection from an organization", anyOf("delete:organization_connections"), deleteLink(classicFamily())),

		op("GET", "/api/v2/organizations/{id}/connections", "", anyOf("read:organization_connections"), listLinks(newFamily())),
		op("POST", "/api/v2/organizations/{id}/connections", "Add connections to an organization", anyOf("create:organization_connections"), createLink(newFamily())),
		op("GET", "/api/v2/organizations/{id}/connections/{cid}", "", anyOf("read:organization_connections"), getLink(newFamily())),
		op("PATCH", "/api/v2/organizations/{id}/connections/{cid}", "Update an organization connection", anyOf("update:organization_connections"), patchLink(newFamily())),
		op("DELETE", "/api/v2/organizations/{id}/connections/{cid}", "Remove a connection from an organization", anyOf("delete:organization_connections"), deleteLink(newFamily())),

		op("GET", "/api/v2/organizations/{id}/members", "", anyOf("read:organization_members"), (*Server).listOrgMembers),
		op("GET", "/api/v2/organizations/{id}/client-grants", "", anyOf("read:organization_client_grants"), (*Server).listOrgGrants),
		op("POST", "/api/v2/organizations/{id}/client-grants", "Associate a client grant with an organization", anyOf("create:organization_client_grants"), (*Server).associateOrgGrant),
		op("DELETE", "/api/v2/organizations/{id}/client-grants/{grant_id}", "Remove a client grant from an organization", anyOf("delete:organization_client_grants"), (*Server).dissociateOrgGrant),

		op("GET", "/api/v2/organizations/{id}/discovery-domains", "", anyOf("read:organization_discovery_domains"), (*Server).listDiscoveryDomains),
		op("POST", "/api/v2/organizations/{id}/discovery-domains", "Create an organization discovery domain", anyOf("create:organization_discovery_domains"), (*Server).createDiscoveryDomain),
		op("DELETE", "/api/v2/organizations/{id}/discovery-domains/{discovery_domain_id}", "Delete an organization discovery domain", anyOf("delete:organization_discovery_domains"), (*Server).deleteDiscoveryDomain),

		op("GET", "/api/v2/prompts", "", anyOf("read:prompts"), (*Server).getPrompts),
		op("PATCH", "/api/v2/prompts", "Update prompt settings", anyOf("update:prompts"), (*Server).patchPrompts),

		op("GET", "/api/v2/connections", "", anyOf("read:connections"), (*Server).listConns),
		op("POST", "/api/v2/connections", "Create a connection", anyOf("create:connections"), (*Server).createConn),
		op("GET", "/api/v2/connections/{id}", "", anyOf("read:connections"), (*Server).getConn),
		op("PATCH", "/api/v2/connections/{id}", "Update a connection", anyOf("update:connections"), (*Server).patchConn),
		op("DELETE", "/api/v2/connections/{id}", "Delete a connection", anyOf("delete:connections"), (*Server).deleteConn),
		op("GET", "/api/v2/connections/{id}/clients", "", anyOf("read:connections"), (*Server).listConnClients),
		op("PATCH", "/api/v2/connections/{id}/clients", "Update enabled clients of a connection", anyOf("update:connections"), (*Server).patchConnClients),

		op("GET", "/api/v2/connection-profiles", "", anyOf("read:connection_profiles"), (*Server).listProfiles),
		op("POST", "/api/v2/connection-profiles", "Create a connection profile", anyOf("create:connection_profiles"), (*Server).createProfile),
		op("GET", "/api/v2/connection-profiles/templates", "", anyOf("read:connection_profiles"), (*Server).listTemplates),
		op("GET", "/api/v2/connection-profiles/templates/{id}", "", anyOf("read:connection_profiles"), (*Server).getTemplate),
		op("GET", "/api/v2/connection-profiles/{id}", "", anyOf("read:connection_profiles"), (*Server).getProfile),
		op("PATCH", "/api/v2/connection-profiles/{id}", "Update a connection profile", anyOf("update:connection_profiles"), (*Server).patchProfile),
		op("DELETE", "/api/v2/connection-profiles/{id}", "Delete a connection profile", anyOf("delete:connection_profiles"), (*Server).deleteProfile),

		op("GET", "/api/v2/user-attribute-profiles", "", anyOf("read:user_attribute_profiles"), (*Server).listUAPs),
		op("POST", "/api/v2/user-attribute-profiles", "Create a user attribute profile", anyOf("create:user_attribute_profiles"), (*Server).createUAP),
		op("GET", "/api/v2/user-attribute-profiles/{id}", "", anyOf("read:user_attribute_profiles"), (*Server).getUAP),
		op("DELETE", "/api/v2/user-attribute-profiles/{id}", "Delete a user attribute profile", anyOf("delete:user_attribute_profiles"), (*Server).deleteUAP),

		op("GET", "/api/v2/clients", "", anyOf("read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"), (*Server).listClients),
		op("POST", "/api/v2/clients", "Create a client", anyOf("create:clients"), (*Server).createClient),
		op("GET", "/api/v2/clients/{id}", "", anyOf("read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"), (*Server).getClient),
		op("PATCH", "/api/v2/clients/{id}", "Update a client", anyOf("update:clients", "update:client_keys", "update:client_credentials", "update:client_token_vault_privileged_access"), (*Server).patchClient),
		op("DELETE", "/api/v2/clients/{id}", "Delete a client", anyOf("delete:clients"), (*Server).deleteClient),

		op("GET", "/api/v2/client-grants", "", anyOf("read:client_grants"), (*Server).listGrants),
		op("POST", "/api/v2/client-grants", "Create client grant", anyOf("create:client_grants"), (*Server).createGrant),
		op("PATCH", "/api/v2/client-grants/{id}", "Update client grant", anyOf("update:client_grants"), (*Server).patchGrant),
		op("DELETE", "/api/v2/client-grants/{id}", "Delete client grant", anyOf("delete:client_grants"), (*Server).deleteGrant),

		op("GET", "/api/v2/resource-servers", "", anyOf("read:resource_servers"), (*Server).listResourceServers),

		op("GET", "/api/v2/logs", "", anyOf("read:logs", "read:logs_users"), (*Server).listLogs),
	}
}

// AllScopes lists every scope some sandbox route accepts.
func AllScopes() []string {
	var out []string
	for _, rt := range routes() {
		for _, s := range rt.scopes {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// match finds the route of a request. A path known under another method is
// answered 404 as well: Auth0 does not announce allowed methods.
func (s *Server) match(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range s.routes {
		rt := &s.routes[i]
		if rt.method != method || len(rt.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for j, p := range rt.segs {
			if strings.HasPrefix(p, "{") {
				v, err := url.PathUnescape(segs[j])
				if err != nil || v == "" {
					ok = false
					break
				}
				params[strings.Trim(p, "{}")] = v
			} else if p != segs[j] {
				ok = false
				break
			}
		}
		if ok {
			return rt, params
		}
	}
	return nil, nil
}

const maxPayload = 1 << 20 // Auth0's 1 MB limit

// serveAPI runs one Management API request through latency, faults, the rate
// limiter, authentication and scope checks, then the handler under the
// tenant lock; writes are logged as sapi events and persisted.
func (s *Server) serveAPI(w http.ResponseWriter, req *http.Request) {
	rt, params := s.match(req.Method, req.URL.EscapedPath())
	if rt == nil {
		writeError(w, &apiError{Status: http.StatusNotFound, Message: "Not Found"})
		return
	}
	if !s.delay(req) {
		return
	}
	fault := s.faults.pick()
	switch fault {
	case faultStatus500:
		writeError(w, &apiError{Status: http.StatusInternalServerError, Message: "Internal Server Error"})
		return
	case faultStatus503:
		writeError(w, &apiError{Status: http.StatusServiceUnavailable, Message: "Service Unavailable"})
		return
	case faultDrop:
		dropConnection(w)
		return
	}
	if ok, empty := s.limiter.allow(model.EndpointGroup(req.Method, req.URL.Path), w.Header()); !ok {
		writeError(w, errTooManyRequests(empty))
		return
	}
	c := &call{r: req, params: params, query: req.URL.Query(), header: w.Header()}
	if e := s.authenticate(req, c); e != nil {
		if e.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Management API"`)
		}
		writeError(w, e)
		return
	}
	if !c.hasScope(rt.scopes...) {
		writeError(w, errInsufficientScope(rt.scopes))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxPayload))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, &apiError{Status: http.StatusRequestEntityTooLarge, Message: "Payload content length greater than maximum allowed: 1048576"})
			return
		}
		writeError(w, errBadJSON())
		return
	}
	c.body = body

	status, out, e := s.run(rt, c)
	if e != nil {
		writeError(w, e)
		return
	}
	if out == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if fault == faultTruncate {
		out = out[:len(out)/2]
	}
	_, _ = w.Write(out)
}

// run calls the handler under the tenant lock and encodes its answer before
// the lock is released, so no answer shares memory with a later write.
func (s *Server) run(rt *route, c *call) (int, []byte, *apiError) {
	t := s.tenant
	if rt.write() {
		t.mu.Lock()
		defer t.mu.Unlock()
	} else {
		t.mu.RLock()
		defer t.mu.RUnlock()
	}
	status, out, e := rt.h(s, c)
	if e != nil {
		return 0, nil, e
	}
	var b []byte
	if out != nil {
		var err error
		if b, err = json.Marshal(out); err != nil {
			return 0, nil, &apiError{Status: http.StatusInternalServerError, Message: "Internal Server Error"}
		}
	}
	if rt.write() {
		s.appendLog(rt, c, status, b)
		s.persist()
	}
	return status, b, nil
}

// authenticate checks the bearer token with Auth0's texts.
func (s *Server) authenticate(req *http.Request, c *call) *apiError {
	h := req.Header.Get("Authorization")
	if h == "" {
		return errUnauthorized("Missing authentication")
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return &apiError{Status: http.StatusBadRequest, Message: "Bad HTTP authentication header format", Code: "Bearer"}
	}
	cl, e := verifyToken(s.key, tok, time.Now())
	if e != nil {
		return e
	}
	if !isManagementAudience(cl.Aud, req.Host, s.domain) {
		return errUnauthorized("Bad audience: " + cl.Aud)
	}
	c.claims = cl
	return nil
}

// decodeInto is a helper for handlers that take a whole typed body after
// the schema checks passed.
func decodeInto(raw []byte, dst any) *apiError {
	if err := json.Unmarshal(raw, dst); err != nil {
		return errBadJSON()
	}
	return nil
}
