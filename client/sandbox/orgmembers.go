package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/orgscope/orgscope/model"
)

// The organization routes Terraform and the SDKs read beside the links:
// members (seeded by the demo: the sandbox keeps no users, so members
// cannot be added) and the client grants associated with an organization.
// They answer with Auth0's shapes and paging, not 404.

// listOrgMembers serves GET /organizations/{id}/members: offset paging (a
// bare array, or the page object with include_totals) or checkpoint paging
// (from/take), fields/include_fields applied (as the tracer asks for
// user_id and email alone).
func (s *Server) listOrgMembers(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	pq, e := parsePaging(c.query, pagingSpec{offset: true, checkpoint: true, perPageDefault: 50, perPageMax: 100, takeDefault: 50, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	fields, include, e := fieldsParam(c)
	if e != nil {
		return 0, nil, e
	}
	// Members are kept by user_id: the checkpoint's order.
	view := func(m orgMember) map[string]any {
		v := map[string]any{"user_id": m.UserID, "email": m.Email, "name": m.Name}
		if len(fields) > 0 {
			for k := range v {
				if slices.Contains(fields, k) != include {
					delete(v, k)
				}
			}
		}
		return v
	}
	if pq.checkpoint {
		body, e := checkpointView(r.Members, func(m orgMember) string { return m.UserID }, view, pq, "members")
		if e != nil {
			return 0, nil, e
		}
		return http.StatusOK, body, nil
	}
	members := make([]map[string]any, len(r.Members))
	for i, m := range r.Members {
		members[i] = view(m)
	}
	return http.StatusOK, offsetPage(members, pq, "members", false, 0), nil
}

// newMember is the member with email: its user id comes from the address,
// so that the demo's ids stay the same run after run.
func newMember(email string) orgMember {
	name, _, _ := strings.Cut(email, "@")
	sum := sha256.Sum256([]byte(email))
	return orgMember{UserID: "auth0|" + hex.EncodeToString(sum[:12]), Email: email, Name: name}
}

// addMembers makes the users with emails members of r, kept by user id.
func (r *orgRecord) addMembers(emails ...string) {
	for _, e := range emails {
		r.Members = append(r.Members, newMember(e))
	}
	slices.SortFunc(r.Members, func(a, b orgMember) int { return strings.Compare(a.UserID, b.UserID) })
}

// AddMembers makes users with these emails members of the organization
// (an id or a name): the sandbox keeps no users, so members come in
// through here (and the demo's seed), not through the API.
func (s *Server) AddMembers(org string, emails ...string) error {
	t := s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.orgOrder {
		if r.Org.ID == org || r.Org.Name == org {
			r.addMembers(emails...)
			return nil
		}
	}
	return fmt.Errorf("the sandbox has no organization %q", org)
}

// orgGrants are the grants associated with an organization that still
// exist.
func (s *Server) orgGrants(r *orgRecord) []model.ClientGrant {
	var out []model.ClientGrant
	for _, id := range r.ClientGrants {
		if g := s.tenant.grants[id]; g != nil {
			out = append(out, *g)
		}
	}
	return out
}

// listOrgGrants serves GET /organizations/{id}/client-grants (offset
// paging; filters audience, client_id, grant_ids).
func (s *Server) listOrgGrants(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	pq, e := parsePaging(c.query, pagingSpec{offset: true, perPageDefault: 50, perPageMax: 100})
	if e != nil {
		return 0, nil, e
	}
	var ids []string
	if v := c.query.Get("grant_ids"); v != "" {
		ids = strings.Split(v, ",")
	}
	out := []model.ClientGrant{}
	for _, g := range s.orgGrants(r) {
		if a := c.query.Get("audience"); a != "" && g.Audience != a {
			continue
		}
		if cid := c.query.Get("client_id"); cid != "" && g.ClientID != cid {
			continue
		}
		if ids != nil && !slices.Contains(ids, g.ID) {
			continue
		}
		out = append(out, g)
	}
	return http.StatusOK, offsetPage(out, pq, "client_grants", false, 0), nil
}

// associateOrgGrant serves POST /organizations/{id}/client-grants.
func (s *Server) associateOrgGrant(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	o, e := parseObject(c.body, []string{"grant_id"}, []string{"grant_id"})
	if e != nil {
		return 0, nil, e
	}
	var id string
	if _, e := field(o, "", "grant_id", "string", &id); e != nil {
		return 0, nil, e
	}
	g := s.tenant.grants[id]
	if g == nil {
		return 0, nil, errGrantNotFound()
	}
	if slices.Contains(r.ClientGrants, id) {
		return 0, nil, errConflict("The client grant is already associated with the organization.")
	}
	r.ClientGrants = append(r.ClientGrants, id)
	return http.StatusCreated, *g, nil
}

// dissociateOrgGrant serves DELETE /organizations/{id}/client-grants/{grant_id}.
func (s *Server) dissociateOrgGrant(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	id := c.param("grant_id")
	if !slices.Contains(r.ClientGrants, id) {
		return 0, nil, errGrantNotFound()
	}
	r.ClientGrants = slices.DeleteFunc(r.ClientGrants, func(x string) bool { return x == id })
	return http.StatusNoContent, nil, nil
}
