package model

import (
	"regexp"
	"strings"
)

// IsSecretKey reports whether a property of that name holds a secret, by
// what secrets are called: client_secret, app_secret, twilio_token,
// DB_PASSWORD, signing_key, decryptionKey, a certificate or private key.
// It is the one rule for what orgscope masks on screen and redacts in the
// debug log and the request log; a harmless property caught by it (a
// token_endpoint URL) is masked too, which costs nothing.
func IsSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"secret", "password", "passwd", "token", "private", "assertion", "cert", "credential"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return k == "key" || strings.HasSuffix(k, "key") || strings.HasSuffix(k, "keys") || strings.HasSuffix(k, "_pass")
}

// jwtShape is a JSON Web Token: three base64url parts, a JSON header.
var jwtShape = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$`)

// LooksSecret reports a value that is a secret whatever its property is
// called: a PEM block (a key or a certificate) or a JWT.
func LooksSecret(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasPrefix(v, "-----BEGIN ") || jwtShape.MatchString(v)
}
