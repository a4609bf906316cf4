package sandbox

import (
	"net/http"

	"github.com/orgscope/orgscope/model"
)

// resourceServers are the tenant's system APIs: the Management API and the
// My Organization API, with their identifiers on the tenant's domain.
func (s *Server) resourceServers() []model.ResourceServer {
	var mgmt []model.ScopeInfo
	for _, sc := range AllScopes() {
		mgmt = append(mgmt, model.ScopeInfo{Value: sc, Description: sc})
	}
	return []model.ResourceServer{
		{ID: "rs_management0000000001", Name: "Auth0 Management API", Identifier: "https://" + s.domain + "/api/v2/", Scopes: mgmt, IsSystem: true},
		{ID: "rs_myorganization000001", Name: "Auth0 My Organization API", Identifier: "https://" + s.domain + model.MyOrganizationAPISuffix,
			Scopes: model.MyOrganizationScopes(), IsSystem: true, SubjectTypeAuthorization: s.myOrgPolicies()},
	}
}

// listResourceServers serves GET /resource-servers (offset paging).
func (s *Server) listResourceServers(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, pagingSpec{offset: true, perPageDefault: 50, perPageMax: 100})
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, offsetPage(s.resourceServers(), pq, "resource_servers", false, 0), nil
}

// myOrgPolicies are the My Organization API's policies: as Auth0 ships it
// (users through a user-flow grant, no client flows) unless the sandbox
// was started with others (Options.MyOrganizationUserPolicy).
func (s *Server) myOrgPolicies() *model.SubjectTypeAuthorization {
	user := s.opts.MyOrganizationUserPolicy
	if user == "" {
		user = model.PolicyRequireClientGrant
	}
	return &model.SubjectTypeAuthorization{User: &model.SubjectPolicy{Policy: user}, Client: &model.SubjectPolicy{Policy: model.PolicyDenyAll}}
}
