package client

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// apiBase returns the base URL for a domain given with or without scheme:
// https:// for every host, http:// only for loopback (a local sandbox).
func apiBase(domain string) (base, host string, err error) {
	d := strings.TrimSpace(domain)
	if d == "" {
		return "", "", errors.New("no tenant given: pass --domain (or set AUTH0_DOMAIN), or use --sandbox")
	}
	scheme := ""
	if i := strings.Index(d, "://"); i >= 0 {
		scheme, d = strings.ToLower(d[:i]), d[i+3:]
	}
	host, _, _ = strings.Cut(d, "/")
	if host == "" {
		return "", "", fmt.Errorf("%q is not a domain: give one such as acme.eu.auth0.com", domain)
	}
	switch {
	case scheme != "" && scheme != "http" && scheme != "https":
		return "", "", fmt.Errorf("%q: use a domain such as acme.eu.auth0.com, optionally with https://", domain)
	case isLoopbackHost(host):
		if scheme == "" {
			scheme = "http"
		}
	case scheme == "http":
		return "", "", fmt.Errorf("refusing plain http to %s: Auth0 tenants are reached over https, so drop http:// from the domain", host)
	default:
		scheme = "https"
	}
	return scheme + "://" + host, host, nil
}

func isLoopbackHost(hostport string) bool {
	h := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		h = hh
	}
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}
