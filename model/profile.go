package model

// ProfileSetting is how a connection profile constrains one link flag of the
// connections created through it: none, optional or required.
type ProfileSetting string

const (
	SettingNone     ProfileSetting = "none"
	SettingOptional ProfileSetting = "optional"
	SettingRequired ProfileSetting = "required"
)

// ProfileSettings lists the three profile settings.
func ProfileSettings() []ProfileSetting {
	return []ProfileSetting{SettingNone, SettingOptional, SettingRequired}
}

// Feature is an enabled feature of a connection profile.
type Feature string

const (
	FeatureSCIM            Feature = "scim"
	FeatureUniversalLogout Feature = "universal_logout"
)

// Features lists the features a profile may enable.
func Features() []Feature { return []Feature{FeatureSCIM, FeatureUniversalLogout} }

// ConnectionProfile says how the private settings of a connection are set when
// a third party (an organization admin through My Organization) creates it.
// Unlike other objects, Auth0 answers null for an unset strategy_overrides and
// connection_config, so those two are not omitted.
type ConnectionProfile struct {
	ID                           string                      `json:"id,omitempty"`
	Name                         string                      `json:"name"`
	Organization                 *ProfileOrganization        `json:"organization,omitempty"`
	ConnectionNamePrefixTemplate *string                     `json:"connection_name_prefix_template,omitempty"`
	EnabledFeatures              []Feature                   `json:"enabled_features,omitempty"`
	ConnectionConfig             map[string]any              `json:"connection_config"`
	StrategyOverrides            map[string]StrategyOverride `json:"strategy_overrides"`
}

// ProfileOrganization holds the profile's settings for the org link flags.
type ProfileOrganization struct {
	ShowAsButton            ProfileSetting `json:"show_as_button,omitempty"`
	AssignMembershipOnLogin ProfileSetting `json:"assign_membership_on_login,omitempty"`
}

// StrategyOverride replaces a profile's features and config for one strategy.
type StrategyOverride struct {
	EnabledFeatures  []Feature      `json:"enabled_features,omitempty"`
	ConnectionConfig map[string]any `json:"connection_config,omitempty"`
}

// ProfileTemplate is a ready-made profile payload Auth0 offers.
type ProfileTemplate struct {
	ID          string            `json:"id"`
	DisplayName string            `json:"display_name"`
	Template    ConnectionProfile `json:"template"`
}

// FeaturesFor returns the features a connection of the given strategy gets
// from the profile: the strategy's override when there is one.
func (p ConnectionProfile) FeaturesFor(strategy string) []Feature {
	if o, ok := p.StrategyOverrides[strategy]; ok && o.EnabledFeatures != nil {
		return o.EnabledFeatures
	}
	return p.EnabledFeatures
}
