package sandbox

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/orgscope/orgscope/model"
)

// The tenant's prompt settings (GET/PATCH /prompts) and the organizations'
// discovery domains: what the login-path tracer reads to tell whether home
// realm discovery leads members to hidden enterprise connections.

// promptSettings are the tenant's prompt settings, Auth0's defaults for a
// new tenant: the new Universal Login, identifier-first off.
type promptSettings struct {
	UniversalLoginExperience string `json:"universal_login_experience"`
	IdentifierFirst          bool   `json:"identifier_first"`
	WebAuthnPlatformFirst    bool   `json:"webauthn_platform_first_factor"`
}

func defaultPrompts() promptSettings { return promptSettings{UniversalLoginExperience: "new"} }

func (s *Server) getPrompts(c *call) (int, any, *apiError) {
	return http.StatusOK, s.tenant.prompts, nil
}

func (s *Server) patchPrompts(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, []string{"identifier_first", "universal_login_experience", "webauthn_platform_first_factor"}, nil)
	if e != nil {
		return 0, nil, e
	}
	if len(o) == 0 {
		return 0, nil, invalidBody(model.TooFewProperties("", 0, 1))
	}
	p := s.tenant.prompts
	// null sets a boolean back to its default, off.
	for key, dst := range map[string]*bool{"identifier_first": &p.IdentifierFirst, "webauthn_platform_first_factor": &p.WebAuthnPlatformFirst} {
		if raw, ok := o[key]; ok && isNull(raw) {
			*dst = false
		}
		if _, e := field(o, "", key, "boolean", dst); e != nil {
			return 0, nil, e
		}
	}
	var exp string
	if ok, e := field(o, "", "universal_login_experience", "string", &exp); e != nil {
		return 0, nil, e
	} else if ok {
		if v := model.CheckEnum("universal_login_experience", exp, []string{"new", "classic"}); v != nil {
			return 0, nil, invalidBody(v)
		}
		p.UniversalLoginExperience = exp
	}
	s.tenant.prompts = p
	return http.StatusOK, p, nil
}

// discoveryDomain is one of an organization's discovery domains.
type discoveryDomain struct {
	ID               string `json:"id"`
	Domain           string `json:"domain"`
	Status           string `json:"status"`
	UseForDiscovery  bool   `json:"use_for_organization_discovery"`
	VerificationHost string `json:"verification_host"`
	VerificationTXT  string `json:"verification_txt"`
}

func newDiscoveryDomain(domain, status string) discoveryDomain {
	return discoveryDomain{ID: randomID("ord_", 16), Domain: domain, Status: status, UseForDiscovery: true,
		VerificationHost: "_auth0-challenge." + domain, VerificationTXT: "auth0-domain-verification=" + randomID("", 24)}
}

func (s *Server) listDiscoveryDomains(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	pq, e := parsePaging(c.query, pagingSpec{checkpoint: true, takeDefault: 50, takeMax: 100})
	if e != nil {
		return 0, nil, e
	}
	body, e := checkpointPage(r.DiscoveryDomains, func(d discoveryDomain) string { return d.ID }, pq, "domains")
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, body, nil
}

func (s *Server) createDiscoveryDomain(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	o, e := parseObject(c.body, []string{"domain", "status", "use_for_organization_discovery"}, []string{"domain"})
	if e != nil {
		return 0, nil, e
	}
	var domain, status string
	if _, e := field(o, "", "domain", "string", &domain); e != nil {
		return 0, nil, e
	}
	if v := model.CheckLength("domain", domain, 3, 255); v != nil {
		return 0, nil, invalidBody(v)
	}
	status = "pending"
	if ok, e := field(o, "", "status", "string", &status); e != nil {
		return 0, nil, e
	} else if ok {
		if v := model.CheckEnum("status", status, []string{"pending", "verified"}); v != nil {
			return 0, nil, invalidBody(v)
		}
	}
	for _, d := range r.DiscoveryDomains {
		if strings.EqualFold(d.Domain, domain) {
			return 0, nil, errConflict(fmt.Sprintf("The domain %s is already a discovery domain of the organization.", domain))
		}
	}
	d := newDiscoveryDomain(strings.ToLower(domain), status)
	if _, e := field(o, "", "use_for_organization_discovery", "boolean", &d.UseForDiscovery); e != nil {
		return 0, nil, e
	}
	r.DiscoveryDomains = insertByID(r.DiscoveryDomains, d)
	return http.StatusCreated, d, nil
}

func (s *Server) deleteDiscoveryDomain(c *call) (int, any, *apiError) {
	r := s.tenant.orgs[c.param("id")]
	if r == nil {
		return 0, nil, errOrgNotFound()
	}
	id := c.param("discovery_domain_id")
	for i, d := range r.DiscoveryDomains {
		if d.ID == id {
			r.DiscoveryDomains = append(r.DiscoveryDomains[:i:i], r.DiscoveryDomains[i+1:]...)
			return http.StatusNoContent, nil, nil
		}
	}
	return 0, nil, &apiError{Status: http.StatusNotFound, Message: "The discovery domain does not exist."}
}

// insertByID keeps an organization's discovery domains sorted by id, the
// checkpoint order.
func insertByID(ds []discoveryDomain, d discoveryDomain) []discoveryDomain {
	i := 0
	for i < len(ds) && ds[i].ID < d.ID {
		i++
	}
	return append(ds[:i:i], append([]discoveryDomain{d}, ds[i:]...)...)
}
