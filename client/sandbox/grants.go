package sandbox

import (
	"net/http"

	"github.com/orgscope/orgscope/model"
)

// Client grants decide what /oauth/token gives a client: its grant on the
// Management API audience carries the scopes its tokens get.

func (s *Server) listGrants(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, pagingSpec{offset: true, checkpoint: true, perPageDefault: 50, perPageMax: 100, takeDefault: 50, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	t := s.tenant
	out := []model.ClientGrant{}
	for _, id := range t.grantOrder {
		g := t.grants[id]
		if a := c.query.Get("audience"); a != "" && g.Audience != a {
			continue
		}
		if cid := c.query.Get("client_id"); cid != "" && g.ClientID != cid {
			continue
		}
		if st := c.query.Get("subject_type"); st != "" && g.SubjectType != st {
			continue
		}
		out = append(out, *g)
	}
	if pq.checkpoint {
		body, e := checkpointPage(out, func(g model.ClientGrant) string { return g.ID }, pq, "client_grants")
		if e != nil {
			return 0, nil, e
		}
		return http.StatusOK, body, nil
	}
	return http.StatusOK, offsetPage(out, pq, "client_grants", false, 0), nil
}

func (s *Server) createGrant(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, grantCreateFields(), []string{"client_id", "audience"})
	if e != nil {
		return 0, nil, e
	}
	var g model.ClientGrant
	if _, e := field(o, "", "client_id", "string", &g.ClientID); e != nil {
		return 0, nil, e
	}
	if _, e := field(o, "", "audience", "string", &g.Audience); e != nil {
		return 0, nil, e
	}
	if v := model.CheckLength("audience", g.Audience, 1, 0); v != nil {
		return 0, nil, invalidBody(v)
	}
	if _, e := field(o, "", "scope", "array", &g.Scope); e != nil {
		return 0, nil, e
	}
	if g.Scope == nil {
		g.Scope = []string{}
	}
	// subject_type: client (the default) or user; one grant of each per
	// client and audience.
	g.SubjectType = model.SubjectClient
	if ok, e := field(o, "", "subject_type", "string", &g.SubjectType); e != nil {
		return 0, nil, e
	} else if ok {
		if v := model.CheckEnum("subject_type", g.SubjectType, []string{model.SubjectClient, model.SubjectUser}); v != nil {
			return 0, nil, invalidBody(v)
		}
	}
	t := s.tenant
	if t.clients[g.ClientID] == nil {
		return 0, nil, errClientNotFound()
	}
	for _, other := range t.grants {
		if other.ClientID == g.ClientID && other.Audience == g.Audience && subjectOf(*other) == g.SubjectType {
			return 0, nil, errConflict("A client grant for this client and audience already exists.")
		}
	}
	g.ID = randomID("cgr_", 16)
	t.addGrant(&g)
	return http.StatusCreated, g, nil
}

func (s *Server) patchGrant(c *call) (int, any, *apiError) {
	g := s.tenant.grants[c.param("id")]
	if g == nil {
		return 0, nil, errGrantNotFound()
	}
	o, e := parseObject(c.body, grantUpdateFields(), nil)
	if e != nil {
		return 0, nil, e
	}
	var scope []string
	if ok, e := field(o, "", "scope", "array", &scope); e != nil {
		return 0, nil, e
	} else if ok {
		g.Scope = scope
	}
	return http.StatusOK, *g, nil
}

func (s *Server) deleteGrant(c *call) (int, any, *apiError) {
	if s.tenant.grants[c.param("id")] == nil {
		return 0, nil, errGrantNotFound()
	}
	s.tenant.removeGrant(c.param("id"))
	return http.StatusNoContent, nil, nil
}

// subjectOf is a grant's subject type; grants from before subject types
// (state files, seeds) are for the client.
func subjectOf(g model.ClientGrant) string {
	if g.SubjectType == "" {
		return model.SubjectClient
	}
	return g.SubjectType
}
