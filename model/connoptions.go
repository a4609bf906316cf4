package model

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// The connection options Auth0's schema constrains, per strategy
// (auth0-management-api.openapi.json, ConnectionOptions<Strategy>). Only
// the options orgscope's forms set, and the ones the login path reads
// (domain_aliases), are checked: the rest are sent as the admin wrote them
// and left to Auth0.

// Patterns of the option formats, compiled once (immutable).
var (
	// hostnameRE is the host name format: dot-separated labels of
	// letters, digits and inner hyphens.
	hostnameRE = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)
	uuidRE     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// realmRE is the connection-realm format as orgscope reads it: what a
	// connection name allows, with dots (realms are often email domains).
	realmRE = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$`)
)

// DomainAliasPattern is the pattern Auth0's schema gives a domain alias.
// Go's regexp has no look-ahead: the leading (?!-) is checked apart.
const DomainAliasPattern = `^((?!-))(xn--)?([a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?\.)*(xn--)?[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?$`

// domainAliasRE is DomainAliasPattern without its look-ahead.
var domainAliasRE = regexp.MustCompile(`^(xn--)?([a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?\.)*(xn--)?[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?$`)

// RealmsMax is how many realms a connection may have.
const RealmsMax = 10

// RealmsRuleMessage is Auth0's refusal of realms on a connection that is
// not a database (reported by Terraform provider users, issue #827).
const RealmsRuleMessage = "Realms is only supported for database connections."

// optionRule checks one option of a strategy.
type optionRule struct {
	key   string
	check func(property string, v any) *Violation
}

// optionRules are the checked options of strategy.
func optionRules(strategy string) []optionRule {
	host := func(min, max int) func(string, any) *Violation {
		return stringCheck(min, max, func(p, s string) *Violation {
			if !hostnameRE.MatchString(s) {
				return BadFormat(p, "hostname", s)
			}
			return nil
		})
	}
	aliases := optionRule{"domain_aliases", checkDomainAliases}
	switch strategy {
	case "okta":
		return []optionRule{{"domain", host(4, 255)}, aliases}
	case "waad":
		return []optionRule{{"tenant_domain", stringCheck(1, 512, func(p, s string) *Violation {
			if !hostnameRE.MatchString(s) && !uuidRE.MatchString(s) {
				return BadFormat(p, "hostname", s)
			}
			return nil
		})}, aliases}
	case "google-apps":
		return []optionRule{{"domain", host(1, 255)}, aliases}
	case "oidc":
		return []optionRule{{"discovery_url", stringCheck(1, 255, checkWebURL)}, aliases}
	case "samlp":
		return []optionRule{{"signInEndpoint", stringCheck(1, 2048, checkWebURL)}, aliases}
	case "adfs", "pingfederate", "ad":
		return []optionRule{aliases}
	}
	return nil
}

// stringCheck checks that an option is a string of [min, max] characters,
// then applies more.
func stringCheck(min, max int, more func(property, s string) *Violation) func(string, any) *Violation {
	return func(p string, v any) *Violation {
		s, ok := v.(string)
		if !ok {
			return WrongType(p, "string", jsonType(v))
		}
		if viol := CheckLength(p, s, min, max); viol != nil {
			return viol
		}
		return more(p, s)
	}
}

// checkWebURL checks an absolute http(s) URL (Auth0's "https URL with an
// http fallback").
func checkWebURL(p, s string) *Violation {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return BadFormat(p, "url", s)
	}
	return nil
}

// checkDomainAliases checks a list of domain aliases: at most 1000, each a
// domain (DomainAliasPattern) or a URI.
func checkDomainAliases(p string, v any) *Violation {
	list, ok := v.([]any)
	if !ok {
		return WrongType(p, "array", jsonType(v))
	}
	if len(list) > 1000 {
		return ArrayTooLong(p, len(list), 1000)
	}
	for i, item := range list {
		ip := fmt.Sprintf("%s.%d", p, i)
		s, ok := item.(string)
		if !ok {
			return WrongType(ip, "string", jsonType(item))
		}
		if domainAliasRE.MatchString(s) && !strings.HasPrefix(s, "-") && len(s) <= 256 {
			continue
		}
		if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" && len(s) <= 255 {
			continue
		}
		return BadPattern(ip, DomainAliasPattern, s)
	}
	return nil
}

// jsonType names a decoded JSON value's type as Auth0's validator does.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, int:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// ValidateConnectionOption checks one option of a connection of strategy
// (nil when the option is fine or orgscope does not check it).
func ValidateConnectionOption(strategy, key string, value any) *Violation {
	for _, r := range optionRules(strategy) {
		if r.key == key {
			return r.check("options."+key, value)
		}
	}
	return nil
}

// ValidateConnectionOptions checks a connection's options as Auth0 would
// on a create or an update that sends them.
func ValidateConnectionOptions(strategy string, options map[string]any) *Violation {
	if _, ok := options["client_id"]; !ok && (strategy == "okta" || strategy == "oidc") {
		// ConnectionOptionsCommonOIDC requires it.
		return MissingProperty("options", "client_id")
	}
	if strategy == StrategyDatabase {
		if v := ValidateDatabaseOptions(options); v != nil {
			return v
		}
	}
	for _, r := range optionRules(strategy) {
		if v, ok := options[r.key]; ok {
			if viol := r.check("options."+r.key, v); viol != nil {
				return viol
			}
		}
	}
	return nil
}

// ValidateRealms checks a connection's realms: at most 10, each a realm
// name; a connection that is not a database keeps the one Auth0 gives it
// (its name).
func ValidateRealms(strategy, name string, realms []string) *Violation {
	if len(realms) > RealmsMax {
		return ArrayTooLong("realms", len(realms), RealmsMax)
	}
	for i, r := range realms {
		if !realmRE.MatchString(r) || len(r) > ConnectionNameMax {
			return BadFormat(fmt.Sprintf("realms.%d", i), "connection-realm", r)
		}
	}
	if strategy != StrategyDatabase && len(realms) > 0 && !slices.Equal(realms, []string{name}) {
		return &Violation{Property: "realms", Message: RealmsRuleMessage}
	}
	return nil
}
