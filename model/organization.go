package model

// Organization is an Auth0 organization. Unset optional fields are omitted on
// the wire, as Auth0 omits them.
type Organization struct {
	ID                     string            `json:"id"`
	Name                   string            `json:"name"`
	DisplayName            string            `json:"display_name,omitempty"`
	Branding               *Branding         `json:"branding,omitempty"`
	Metadata               map[string]string `json:"metadata,omitempty"`
	TokenQuota             *TokenQuota       `json:"token_quota,omitempty"`
	ThirdPartyClientAccess string            `json:"third_party_client_access,omitempty"`
}

// Branding is an organization's logo and colours.
type Branding struct {
	LogoURL string          `json:"logo_url,omitempty"`
	Colors  *BrandingColors `json:"colors,omitempty"`
}

// BrandingColors are HTML hex colours; Auth0 requires both when colors is sent.
type BrandingColors struct {
	Primary        string `json:"primary"`
	PageBackground string `json:"page_background"`
}

// TokenQuota limits the client-credentials tokens issued for an organization.
type TokenQuota struct {
	ClientCredentials *Quota `json:"client_credentials,omitempty"`
}

// Quota is one token quota.
type Quota struct {
	Enforce bool `json:"enforce,omitempty"`
	PerDay  int  `json:"per_day,omitempty"`
	PerHour int  `json:"per_hour,omitempty"`
}
