package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"

	"github.com/orgscope/orgscope/model"
)

// User attribute profiles, as far as My Organization configurations need
// them: a configuration's user_attribute_profile_id must name one. The
// sandbox keeps each as the document it was created with (the OpenAPI
// document's UserAttributeProfile), sorted by id for checkpoint paging.

type uapRecord struct {
	ID  string         `json:"id"`
	Doc map[string]any `json:"doc"`
}

func uapFields() []string { return []string{"name", "user_attributes", "user_id"} }

// uapAttributeFields are the properties of one of a profile's attributes
// (UserAttributeProfileUserAttributeAdditionalProperties) and the required ones.
func uapAttributeFields() ([]string, []string) {
	return []string{"auth0_mapping", "description", "label", "oidc_mapping", "profile_required", "saml_mapping", "scim_mapping", "strategy_overrides"},
		[]string{"description", "label", "profile_required", "auth0_mapping"}
}

func errUAPNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: model.UserAttributeProfileNotFoundMessage}
}

func (t *tenant) addUAP(r *uapRecord) {
	i := sort.Search(len(t.uaps), func(i int) bool { return t.uaps[i].ID >= r.ID })
	t.uaps = slices.Insert(t.uaps, i, r)
}

func (t *tenant) uap(id string) *uapRecord {
	i := sort.Search(len(t.uaps), func(i int) bool { return t.uaps[i].ID >= id })
	if i < len(t.uaps) && t.uaps[i].ID == id {
		return t.uaps[i]
	}
	return nil
}

func (s *Server) listUAPs(c *call) (int, any, *apiError) {
	// The document gives take no maximum; Auth0's SDKs ask for 50.
	pq, e := parsePaging(c.query, pagingSpec{checkpoint: true, takeDefault: 5, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	body, e := checkpointView(s.tenant.uaps, func(r *uapRecord) string { return r.ID },
		func(r *uapRecord) map[string]any { return r.Doc }, pq, "user_attribute_profiles")
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, body, nil
}

func (s *Server) getUAP(c *call) (int, any, *apiError) {
	r := s.tenant.uap(c.param("id"))
	if r == nil {
		return 0, nil, errUAPNotFound()
	}
	return http.StatusOK, r.Doc, nil
}

func (s *Server) createUAP(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, uapFields(), []string{"name", "user_attributes"})
	if e != nil {
		return 0, nil, e
	}
	var name string
	if _, e := field(o, "", "name", "string", &name); e != nil {
		return 0, nil, e
	}
	if v := model.CheckLength("name", name, 1, 128); v != nil {
		return 0, nil, invalidBody(v)
	}
	var attrs object
	if _, e := field(o, "", "user_attributes", "object", &attrs); e != nil {
		return 0, nil, e
	}
	switch {
	case len(attrs) < 1:
		return 0, nil, invalidBody(model.TooFewProperties("user_attributes", len(attrs), 1))
	case len(attrs) > 64:
		return 0, nil, invalidBody(model.TooManyProperties("user_attributes", len(attrs), 64))
	}
	allowed, required := uapAttributeFields()
	for k := range attrs {
		if _, _, e := subObject(attrs, "user_attributes", k, allowed, required); e != nil {
			return 0, nil, e
		}
	}
	if _, _, e := subObject(o, "", "user_id", []string{"oidc_mapping", "saml_mapping", "scim_mapping", "strategy_overrides"}, nil); e != nil {
		return 0, nil, e
	}
	t := s.tenant
	for _, r := range t.uaps {
		if r.Doc["name"] == name {
			return 0, nil, errConflict("User attribute profile conflict.")
		}
	}
	var doc map[string]any
	b, _ := json.Marshal(o)
	_ = json.Unmarshal(b, &doc)
	id := randomID("uap_", 22)
	doc["id"] = id
	t.addUAP(&uapRecord{ID: id, Doc: doc})
	return http.StatusCreated, doc, nil
}

func (s *Server) deleteUAP(c *call) (int, any, *apiError) {
	t := s.tenant
	id := c.param("id")
	if t.uap(id) == nil {
		return 0, nil, errUAPNotFound()
	}
	t.uaps = slices.DeleteFunc(t.uaps, func(r *uapRecord) bool { return r.ID == id })
	return http.StatusNoContent, nil, nil
}

// demoUAP is a user attribute profile mapping the email address.
func demoUAP(id, name string) *uapRecord {
	return &uapRecord{ID: id, Doc: map[string]any{"id": id, "name": name, "user_attributes": map[string]any{
		"email": map[string]any{"description": "The user's email address", "label": "Email", "profile_required": true, "auth0_mapping": "email"},
	}}}
}
