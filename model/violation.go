package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Violation is one broken Auth0 rule: the property it concerns and Auth0's
// words for what is wrong.
//
// Auth0 reports two kinds of rule. Schema rules (lengths, patterns, enums,
// required and unknown properties) come back as "Payload validation error:
// '<message>' on property <property>."; business rules (the signup rule, the
// limit of enabled connections) come back as the bare message. Message holds
// the part a form shows next to its field; APIMessage is what Auth0 sends.
type Violation struct {
	Property string
	Message  string
	Schema   bool
}

// Error returns the message as Auth0 sends it.
func (v *Violation) Error() string { return v.APIMessage() }

// APIMessage returns the message as it appears in Auth0's error body.
func (v *Violation) APIMessage() string {
	if !v.Schema {
		return v.Message
	}
	if v.Property == "" {
		return fmt.Sprintf("Payload validation error: '%s'.", v.Message)
	}
	return fmt.Sprintf("Payload validation error: '%s' on property %s.", v.Message, v.Property)
}

// schemaViolation builds a Violation of a schema rule.
func schemaViolation(property, format string, args ...any) *Violation {
	return &Violation{Property: property, Message: fmt.Sprintf(format, args...), Schema: true}
}

// The schema messages below follow the wording of the JSON-schema validator
// behind the Management API ("String is too long (51 chars), maximum 50").

// CheckLength checks a string's length in characters against [min, max].
func CheckLength(property, value string, min, max int) *Violation {
	n := utf8.RuneCountInString(value)
	if n < min {
		return schemaViolation(property, "String is too short (%d chars), minimum %d", n, min)
	}
	if max > 0 && n > max {
		return schemaViolation(property, "String is too long (%d chars), maximum %d", n, max)
	}
	return nil
}

// CheckEnum checks that value is one of allowed.
func CheckEnum[T ~string](property string, value T, allowed []T) *Violation {
	for _, a := range allowed {
		if a == value {
			return nil
		}
	}
	return schemaViolation(property, "No enum match for: %q", string(value))
}

// MissingProperty reports a required property that was not sent.
func MissingProperty(parent, name string) *Violation {
	return schemaViolation(parent, "Missing required property: %s", name)
}

// UnknownProperties reports properties a schema does not allow.
func UnknownProperties(parent string, names []string) *Violation {
	return schemaViolation(parent, "Additional properties not allowed: %s", strings.Join(names, ","))
}

// WrongType reports a value of the wrong JSON type.
func WrongType(property, want, got string) *Violation {
	return schemaViolation(property, "Expected type %s but found type %s", want, got)
}

// TooManyProperties reports an object with more keys than allowed.
func TooManyProperties(property string, n, max int) *Violation {
	return schemaViolation(property, "Too many properties defined (%d), must be at most %d", n, max)
}

// ArrayTooLong reports an array with more items than allowed.
func ArrayTooLong(property string, n, max int) *Violation {
	return schemaViolation(property, "Array is too long (%d), maximum %d", n, max)
}

// NotUnique reports an array that holds the same item at two indexes
// (the schema's uniqueItems, in the validator's words).
func NotUnique(property string, first, second int) *Violation {
	return schemaViolation(property, "Array items are not unique (indexes %d and %d)", first, second)
}

// BadFormat reports a string that fails a named format.
func BadFormat(property, format, value string) *Violation {
	return schemaViolation(property, "Object didn't pass validation for format %s: %s", format, value)
}

// BadPattern reports a string that fails a pattern.
func BadPattern(property, pattern, value string) *Violation {
	return schemaViolation(property, "String does not match pattern %s: %s", pattern, value)
}

// join returns a property path below parent.
func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// TooFewProperties reports an object with fewer keys than required.
func TooFewProperties(property string, n, min int) *Violation {
	return schemaViolation(property, "Too few properties defined (%d), must be at least %d", n, min)
}
