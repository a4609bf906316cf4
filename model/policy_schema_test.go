package model

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// docs/policy.schema.json takes the keys the parser takes, no more, no
// fewer: editors check files as orgscope will.
func TestPolicySchemaMatchesTheParser(t *testing.T) {
	data, err := os.ReadFile("../docs/policy.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	keys := func(def string) []string {
		var out []string
		for k := range schema.Defs[def].Properties {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	for def, want := range map[string][]string{
		"policy":   PolicyKeys(),
		"selector": PolicySelectorKeys(),
		"link":     PolicyLinkKeys(),
		"bounds":   PolicyBoundsKeys(),
	} {
		if got := keys(def); !slices.Equal(got, sorted(want)) {
			t.Errorf("schema %s: %v, the parser: %v", def, got, sorted(want))
		}
	}
}
