package ui

import (
	"errors"
	"strings"

	"github.com/orgscope/orgscope/client"
)

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
