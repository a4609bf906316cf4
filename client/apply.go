package client

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/orgscope/orgscope/model"
)

// ApplyExecuted puts into s what an executed plan changed on the tenant:
// the object Auth0 answered with, or its removal (a removal takes what
// hangs on it: an organization's links, a connection's links on every
// organization). It is the one path by which orgscope's own writes reach
// a snapshot at once, before the tenant log reports them. s must be the
// caller's own copy (Snapshot.Clone). It reports whether the plan changed
// something s holds; a failed plan changes nothing.
func ApplyExecuted(s *model.Snapshot, e ExecutedPlan) bool {
	if e.Err != nil || s == nil {
		return false
	}
	p := e.Plan
	if p.Before != nil || p.After != nil { // a link of p.Org
		return applyLink(s, p, e.Result)
	}
	seg := strings.Split(strings.TrimPrefix(p.Path, "/api/v2/"), "/")
	id := ""
	if len(seg) > 1 {
		id = seg[1]
	}
	switch seg[0] {
	case "organizations":
		if p.Method == http.MethodDelete {
			delete(s.Links, id)
			return removeFrom(&s.Organizations, func(o model.Organization) bool { return o.ID == id })
		}
		if o, ok := e.Result.(*model.Organization); ok {
			s.Organizations = upsert(s.Organizations, *o, func(x model.Organization) bool { return x.ID == o.ID })
			return true
		}
	case "connections":
		if len(seg) == 3 && seg[2] == "clients" {
			return applyConnectionClients(s, id, p.Body)
		}
		if p.Method == http.MethodDelete {
			for org, ls := range s.Links {
				if slices.ContainsFunc(ls, func(l model.OrganizationConnection) bool { return l.ConnectionID == id }) {
					s.Links[org] = slices.DeleteFunc(slices.Clone(ls), func(l model.OrganizationConnection) bool { return l.ConnectionID == id })
				}
			}
			return removeFrom(&s.Connections, func(c model.Connection) bool { return c.ID == id })
		}
		if c, ok := e.Result.(*model.Connection); ok {
			s.Connections = upsert(s.Connections, *c, func(x model.Connection) bool { return x.ID == c.ID })
			return true
		}
	case "connection-profiles":
		if p.Method == http.MethodDelete {
			return removeFrom(&s.Profiles, func(x model.ConnectionProfile) bool { return x.ID == id })
		}
		if pr, ok := e.Result.(*model.ConnectionProfile); ok {
			s.Profiles = upsert(s.Profiles, *pr, func(x model.ConnectionProfile) bool { return x.ID == pr.ID })
			return true
		}
	case "clients":
		if cl, ok := e.Result.(*model.Client); ok {
			s.Clients = upsert(s.Clients, *cl, func(x model.Client) bool { return x.ClientID == cl.ClientID })
			return true
		}
	case "client-grants":
		if p.Method == http.MethodDelete {
			for app, g := range s.MyOrganizationGrants {
				if g.ID == id {
					delete(s.MyOrganizationGrants, app)
					return true
				}
			}
			return false
		}
		if g, ok := e.Result.(*model.ClientGrant); ok && g.Audience == s.MyOrganizationAPI && s.MyOrganizationAPI != "" {
			s.MyOrganizationGrants[g.ClientID] = *g
			return true
		}
	}
	return false
}

// applyLink puts a link change into s: the link as Auth0 answered, or its
// removal.
func applyLink(s *model.Snapshot, p Plan, result any) bool {
	org := p.Org.ID
	if org == "" {
		return false
	}
	ls := slices.Clone(s.Links[org])
	if p.Method == http.MethodDelete {
		if p.Before == nil {
			return false
		}
		s.Links[org] = slices.DeleteFunc(ls, func(l model.OrganizationConnection) bool { return l.ConnectionID == p.Before.ConnectionID })
		return true
	}
	l, ok := result.(*model.OrganizationConnection)
	if !ok || l == nil {
		return false
	}
	s.Links[org] = upsert(ls, *l, func(x model.OrganizationConnection) bool { return x.ConnectionID == l.ConnectionID })
	return true
}

// applyConnectionClients applies a change of which applications may use a
// connection, as its request body says (Auth0 answers it with no body).
func applyConnectionClients(s *model.Snapshot, connID string, body []byte) bool {
	var items []struct {
		ClientID string `json:"client_id"`
		Status   bool   `json:"status"`
	}
	i := slices.IndexFunc(s.Connections, func(c model.Connection) bool { return c.ID == connID })
	if i < 0 || json.Unmarshal(body, &items) != nil {
		return false
	}
	conn := s.Connections[i]
	clients := slices.Clone(conn.EnabledClients)
	for _, it := range items {
		clients = slices.DeleteFunc(clients, func(id string) bool { return id == it.ClientID })
		if it.Status {
			clients = append(clients, it.ClientID)
		}
	}
	conn.EnabledClients = clients
	s.Connections = slices.Clone(s.Connections)
	s.Connections[i] = conn
	return true
}

// removeFrom deletes the items match keeps from *list (a new slice: the
// snapshot it came from may be shared), reporting whether any was.
func removeFrom[T any](list *[]T, match func(T) bool) bool {
	if !slices.ContainsFunc(*list, match) {
		return false
	}
	*list = slices.DeleteFunc(slices.Clone(*list), match)
	return true
}

// LinksTouched says what executed plans changed of the organizations: orgs
// when organizations came, went or changed; else the organizations whose
// links changed (all: a connection deleted off every one).
func LinksTouched(done []ExecutedPlan) (orgs bool, touched map[string]bool, all bool) {
	touched = map[string]bool{}
	for _, e := range done {
		p := e.Plan
		switch {
		case p.Before != nil || p.After != nil:
			touched[p.Org.ID] = true
		case strings.HasPrefix(p.Path, "/api/v2/organizations"):
			orgs = true
		case strings.HasPrefix(p.Path, "/api/v2/connections/") && p.Method == http.MethodDelete:
			all = true
		}
	}
	return orgs, touched, all
}
