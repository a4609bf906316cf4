package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// APIError is an error answer of the Management API.
type APIError struct {
	Status    int    // HTTP status
	Err       string // "Not Found", the reason phrase Auth0 puts in "error"
	Message   string
	ErrorCode string // "inexistent_connection"…; empty where Auth0 sends none
	// Scopes are the scopes a 403 insufficient_scope asks for (any of).
	Scopes []string
	Method string
	Path   string
}

// Error reads as one sentence: what was asked and what Auth0 answered.
func (e *APIError) Error() string {
	msg := strings.TrimSuffix(e.Message, ".")
	if msg == "" {
		msg = e.Err
	}
	return fmt.Sprintf("%s %s: Auth0 answered %d: %s", e.Method, e.Path, e.Status, msg)
}

// apiErrorFrom decodes an error answer. A body that is not Auth0's
// envelope still gives an APIError with the status.
func apiErrorFrom(status int, body []byte, method, path string) *APIError {
	e := &APIError{Status: status, Err: http.StatusText(status), Method: method, Path: path}
	var env struct {
		Error     string `json:"error"`
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	}
	if json.Unmarshal(body, &env) == nil {
		if env.Error != "" {
			e.Err = env.Error
		}
		e.Message, e.ErrorCode = env.Message, env.ErrorCode
	}
	if status == http.StatusForbidden && e.ErrorCode == "insufficient_scope" {
		e.Scopes = scopesInMessage(e.Message)
	}
	return e
}

// scopesInMessage reads the scopes of "Insufficient scope, expected any of:
// a, b" (Auth0 writes ", expected any of: "; its docs sometimes "; ").
func scopesInMessage(msg string) []string {
	_, list, ok := strings.Cut(msg, "expected any of:")
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsConflict reports a 409.
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsRateLimited reports a 429 that reached the caller.
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsValidation reports a 400: Auth0 refused the request's content.
func IsValidation(err error) bool { return statusOf(err) == http.StatusBadRequest }

// IsInsufficientScope reports a 403 for a missing scope and returns the
// scopes that would do.
func IsInsufficientScope(err error) ([]string, bool) {
	var e *APIError
	if errors.As(err, &e) && e.Status == http.StatusForbidden && e.ErrorCode == "insufficient_scope" {
		return e.Scopes, true
	}
	return nil, false
}

// ErrReadOnly is returned, without any request, by every mutating call of a
// read-only client.
var ErrReadOnly = errors.New("this tenant is open read-only, so nothing was sent: drop --read-only (or read_only in the config) to make changes")

// AmbiguousError is a write whose answer was lost: Auth0 may or may not have
// applied it.
type AmbiguousError struct {
	Method, Path string
	Cause        error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s: the answer was lost (%v), so Auth0 may or may not have applied it: refresh and check before trying again", e.Method, e.Path, e.Cause)
}

func (e *AmbiguousError) Unwrap() error { return e.Cause }

func errMissingCredentials(host string) error {
	return fmt.Errorf("no credentials for %s: give --client-id and --client-secret (AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET) or --token (AUTH0_API_TOKEN)", host)
}

// unwrapURLError drops net/http's "Get \"url\": " wrapper, so that
// orgscope's own errors read as the sentences they are.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
