package sandbox

import (
	"net/http"

	"github.com/orgscope/orgscope/model"
)

// Both org-connection families address one store of links: a link made
// through /enabled_connections shows in /connections and the other way
// round. The classic family does not know is_enabled: its list shows every
// link, enabled or not (Auth0 has not published how it behaves).

// classicLink is a link as the classic /enabled_connections family shows it.
type classicLink struct {
	ConnectionID            string              `json:"connection_id"`
	AssignMembershipOnLogin bool                `json:"assign_membership_on_login"`
	ShowAsButton            bool                `json:"show_as_button"`
	IsSignupEnabled         *bool               `json:"is_signup_enabled,omitempty"`
	Connection              model.ConnectionRef `json:"connection"`
}

func classicView(l model.OrganizationConnection) classicLink {
	return classicLink{l.ConnectionID, l.AssignMembershipOnLogin, l.ShowAsButton, l.IsSignupEnabled, l.Connection}
}

func classicLinkFields() []string {
	return []string{"connection_id", "assign_membership_on_login", "show_as_button", "is_signup_enabled"}
}

func newLinkFields() []string {
	return append(classicLinkFields(), "is_enabled", "organization_access_level", "organization_connection_name")
}

func linkPaging() pagingSpec { return pagingSpec{offset: true, perPageDefault: 50, perPageMax: 100} }

// newLinkFrom builds a link from a POST body: Auth0's defaults, then the
// properties sent, then the rules.
func (s *Server) newLinkFrom(o object, parent string) (model.OrganizationConnection, *apiError) {
	var cid string
	if _, e := field(o, parent, "connection_id", "string", &cid); e != nil {
		return model.OrganizationConnection{}, e
	}
	conn := s.tenant.conns[cid]
	if conn == nil {
		return model.OrganizationConnection{}, errConnectionNotFound()
	}
	l := model.NewLink(cid, model.ConnectionRef{Name: conn.Conn.Name, Strategy: conn.Conn.Strategy})
	if e := applyLinkFields(o, parent, &l); e != nil {
		return l, e
	}
	return l, nil
}

// applyLinkFields applies the link properties present in o; unsent ones
// keep their value (PATCH is partial on both families).
func applyLinkFields(o object, parent string, l *model.OrganizationConnection) *apiError {
	for _, f := range []struct {
		key string
		dst *bool
	}{
		{"assign_membership_on_login", &l.AssignMembershipOnLogin},
		{"show_as_button", &l.ShowAsButton},
		{"is_enabled", &l.IsEnabled},
	} {
		if _, e := field(o, parent, f.key, "boolean", f.dst); e != nil {
			return e
		}
	}
	var signup bool
	if ok, e := field(o, parent, "is_signup_enabled", "boolean", &signup); e != nil {
		return e
	} else if ok {
		l.IsSignupEnabled = &signup
	}
	if raw, ok := o["organization_access_level"]; ok && isNull(raw) {
		l.OrganizationAccessLevel = model.AccessNone
	}
	var level string
	if ok, e := field(o, parent, "organization_access_level", "string", &level); e != nil {
		return e
	} else if ok {
		if v := model.ValidateAccessLevel(model.AccessLevel(level)); v != nil {
			return invalidBody(v)
		}
		l.OrganizationAccessLevel = model.AccessLevel(level)
	}
	if raw, ok := o["organization_connection_name"]; ok && isNull(raw) {
		l.OrganizationConnectionName = ""
	}
	var name string
	if ok, e := field(o, parent, "organization_connection_name", "string", &name); e != nil {
		return e
	} else if ok {
		if v := model.ValidateOrgConnectionName(name); v != nil {
			return invalidBody(v)
		}
		l.OrganizationConnectionName = name
	}
	if v := model.ValidateSignup(l.Connection.Strategy, l.AssignMembershipOnLogin, l.SignupEnabled()); v != nil {
		return invalidBody(v)
	}
	return nil
}

// --- classic /organizations/{id}/enabled_connections ---

func (s *Server) listClassicLinks(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	pq, e := parsePaging(c.query, linkPaging())
	if e != nil {
		return 0, nil, e
	}
	views := make([]classicLink, len(r.Links))
	for i, l := range r.Links {
		views[i] = classicView(l)
	}
	// Recorded quirk: this list's "limit" is the number of items returned.
	return http.StatusOK, offsetPage(views, pq, "enabled_connections", true, 0), nil
}

func (s *Server) createClassicLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	l, e := s.createLinkOn(r, c, classicLinkFields())
	if e != nil {
		return 0, nil, e
	}
	return http.StatusCreated, classicView(l), nil
}

func (s *Server) getClassicLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	l := r.link(c.param("cid"))
	if l == nil {
		return 0, nil, errClassicLinkNotFound()
	}
	return http.StatusOK, classicView(*l), nil
}

func (s *Server) patchClassicLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	l := r.link(c.param("cid"))
	if l == nil {
		return 0, nil, errClassicLinkNotFound()
	}
	updated, e := patchLinkFrom(c, *l, []string{"assign_membership_on_login", "show_as_button", "is_signup_enabled"})
	if e != nil {
		return 0, nil, e
	}
	*l = updated
	return http.StatusOK, classicView(*l), nil
}

func (s *Server) deleteClassicLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	if !r.removeLink(c.param("cid")) {
		return 0, nil, errClassicLinkNotFound()
	}
	return http.StatusNoContent, nil, nil
}

// --- new /organizations/{id}/connections ---

func (s *Server) listLinks(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errNewOrgNotFound()
	}
	pq, e := parsePaging(c.query, linkPaging())
	if e != nil {
		return 0, nil, e
	}
	links := r.Links
	if c.query.Has("is_enabled") {
		want, e := boolParam(c.query, "is_enabled")
		if e != nil {
			return 0, nil, e
		}
		links = nil
		for _, l := range r.Links {
			if l.IsEnabled == want {
				links = append(links, l)
			}
		}
	}
	if links == nil {
		links = []model.OrganizationConnection{}
	}
	return http.StatusOK, offsetPage(links, pq, "connections", false, 0), nil
}

func (s *Server) createLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errNewOrgNotFound()
	}
	l, e := s.createLinkOn(r, c, newLinkFields())
	if e != nil {
		return 0, nil, e
	}
	return http.StatusCreated, l, nil
}

func (s *Server) getLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errNewOrgNotFound()
	}
	l := r.link(c.param("cid"))
	if l == nil {
		return 0, nil, errNewLinkNotFound()
	}
	return http.StatusOK, *l, nil
}

func (s *Server) patchLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errNewOrgNotFound()
	}
	l := r.link(c.param("cid"))
	if l == nil {
		return 0, nil, errNewLinkNotFound()
	}
	updated, e := patchLinkFrom(c, *l, newLinkFields()[1:])
	if e != nil {
		return 0, nil, e
	}
	*l = updated
	return http.StatusOK, *l, nil
}

func (s *Server) deleteLink(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errNewOrgNotFound()
	}
	if !r.removeLink(c.param("cid")) {
		return 0, nil, errNewLinkNotFound()
	}
	return http.StatusNoContent, nil, nil
}

// createLinkOn validates a POST body against the family's fields and adds
// the link to the organization.
func (s *Server) createLinkOn(r *orgRecord, c *call, allowed []string) (model.OrganizationConnection, *apiError) {
	o, e := parseObject(c.body, allowed, []string{"connection_id"})
	if e != nil {
		return model.OrganizationConnection{}, e
	}
	l, e := s.newLinkFrom(o, "")
	if e != nil {
		return l, e
	}
	if r.link(l.ConnectionID) != nil {
		return l, errConflict("The organization connection already exists.")
	}
	r.Links = append(r.Links, l)
	return l, nil
}

// patchLinkFrom applies a PATCH body to a copy of a link, so that a refused
// PATCH changes nothing.
func patchLinkFrom(c *call, l model.OrganizationConnection, allowed []string) (model.OrganizationConnection, *apiError) {
	o, e := parseObject(c.body, allowed, nil)
	if e != nil {
		return l, e
	}
	if l.IsSignupEnabled != nil {
		v := *l.IsSignupEnabled
		l.IsSignupEnabled = &v
	}
	if e := applyLinkFields(o, "", &l); e != nil {
		return l, e
	}
	return l, nil
}

func (r *orgRecord) removeLink(cid string) bool {
	for i := range r.Links {
		if r.Links[i].ConnectionID == cid {
			r.Links = append(r.Links[:i:i], r.Links[i+1:]...)
			return true
		}
	}
	return false
}
