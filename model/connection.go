package model

// Connection is an Auth0 connection (an identity source).
type Connection struct {
	ID                    string             `json:"id"`
	Name                  string             `json:"name"`
	DisplayName           string             `json:"display_name,omitempty"`
	Strategy              string             `json:"strategy"`
	Options               map[string]any     `json:"options,omitempty"`
	EnabledClients        []string           `json:"enabled_clients"`
	IsDomainConnection    bool               `json:"is_domain_connection"`
	ShowAsButton          *bool              `json:"show_as_button,omitempty"`
	Realms                []string           `json:"realms,omitempty"`
	Metadata              map[string]string  `json:"metadata,omitempty"`
	Authentication        *Authentication    `json:"authentication,omitempty"`
	ConnectedAccounts     *ConnectedAccounts `json:"connected_accounts,omitempty"`
	ProvisioningTicketURL string             `json:"provisioning_ticket_url,omitempty"`
}

// Class returns the strategy class of the connection.
func (c Connection) Class() StrategyClass { return ClassOf(c.Strategy) }

// UsedForLogin reports whether the connection's authentication purpose is
// active. A connection without the purpose object (older tenants) is.
func (c Connection) UsedForLogin() bool {
	return c.Authentication == nil || c.Authentication.Active
}

// Authentication is the "used for login" purpose of a connection.
type Authentication struct {
	Active bool `json:"active"`
}

// ConnectedAccounts is the Token Vault purpose of a connection.
type ConnectedAccounts struct {
	Active         bool  `json:"active"`
	CrossAppAccess *bool `json:"cross_app_access,omitempty"`
}

// ConnectionRef is the read-only summary of a connection nested in a link.
type ConnectionRef struct {
	Name     string `json:"name"`
	Strategy string `json:"strategy"`
}
