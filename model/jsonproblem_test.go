package model

import (
	"strings"
	"testing"
)

// A file that is not the JSON asked for is said without Go's type names.
func TestJSONProblemNamesNoGoType(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`[1,2]`, "the document is a list where an object belongs"},
		{`{"tenant": 5}`, "tenant is a number where a string belongs"},
		{`{"orgscope_snapshot": "x"}`, "orgscope_snapshot is a string where a number belongs"},
		{`{"tenant": "a",`, "the JSON ends early"},
		{`{x}`, "it is not JSON at byte 2"},
	} {
		_, err := DecodeSnapshot([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "model.") {
			t.Errorf("%s: %v, want %q", c.doc, err, c.want)
		}
	}
}
