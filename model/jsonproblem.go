package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// JSONProblem says what is wrong with a JSON document in words a person
// reads, where encoding/json's errors name the Go types it decodes into
// ("cannot unmarshal array into Go value of type model.snapshotFile").
func JSONProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syn) && syn.Offset > 0 && syn.Error() == "unexpected end of JSON input"):
		return "the JSON ends early (a file cut short?)"
	case errors.As(err, &syn):
		return fmt.Sprintf("it is not JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		where := "the document"
		if typ.Field != "" {
			where = typ.Field
		}
		return fmt.Sprintf("%s is %s where %s belongs", where, anA(typ.Value), jsonKind(typ.Type))
	}
	return err.Error()
}

// jsonKind is the JSON a Go type is read from, in words.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// anA puts "a" or "an" before a JSON value's kind as json names it
// ("array", "object", "string", "number", "bool", "number -1").
func anA(kind string) string {
	switch kind {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	}
	if len(kind) > 0 && (kind[0] == 'a' || kind[0] == 'o') {
		return "an " + kind
	}
	return "a " + kind
}
