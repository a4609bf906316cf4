package model

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Limits Auth0 enforces (management-api.md §3–§8).
const (
	OrgNameMax                = 50
	OrgDisplayNameMax         = 255
	OrgMetadataMaxKeys        = 25
	ConnectionMetadataMaxKeys = 10
	MetadataValueMax          = 255
	ConnectionNameMax         = 128
	ConnectionDisplayNameMax  = 128
	OrgConnectionNameMax      = 50
	CreateEnabledConnsMax     = 10
	ProfileNameMax            = 50
	PrefixTemplateMax         = 15
)

// ConnectionNamePattern is the pattern Auth0 requires of connection names:
// letters and digits, with single hyphens inside.
const ConnectionNamePattern = `^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`

// PrefixTemplatePattern is the pattern Auth0 documents for a profile's
// connection_name_prefix_template.
const PrefixTemplatePattern = `^(?!-)(?!.*--)(?:[a-zA-Z0-9-]|{org_id}|{org_name})*$`

// SignupRuleMessage is Auth0's message for a link that asks for signup where
// it cannot work (recorded, management-api.md §4).
const SignupRuleMessage = "Only database connections with assign_membership_on_login = true support is_signup_enabled = true."

// Compiled once: a compiled regexp.Regexp is immutable and safe for
// concurrent use, and these run on every keystroke of a form's field.
var (
	connectionNameRE = regexp.MustCompile(ConnectionNamePattern)
	// Go's regexp has no look-ahead: the two negative look-aheads of the
	// prefix pattern are checked by hand and this covers the rest.
	prefixBodyRE = regexp.MustCompile(`^(?:[a-zA-Z0-9-]|\{org_id\}|\{org_name\})*$`)
	hexColorRE   = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	orgNameRE    = regexp.MustCompile(`^[a-z0-9_-]+$`)
)

// ValidateOrganizationName checks an organization's name: 1–50 characters of
// lowercase letters, digits, "_" and "-".
func ValidateOrganizationName(name string) *Violation {
	if v := CheckLength("name", name, 1, OrgNameMax); v != nil {
		return v
	}
	if !orgNameRE.MatchString(name) {
		return BadFormat("name", "organization-name", name)
	}
	return nil
}

// ValidateOrganizationDisplayName checks an organization's display name.
func ValidateOrganizationDisplayName(displayName string) *Violation {
	return CheckLength("display_name", displayName, 1, OrgDisplayNameMax)
}

// ValidateOrganizationMetadata checks an organization's metadata: at most 25
// keys, values at most 255 characters.
func ValidateOrganizationMetadata(md map[string]string) *Violation {
	return validateMetadata(md, OrgMetadataMaxKeys)
}

// ValidateConnectionMetadata checks a connection's metadata: at most 10 keys,
// values at most 255 characters.
func ValidateConnectionMetadata(md map[string]string) *Violation {
	return validateMetadata(md, ConnectionMetadataMaxKeys)
}

func validateMetadata(md map[string]string, maxKeys int) *Violation {
	if len(md) > maxKeys {
		return TooManyProperties("metadata", len(md), maxKeys)
	}
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := CheckLength(join("metadata", k), md[k], 0, MetadataValueMax); v != nil {
			return v
		}
	}
	return nil
}

// IsHexColor reports an HTML colour as Auth0 takes it (#rgb or #rrggbb).
func IsHexColor(s string) bool { return hexColorRE.MatchString(s) }

// ValidateBranding checks an organization's branding: an https logo URL and,
// when colours are given, both colours as HTML hex colours.
func ValidateBranding(b *Branding) *Violation {
	if b == nil {
		return nil
	}
	if b.LogoURL != "" && !strings.HasPrefix(b.LogoURL, "https://") {
		return BadFormat("branding.logo_url", "strict-https-uri-or-null", b.LogoURL)
	}
	if c := b.Colors; c != nil {
		if c.Primary == "" {
			return MissingProperty("branding.colors", "primary")
		}
		if c.PageBackground == "" {
			return MissingProperty("branding.colors", "page_background")
		}
		if !hexColorRE.MatchString(c.Primary) {
			return BadFormat("branding.colors.primary", "html-color", c.Primary)
		}
		if !hexColorRE.MatchString(c.PageBackground) {
			return BadFormat("branding.colors.page_background", "html-color", c.PageBackground)
		}
	}
	return nil
}

// ValidateConnectionName checks a connection's name: at most 128 characters
// matching ConnectionNamePattern.
func ValidateConnectionName(name string) *Violation {
	if v := CheckLength("name", name, 1, ConnectionNameMax); v != nil {
		return v
	}
	if !connectionNameRE.MatchString(name) {
		return BadPattern("name", ConnectionNamePattern, name)
	}
	return nil
}

// ValidateConnectionDisplayName checks a connection's display name.
func ValidateConnectionDisplayName(displayName string) *Violation {
	return CheckLength("display_name", displayName, 0, ConnectionDisplayNameMax)
}

// ValidateStrategy checks that a connection may be created with strategy.
func ValidateStrategy(strategy string) *Violation {
	return CheckEnum("strategy", strategy, CreatableStrategies())
}

// ValidateSignup checks Auth0's signup rule for a link: organization signup
// works only on database connections that assign membership on login.
func ValidateSignup(strategy string, assignMembership, signup bool) *Violation {
	if signup && (ClassOf(strategy) != ClassDatabase || !assignMembership) {
		return &Violation{Property: "is_signup_enabled", Message: SignupRuleMessage}
	}
	return nil
}

// ValidateAccessLevel checks a link's organization_access_level.
func ValidateAccessLevel(level AccessLevel) *Violation {
	return CheckEnum("organization_access_level", level, AccessLevels())
}

// ValidateMemberAccessLevel checks a link's organization_member_access_level,
// which may also be unset ("", null).
func ValidateMemberAccessLevel(level AccessLevel) *Violation {
	if level == "" {
		return nil
	}
	return CheckEnum("organization_member_access_level", level, AccessLevels())
}

// ValidateOrgConnectionName checks a link's organization_connection_name:
// 1–50 characters with no NUL.
func ValidateOrgConnectionName(name string) *Violation {
	if v := CheckLength("organization_connection_name", name, 1, OrgConnectionNameMax); v != nil {
		return v
	}
	if strings.ContainsRune(name, 0) {
		return BadPattern("organization_connection_name", `^[^\u0000]*$`, name)
	}
	return nil
}

// ValidateLinkChange checks a change of a link (before nil: a new one):
// the link as it would be, except that a value the tenant holds and the
// change leaves alone is not judged. A level newer than orgscope, or one
// set by another tool, stays as it is rather than blocking every edit of
// the link.
func ValidateLinkChange(before *OrganizationConnection, after OrganizationConnection) *Violation {
	if before == nil {
		return ValidateLink(after)
	}
	l := after
	if l.OrganizationAccessLevel == before.OrganizationAccessLevel {
		l.OrganizationAccessLevel = AccessNone
	}
	if l.OrganizationMemberAccessLevel == before.OrganizationMemberAccessLevel {
		l.OrganizationMemberAccessLevel = ""
	}
	if l.OrganizationConnectionName == before.OrganizationConnectionName {
		l.OrganizationConnectionName = ""
	}
	return ValidateLink(l)
}

// ValidateLink checks every rule of a link as it would be after a write.
func ValidateLink(l OrganizationConnection) *Violation {
	if v := ValidateAccessLevel(l.OrganizationAccessLevel); v != nil {
		return v
	}
	if v := ValidateMemberAccessLevel(l.OrganizationMemberAccessLevel); v != nil {
		return v
	}
	if l.OrganizationConnectionName != "" {
		if v := ValidateOrgConnectionName(l.OrganizationConnectionName); v != nil {
			return v
		}
	}
	return ValidateSignup(l.Connection.Strategy, l.AssignMembershipOnLogin, l.SignupEnabled())
}

// ValidateProfileName checks a connection profile's name.
func ValidateProfileName(name string) *Violation {
	return CheckLength("name", name, 1, ProfileNameMax)
}

// ValidateProfileSetting checks one of a profile's organization settings.
func ValidateProfileSetting(property string, s ProfileSetting) *Violation {
	return CheckEnum(join("organization", property), s, ProfileSettings())
}

// ValidatePrefixTemplate checks a profile's connection_name_prefix_template:
// at most 15 characters (placeholders count as written) of letters, digits,
// "-", {org_id} and {org_name}, not starting with "-" and without "--".
func ValidatePrefixTemplate(t string) *Violation {
	const prop = "connection_name_prefix_template"
	if v := CheckLength(prop, t, 0, PrefixTemplateMax); v != nil {
		return v
	}
	if strings.HasPrefix(t, "-") || strings.Contains(t, "--") || !prefixBodyRE.MatchString(t) {
		return BadPattern(prop, PrefixTemplatePattern, t)
	}
	return nil
}

// ValidateFeatures checks a list of enabled features.
func ValidateFeatures(property string, features []Feature) *Violation {
	for i, f := range features {
		if v := CheckEnum(join(property, strconv.Itoa(i)), f, Features()); v != nil {
			return v
		}
	}
	return nil
}

// ValidateStrategyOverrides checks the keys and contents of a profile's
// strategy_overrides: only the eight enterprise strategies.
func ValidateStrategyOverrides(o map[string]StrategyOverride) *Violation {
	var unknown []string
	for k := range o {
		if !slices.Contains(EnterpriseStrategies(), k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return UnknownProperties("strategy_overrides", unknown)
	}
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		prop := join("strategy_overrides", k)
		if v := ValidateFeatures(join(prop, "enabled_features"), o[k].EnabledFeatures); v != nil {
			return v
		}
		if v := ValidateConnectionConfig(join(prop, "connection_config"), o[k].ConnectionConfig); v != nil {
			return v
		}
	}
	return nil
}

// ValidateConnectionConfig checks a profile's connection_config, which allows
// no properties at all.
func ValidateConnectionConfig(property string, cfg map[string]any) *Violation {
	if len(cfg) == 0 {
		return nil
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return UnknownProperties(property, keys)
}

// ValidateProfile checks every rule of a connection profile.
func ValidateProfile(p ConnectionProfile) *Violation {
	if v := ValidateProfileName(p.Name); v != nil {
		return v
	}
	if o := p.Organization; o != nil {
		if o.ShowAsButton != "" {
			if v := ValidateProfileSetting("show_as_button", o.ShowAsButton); v != nil {
				return v
			}
		}
		if o.AssignMembershipOnLogin != "" {
			if v := ValidateProfileSetting("assign_membership_on_login", o.AssignMembershipOnLogin); v != nil {
				return v
			}
		}
	}
	if p.ConnectionNamePrefixTemplate != nil {
		if v := ValidatePrefixTemplate(*p.ConnectionNamePrefixTemplate); v != nil {
			return v
		}
	}
	if v := ValidateFeatures("enabled_features", p.EnabledFeatures); v != nil {
		return v
	}
	if v := ValidateConnectionConfig("connection_config", p.ConnectionConfig); v != nil {
		return v
	}
	return ValidateStrategyOverrides(p.StrategyOverrides)
}

// ValidateMyOrganizationConfiguration checks a client's My Organization
// configuration: allowed_strategies and connection_deletion_behavior are
// required, strategies come from the enterprise set without "ad".
func ValidateMyOrganizationConfiguration(c MyOrganizationConfiguration) *Violation {
	const prop = "my_organization_configuration"
	if c.AllowedStrategies == nil {
		return MissingProperty(prop, "allowed_strategies")
	}
	if c.ConnectionDeletionBehavior == "" {
		return MissingProperty(prop, "connection_deletion_behavior")
	}
	for i, s := range c.AllowedStrategies {
		if v := CheckEnum(join(prop, "allowed_strategies."+strconv.Itoa(i)), s, MyOrganizationStrategies()); v != nil {
			return v
		}
		if j := slices.Index(c.AllowedStrategies, s); j < i {
			return NotUnique(join(prop, "allowed_strategies"), j, i)
		}
	}
	return CheckEnum(join(prop, "connection_deletion_behavior"), c.ConnectionDeletionBehavior, DeletionBehaviors())
}

// ValidateDatabaseOptions checks the option combinations Auth0 refuses on
// database connections (recorded messages, management-api.md §6).
func ValidateDatabaseOptions(options map[string]any) *Violation {
	if _, ok := options["attributes"]; !ok {
		return nil
	}
	if _, ok := options["validation"]; ok {
		return &Violation{Property: "options.attributes", Message: "Cannot set both options.attributes and options.validation"}
	}
	if _, ok := options["requires_username"]; ok {
		return &Violation{Property: "options.attributes", Message: "Cannot set both options.attributes and options.requires_username"}
	}
	return nil
}
