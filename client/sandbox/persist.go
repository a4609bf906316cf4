package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// stateVersion is the format of state files this sandbox reads and writes.
const stateVersion = 1

// stateFile is everything a sandbox tenant holds, as saved to --state.
type stateFile struct {
	Version     int                  `json:"version"`
	Orgs        []*orgRecord         `json:"organizations"`
	Conns       []*connRecord        `json:"connections"`
	ConnDeleted map[string]string    `json:"deleted_connections,omitempty"`
	Profiles    []*profileRecord     `json:"connection_profiles"`
	Clients     []*clientRecord      `json:"clients"`
	Grants      []*model.ClientGrant `json:"client_grants"`
	UAPs        []*uapRecord         `json:"user_attribute_profiles,omitempty"` // newer: older files lack it
	Prompts     *promptSettings      `json:"prompts,omitempty"`                 // newer: older files lack it
	Logs        []model.LogEvent     `json:"logs"`
	LogSeq      int64                `json:"log_seq"`
}

// initTenant loads the state file when there is one, else seeds the tenant
// (and saves it when a state file is set).
func (s *Server) initTenant() error {
	s.tenant = newTenant()
	s.tenant.retention = s.opts.LogRetention
	if p := s.opts.StateFile; p != "" {
		b, err := os.ReadFile(p)
		switch {
		case err == nil:
			if s.opts.Orgs > 0 || s.opts.Empty {
				s.opts.Logf("tenant loaded from %s: --orgs and an empty start apply only to a new state file", p)
			}
			return s.load(p, b)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("cannot read sandbox state file %s: %w", p, err)
		}
	}
	switch {
	case s.opts.FromSnapshot != nil:
		if err := seedSnapshot(s.tenant, s.domain, s.opts.FromSnapshot); err != nil {
			return err
		}
	case s.opts.Empty:
		seedAdmin(s.tenant, s.domain)
	default:
		seedDemo(s.tenant, s.domain, s.opts.Seed)
	}
	if s.opts.Orgs > 0 {
		generateOrgs(s.tenant, s.opts.Orgs, s.opts.Seed)
	}
	if s.opts.Hostile {
		seedHostile(s.tenant, s.domain)
	}
	if s.opts.StateFile != "" {
		if err := s.save(); err != nil {
			return err
		}
	}
	return nil
}

// load reads a state file; a file that does not parse is an error naming
// it, and the file is left as it is.
func (s *Server) load(path string, b []byte) error {
	var st stateFile
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("sandbox state file %s is corrupt (%v): fix or remove it; it was not changed", path, err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("sandbox state file %s has version %d, this orgscope reads version %d: remove it to start afresh", path, st.Version, stateVersion)
	}
	t := s.tenant
	for _, o := range st.Orgs {
		t.addOrg(o)
	}
	for _, c := range st.Conns {
		t.addConn(c)
	}
	for k, v := range st.ConnDeleted {
		t.connDeleted[k] = v
	}
	for _, p := range st.Profiles {
		t.addProfile(p)
	}
	for _, c := range st.Clients {
		t.addClient(c)
	}
	for _, g := range st.Grants {
		t.addGrant(g)
	}
	for _, u := range st.UAPs {
		t.addUAP(u)
	}
	if st.Prompts != nil {
		t.prompts = *st.Prompts
	}
	t.logs, t.logSeq = st.Logs, st.LogSeq
	// New objects must sort after the loaded ones in checkpoint order.
	for _, o := range t.orgOrder {
		t.lastNow = later(t.lastNow, o.Created)
	}
	for _, c := range t.connOrder {
		t.lastNow = later(t.lastNow, c.Created)
	}
	for _, p := range t.profileOrder {
		t.lastNow = later(t.lastNow, p.Created)
	}
	return nil
}

func (t *tenant) snapshot() stateFile {
	st := stateFile{Version: stateVersion, Orgs: t.orgOrder, Conns: t.connOrder, ConnDeleted: t.connDeleted,
		Profiles: t.profileOrder, UAPs: t.uaps, Prompts: &t.prompts, Logs: t.logs, LogSeq: t.logSeq}
	for _, id := range t.clientOrder {
		st.Clients = append(st.Clients, t.clients[id])
	}
	for _, id := range t.grantOrder {
		st.Grants = append(st.Grants, t.grants[id])
	}
	return st
}

// save writes the state atomically, readable by its owner only.
func (s *Server) save() error {
	path := s.opts.StateFile
	b, err := json.Marshal(s.tenant.snapshot())
	if err != nil {
		return fmt.Errorf("cannot encode sandbox state: %w", err)
	}
	// The state holds client secrets: owner-only, like any secret file.
	if err := config.WritePrivateFile(path, b); err != nil {
		return fmt.Errorf("cannot save sandbox state: %w", err)
	}
	return nil
}

// persist saves after a change when a state file is set.
func (s *Server) persist() {
	if s.opts.StateFile == "" {
		return
	}
	if err := s.save(); err != nil {
		s.opts.Logf("%v", err)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
