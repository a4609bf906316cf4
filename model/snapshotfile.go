package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// SnapshotFormat is the version of the snapshot file format.
const SnapshotFormat = 1

// snapshotFile is a snapshot as written to disk. Links, by far the most
// numerous objects (500,000 at 100,000 orgs), are kept short: the flags
// in one string and the connection's name and strategy left to the
// connections list, which cuts the file to a third and its loading time
// with it.
type snapshotFile struct {
	Format int `json:"orgscope_snapshot"`
	Snapshot
	Links map[string][]fileLink `json:"links"`
}

// fileLink is one link on disk. F holds its flags: m membership on login,
// b shown as a button, e enabled, s signup on, x signup off (no letter:
// signup not reported, as on the classic routes).
type fileLink struct {
	C  string `json:"c"`
	F  string `json:"f,omitempty"`
	A  string `json:"a,omitempty"`
	N  string `json:"n,omitempty"`
	MA string `json:"ma,omitempty"` // organization_member_access_level (newer: older files lack it)
	CN string `json:"cn,omitempty"` // name and strategy, only for a connection
	CS string `json:"cs,omitempty"` // missing from the snapshot's list
}

// EncodeSnapshot writes a snapshot in the file format.
func EncodeSnapshot(s *Snapshot) ([]byte, error) {
	conns := s.ConnectionsByID()
	f := snapshotFile{Format: SnapshotFormat, Snapshot: *s, Links: make(map[string][]fileLink, len(s.Links))}
	f.Snapshot.Links = nil
	// A file keeps no secret: each becomes its fingerprint (a diff still
	// sees it change), whatever the file is for (kept, exported, in CI).
	f.Snapshot.Connections = make([]Connection, len(s.Connections))
	for i, c := range s.Connections {
		c.Options = WithoutSecrets(c.Options)
		f.Snapshot.Connections[i] = c
	}
	for org, ls := range s.Links {
		out := make([]fileLink, len(ls))
		for i, l := range ls {
			out[i] = toFileLink(l, conns)
		}
		f.Links[org] = out
	}
	b, err := json.Marshal(f)
	return EscapeJSONControls(b), err
}

// DecodeSnapshot reads a snapshot file, saying what is wrong with one it
// cannot read.
func DecodeSnapshot(data []byte) (*Snapshot, error) {
	var f snapshotFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not an orgscope snapshot: %s", JSONProblem(err))
	}
	switch {
	case f.Format == 0 || f.Tenant == "" || f.Links == nil:
		return nil, errors.New("not an orgscope snapshot: it has no format version, tenant or links")
	case f.Format > SnapshotFormat:
		return nil, fmt.Errorf("a snapshot of format %d, newer than this orgscope reads (%d): update orgscope", f.Format, SnapshotFormat)
	}
	s := f.Snapshot
	conns := s.ConnectionsByID()
	s.Links = make(map[string][]OrganizationConnection, len(f.Links))
	for org, ls := range f.Links {
		out := make([]OrganizationConnection, len(ls))
		for i, l := range ls {
			out[i] = fromFileLink(l, conns)
		}
		s.Links[org] = out
	}
	return s.usable(), nil
}

// toFileLink shortens a link for a file; its connection's name and
// strategy are left out when conns has them.
func toFileLink(l OrganizationConnection, conns map[string]Connection) fileLink {
	var flags strings.Builder
	for _, fl := range []struct {
		on   bool
		code byte
	}{{l.AssignMembershipOnLogin, 'm'}, {l.ShowAsButton, 'b'}, {l.IsEnabled, 'e'},
		{l.IsSignupEnabled != nil && *l.IsSignupEnabled, 's'}, {l.IsSignupEnabled != nil && !*l.IsSignupEnabled, 'x'}} {
		if fl.on {
			flags.WriteByte(fl.code)
		}
	}
	out := fileLink{C: l.ConnectionID, F: flags.String(), A: string(l.OrganizationAccessLevel), N: l.OrganizationConnectionName,
		MA: string(l.OrganizationMemberAccessLevel)}
	if c, ok := conns[l.ConnectionID]; !ok || c.Name != l.Connection.Name || c.Strategy != l.Connection.Strategy {
		out.CN, out.CS = l.Connection.Name, l.Connection.Strategy
	}
	return out
}

func fromFileLink(l fileLink, conns map[string]Connection) OrganizationConnection {
	ref := ConnectionRef{Name: l.CN, Strategy: l.CS}
	if c, ok := conns[l.C]; ok && l.CN == "" {
		ref = ConnectionRef{Name: c.Name, Strategy: c.Strategy}
	}
	link := OrganizationConnection{ConnectionID: l.C, AssignMembershipOnLogin: strings.IndexByte(l.F, 'm') >= 0,
		ShowAsButton: strings.IndexByte(l.F, 'b') >= 0, IsEnabled: strings.IndexByte(l.F, 'e') >= 0,
		OrganizationAccessLevel: AccessLevel(l.A), OrganizationConnectionName: l.N,
		OrganizationMemberAccessLevel: AccessLevel(l.MA), Connection: ref}
	if on, off := strings.IndexByte(l.F, 's') >= 0, strings.IndexByte(l.F, 'x') >= 0; on || off {
		link.IsSignupEnabled = &on
	}
	return link
}
