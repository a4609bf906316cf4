package model

import "time"

// Snapshot is a whole tenant as one crawl read it: what the audit, the
// matrix and Used by work from, kept per tenant and refreshed from the
// tenant logs.
type Snapshot struct {
	Tenant  string    `json:"tenant"` // the tenant's domain
	TakenAt time.Time `json:"taken_at"`
	// RefreshedAt is when the snapshot was last brought up to date from
	// the tenant logs (zero: never since the crawl).
	RefreshedAt time.Time `json:"refreshed_at,omitzero"`
	// Checkpoint places the snapshot in the tenant log: a refresh reads
	// the events after it. nil when the token could not read the logs.
	Checkpoint    *LogCheckpoint                      `json:"checkpoint,omitempty"`
	Organizations []Organization                      `json:"organizations"`
	Links         map[string][]OrganizationConnection `json:"links"` // by organization id
	Connections   []Connection                        `json:"connections"`
	Profiles      []ConnectionProfile                 `json:"connection_profiles"`
	Clients       []Client                            `json:"clients"`
	// MyOrganizationGrants are the client grants on the My Organization
	// API, by client id; MyOrganizationAPI is that API's identifier ("" when
	// the tenant does not have it).
	MyOrganizationAPI    string                 `json:"my_organization_api,omitempty"`
	MyOrganizationGrants map[string]ClientGrant `json:"my_organization_grants,omitempty"`
}

// LogCheckpoint is a place in the tenant log (management-api.md §12).
type LogCheckpoint struct {
	// Newest is the id of the newest event the snapshot includes ("" when
	// the log was empty).
	Newest string `json:"newest,omitempty"`
	// Before is the id of an event older than Newest ("0": the start of
	// the log). A refresh reads from it, so that finding Newest again
	// proves the log still holds every event since: logs age out oldest
	// first.
	Before string `json:"before,omitempty"`
}

// AsOf is when the snapshot was last read or refreshed.
func (s *Snapshot) AsOf() time.Time {
	if s.RefreshedAt.After(s.TakenAt) {
		return s.RefreshedAt
	}
	return s.TakenAt
}

// ConnectionsByID indexes the snapshot's connections.
func (s *Snapshot) ConnectionsByID() map[string]Connection {
	out := make(map[string]Connection, len(s.Connections))
	for _, c := range s.Connections {
		out[c.ID] = c
	}
	return out
}

// ProfilesByID indexes the snapshot's connection profiles.
func (s *Snapshot) ProfilesByID() map[string]ConnectionProfile {
	out := make(map[string]ConnectionProfile, len(s.Profiles))
	for _, p := range s.Profiles {
		out[p.ID] = p
	}
	return out
}

// OrgsUsing returns, by connection id, the organizations that have a link
// to it (switched off or not).
func (s *Snapshot) OrgsUsing() map[string][]string {
	out := map[string][]string{}
	for _, o := range s.Organizations {
		for _, l := range s.Links[o.ID] {
			out[l.ConnectionID] = append(out[l.ConnectionID], o.ID)
		}
	}
	return out
}

// Clone copies the snapshot deep enough that replacing its objects, or an
// organization's links, leaves the original as it was.
func (s *Snapshot) Clone() *Snapshot {
	out := *s
	out.Organizations = append([]Organization(nil), s.Organizations...)
	out.Connections = append([]Connection(nil), s.Connections...)
	out.Profiles = append([]ConnectionProfile(nil), s.Profiles...)
	out.Clients = append([]Client(nil), s.Clients...)
	out.Links = make(map[string][]OrganizationConnection, len(s.Links))
	for k, v := range s.Links {
		out.Links[k] = v
	}
	if s.MyOrganizationGrants != nil {
		out.MyOrganizationGrants = make(map[string]ClientGrant, len(s.MyOrganizationGrants))
		for k, v := range s.MyOrganizationGrants {
			out.MyOrganizationGrants[k] = v
		}
	}
	if s.Checkpoint != nil {
		cp := *s.Checkpoint
		out.Checkpoint = &cp
	}
	return &out
}
