package sandbox

// Property names of Auth0's client and client-grant request schemas
// (additionalProperties: false), from the Management API's OpenAPI document.

func clientCreateFields() []string {
	return []string{
		"addons", "allowed_clients", "allowed_logout_urls", "allowed_origins", "app_type",
		"async_approval_notification_channels", "callbacks", "client_aliases", "client_authentication_methods",
		"client_metadata", "compliance_level", "cross_origin_authentication", "cross_origin_loc",
		"custom_login_page", "custom_login_page_on", "custom_login_page_preview", "default_organization",
		"description", "encryption_key", "express_configuration", "form_template", "grant_types",
		"initiate_login_uri", "is_first_party", "is_token_endpoint_ip_header_trusted", "jwt_configuration",
		"logo_uri", "mobile", "my_organization_configuration", "name", "native_social_login",
		"oidc_backchannel_logout", "oidc_conformant", "oidc_logout", "organization_discovery_methods",
		"organization_require_behavior", "organization_usage", "par_request_expiry", "redirection_policy",
		"refresh_token", "require_proof_of_possession", "require_pushed_authorization_requests",
		"resource_server_identifier", "session_transfer", "signed_request_object",
		"skip_non_verifiable_callback_uri_confirmation_prompt", "sso", "sso_disabled", "third_party_security_mode",
		"token_endpoint_auth_method", "token_exchange", "token_quota", "web_origins",
	}
}

func clientUpdateFields() []string {
	return []string{
		"addons", "allowed_clients", "allowed_logout_urls", "allowed_origins", "app_type",
		"async_approval_notification_channels", "callbacks", "client_aliases", "client_authentication_methods",
		"client_metadata", "client_secret", "compliance_level", "cross_origin_authentication", "cross_origin_loc",
		"custom_login_page", "custom_login_page_on", "custom_login_page_preview", "default_organization",
		"description", "encryption_key", "express_configuration", "form_template", "grant_types",
		"initiate_login_uri", "is_first_party", "is_token_endpoint_ip_header_trusted", "jwt_configuration",
		"logo_uri", "mobile", "my_organization_configuration", "name", "native_social_login",
		"oidc_backchannel_logout", "oidc_conformant", "oidc_logout", "organization_discovery_methods",
		"organization_require_behavior", "organization_usage", "par_request_expiry", "redirection_policy",
		"refresh_token", "require_proof_of_possession", "require_pushed_authorization_requests",
		"session_transfer", "signed_request_object", "skip_non_verifiable_callback_uri_confirmation_prompt", "sso",
		"sso_disabled", "third_party_security_mode", "token_endpoint_auth_method", "token_exchange", "token_quota",
		"web_origins",
	}
}

func grantCreateFields() []string {
	return []string{
		"allow_all_scopes", "allow_any_organization", "audience", "authorization_details_types", "client_id",
		"default_for", "organization_usage", "scope", "subject_type",
	}
}

func grantUpdateFields() []string {
	return []string{
		"allow_all_scopes", "allow_any_organization", "authorization_details_types", "organization_usage", "scope",
	}
}
