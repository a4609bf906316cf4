package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"sort"

	"github.com/orgscope/orgscope/model"
)

// object is a request body parsed one level deep, so that every property can
// be checked for presence, null and type the way Auth0's schema validator does.
type object map[string]json.RawMessage

func errBadJSON() *apiError {
	return &apiError{Status: http.StatusBadRequest, Message: "Invalid request payload JSON format", Code: "invalid_body"}
}

// parseObject parses a JSON object body and enforces additionalProperties:false
// and the required properties of its schema.
func parseObject(body []byte, allowed, required []string) (object, *apiError) {
	var o object
	if len(bytes.TrimSpace(body)) == 0 {
		o = object{}
	} else if err := json.Unmarshal(body, &o); err != nil {
		return nil, errBadJSON()
	} else if o == nil {
		return nil, invalidBody(model.WrongType("", "object", "null"))
	}
	return o, checkKeys(o, "", allowed, required)
}

func checkKeys(o object, parent string, allowed, required []string) *apiError {
	var unknown []string
	for k := range o {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return invalidBody(model.UnknownProperties(parent, unknown))
	}
	for _, k := range required {
		if _, ok := o[k]; !ok {
			return invalidBody(model.MissingProperty(parent, k))
		}
	}
	return nil
}

// jsonType names the JSON type of a raw value as the schema validator does.
func jsonType(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	if bytes.ContainsAny(raw, ".eE") {
		return "number"
	}
	return "integer"
}

func isNull(raw json.RawMessage) bool { return jsonType(raw) == "null" }

// field decodes property key of o into dst if present, checking its JSON type.
// It reports whether the property was present and not null.
func field[T any](o object, parent, key, want string, dst *T) (bool, *apiError) {
	raw, ok := o[key]
	if !ok || isNull(raw) {
		return false, nil
	}
	got := jsonType(raw)
	if got != want && !(want == "number" && got == "integer") {
		return false, invalidBody(model.WrongType(prop(parent, key), want, got))
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		// The type matched, so this is a nested type mismatch (e.g. a number
		// inside a string map).
		return false, invalidBody(nestedTypeError(prop(parent, key), err))
	}
	return true, nil
}

func nestedTypeError(property string, err error) *model.Violation {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		p := property
		if te.Field != "" {
			p = property + "." + te.Field
		}
		return model.WrongType(p, goToJSONType(te.Type.Kind().String()), te.Value)
	}
	return model.WrongType(property, "object", "unknown")
}

func goToJSONType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "map", "struct", "ptr":
		return "object"
	case "slice", "array":
		return "array"
	default:
		return "number"
	}
}

func prop(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// subObject parses a nested object property and checks its keys.
func subObject(o object, parent, key string, allowed, required []string) (object, bool, *apiError) {
	raw, ok := o[key]
	if !ok || isNull(raw) {
		return nil, false, nil
	}
	if t := jsonType(raw); t != "object" {
		return nil, false, invalidBody(model.WrongType(prop(parent, key), "object", t))
	}
	var sub object
	if err := json.Unmarshal(raw, &sub); err != nil {
		return nil, false, errBadJSON()
	}
	return sub, true, checkKeys(sub, prop(parent, key), allowed, required)
}

// stringMap decodes a string→string|null map; null values are dropped.
func stringMap(o object, key string) (map[string]string, bool, *apiError) {
	var m map[string]*string
	ok, err := field(o, "", key, "object", &m)
	if !ok || err != nil {
		return nil, ok, err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v != nil {
			out[k] = *v
		}
	}
	return out, true, nil
}
