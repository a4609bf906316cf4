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
	return append(classicLinkFields(), "is_enabled", "organization_access_level", "organization_connection_name",
		"organization_member_access_level")
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
	// organization_member_access_level is nullable: null unsets it, and an
	// unset level is left out of answers, as the unset name is.
	if raw, ok := o["organization_member_access_level"]; ok && isNull(raw) {
		l.OrganizationMemberAccessLevel = ""
	}
	if ok, e := field(o, parent, "organization_member_access_level", "string", &level); e != nil {
		return e
	} else if ok {
		// A level sent is one of the four ("" is not: null unsets).
		if v := model.CheckEnum("organization_member_access_level", model.AccessLevel(level), model.AccessLevels()); v != nil {
			return invalidBody(v)
		}
		l.OrganizationMemberAccessLevel = model.AccessLevel(level)
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

// family is one of the two org-connection route families: its 404 texts,
// how it shows a link, which properties it takes, and its list's key.
type family struct {
	orgNotFound, linkNotFound func() *apiError
	view                      func(model.OrganizationConnection) any
	createFields, patchFields []string
	listKey                   string
	// limitIsCount is the recorded quirk of the classic list: its "limit"
	// is the number of items returned.
	limitIsCount bool
	// filters tells whether the list takes ?is_enabled=.
	filters bool
}

func classicFamily() family {
	return family{
		orgNotFound: errOrgNotFound, linkNotFound: errClassicLinkNotFound,
		view:         func(l model.OrganizationConnection) any { return classicView(l) },
		createFields: classicLinkFields(), patchFields: classicLinkFields()[1:],
		listKey: "enabled_connections", limitIsCount: true,
	}
}

func newFamily() family {
	return family{
		orgNotFound: errNewOrgNotFound, linkNotFound: errNewLinkNotFound,
		view:         func(l model.OrganizationConnection) any { return l },
		createFields: newLinkFields(), patchFields: newLinkFields()[1:],
		listKey: "connections", filters: true,
	}
}

func listLinks(f family) handler {
	return func(s *Server, c *call) (int, any, *apiError) {
		r := s.tenant.orgs[c.param("id")]
		if r == nil {
			return 0, nil, f.orgNotFound()
		}
		pq, e := parsePaging(c.query, linkPaging())
		if e != nil {
			return 0, nil, e
		}
		var want *bool
		if f.filters && c.query.Has("is_enabled") {
			v, e := boolParam(c.query, "is_enabled")
			if e != nil {
				return 0, nil, e
			}
			want = &v
		}
		views := []any{}
		for _, l := range r.Links {
			if want == nil || l.IsEnabled == *want {
				views = append(views, f.view(l))
			}
		}
		return http.StatusOK, offsetPage(views, pq, f.listKey, f.limitIsCount, 0), nil
	}
}

func createLink(f family) handler {
	return func(s *Server, c *call) (int, any, *apiError) {
		r := s.tenant.orgs[c.param("id")]
		if r == nil {
			return 0, nil, f.orgNotFound()
		}
		o, e := parseObject(c.body, f.createFields, []string{"connection_id"})
		if e != nil {
			return 0, nil, e
		}
		l, e := s.newLinkFrom(o, "")
		if e != nil {
			return 0, nil, e
		}
		if r.link(l.ConnectionID) != nil {
			return 0, nil, errConflict("The organization connection already exists.")
		}
		r.Links = append(r.Links, l)
		return http.StatusCreated, f.view(l), nil
	}
}

// linkOf finds the org and link a request names, with the family's 404s.
func linkOf(s *Server, c *call, f family) (*orgRecord, *model.OrganizationConnection, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return nil, nil, f.orgNotFound()
	}
	l := r.link(c.param("cid"))
	if l == nil {
		return nil, nil, f.linkNotFound()
	}
	return r, l, nil
}

func getLink(f family) handler {
	return func(s *Server, c *call) (int, any, *apiError) {
		_, l, e := linkOf(s, c, f)
		if e != nil {
			return 0, nil, e
		}
		return http.StatusOK, f.view(*l), nil
	}
}

// patchLink applies a partial PATCH to a copy of the link, so that a
// refused PATCH changes nothing.
func patchLink(f family) handler {
	return func(s *Server, c *call) (int, any, *apiError) {
		_, l, e := linkOf(s, c, f)
		if e != nil {
			return 0, nil, e
		}
		o, e := parseObject(c.body, f.patchFields, nil)
		if e != nil {
			return 0, nil, e
		}
		updated := *l
		if l.IsSignupEnabled != nil {
			v := *l.IsSignupEnabled
			updated.IsSignupEnabled = &v
		}
		if e := applyLinkFields(o, "", &updated); e != nil {
			return 0, nil, e
		}
		*l = updated
		return http.StatusOK, f.view(*l), nil
	}
}

func deleteLink(f family) handler {
	return func(s *Server, c *call) (int, any, *apiError) {
		r, _, e := linkOf(s, c, f)
		if e != nil {
			return 0, nil, e
		}
		r.removeLink(c.param("cid"))
		return http.StatusNoContent, nil, nil
	}
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
