package sandbox

import (
	"net/http"
	"slices"
	"strings"

	"github.com/orgscope/orgscope/model"
)

// The organization routes Terraform and the SDKs read beside the links:
// members (the sandbox keeps no users, so every organization has none) and
// the client grants associated with an organization. They answer with
// Auth0's shapes and paging, not 404.

// listOrgMembers serves GET /organizations/{id}/members: offset paging (a
// bare array, or the page object with include_totals) or checkpoint paging
// (from/take), over no members.
func (s *Server) listOrgMembers(c *call) (int, any, *apiError) {
	if s.tenant.orgs[c.param("id")] == nil {
		return 0, nil, errOrgNotFound()
	}
	pq, e := parsePaging(c.query, pagingSpec{offset: true, checkpoint: true, perPageDefault: 50, perPageMax: 100, takeDefault: 50, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	none := []map[string]any{}
	if pq.checkpoint {
		body, e := checkpointPage(none, func(map[string]any) string { return "" }, pq, "members")
		if e != nil {
			return 0, nil, e
		}
		return http.StatusOK, body, nil
	}
	return http.StatusOK, offsetPage(none, pq, "members", false, 0), nil
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
