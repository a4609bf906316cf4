package model

import "time"

// Snapshot is a whole tenant as one crawl read it: what the audit, the
// matrix and Used by work from, kept per tenant and refreshed from the
// tenant logs.
type Snapshot struct {
	Tenant  string    `json:"tenant"` // the tenant's domain
	TakenAt time.Time `json:"taken_at"`
	// Checkpoint is the id of the newest tenant log event the snapshot
	// includes: a refresh reads the logs after it.
	Checkpoint    string                              `json:"checkpoint,omitempty"`
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
