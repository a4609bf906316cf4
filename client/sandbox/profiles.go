package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/orgscope/orgscope/model"
)

func profileFields() []string {
	return []string{"name", "organization", "connection_name_prefix_template", "enabled_features", "connection_config", "strategy_overrides"}
}

// checkProfileBody runs the schema checks of a profile body: unknown keys at
// every level, then the model rules on the decoded profile.
func checkProfileBody(o object) *apiError {
	if org, ok, e := subObject(o, "", "organization", []string{"show_as_button", "assign_membership_on_login"}, nil); e != nil {
		return e
	} else if ok {
		// A setting sent is one of none, optional, required: "" is not
		// "unset" (the decoded profile cannot tell "" from absent).
		for _, k := range []string{"show_as_button", "assign_membership_on_login"} {
			var v model.ProfileSetting
			if sent, e := field(org, "organization", k, "string", &v); e != nil {
				return e
			} else if sent {
				if viol := model.ValidateProfileSetting(k, v); viol != nil {
					return invalidBody(viol)
				}
			}
		}
	}
	if so, ok, e := subObject(o, "", "strategy_overrides", model.EnterpriseStrategies(), nil); e != nil {
		return e
	} else if ok {
		for k := range so {
			if _, _, e := subObject(so, "strategy_overrides", k, []string{"enabled_features", "connection_config"}, nil); e != nil {
				return e
			}
		}
	}
	for _, k := range []struct{ key, typ string }{
		{"name", "string"}, {"connection_name_prefix_template", "string"}, {"enabled_features", "array"}, {"connection_config", "object"},
	} {
		if raw, ok := o[k.key]; ok && !isNull(raw) {
			if got := jsonType(raw); got != k.typ {
				return invalidBody(model.WrongType(k.key, k.typ, got))
			}
		}
	}
	return nil
}

func decodeProfile(o object) (model.ConnectionProfile, *apiError) {
	var p model.ConnectionProfile
	b, _ := json.Marshal(o)
	if err := json.Unmarshal(b, &p); err != nil {
		return p, invalidBody(nestedTypeError("", err))
	}
	if v := model.ValidateProfile(p); v != nil {
		return p, invalidBody(v)
	}
	return p, nil
}

func (s *Server) listProfiles(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, pagingSpec{checkpoint: true, takeDefault: 5, takeMax: 10})
	if e != nil {
		return 0, nil, e
	}
	body, e := checkpointView(s.tenant.profileOrder, func(r *profileRecord) string { return r.key },
		func(r *profileRecord) model.ConnectionProfile { return r.Profile }, pq, "connection_profiles")
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, body, nil
}

func (s *Server) getProfile(c *call) (int, any, *apiError) {
	r := s.tenant.profiles[c.param("id")]
	if r == nil {
		return 0, nil, errProfileNotFound()
	}
	return http.StatusOK, r.Profile, nil
}

func (s *Server) profileNameTaken(name, except string) bool {
	for _, r := range s.tenant.profileOrder {
		if r.Profile.Name == name && r.Profile.ID != except {
			return true
		}
	}
	return false
}

func (s *Server) createProfile(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, profileFields(), []string{"name"})
	if e != nil {
		return 0, nil, e
	}
	if e := checkProfileBody(o); e != nil {
		return 0, nil, e
	}
	p, e := decodeProfile(o)
	if e != nil {
		return 0, nil, e
	}
	if s.profileNameTaken(p.Name, "") {
		return 0, nil, errConflict("Connection profile conflict.")
	}
	t := s.tenant
	p.ID = randomID("cop_", 22)
	t.addProfile(&profileRecord{Profile: p, Created: t.now()})
	return http.StatusCreated, p, nil
}

// patchProfile replaces the properties sent and keeps the others (Auth0 has
// only been recorded with full bodies; partial is the documented PATCH).
func (s *Server) patchProfile(c *call) (int, any, *apiError) {
	r := s.tenant.profiles[c.param("id")]
	if r == nil {
		return 0, nil, errProfileNotFound()
	}
	o, e := parseObject(c.body, profileFields(), nil)
	if e != nil {
		return 0, nil, e
	}
	if e := checkProfileBody(o); e != nil {
		return 0, nil, e
	}
	var merged object
	b, _ := json.Marshal(r.Profile)
	_ = json.Unmarshal(b, &merged)
	delete(merged, "id")
	for k, v := range o {
		merged[k] = v
	}
	p, e := decodeProfile(merged)
	if e != nil {
		return 0, nil, e
	}
	if s.profileNameTaken(p.Name, r.Profile.ID) {
		return 0, nil, errConflict("Connection profile conflict.")
	}
	p.ID = r.Profile.ID
	r.Profile = p
	return http.StatusOK, p, nil
}

func (s *Server) deleteProfile(c *call) (int, any, *apiError) {
	if s.tenant.profiles[c.param("id")] == nil {
		return 0, nil, errProfileNotFound()
	}
	s.tenant.removeProfile(c.param("id"))
	return http.StatusNoContent, nil, nil
}

// profileTemplates are the ready-made profiles the sandbox offers.
func profileTemplates() []model.ProfileTemplate {
	str := func(s string) *string { return &s }
	return []model.ProfileTemplate{
		{ID: "cpt_enterprise_sso", DisplayName: "Enterprise SSO for B2B customers", Template: model.ConnectionProfile{
			Name:                         "Enterprise-SSO",
			Organization:                 &model.ProfileOrganization{ShowAsButton: model.SettingRequired, AssignMembershipOnLogin: model.SettingRequired},
			ConnectionNamePrefixTemplate: str("con-{org_id}-"),
			EnabledFeatures:              []model.Feature{model.FeatureSCIM, model.FeatureUniversalLogout},
			ConnectionConfig:             map[string]any{},
		}},
		{ID: "cpt_hidden_hrd", DisplayName: "Hidden connections reached by home realm discovery", Template: model.ConnectionProfile{
			Name:                         "Hidden-HRD",
			Organization:                 &model.ProfileOrganization{ShowAsButton: model.SettingNone, AssignMembershipOnLogin: model.SettingOptional},
			ConnectionNamePrefixTemplate: str("{org_name}-"),
			EnabledFeatures:              []model.Feature{model.FeatureUniversalLogout},
			ConnectionConfig:             map[string]any{},
		}},
		{ID: "cpt_okta_scim", DisplayName: "Okta with SCIM provisioning", Template: model.ConnectionProfile{
			Name:                         "Okta-SCIM",
			Organization:                 &model.ProfileOrganization{ShowAsButton: model.SettingOptional, AssignMembershipOnLogin: model.SettingRequired},
			ConnectionNamePrefixTemplate: str("okta-{org_id}"),
			EnabledFeatures:              []model.Feature{model.FeatureUniversalLogout},
			ConnectionConfig:             map[string]any{},
			StrategyOverrides: map[string]model.StrategyOverride{
				"okta": {EnabledFeatures: []model.Feature{model.FeatureSCIM, model.FeatureUniversalLogout}, ConnectionConfig: map[string]any{}},
			},
		}},
	}
}

func (s *Server) listTemplates(c *call) (int, any, *apiError) {
	return http.StatusOK, map[string]any{"connection_profile_templates": profileTemplates()}, nil
}

func (s *Server) getTemplate(c *call) (int, any, *apiError) {
	for _, t := range profileTemplates() {
		if t.ID == c.param("id") {
			return http.StatusOK, t, nil
		}
	}
	return 0, nil, errTemplateNotFound()
}
