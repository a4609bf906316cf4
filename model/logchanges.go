package model

import (
	"net/url"
	"strings"
)

// TenantChanges is what a run of tenant log events changed among the
// objects a snapshot holds, read from the sapi events' request paths
// (management-api.md §12): what a refresh must read again, and no more.
type TenantChanges struct {
	// Writes counts the successful API writes among the events.
	Writes        int
	Organizations Touched
	// Links are the organizations whose connection links changed.
	Links       map[string]bool
	Connections Touched
	Profiles    Touched
	Clients     Touched
	// GrantClients are the clients whose client grants changed;
	// GrantIDs the grants changed by id (the route names no client).
	GrantClients map[string]bool
	GrantIDs     map[string]bool
	// AllGrants is set when a resource server changed: the My
	// Organization API itself may have come or gone.
	AllGrants bool
	// Prompts is set when the prompt settings changed (identifier-first).
	Prompts bool
}

// Touched is what changed among the objects of one kind.
type Touched struct {
	Changed map[string]bool // created or updated: read again
	Deleted map[string]bool // gone: dropped without a read
	// Unlisted is set when an object was created but its event did not
	// give its id: the whole list must be read again.
	Unlisted bool
}

// Change records that id was created or updated ("" : created, id unknown).
func (t *Touched) Change(id string) {
	if id == "" {
		t.Unlisted = true
		return
	}
	if t.Changed == nil {
		t.Changed = map[string]bool{}
	}
	t.Changed[id] = true
}

// Remove records that id is gone.
func (t *Touched) Remove(id string) {
	if t.Deleted == nil {
		t.Deleted = map[string]bool{}
	}
	t.Deleted[id] = true
}

// Any reports whether anything of this kind changed.
func (t Touched) Any() bool { return t.Unlisted || len(t.Changed) > 0 || len(t.Deleted) > 0 }

// NewTenantChanges returns an empty set of changes.
func NewTenantChanges() *TenantChanges {
	return &TenantChanges{Links: map[string]bool{}, GrantClients: map[string]bool{}, GrantIDs: map[string]bool{}}
}

// Add records one log event. Events other than successful API writes
// (logins, failed calls) change nothing a snapshot holds.
func (tc *TenantChanges) Add(ev LogEvent) {
	if ev.Type != "sapi" {
		return
	}
	req, _ := ev.Details["request"].(map[string]any)
	method, _ := req["method"].(string)
	path, _ := req["path"].(string)
	method = strings.ToLower(method)
	if method == "get" || method == "" {
		return
	}
	tc.Writes++
	var body map[string]any
	if res, ok := ev.Details["response"].(map[string]any); ok {
		body, _ = res["body"].(map[string]any)
	}
	created := func(field string) string {
		id, _ := body[field].(string)
		return id
	}
	seg := pathSegments(path)
	if len(seg) == 0 {
		return
	}
	deleted := method == "delete"
	// touch records a change to the object named by the route's second
	// segment, or a creation on the collection itself.
	touch := func(t *Touched, idField string) {
		switch {
		case len(seg) == 1 && method == "post":
			t.Change(created(idField))
		case len(seg) == 2 && deleted:
			t.Remove(seg[1])
		case len(seg) == 2:
			t.Change(seg[1])
		}
	}
	switch seg[0] {
	case "organizations":
		touch(&tc.Organizations, "id")
		if len(seg) == 1 && method == "post" {
			if id := created("id"); id != "" {
				tc.Links[id] = true
			}
		}
		if len(seg) >= 3 && (seg[2] == "enabled_connections" || seg[2] == "connections") {
			tc.Links[seg[1]] = true
		}
	case "connections":
		touch(&tc.Connections, "id")
		if len(seg) == 3 && seg[2] == "clients" {
			tc.Connections.Change(seg[1])
		}
	case "connection-profiles":
		touch(&tc.Profiles, "id")
	case "clients":
		touch(&tc.Clients, "client_id")
	case "client-grants":
		if len(seg) == 1 {
			if id := created("client_id"); id != "" {
				tc.GrantClients[id] = true
			} else {
				tc.AllGrants = true
			}
		} else {
			tc.GrantIDs[seg[1]] = true
		}
	case "resource-servers":
		tc.AllGrants = true
	case "prompts":
		tc.Prompts = true
	}
}

// pathSegments splits a Management API path after /api/v2/ into its
// unescaped segments.
func pathSegments(path string) []string {
	rest, ok := strings.CutPrefix(path, "/api/v2/")
	if !ok {
		return nil
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return parts
}
