package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSnapshotFileRoundTrip(t *testing.T) {
	s := healthySnapshot()
	off := false
	s.Links["org_acme"] = append(s.Links["org_acme"],
		// Signup reported off, access level and org name set.
		OrganizationConnection{ConnectionID: "con_okta", IsSignupEnabled: &off, IsEnabled: true, OrganizationAccessLevel: AccessLimited,
			OrganizationConnectionName: "Acme SSO", Connection: ConnectionRef{Name: "globex-okta", Strategy: "okta"}},
		// A connection the snapshot's list lacks keeps its name and strategy.
		OrganizationConnection{ConnectionID: "con_gone", Connection: ConnectionRef{Name: "gone", Strategy: "samlp"}},
	)
	data, err := EncodeSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(s)
	got, _ := json.Marshal(back)
	if string(got) != string(want) || !reflect.DeepEqual(Audit(back, AuditConfig{}), Audit(s, AuditConfig{})) {
		t.Fatalf("round trip:\n got %s\nwant %s", got, want)
	}
	if strings.Contains(string(data), `"connection":{"name":"db"`) {
		t.Fatal("links on disk should not repeat their connection's name")
	}
}

func TestDecodeSnapshotSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		`{"tenant":`:           "not an orgscope snapshot: unexpected end of JSON input",
		`{"organizations":[]}`: "not an orgscope snapshot: it has no format version, tenant or links",
		`{"orgscope_snapshot":9,"tenant":"a","links":{}}`: "a snapshot of format 9, newer than this orgscope reads (1): update orgscope",
	} {
		if _, err := DecodeSnapshot([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}
