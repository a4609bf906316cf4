package model

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Change is one difference between two snapshots.
type Change struct {
	Kind string `json:"kind"` // organization, link, connection, connection_profile, client
	// ID is the object's id (a link's: organization id/connection id).
	ID   string `json:"id"`
	Name string `json:"name"`
	// What is "added", "removed", or the fields that changed.
	What string `json:"what"`
}

// DiffSnapshots lists what changed from a to b: organizations, links and
// their settings, connections, profiles and the clients' My Organization
// settings, each kind in name order.
func DiffSnapshots(a, b *Snapshot) []Change {
	var out []Change
	out = append(out, diffKind(KindOrganization, index(a.Organizations, func(o Organization) (string, string) { return o.ID, o.Name }),
		index(b.Organizations, func(o Organization) (string, string) { return o.ID, o.Name }))...)
	links := func(s *Snapshot) map[string]named {
		names := map[string]string{}
		for _, o := range s.Organizations {
			names[o.ID] = o.Name
		}
		m := map[string]named{}
		for orgID, ls := range s.Links {
			for _, l := range ls {
				org := names[orgID]
				if org == "" {
					org = orgID
				}
				m[orgID+"/"+l.ConnectionID] = named{name: org + "/" + l.Connection.Name, v: l}
			}
		}
		return m
	}
	out = append(out, diffKind(KindLink, links(a), links(b))...)
	out = append(out, diffKind(KindConnection, index(a.Connections, func(c Connection) (string, string) { return c.ID, c.Name }),
		index(b.Connections, func(c Connection) (string, string) { return c.ID, c.Name }))...)
	out = append(out, diffKind(KindProfile, index(a.Profiles, func(p ConnectionProfile) (string, string) { return p.ID, p.Name }),
		index(b.Profiles, func(p ConnectionProfile) (string, string) { return p.ID, p.Name }))...)
	myOrg := func(s *Snapshot) map[string]named {
		m := map[string]named{}
		for _, c := range s.Clients {
			m[c.ClientID] = named{name: c.Name, v: myOrgState{c.MyOrganizationConfiguration, grantOf(s, c.ClientID)}}
		}
		return m
	}
	ma, mb := myOrg(a), myOrg(b)
	// A snapshot reads the grants of configured applications only: where
	// either side is not configured, or a side's token could not read
	// grants, the grant is unknown there, and only the configuration
	// compares.
	unread := a.GrantsUnread != "" || b.GrantsUnread != "" // read with a token that could not: unknown there
	for id, x := range ma {
		if y, ok := mb[id]; ok {
			xs, ys := x.v.(myOrgState), y.v.(myOrgState)
			if xs.Config == nil || ys.Config == nil || unread {
				xs.Grant, ys.Grant = nil, nil
				x.v, y.v = xs, ys
				ma[id], mb[id] = x, y
			}
		}
	}
	return append(out, diffKind(KindClient, ma, mb)...)
}

// myOrgState is what a diff compares of an application: its My
// Organization configuration and its grant to the My Organization API.
type myOrgState struct {
	Config *MyOrganizationConfiguration `json:"my_organization_configuration"`
	Grant  *ClientGrant                 `json:"my_organization_api_grant"`
}

func grantOf(s *Snapshot, clientID string) *ClientGrant {
	if g, ok := s.MyOrganizationGrants[clientID]; ok {
		return &g
	}
	return nil
}

type named struct {
	name string
	v    any
}

func index[T any](items []T, key func(T) (id, name string)) map[string]named {
	m := make(map[string]named, len(items))
	for _, it := range items {
		id, name := key(it)
		m[id] = named{name: name, v: it}
	}
	return m
}

// diffKind compares one kind of object by id, field by field of its JSON.
func diffKind(kind string, a, b map[string]named) []Change {
	var out []Change
	for id, x := range a {
		y, ok := b[id]
		if !ok {
			out = append(out, Change{Kind: kind, ID: id, Name: x.name, What: "removed"})
			continue
		}
		if fields := changedFields(x.v, y.v); len(fields) > 0 {
			out = append(out, Change{Kind: kind, ID: id, Name: y.name, What: strings.Join(fields, "; ")})
		}
	}
	for id, y := range b {
		if _, ok := a[id]; !ok {
			out = append(out, Change{Kind: kind, ID: id, Name: y.name, What: "added"})
		}
	}
	slices.SortFunc(out, func(p, q Change) int { return strings.Compare(p.Name, q.Name) })
	return out
}

// changedFields names the JSON fields that differ, with their values
// before and after: within objects on both sides, the field inside
// (options.client_secret), so that a change says what it was. Values go
// through the secret rule first: a secret shows as its fingerprint, and a
// snapshot read from a file (fingerprints) and one read from the tenant
// (secrets) compare equal where the secret is the same.
func changedFields(a, b any) []string {
	var out []string
	diffJSON("", secretFree(a), secretFree(b), &out)
	slices.Sort(out)
	return out
}

// secretFree is v's JSON as plain values, every secret a fingerprint.
func secretFree(v any) any {
	var plain any
	b, _ := json.Marshal(v)
	_ = json.Unmarshal(b, &plain)
	return withoutSecrets(plain)
}

func diffJSON(path string, a, b any, out *[]string) {
	ma, aObj := a.(map[string]any)
	mb, bObj := b.(map[string]any)
	if aObj && bObj {
		keys := map[string]bool{}
		for k := range ma {
			keys[k] = true
		}
		for k := range mb {
			keys[k] = true
		}
		for k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			diffJSON(sub, ma[k], mb[k], out)
		}
		return
	}
	va, vb := jsonText(a), jsonText(b)
	if va == vb || (none(va) && none(vb)) {
		return
	}
	*out = append(*out, fmt.Sprintf("%s %s → %s", path, orNone(va), orNone(vb)))
}

// jsonText is v as compact JSON ("" for nothing at all).
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// none reports a JSON value that says "nothing": absent, null, or an
// empty list or object. Auth0 answers one or another for the same empty
// field (a connection's enabled_clients is [] in a list and absent when
// read alone), so they are not a change.
func none(v string) bool { return v == "" || v == "null" || v == "[]" || v == "{}" }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
