package model

import "testing"

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{
		"client_secret": true, "app_secret": true, "twilio_token": true, "DB_PASSWORD": true, "signing_key": true,
		"decryptionKey": true, "signing_keys": true, "key": true, "cert": true, "signingCert": true, "private_key": true,
		"client_assertion": true, "access_token": true,
		"domain": false, "client_id": false, "name": false, "discovery_url": false, "strategy": false, "tenant_domain": false,
	} {
		if got := IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestLooksSecret(t *testing.T) {
	for v, want := range map[string]bool{
		"-----BEGIN PRIVATE KEY-----\nMIIE…":       true,
		"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig": true,
		"acme.okta.com": false, "eyJ": false, "": false,
	} {
		if got := LooksSecret(v); got != want {
			t.Errorf("LooksSecret(%q) = %v, want %v", v, got, want)
		}
	}
}
