package ui

import (
	"errors"
	"strings"

	"github.com/orgscope/orgscope/client"
)

// describeChange words an error of a change for a form: no "press r",
// the form itself is the next step.
func describeChange(err error) string {
	if scopes, ok := client.IsInsufficientScope(err); ok && len(scopes) > 0 {
		return "The token lacks the scope " + strings.Join(scopes, " or ") +
			": grant it to orgscope's application (Applications › APIs › Auth0 Management API), then try again."
	}
	return err.Error()
}

// describe words an error for a screen's error state, with the next step.
func describe(err error) string {
	if err == nil {
		return ""
	}
	if scopes, ok := client.IsInsufficientScope(err); ok && len(scopes) > 0 {
		return "The token lacks the scope " + strings.Join(scopes, " or ") +
			": grant it to orgscope's application (Applications › APIs › Auth0 Management API › Machine to Machine Applications), then press r."
	}
	if errors.Is(err, client.ErrReadOnly) {
		return err.Error()
	}
	return err.Error() + " — press r to try again."
}
