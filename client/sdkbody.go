package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// sdkRequest turns the body orgscope means to send into the SDK's request
// type, and returns the body the SDK will send. It refuses when the SDK
// would drop or change anything: a change is never sent half.
func sdkRequest[R any](intended map[string]any) (*R, json.RawMessage, error) {
	want, err := json.Marshal(intended)
	if err != nil {
		return nil, nil, err
	}
	req := new(R)
	if err := json.Unmarshal(want, req); err != nil {
		return nil, nil, fmt.Errorf("the request cannot be built: %w", err)
	}
	// The SDK omits unset properties; an explicit null (removing a value)
	// must go through its setter.
	for k, v := range intended {
		if v != nil {
			continue
		}
		if m := reflect.ValueOf(req).MethodByName("Set" + goName(k)); m.IsValid() && m.Type().NumIn() == 1 {
			m.Call([]reflect.Value{reflect.Zero(m.Type().In(0))})
		}
	}
	sent, err := json.Marshal(req)
	if err != nil {
		return nil, nil, err
	}
	if !sameJSON(want, sent) {
		return nil, nil, fmt.Errorf("Auth0's SDK would send %s instead of %s, so nothing was sent", sent, want)
	}
	return req, sent, nil
}

func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// goName turns a JSON property into the SDK's Go field name
// (my_organization_configuration → MyOrganizationConfiguration, client_id → ClientID).
func goName(prop string) string {
	var b strings.Builder
	for _, part := range strings.Split(prop, "_") {
		if part == "id" {
			b.WriteString("ID")
			continue
		}
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// fieldsOf returns a model value's JSON properties that have a value,
// without the read-only ones.
func fieldsOf(v any, readOnly ...string) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range readOnly {
		delete(m, k)
	}
	for k, x := range m {
		if x == nil {
			delete(m, k)
		}
	}
	return m
}

// changed returns the properties of after that differ from before; a
// property after lacks is sent as null.
func changed(before, after map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range after {
		if !reflect.DeepEqual(before[k], v) {
			out[k] = v
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out[k] = nil
		}
	}
	return out
}
