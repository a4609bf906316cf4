package client

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/orgscope/orgscope/model"
)

// FuzzBulkJournal: a batch's journal, however damaged, is read or refused
// with an error, never a panic; what is read can be counted, resumed and
// undone.
func FuzzBulkJournal(f *testing.F) {
	var journal bytes.Buffer
	enc := json.NewEncoder(&journal)
	_ = enc.Encode(bulkHeader{Format: BulkFormat, Tenant: "acme.example", Action: model.BulkAction{}, Created: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	on := true
	item := model.BulkItem{Org: model.Organization{ID: "org_1", Name: "acme"}, Outcome: model.OutcomeUpdate,
		Before: &model.OrganizationConnection{ConnectionID: "con_1", IsEnabled: true},
		After:  &model.OrganizationConnection{ConnectionID: "con_1", IsEnabled: true, IsSignupEnabled: &on}}
	_ = enc.Encode(bulkLine{Item: &item})
	_ = enc.Encode(bulkLine{Done: "org_1"})
	f.Add(journal.Bytes())
	f.Add(append(bytes.Clone(journal.Bytes()), []byte(`{"failed":"org_2","err`)...)) // torn
	f.Add([]byte(`{"orgscope_bulk":1,"tenant":"t"}` + "\n" + `{"failed":"org_9","error":"boom"}` + "\n"))
	f.Add([]byte{})
	path := filepath.Join(f.TempDir(), "batch.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		b, _, err := parseBulk(path, bytes.NewReader(data))
		if err != nil {
			return
		}
		b.Done["fuzz"] = true
		b.Failed["fuzz"] = "x"
		b.Counts()
		b.Remaining()
		b.UndoPlan()
	})
}
