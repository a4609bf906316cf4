package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{
		"client_secret": true, "app_secret": true, "twilio_token": true, "DB_PASSWORD": true, "signing_key": true,
		"decryptionKey": true, "signing_keys": true, "key": true, "cert": true, "signingCert": true, "private_key": true,
		"client_assertion": true, "access_token": true,
		"domain": false, "client_id": false, "name": false, "discovery_url": false, "strategy": false, "tenant_domain": false,
		// A secret's word, no secret: a policy, an address, a method, an algorithm.
		"passwordPolicy": false, "password_history": false, "password_complexity_options": false, "token_endpoint": false,
		"token_endpoint_auth_method": false, "id_token_signed_response_algs": false, "tokenURL": false,
		"password": true, "refresh_token": true, "api_key": true, "pwd": true, "passphrase": true, "hmac": true, "Authorization": true,
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

// plantedSecrets are connection options as Auth0 returns them, with a
// secret of each kind orgscope has seen, by strategy.
func plantedSecrets() (map[string]any, []string) {
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	opts := map[string]any{
		"app_secret":    "apple-app-secret-1",
		"twilio_token":  "twilio-token-2",
		"signing_key":   map[string]any{"key": pem, "cert": "cert-3"},
		"decryptionKey": map[string]any{"key": "decryption-4"},
		"configuration": map[string]any{"DB_PASSWORD": "db-password-5", "HOST": "db.example"},
		"upstream":      []any{map[string]any{"assertion": jwt}},
		"note":          pem,
		"domain":        "acme.okta.com",
		"customScripts": map[string]any{"login": `function login(email, password, cb) { connect("db://admin:script-pw-6@db") }`},
	}
	return opts, []string{"apple-app-secret-1", "twilio-token-2", "MIIEvQ", "cert-3", "decryption-4", "db-password-5", jwt, "script-pw-6"}
}

func TestWithoutSecretsKeepsFingerprints(t *testing.T) {
	opts, secrets := plantedSecrets()
	kept := WithoutSecrets(opts)
	b, _ := json.Marshal(kept)
	for _, s := range secrets {
		if strings.Contains(string(b), s) {
			t.Fatalf("%s is kept in clear: %s", s, b)
		}
	}
	if !strings.Contains(string(b), `"domain":"acme.okta.com"`) || !strings.Contains(string(b), `"HOST":"db.example"`) {
		t.Fatalf("what is not secret is lost: %s", b)
	}
	if !HasFingerprints(kept) || HasFingerprints(opts) {
		t.Fatal("HasFingerprints does not tell kept options from read ones")
	}
	// Stable, and different for a different secret: a diff sees a change.
	if again, _ := json.Marshal(WithoutSecrets(opts)); string(again) != string(b) {
		t.Fatal("the fingerprints are not stable")
	}
	if opts["twilio_token"] != "twilio-token-2" {
		t.Fatal("the options read were changed")
	}
	changed := WithoutSecrets(map[string]any{"twilio_token": "rotated"})
	if changed["twilio_token"] == kept["twilio_token"] {
		t.Fatal("a rotated secret keeps its fingerprint")
	}
	if again := WithoutSecrets(kept); !reflect.DeepEqual(again, kept) {
		t.Fatal("fingerprinting kept options again changed them")
	}
}

// A snapshot file keeps no secret, and a diff of two still says which
// connection's secret changed.
func TestSnapshotFileKeepsNoSecret(t *testing.T) {
	opts, secrets := plantedSecrets()
	s := NewSnapshot("acme.test", time.Now())
	s.Connections = []Connection{{ID: "con_1", Name: "sms", Strategy: "sms", Options: opts}}
	data, err := EncodeSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range secrets {
		if strings.Contains(string(data), sec) {
			t.Fatalf("the snapshot file holds %s", sec)
		}
	}
	if s.Connections[0].Options["twilio_token"] != "twilio-token-2" {
		t.Fatal("encoding changed the snapshot in memory")
	}
	a, _ := DecodeSnapshot(data)
	rotated := map[string]any{}
	for k, v := range opts {
		rotated[k] = v
	}
	rotated["twilio_token"] = "rotated"
	s.Connections[0].Options = rotated
	data, _ = EncodeSnapshot(s)
	b, _ := DecodeSnapshot(data)
	if changes := DiffSnapshots(a, b); len(changes) != 1 || !strings.HasPrefix(changes[0].What, "options.twilio_token \""+FingerprintPrefix) {
		t.Fatalf("the diff of a rotated secret: %+v", changes)
	}
	// A snapshot read from a file against one read from the tenant (drift,
	// after a crawl): the same secrets are no change, and a changed one
	// shows as its fingerprint, never in clear.
	live := NewSnapshot("acme.test", time.Now())
	live.Connections = []Connection{{ID: "con_1", Name: "sms", Strategy: "sms", Options: opts}}
	if changes := DiffSnapshots(a, live); len(changes) != 0 {
		t.Fatalf("a file and the tenant with the same secrets differ: %+v", changes)
	}
	live.Connections[0].Options = rotated
	changes := DiffSnapshots(a, live)
	if len(changes) != 1 || changes[0].What != "options.twilio_token "+jsonText(Fingerprint("twilio-token-2"))+" → "+jsonText(Fingerprint("rotated")) {
		t.Fatalf("a secret rotated on the tenant: %+v", changes)
	}
	for _, sec := range append(secrets, "rotated") {
		if strings.Contains(changes[0].What, sec) {
			t.Fatalf("the diff says the secret %s: %s", sec, changes[0].What)
		}
	}
}
