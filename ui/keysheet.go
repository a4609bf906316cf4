package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// keySheetEntry is one place's keys: a screen, a kind of screen, or
// everywhere.
type keySheetEntry struct {
	where string
	keys  []key.Binding
}

// keySheet lists the keys of every place, made by the functions each screen
// takes its own keys from: the README's key table is written from it
// (TestREADMEKeyTable fails when the two differ), so the README cannot
// promise a key the screens do not have.
func keySheet(k keys.Map) []keySheetEntry {
	return []keySheetEntry{
		{"everywhere", []key.Binding{k.Help, k.Palette, k.Refresh, k.Back, k.Quit, k.ForceQuit}},
		{"lists", keys.Of(table.NewKeys(k))},
		{"Organizations", keys.Of(newOrgListKeys(k))},
		{"Organization", keys.Of(newOrgDetailKeys(k))},
		{"Connections", keys.Of(newConnListKeys(k))},
		{"Connection", keys.Of(newConnDetailKeys(k))},
		{"Connection's applications", keys.Of(newConnAppsKeys(k))},
		{"Connection Profiles", keys.Of(newProfileListKeys(k))},
		{"Connection Profile", keys.Of(newProfileDetailKeys(k))},
		{"Templates", keys.Of(newTemplatesKeys(k))},
		{"Applications", keys.Of(newClientListKeys(k))},
		{"Application", keys.Of(newClientDetailKeys(k))},
		{"Trace a login", keys.Of(newTraceKeys(k))},
		{"What its admins can do", keys.Of(newDelegationKeys(k))},
		{"Audit", keys.Of(newAuditKeys(k))},
		{"Matrix", keys.Of(newMatrixKeys(k))},
		{"Delegation", keys.Of(newDelegationMatrixKeys(k))},
		{"Policies", keys.Of(newPolicyKeys(k))},
		{"Changes", keys.Of(newChangesKeys(k))},
		{"Bulk change", keys.Of(newBulkKeys(k))},
		{"Batches", keys.Of(newBatchesKeys(k))},
		{"Tenants", keys.Of(newTenantsKeys(k))},
		{"Requests", keys.Of(newRequestsKeys(k))},
		{"plans of a change", []key.Binding{k.Send, k.CopyCurl, keys.As(k.Move, "scroll"), keys.As(k.Back, "back to the form")}},
		{"change forms", []key.Binding{keys.As(k.Back, "leave (asks first when changed)"), k.Discard}},
		{"profile form", keys.Of(newSimulatorKeys(k))},
		{"My Organization form", keys.Of(newMyOrgFormKeys(k))},
		{"API access form", keys.Of(newGrantFormKeys(k))},
		{"confirmations", keys.Of(newConfirmKeys(k))},
	}
}

// keyTable renders the sheet as the README's Markdown table.
func keyTable(sheet []keySheetEntry) string {
	var b strings.Builder
	b.WriteString("| where | keys |\n|---|---|\n")
	for _, e := range sheet {
		cells := make([]string, len(e.keys))
		for i, k := range e.keys {
			cells[i] = keyCell(k)
		}
		b.WriteString("| " + e.where + " | " + strings.Join(cells, " · ") + " |\n")
	}
	return b.String()
}

// keyCell is one binding as the README shows it: every key it answers to,
// then what it does.
func keyCell(k key.Binding) string {
	ks := k.Keys()
	quoted := make([]string, len(ks))
	for i, s := range ks {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, "/") + " " + k.Help().Desc
}
