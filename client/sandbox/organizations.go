package sandbox

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/orgscope/orgscope/model"
)

func orgPaging() pagingSpec {
	return pagingSpec{offset: true, checkpoint: true, perPageDefault: 50, perPageMax: 100, takeDefault: 50, takeMax: 100, offsetCap: 1000}
}

func orgsOf(rs []*orgRecord) []model.Organization {
	out := make([]model.Organization, len(rs))
	for i, r := range rs {
		out[i] = r.Org
	}
	return out
}

// listOrgs serves GET /organizations in offset mode (sorted, first 1000
// records) or checkpoint mode (creation order).
func (s *Server) listOrgs(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, orgPaging())
	if e != nil {
		return 0, nil, e
	}
	t := s.tenant
	if pq.checkpoint {
		body, e := checkpointPage(t.orgOrder, func(r *orgRecord) string { return r.key }, pq, "organizations")
		if e != nil {
			return 0, nil, e
		}
		m := body.(map[string]any)
		m["organizations"] = orgsOf(m["organizations"].([]*orgRecord))
		return http.StatusOK, m, nil
	}
	sorted, e := s.sortedOrgs(c.query.Get("sort"))
	if e != nil {
		return 0, nil, e
	}
	page := offsetPage(sorted, pq, "organizations", false, orgPaging().offsetCap)
	if m, ok := page.(map[string]any); ok {
		m["organizations"] = orgsOf(m["organizations"].([]*orgRecord))
		return http.StatusOK, m, nil
	}
	return http.StatusOK, orgsOf(page.([]*orgRecord)), nil
}

// sortedOrgs returns the organizations in the order of a sort parameter
// ("name:1", "display_name:-1", "created_at:1"); the sorted copies are
// cached until the next organization write. Callers hold the read lock, so
// the cache has its own small lock.
func (s *Server) sortedOrgs(sortParam string) ([]*orgRecord, *apiError) {
	t := s.tenant
	if sortParam == "" {
		return t.orgOrder, nil
	}
	field, dir, ok := strings.Cut(sortParam, ":")
	if len(sortParam) > 15 || !ok || (dir != "1" && dir != "-1") || (field != "name" && field != "display_name" && field != "created_at") {
		return nil, invalidQuery("sort", "String does not match pattern ^((name)|(display_name)|(created_at)):(1|-1)$: "+sortParam)
	}
	t.sortMu.Lock()
	defer t.sortMu.Unlock()
	if cached, ok := t.orgSorted[sortParam]; ok {
		return cached, nil
	}
	out := append([]*orgRecord(nil), t.orgOrder...)
	less := func(a, b *orgRecord) bool {
		switch field {
		case "name":
			return a.Org.Name < b.Org.Name
		case "display_name":
			if a.Org.DisplayName != b.Org.DisplayName {
				return a.Org.DisplayName < b.Org.DisplayName
			}
			return a.Org.Name < b.Org.Name
		}
		return a.key < b.key
	}
	sort.SliceStable(out, func(i, j int) bool {
		if dir == "-1" {
			return less(out[j], out[i])
		}
		return less(out[i], out[j])
	})
	t.orgSorted[sortParam] = out
	return out, nil
}

func (s *Server) getOrg(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	return http.StatusOK, r.Org, nil
}

func (s *Server) getOrgByName(c *call) (int, any, *apiError) {
	if v := model.CheckLength("name", c.param("name"), 1, model.OrgNameMax); v != nil {
		return 0, nil, &apiError{Status: http.StatusBadRequest, Message: "Path validation error: '" + v.Message + "' on property name.", Code: "invalid_uri"}
	}
	r := s.tenant.orgByName[c.param("name")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	return http.StatusOK, r.Org, nil
}

// orgFields applies the writable organization properties present in o.
func orgFields(o object, org *model.Organization, patch bool) *apiError {
	var name string
	if ok, e := field(o, "", "name", "string", &name); e != nil {
		return e
	} else if ok {
		if v := model.ValidateOrganizationName(name); v != nil {
			return invalidBody(v)
		}
		org.Name = name
	}
	if raw, ok := o["display_name"]; ok && isNull(raw) && patch {
		org.DisplayName = ""
	}
	var dn string
	if ok, e := field(o, "", "display_name", "string", &dn); e != nil {
		return e
	} else if ok {
		if v := model.ValidateOrganizationDisplayName(dn); v != nil {
			return invalidBody(v)
		}
		org.DisplayName = dn
	}
	if raw, ok := o["branding"]; ok && isNull(raw) {
		org.Branding = nil
	}
	if b, ok, e := subObject(o, "", "branding", []string{"logo_url", "colors"}, nil); e != nil {
		return e
	} else if ok {
		if _, _, e := subObject(b, "branding", "colors", []string{"primary", "page_background"}, []string{"primary", "page_background"}); e != nil {
			return e
		}
		var br model.Branding
		if e := decodeInto(o["branding"], &br); e != nil {
			return invalidBody(model.WrongType("branding", "object", "unknown"))
		}
		if v := model.ValidateBranding(&br); v != nil {
			return invalidBody(v)
		}
		org.Branding = &br
	}
	// metadata is replaced as a whole; {} removes every key.
	if md, ok, e := stringMap(o, "metadata"); e != nil {
		return e
	} else if ok {
		if v := model.ValidateOrganizationMetadata(md); v != nil {
			return invalidBody(v)
		}
		org.Metadata = md
		if len(md) == 0 {
			org.Metadata = nil
		}
	} else if raw, present := o["metadata"]; present && isNull(raw) {
		org.Metadata = nil
	}
	if raw, ok := o["token_quota"]; ok && isNull(raw) {
		org.TokenQuota = nil
	}
	if tq, ok, e := subObject(o, "", "token_quota", []string{"client_credentials"}, nil); e != nil {
		return e
	} else if ok {
		if _, _, e := subObject(tq, "token_quota", "client_credentials", []string{"enforce", "per_day", "per_hour"}, nil); e != nil {
			return e
		}
		var q model.TokenQuota
		if err := json.Unmarshal(o["token_quota"], &q); err != nil {
			return invalidBody(nestedTypeError("token_quota", err))
		}
		org.TokenQuota = &q
	}
	var access string
	if ok, e := field(o, "", "third_party_client_access", "string", &access); e != nil {
		return e
	} else if ok {
		if v := model.CheckEnum("third_party_client_access", access, []string{"allow", "block"}); v != nil {
			return invalidBody(v)
		}
		org.ThirdPartyClientAccess = access
	}
	return nil
}

func orgWritable() []string {
	return []string{"name", "display_name", "branding", "metadata", "token_quota", "third_party_client_access", "is_app_entitlement_active"}
}

func (s *Server) createOrg(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, append(orgWritable(), "enabled_connections"), []string{"name"})
	if e != nil {
		return 0, nil, e
	}
	var org model.Organization
	if e := orgFields(o, &org, false); e != nil {
		return 0, nil, e
	}
	links, e := s.createLinks(c, o)
	if e != nil {
		return 0, nil, e
	}
	t := s.tenant
	if t.orgByName[org.Name] != nil {
		return 0, nil, errConflict("An organization with this name already exists.")
	}
	org.ID = randomID("org_", 16)
	t.addOrg(&orgRecord{Org: org, Created: t.now(), Links: links})
	if len(links) == 0 {
		return http.StatusCreated, org, nil
	}
	// The 201 echoes the links in the classic shape, with nested connection.
	views := make([]classicLink, len(links))
	for i, l := range links {
		views[i] = classicView(l)
	}
	return http.StatusCreated, struct {
		model.Organization
		EnabledConnections []classicLink `json:"enabled_connections"`
	}{org, views}, nil
}

// createLinks reads POST /organizations' enabled_connections (at most 10).
func (s *Server) createLinks(c *call, o object) ([]model.OrganizationConnection, *apiError) {
	raw, ok := o["enabled_connections"]
	if !ok || isNull(raw) {
		return nil, nil
	}
	if t := jsonType(raw); t != "array" {
		return nil, invalidBody(model.WrongType("enabled_connections", "array", t))
	}
	if !c.hasScope("create:organization_connections") {
		return nil, errInsufficientScope([]string{"create:organization_connections"})
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errBadJSON()
	}
	if len(items) > model.CreateEnabledConnsMax {
		return nil, invalidBody(model.ArrayTooLong("enabled_connections", len(items), model.CreateEnabledConnsMax))
	}
	var links []model.OrganizationConnection
	for i, item := range items {
		parent := "enabled_connections." + itoa(i)
		if t := jsonType(item); t != "object" {
			return nil, invalidBody(model.WrongType(parent, "object", t))
		}
		var io object
		_ = json.Unmarshal(item, &io)
		if e := checkKeys(io, parent, classicLinkFields(), []string{"connection_id"}); e != nil {
			return nil, e
		}
		l, e := s.newLinkFrom(io, parent)
		if e != nil {
			return nil, e
		}
		for _, prev := range links {
			if prev.ConnectionID == l.ConnectionID {
				return nil, errConflict("The organization connection already exists.")
			}
		}
		links = append(links, l)
	}
	return links, nil
}

func (s *Server) patchOrg(c *call) (int, any, *apiError) {
	t := s.tenant
	r := t.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	o, e := parseObject(c.body, orgWritable(), nil)
	if e != nil {
		return 0, nil, e
	}
	org := r.Org
	if e := orgFields(o, &org, true); e != nil {
		return 0, nil, e
	}
	if org.Name != r.Org.Name {
		if t.orgByName[org.Name] != nil {
			return 0, nil, errConflict("An organization with this name already exists.")
		}
		t.renameOrg(r, org.Name)
	}
	r.Org = org
	t.invalidateSorted()
	return http.StatusOK, r.Org, nil
}

func (s *Server) deleteOrg(c *call) (int, any, *apiError) {
	t := s.tenant
	r := t.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	// Deleting an org with enabled connections succeeds; the links go with it.
	t.removeOrg(r)
	return http.StatusNoContent, nil, nil
}
