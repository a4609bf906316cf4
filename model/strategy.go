package model

import "slices"

// StrategyClass groups connection strategies by how Auth0 treats them on an
// organization's login prompt (management-api.md §6 "Strategy classes").
type StrategyClass string

const (
	ClassDatabase     StrategyClass = "database"
	ClassPasswordless StrategyClass = "passwordless"
	ClassEnterprise   StrategyClass = "enterprise"
	ClassSocial       StrategyClass = "social"
	ClassOther        StrategyClass = "other"
)

// Classes lists the strategy classes in the order screens show them.
func Classes() []StrategyClass {
	return []StrategyClass{ClassDatabase, ClassPasswordless, ClassEnterprise, ClassSocial, ClassOther}
}

// StrategyDatabase is the only database strategy.
const StrategyDatabase = "auth0"

// StrategyOkta is the strategy Okta Express Configuration creates.
const StrategyOkta = "okta"

// creatableStrategies is Auth0's ConnectionIdentityProviderEnum: the strategies
// POST /connections accepts.
func creatableStrategies() []string {
	return []string{
		"ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "auth0-oidc", "auth0", "baidu", "bitly",
		"box", "custom", "daccount", "dwolla", "email", "evernote-sandbox", "evernote", "exact", "facebook",
		"fitbit", "github", "google-apps", "google-oauth2", "instagram", "ip", "line", "linkedin", "oauth1",
		"oauth2", "office365", "oidc", "okta", "paypal", "paypal-sandbox", "pingfederate", "planningcenter",
		"salesforce-community", "salesforce-sandbox", "salesforce", "samlp", "sharepoint", "shopify", "shop",
		"sms", "soundcloud", "thirtysevensignals", "twitter", "untappd", "vkontakte", "waad", "weibo",
		"windowslive", "wordpress", "yahoo", "yandex",
	}
}

// CreatableStrategies returns the strategies a connection may be created with.
func CreatableStrategies() []string { return creatableStrategies() }

// ListableStrategies returns the strategies GET /connections filters on: the
// creatable ones plus auth0-adldap, which can be listed but not created.
func ListableStrategies() []string { return append(creatableStrategies(), "auth0-adldap") }

// EnterpriseStrategies are the eight canonical enterprise strategies: the ones
// Auth0 returns show_as_button for and the keys of a profile's strategy_overrides.
func EnterpriseStrategies() []string {
	return []string{"ad", "adfs", "google-apps", "oidc", "okta", "pingfederate", "samlp", "waad"}
}

// MyOrganizationStrategies are the strategies a client's My Organization
// configuration may allow: the enterprise set without "ad".
func MyOrganizationStrategies() []string {
	return []string{"pingfederate", "adfs", "waad", "google-apps", "okta", "oidc", "samlp"}
}

// legacyEnterpriseStrategies are enterprise in Lock's list but not in Auth0's
// canonical set; orgscope treats them as "other" (management-api.md §6).
func legacyEnterpriseStrategies() []string {
	return []string{"auth0-adldap", "auth0-oidc", "custom", "ip", "mscrm", "office365", "sharepoint", "google-openid"}
}

// ClassOf returns the class of a strategy. Unknown strategies are "other".
func ClassOf(strategy string) StrategyClass {
	switch {
	case strategy == StrategyDatabase:
		return ClassDatabase
	case strategy == "email" || strategy == "sms":
		return ClassPasswordless
	case slices.Contains(EnterpriseStrategies(), strategy):
		return ClassEnterprise
	case slices.Contains(legacyEnterpriseStrategies(), strategy):
		return ClassOther
	case slices.Contains(creatableStrategies(), strategy):
		return ClassSocial
	default:
		return ClassOther
	}
}

// IsEnterprise reports whether strategy is one of the eight enterprise strategies.
func IsEnterprise(strategy string) bool { return ClassOf(strategy) == ClassEnterprise }

// HasProvisioningTicket reports whether Auth0 returns a provisioning_ticket_url
// for connections of this strategy.
func HasProvisioningTicket(strategy string) bool {
	switch strategy {
	case "ad", "adfs", "waad", "google-apps", "pingfederate", "samlp":
		return true
	}
	return false
}
