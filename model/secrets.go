package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
)

// IsSecretKey reports whether a property of that name holds a secret, by
// what secrets are called: client_secret, app_secret, twilio_token,
// DB_PASSWORD, signing_key, decryptionKey, a certificate or private key,
// custom scripts.
// It is the one rule for what orgscope masks on screen and redacts in the
// debug log and the request log; a harmless property caught by it (a
// token_endpoint URL) is masked too, which costs nothing.
func IsSecretKey(k string) bool {
	k = strings.ToLower(k)
	if notSecretSetting(k) {
		return false
	}
	// A database connection's custom scripts (customScripts) are code,
	// and code often holds the credentials of the database it reaches.
	for _, w := range []string{"secret", "password", "passwd", "pwd", "passphrase", "token", "private", "assertion", "cert", "credential",
		"hmac", "authorization", "bearer", "script"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return k == "key" || strings.HasSuffix(k, "key") || strings.HasSuffix(k, "keys") || strings.HasSuffix(k, "_pass")
}

// notSecretSetting is a setting whose name holds a secret's word but whose
// value is no secret: an address (token_endpoint), a method or an
// algorithm (token_endpoint_auth_method, id_token_signed_response_algs),
// a password policy (passwordPolicy, password_history). Files keep them as
// they are, so that a snapshot says what the policy is.
func notSecretSetting(k string) bool {
	for _, suffix := range []string{"endpoint", "url", "uri", "_method", "_alg", "_algs", "algorithm", "_algorithm"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	for _, prefix := range []string{"passwordpolicy", "password_policy", "password_complexity", "password_history", "password_dictionary",
		"password_no_personal_info", "password_options", "passwordless"} {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// jwtShape is a JSON Web Token: three base64url parts, a JSON header.
var jwtShape = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$`)

// LooksSecret reports a value that is a secret whatever its property is
// called: a PEM block (a key or a certificate) or a JWT.
func LooksSecret(v string) bool {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	return strings.HasPrefix(v, "-----BEGIN ") || jwtShape.MatchString(v) ||
		strings.HasPrefix(lower, "bearer ") || strings.HasPrefix(lower, "basic ")
}

// FingerprintPrefix starts the value orgscope keeps in a file in place of
// a secret: a fingerprint, which says whether the secret changed (a diff
// of two snapshots still reports "the signing key changed") and nothing
// of what it is. It is unkeyed, so that snapshots taken on two machines
// compare: whoever holds one can test a guess of a weak secret against
// it, as docs/security.md says.
const FingerprintPrefix = "orgscope-fingerprint:sha256:"

// Fingerprint is the fingerprint of a secret value: the first 12 hex
// digits of the SHA-256 of its JSON.
func Fingerprint(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return FingerprintPrefix + hex.EncodeToString(sum[:6])
}

// WithoutSecrets is a copy of options (a connection's, at any depth) with
// every secret replaced by its fingerprint: what files keep. The secret
// rule is the one on screen (IsSecretKey, LooksSecret).
func WithoutSecrets(options map[string]any) map[string]any {
	if options == nil {
		return nil
	}
	out, _ := withoutSecrets(options).(map[string]any)
	return out
}

func withoutSecrets(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if IsSecretKey(k) && x != nil && !isFingerprint(x) {
				out[k] = Fingerprint(x)
				continue
			}
			out[k] = withoutSecrets(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = withoutSecrets(x)
		}
		return out
	case string:
		if LooksSecret(v) {
			return Fingerprint(v)
		}
	}
	return v
}

func isFingerprint(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, FingerprintPrefix)
}

// HasFingerprints reports whether options carry a fingerprint in place of
// a secret: options read from a file, which must not be written back to
// the tenant (the secret would become its fingerprint).
func HasFingerprints(options map[string]any) bool {
	found := false
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		default:
			found = found || isFingerprint(v)
		}
	}
	walk(options)
	return found
}
