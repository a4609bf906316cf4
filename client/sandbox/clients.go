package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/orgscope/orgscope/model"
)

func myOrgFields() []string {
	return []string{"connection_profile_id", "user_attribute_profile_id", "allowed_strategies", "connection_deletion_behavior", "invitation_landing_client_id",
		"enforce_permission_ceiling", "enforce_self_assignment_restriction"}
}

// checkMyOrg validates a my_organization_configuration with the model rules
// and checks that the connection profile and the user attribute profile it
// names exist.
func (s *Server) checkMyOrg(o object) *apiError {
	sub, ok, e := subObject(o, "", "my_organization_configuration", myOrgFields(), []string{"allowed_strategies", "connection_deletion_behavior"})
	if e != nil || !ok {
		return e
	}
	var cfg model.MyOrganizationConfiguration
	b, _ := json.Marshal(sub)
	if err := json.Unmarshal(b, &cfg); err != nil {
		return invalidBody(nestedTypeError("my_organization_configuration", err))
	}
	if v := model.ValidateMyOrganizationConfiguration(cfg); v != nil {
		return invalidBody(v)
	}
	if id := cfg.ConnectionProfileID; id != "" && s.tenant.profiles[id] == nil {
		return &apiError{Status: http.StatusBadRequest, Message: model.ProfileNotFoundMessage, Code: "invalid_body"}
	}
	if id := cfg.UserAttributeProfileID; id != "" && s.tenant.uap(id) == nil {
		return &apiError{Status: http.StatusBadRequest, Message: model.UserAttributeProfileNotFoundMessage, Code: "invalid_body"}
	}
	return nil
}

// clientView is a client document as GET answers it: the secret is never
// shown, fields/include_fields select properties.
func clientView(doc map[string]any, fields []string, include bool) map[string]any {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		if len(fields) > 0 && slices.Contains(fields, k) != include {
			continue
		}
		out[k] = v
	}
	return out
}

func (s *Server) listClients(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, pagingSpec{offset: true, checkpoint: true, perPageDefault: 50, perPageMax: 100, takeDefault: 50, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	fields, include, e := fieldsParam(c)
	if e != nil {
		return 0, nil, e
	}
	var docs []map[string]any
	t := s.tenant
	for _, id := range t.clientOrder {
		doc := t.clients[id].Doc
		if at := c.query.Get("app_type"); at != "" && doc["app_type"] != at {
			continue
		}
		if fp := c.query.Get("is_first_party"); fp != "" && doc["is_first_party"] != (fp == "true") {
			continue
		}
		docs = append(docs, clientView(doc, fields, include))
	}
	if docs == nil {
		docs = []map[string]any{}
	}
	if pq.checkpoint {
		body, e := checkpointPage(docs, func(d map[string]any) string { id, _ := d["client_id"].(string); return id }, pq, "clients")
		if e != nil {
			return 0, nil, e
		}
		return http.StatusOK, body, nil
	}
	return http.StatusOK, offsetPage(docs, pq, "clients", false, 0), nil
}

func (s *Server) getClient(c *call) (int, any, *apiError) {
	r := s.tenant.clients[c.param("id")]
	if r == nil {
		return 0, nil, errClientNotFound()
	}
	fields, include, e := fieldsParam(c)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, clientView(r.Doc, fields, include), nil
}

func (s *Server) createClient(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, clientCreateFields(), []string{"name"})
	if e != nil {
		return 0, nil, e
	}
	var name string
	if _, e := field(o, "", "name", "string", &name); e != nil {
		return 0, nil, e
	}
	if e := s.checkMyOrg(o); e != nil {
		return 0, nil, e
	}
	doc := map[string]any{}
	for k, raw := range o {
		var v any
		_ = json.Unmarshal(raw, &v)
		if v != nil {
			doc[k] = v
		}
	}
	rec := &clientRecord{Doc: doc, Secret: randomID("", 64), Created: s.tenant.now()}
	doc["client_id"] = randomID("", 32)
	if _, ok := doc["is_first_party"]; !ok {
		doc["is_first_party"] = true
	}
	if _, ok := doc["grant_types"]; !ok {
		if doc["app_type"] == "non_interactive" {
			doc["grant_types"] = []any{"client_credentials"}
		} else {
			doc["grant_types"] = []any{"authorization_code", "implicit", "refresh_token", "client_credentials"}
		}
	}
	s.tenant.addClient(rec)
	// Auth0 shows the secret once, in the answer to the create.
	out := clientView(doc, nil, true)
	out["client_secret"] = rec.Secret
	return http.StatusCreated, out, nil
}

func (s *Server) patchClient(c *call) (int, any, *apiError) {
	r := s.tenant.clients[c.param("id")]
	if r == nil {
		return 0, nil, errClientNotFound()
	}
	o, e := parseObject(c.body, clientUpdateFields(), nil)
	if e != nil {
		return 0, nil, e
	}
	if e := s.checkMyOrg(o); e != nil {
		return 0, nil, e
	}
	var secret string
	if ok, e := field(o, "", "client_secret", "string", &secret); e != nil {
		return 0, nil, e
	} else if ok {
		r.Secret = secret
		delete(o, "client_secret")
	}
	doc := clientView(r.Doc, nil, true)
	for k, raw := range o {
		var v any
		_ = json.Unmarshal(raw, &v)
		if v == nil {
			// null removes the property (my_organization_configuration: null).
			delete(doc, k)
			continue
		}
		doc[k] = v
	}
	r.Doc = doc
	return http.StatusOK, clientView(doc, nil, true), nil
}

func (s *Server) deleteClient(c *call) (int, any, *apiError) {
	if s.tenant.clients[c.param("id")] == nil {
		return 0, nil, errClientNotFound()
	}
	s.tenant.removeClient(c.param("id"))
	return http.StatusNoContent, nil, nil
}
