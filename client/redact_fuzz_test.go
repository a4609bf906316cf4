package client

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzRedact: whatever a body holds, a value under a secret's name at any
// depth never reaches the debug log, nor does a PEM block or a JWT.
func FuzzRedact(f *testing.F) {
	f.Add("client_secret", "s3cret-value", "options")
	f.Add("twilio_token", "tw-123456", "options")
	f.Add("DB_PASSWORD", "pw-7890ab", "configuration")
	f.Add("key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", "signing_key")
	f.Add("note", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "upstream")
	f.Fuzz(func(t *testing.T, key, secret, parent string) {
		if len(secret) < 8 || strings.ContainsAny(secret, `"\`) || !strings.ContainsFunc(secret, func(r rune) bool { return r > ' ' && r < 0x7f }) {
			return // short values show up by chance in the rest; quotes are escaped by JSON
		}
		if strings.Contains(parent+" "+key+` name x list [REDACTED] grant_type=client_credentials&client_secret=`, secret) {
			return // the value is in the body's own words
		}
		body, _ := json.Marshal(map[string]any{"name": "x", parent: map[string]any{key: secret, "list": []any{map[string]any{key: secret}}}})
		out := redactBody("application/json", body)
		if (secretKey(key) || secretKey(parent)) && strings.Contains(out, secret) {
			t.Fatalf("%s.%s=%q reaches the log: %s", parent, key, secret, out)
		}
		form := redactBody("application/x-www-form-urlencoded", []byte("grant_type=client_credentials&client_secret="+secret))
		if strings.Contains(form, secret) && len(secret) > 8 {
			t.Fatalf("a form's client_secret reaches the log: %s", form)
		}
	})
}
