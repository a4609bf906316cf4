package client

import (
	"strings"
	"testing"
)

// The debug log and the request log redact every secret by model's one
// rule, at any depth: app_secret, twilio_token, signing_key.key,
// configuration.DB_PASSWORD and a PEM value (they were written in clear).
func TestRedactBodyCatchesEverySecret(t *testing.T) {
	body := []byte(`{"options":{"app_secret":"s1","twilio_token":"s2","signing_key":{"key":"s3"},"decryptionKey":{"key":"s4"},` +
		`"configuration":{"DB_PASSWORD":"s5"},"x":"-----BEGIN CERTIFICATE-----\nabc","domain":"acme.example"}}`)
	out := redactBody("application/json", body)
	for _, s := range []string{"s1", "s2", "s3", "s4", "s5", "BEGIN CERTIFICATE"} {
		if strings.Contains(out, s) {
			t.Errorf("%s is in the log: %s", s, out)
		}
	}
	if !strings.Contains(out, "acme.example") {
		t.Errorf("a value that is no secret was redacted: %s", out)
	}
}
