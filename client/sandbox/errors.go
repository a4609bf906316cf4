package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/orgscope/orgscope/model"
)

// apiError is an error answered in Auth0's Management API envelope:
// {"statusCode","error","message"[,"errorCode"]}. Code is omitted where Auth0
// omits it (the organization and classic org-connection 404s).
type apiError struct {
	Status  int
	Message string
	Code    string
}

func (e *apiError) body() map[string]any {
	b := map[string]any{
		"statusCode": e.Status,
		"error":      http.StatusText(e.Status),
		"message":    e.Message,
	}
	if e.Code != "" {
		b["errorCode"] = e.Code
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if body != nil {
		_ = json.NewEncoder(w).Encode(body)
	}
}

func writeError(w http.ResponseWriter, e *apiError) { writeJSON(w, e.Status, e.body()) }

// invalidBody turns a model rule violation into Auth0's 400 invalid_body.
func invalidBody(v *model.Violation) *apiError {
	return &apiError{Status: http.StatusBadRequest, Message: v.APIMessage(), Code: "invalid_body"}
}

// invalidQuery reports a query string that fails validation.
func invalidQuery(property, message string) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Message: "Query validation error: '" + message + "' on property " + property + ".",
		Code:    "invalid_query_string",
	}
}

// Not-found texts, each exactly as Auth0 sends it (management-api.md §9).
func errOrgNotFound() *apiError {
	// Recorded without errorCode, also for unknown but well-formed ids.
	return &apiError{Status: http.StatusNotFound, Message: "No organization found by that id or name"}
}

func errClassicLinkNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "No connection found by that id"}
}

// The new org-connection family documents these texts, misspelling included.
func errNewOrgNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "The organization does not exists."}
}

func errNewLinkNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "The organization connection does not exists."}
}

func errConnectionNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "The connection does not exist", Code: "inexistent_connection"}
}

func errProfileNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: model.ProfileNotFoundMessage}
}

func errTemplateNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "Connection profile template not found."}
}

func errClientNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "The client does not exist", Code: "inexistent_client"}
}

func errGrantNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Message: "The client grant does not exist", Code: "inexistent_client_grant"}
}

func errConflict(message string) *apiError {
	return &apiError{Status: http.StatusConflict, Message: message}
}

func errInsufficientScope(scopes []string) *apiError {
	msg := "Insufficient scope, expected any of: "
	for i, s := range scopes {
		if i > 0 {
			msg += ", "
		}
		msg += s
	}
	return &apiError{Status: http.StatusForbidden, Message: msg, Code: "insufficient_scope"}
}
