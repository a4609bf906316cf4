package model

import (
	"encoding/json"
	"testing"
	"time"
)

// seedSnapshot is a small snapshot with something of every kind, for the
// fuzzers' seed corpus.
func seedSnapshot() *Snapshot {
	on := true
	s := NewSnapshot("acme.example", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	s.Checkpoint = &LogCheckpoint{Newest: "900", Before: "899"}
	s.Organizations = []Organization{{ID: "org_1", Name: "acme", DisplayName: "Acme", Metadata: map[string]string{"tier": "gold"}}}
	s.Connections = []Connection{{ID: "con_1", Name: "db", Strategy: "auth0", EnabledClients: []string{"app"}}}
	s.Links["org_1"] = []OrganizationConnection{{ConnectionID: "con_1", IsEnabled: true, AssignMembershipOnLogin: true, IsSignupEnabled: &on,
		Connection: ConnectionRef{Name: "db", Strategy: "auth0"}}}
	s.MyOrganizationAPI = "https://acme.example/my-org/"
	s.MyOrganizationGrants["app"] = ClientGrant{ID: "cgr_1", ClientID: "app", Scope: []string{"read:my_org:details"}}
	s.PrefixHistory["cp_1"] = []string{"{org_name}-"}
	return s
}

// A snapshot file, however damaged, is read or refused with an error:
// never a panic, and what is read can take changes and be written again.
func FuzzDecodeSnapshot(f *testing.F) {
	good, _ := EncodeSnapshot(seedSnapshot())
	empty, _ := EncodeSnapshot(NewSnapshot("t.example", time.Time{}))
	for _, seed := range [][]byte{good, empty, []byte(`{"orgscope_snapshot":1,"tenant":"t","links":{}}`),
		[]byte(`{"orgscope_snapshot":1,"tenant":"t","links":{"o":[{"c":"x","f":"msx"}]},"my_organization_grants":null}`), []byte(`null`)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSnapshot(data)
		if err != nil {
			return
		}
		s.MyOrganizationGrants["fuzz"] = ClientGrant{ID: "cgr_fuzz"}
		s.Links["org_fuzz"] = nil
		s.PrefixHistory["cp_fuzz"] = nil
		s.KeepPrefixHistory(s.Clone())
		again, err := EncodeSnapshot(s)
		if err != nil {
			t.Fatalf("a snapshot read cannot be written again: %v", err)
		}
		if _, err := DecodeSnapshot(again); err != nil {
			t.Fatalf("a snapshot written again cannot be read: %v", err)
		}
	})
}

// A crawl file, however damaged, is read or refused: never a panic, and
// what is read has its links' map.
func FuzzDecodeCrawl(f *testing.F) {
	s := seedSnapshot()
	start := EncodeCrawlStart(PartialCrawl{Tenant: s.Tenant, StartedAt: s.TakenAt, Checkpoint: s.Checkpoint})
	f.Add(append(append([]byte{}, start...), EncodeCrawlRead("org_1", s.Links["org_1"])...))
	f.Add(start)
	f.Add(append(append([]byte{}, start...), []byte(`{"org":"org_2","links":[{"c":"con`)...)) // torn
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeCrawl(data)
		if err != nil {
			return
		}
		p.Links["org_fuzz"] = nil
	})
}

// Every log event, however odd its details, is taken or ignored: never a
// panic (the refresh replays what the tenant log says, and the log holds
// what any client sent).
func FuzzTenantChanges(f *testing.F) {
	for _, ev := range []LogEvent{
		sapi("post", "/api/v2/organizations", map[string]any{"id": "org_new"}),
		sapi("patch", "/api/v2/organizations/org_c/connections/con_1", nil),
		sapi("post", "/api/v2/client-grants", map[string]any{"id": "cgr_1", "client_id": "app"}),
		sapi("delete", "/api/v2/client-grants/cgr_1", nil),
		sapi("patch", "/api/v2/clients/app", map[string]any{"my_organization_configuration": nil}),
		sapi("delete", "/api/v2/connections/con_3", nil),
		{Type: "sapi", Details: map[string]any{"request": "not an object"}},
		{Type: "sapi"},
	} {
		data, _ := json.Marshal([]LogEvent{ev})
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []LogEvent
		if json.Unmarshal(data, &evs) != nil {
			return
		}
		tc := NewTenantChanges()
		for _, ev := range evs {
			tc.Add(ev)
		}
	})
}
