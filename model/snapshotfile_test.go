package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSnapshotFileRoundTrip(t *testing.T) {
	s := healthySnapshot()
	off := false
	s.Links["org_acme"] = append(s.Links["org_acme"],
		// Signup reported off, access level and org name set.
		OrganizationConnection{ConnectionID: "con_okta", IsSignupEnabled: &off, IsEnabled: true, OrganizationAccessLevel: AccessLimited,
			OrganizationConnectionName: "Acme SSO", OrganizationMemberAccessLevel: AccessReadonly, Connection: ConnectionRef{Name: "globex-okta", Strategy: "okta"}},
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

// A snapshot written before organization_member_access_level existed
// loads with the level unset, and is written back without one.
func TestSnapshotFromBeforeMemberAccessLoads(t *testing.T) {
	old := `{"orgscope_snapshot":1,"tenant":"t","taken_at":"2026-11-01T00:00:00Z","organizations":[{"id":"org_1","name":"acme"}],` +
		`"connections":[{"id":"con_db","name":"db","strategy":"auth0"}],"links":{"org_1":[{"c":"con_db","f":"mbex","a":"none"}]}}`
	s, err := DecodeSnapshot([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	l := s.Links["org_1"][0]
	if l.OrganizationMemberAccessLevel != "" || l.OrganizationAccessLevel != AccessNone || !l.AssignMembershipOnLogin {
		t.Fatalf("link from an older file: %+v", l)
	}
	data, err := EncodeSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"ma"`) {
		t.Fatalf("an unset member access level was written: %s", data)
	}
}

func TestDecodeSnapshotSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		`{"tenant":`:           "not an orgscope snapshot: the JSON ends early (a file cut short?)",
		`{"organizations":[]}`: "not an orgscope snapshot: it has no format version, tenant or links",
		`{"orgscope_snapshot":9,"tenant":"a","links":{}}`: "a snapshot of format 9, newer than this orgscope reads (1): update orgscope",
	} {
		if _, err := DecodeSnapshot([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}

// Every way a snapshot comes in gives one that can take changes: a file
// written while the tenant had no grants, profiles' history or links (its
// empty maps left out), a clone of a bare snapshot, a new one.
func TestSnapshotsComeInUsable(t *testing.T) {
	bare := &Snapshot{Tenant: "t.example", MyOrganizationGrants: map[string]ClientGrant{}, Links: map[string][]OrganizationConnection{}}
	data, err := EncodeSnapshot(bare)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := DecodeSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Snapshot{
		"decoded": decoded, "cloned": (&Snapshot{Tenant: "t"}).Clone(), "new": NewSnapshot("t", time.Now()),
	} {
		s.MyOrganizationGrants["app"] = ClientGrant{ID: "cgr_1"} // panicked on a nil map
		s.Links["org_1"] = nil
		s.PrefixHistory["cp_1"] = []string{"{org_name}-"}
		if len(s.MyOrganizationGrants) != 1 {
			t.Errorf("%s: the grant was not kept", name)
		}
	}
}

// Absent, null, [] and {} all say "none": not a change between two
// snapshots (Auth0 answers one or another for the same empty field).
func TestDiffTakesEmptyAsNone(t *testing.T) {
	a := &Snapshot{Tenant: "t", Connections: []Connection{{ID: "con_1", Name: "db", EnabledClients: nil}}}
	b := &Snapshot{Tenant: "t", Connections: []Connection{{ID: "con_1", Name: "db", EnabledClients: []string{}}}}
	if d := DiffSnapshots(a, b); len(d) != 0 {
		t.Fatalf("null and [] reported as a change: %+v", d)
	}
	b.Connections[0].EnabledClients = []string{"app"}
	if d := DiffSnapshots(a, b); len(d) != 1 {
		t.Fatalf("a real change of enabled clients not reported: %+v", d)
	}
}
