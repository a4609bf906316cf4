package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/orgscope/orgscope/model"
)

func connPaging() pagingSpec {
	return pagingSpec{offset: true, checkpoint: true, perPageDefault: 100, perPageMax: 100, takeDefault: 50, takeMax: 100, offsetCap: 1000}
}

// connView is a connection as Auth0 answers it: options always there (an
// empty object when none were set, as the POST /connections reference's
// example answer shows), fields/include_fields applied — and
// is_domain_connection even when it was not asked for (recorded).
func connView(conn model.Connection, fields []string, include bool) any {
	b, _ := json.Marshal(conn)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if _, ok := m["options"]; !ok {
		m["options"] = map[string]any{}
	}
	if len(fields) == 0 {
		return m
	}
	for k := range m {
		if slices.Contains(fields, k) != include && k != "is_domain_connection" {
			delete(m, k)
		}
	}
	return m
}

func fieldsParam(c *call) ([]string, bool, *apiError) {
	var fields []string
	if f := c.query.Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	include := true
	if c.query.Has("include_fields") {
		var e *apiError
		if include, e = boolParam(c.query, "include_fields"); e != nil {
			return nil, false, e
		}
	}
	return fields, include, nil
}

func (s *Server) listConns(c *call) (int, any, *apiError) {
	pq, e := parsePaging(c.query, connPaging())
	if e != nil {
		return 0, nil, e
	}
	fields, include, e := fieldsParam(c)
	if e != nil {
		return 0, nil, e
	}
	strategies := c.query["strategy"]
	for _, st := range strategies {
		if v := model.CheckEnum("strategy", st, model.ListableStrategies()); v != nil {
			return 0, nil, invalidQuery("strategy", v.Message)
		}
	}
	name := c.query.Get("name")
	var matched []*connRecord
	for _, r := range s.tenant.connOrder {
		if (len(strategies) == 0 || slices.Contains(strategies, r.Conn.Strategy)) && (name == "" || r.Conn.Name == name) {
			matched = append(matched, r)
		}
	}
	views := func(rs []*connRecord) []any {
		out := make([]any, len(rs))
		for i, r := range rs {
			out[i] = connView(r.Conn, fields, include)
		}
		return out
	}
	if pq.checkpoint {
		body, e := checkpointPage(matched, func(r *connRecord) string { return r.key }, pq, "connections")
		if e != nil {
			return 0, nil, e
		}
		m := body.(map[string]any)
		m["connections"] = views(m["connections"].([]*connRecord))
		return http.StatusOK, m, nil
	}
	page := offsetPage(views(matched), pq, "connections", false, connPaging().offsetCap)
	return http.StatusOK, page, nil
}

func (s *Server) getConn(c *call) (int, any, *apiError) {
	r := s.tenant.conns[c.param("id")]
	if r == nil {
		return 0, nil, errConnectionNotFound()
	}
	fields, include, e := fieldsParam(c)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, connView(r.Conn, fields, include), nil
}

func connUpdatable() []string {
	return []string{"display_name", "options", "enabled_clients", "is_domain_connection", "show_as_button", "realms",
		"metadata", "authentication", "connected_accounts"}
}

// connFields applies the writable connection properties present in o.
func (s *Server) connFields(o object, conn *model.Connection) *apiError {
	var dn string
	if ok, e := field(o, "", "display_name", "string", &dn); e != nil {
		return e
	} else if ok {
		if v := model.ValidateConnectionDisplayName(dn); v != nil {
			return invalidBody(v)
		}
		conn.DisplayName = dn
	}
	// options are replaced as a whole, never merged.
	var opts map[string]any
	if ok, e := field(o, "", "options", "object", &opts); e != nil {
		return e
	} else if ok {
		if v := model.ValidateConnectionOptions(conn.Strategy, opts); v != nil {
			return invalidBody(v)
		}
		conn.Options = opts
	}
	var clients []string
	if ok, e := field(o, "", "enabled_clients", "array", &clients); e != nil {
		return e
	} else if ok {
		conn.EnabledClients = clients
	}
	if _, e := field(o, "", "is_domain_connection", "boolean", &conn.IsDomainConnection); e != nil {
		return e
	}
	var button bool
	if ok, e := field(o, "", "show_as_button", "boolean", &button); e != nil {
		return e
	} else if ok && model.IsEnterprise(conn.Strategy) {
		conn.ShowAsButton = &button
	}
	var realms []string
	if ok, e := field(o, "", "realms", "array", &realms); e != nil {
		return e
	} else if ok {
		// An empty list means the connection's name is its realm (the
		// POST /connections reference).
		if len(realms) == 0 {
			realms = []string{conn.Name}
		}
		if v := model.ValidateRealms(conn.Strategy, conn.Name, realms); v != nil {
			return invalidBody(v)
		}
		conn.Realms = realms
	}
	if md, ok, e := stringMap(o, "metadata"); e != nil {
		return e
	} else if ok {
		if v := model.ValidateConnectionMetadata(md); v != nil {
			return invalidBody(v)
		}
		conn.Metadata = md
		if len(md) == 0 {
			conn.Metadata = nil
		}
	}
	if a, ok, e := subObject(o, "", "authentication", []string{"active"}, []string{"active"}); e != nil {
		return e
	} else if ok {
		var auth model.Authentication
		if _, e := field(a, "authentication", "active", "boolean", &auth.Active); e != nil {
			return e
		}
		conn.Authentication = &auth
	}
	if ca, ok, e := subObject(o, "", "connected_accounts", []string{"active", "cross_app_access"}, []string{"active"}); e != nil {
		return e
	} else if ok {
		var acc model.ConnectedAccounts
		if _, e := field(ca, "connected_accounts", "active", "boolean", &acc.Active); e != nil {
			return e
		}
		var xaa bool
		if ok, e := field(ca, "connected_accounts", "cross_app_access", "boolean", &xaa); e != nil {
			return e
		} else if ok {
			acc.CrossAppAccess = &xaa
		}
		conn.ConnectedAccounts = &acc
	}
	return nil
}

func (s *Server) createConn(c *call) (int, any, *apiError) {
	o, e := parseObject(c.body, append(connUpdatable(), "name", "strategy"), []string{"name", "strategy"})
	if e != nil {
		return 0, nil, e
	}
	var conn model.Connection
	if _, e := field(o, "", "name", "string", &conn.Name); e != nil {
		return 0, nil, e
	}
	if v := model.ValidateConnectionName(conn.Name); v != nil {
		return 0, nil, invalidBody(v)
	}
	if _, e := field(o, "", "strategy", "string", &conn.Strategy); e != nil {
		return 0, nil, e
	}
	if v := model.ValidateStrategy(conn.Strategy); v != nil {
		return 0, nil, invalidBody(v)
	}
	if e := s.connFields(o, &conn); e != nil {
		return 0, nil, e
	}
	t := s.tenant
	if t.connByName(conn.Name) != nil {
		return 0, nil, errConflict("A connection with the same name already exists")
	}
	conn.ID = randomID("con_", 16)
	applyConnDefaults(&conn, "https://"+s.domain, randomID("", 8))
	t.addConn(&connRecord{Conn: conn, Created: t.now()})
	return http.StatusCreated, connView(conn, nil, true), nil
}

// applyConnDefaults fills what Auth0 fills on create (recorded responses):
// realms [name], enabled_clients [], show_as_button false on enterprise
// strategies only, both purposes, a provisioning ticket for the strategies
// that have one, and AD's default options.
func applyConnDefaults(conn *model.Connection, base, ticket string) {
	if conn.Realms == nil {
		conn.Realms = []string{conn.Name}
	}
	if conn.EnabledClients == nil {
		conn.EnabledClients = []string{}
	}
	if model.IsEnterprise(conn.Strategy) && conn.ShowAsButton == nil {
		off := false
		conn.ShowAsButton = &off
	}
	if conn.Options == nil {
		conn.Options = map[string]any{}
	}
	if conn.Strategy == model.StrategyDatabase {
		// Recorded (go-auth0 TestConnectionManager_Create, Auth0
		// connection): a database connection created with other options
		// gets these beside them.
		for k, v := range map[string]any{"mfa": map[string]any{"active": true, "return_enroll_settings": true},
			"passwordPolicy": "good", "strategy_version": 2, "brute_force_protection": true} {
			if _, ok := conn.Options[k]; !ok {
				conn.Options[k] = v
			}
		}
	}
	if conn.Strategy == "ad" {
		if _, ok := conn.Options["brute_force_protection"]; !ok {
			conn.Options["brute_force_protection"] = true
		}
		if _, ok := conn.Options["ips"]; !ok {
			conn.Options["ips"] = nil
		}
	}
	if conn.Authentication == nil {
		conn.Authentication = &model.Authentication{Active: true}
	}
	if conn.ConnectedAccounts == nil {
		conn.ConnectedAccounts = &model.ConnectedAccounts{Active: false}
	}
	if model.HasProvisioningTicket(conn.Strategy) {
		conn.ProvisioningTicketURL = base + "/p/" + conn.Strategy + "/" + ticket
	}
}

func (s *Server) patchConn(c *call) (int, any, *apiError) {
	t := s.tenant
	r := t.conns[c.param("id")]
	if r == nil {
		return 0, nil, errConnectionNotFound()
	}
	o, e := parseObject(c.body, connUpdatable(), nil)
	if e != nil {
		return 0, nil, e
	}
	if len(o) == 0 {
		return 0, nil, invalidBody(model.TooFewProperties("", 0, 1))
	}
	conn := r.Conn
	conn.EnabledClients = slices.Clone(conn.EnabledClients)
	if e := s.connFields(o, &conn); e != nil {
		return 0, nil, e
	}
	r.Conn = conn
	return http.StatusOK, connView(conn, nil, true), nil
}

func (s *Server) deleteConn(c *call) (int, any, *apiError) {
	t := s.tenant
	id := c.param("id")
	if at, ok := t.connDeleted[id]; ok {
		// Recorded: a repeated DELETE answers 202 with the same deleted_at.
		return http.StatusAccepted, map[string]string{"deleted_at": at}, nil
	}
	if t.conns[id] == nil {
		return 0, nil, errConnectionNotFound()
	}
	at := t.now().Format("2006-01-02T15:04:05.000Z")
	t.removeConn(id)
	t.connDeleted[id] = at
	return http.StatusAccepted, map[string]string{"deleted_at": at}, nil
}

type clientRef struct {
	ClientID string `json:"client_id"`
}

func (s *Server) listConnClients(c *call) (int, any, *apiError) {
	r := s.tenant.conns[c.param("id")]
	if r == nil {
		return 0, nil, errConnectionNotFound()
	}
	pq, e := parsePaging(c.query, pagingSpec{checkpoint: true, takeDefault: 50, takeMax: 1000})
	if e != nil {
		return 0, nil, e
	}
	ids := slices.Clone(r.Conn.EnabledClients)
	sort.Strings(ids)
	refs := make([]clientRef, len(ids))
	for i, id := range ids {
		refs[i] = clientRef{id}
	}
	body, e := checkpointPage(refs, func(c clientRef) string { return c.ClientID }, pq, "clients")
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, body, nil
}

// patchConnClients serves PATCH /connections/{id}/clients: a JSON array of
// {client_id, status} (1–50 items), answered 204.
func (s *Server) patchConnClients(c *call) (int, any, *apiError) {
	t := s.tenant
	r := t.conns[c.param("id")]
	if r == nil {
		return 0, nil, errConnectionNotFound()
	}
	if typ := jsonType(c.body); typ != "array" {
		return 0, nil, invalidBody(model.WrongType("", "array", typ))
	}
	var items []json.RawMessage
	if err := json.Unmarshal(c.body, &items); err != nil {
		return 0, nil, errBadJSON()
	}
	if len(items) == 0 {
		return 0, nil, invalidBody(&model.Violation{Schema: true, Message: "Array is too short (0), minimum 1"})
	}
	if len(items) > 50 {
		return 0, nil, invalidBody(model.ArrayTooLong("", len(items), 50))
	}
	enabled := slices.Clone(r.Conn.EnabledClients)
	for i, raw := range items {
		parent := "[" + itoa(i) + "]"
		var o object
		if typ := jsonType(raw); typ != "object" {
			return 0, nil, invalidBody(model.WrongType(parent, "object", typ))
		}
		_ = json.Unmarshal(raw, &o)
		if e := checkKeys(o, parent, []string{"client_id", "status"}, []string{"client_id", "status"}); e != nil {
			return 0, nil, e
		}
		var id string
		var on bool
		if _, e := field(o, parent, "client_id", "string", &id); e != nil {
			return 0, nil, e
		}
		if _, e := field(o, parent, "status", "boolean", &on); e != nil {
			return 0, nil, e
		}
		if t.clients[id] == nil {
			return 0, nil, errClientNotFound()
		}
		has := slices.Contains(enabled, id)
		switch {
		case on && !has:
			enabled = append(enabled, id)
		case !on && has:
			enabled = slices.DeleteFunc(enabled, func(s string) bool { return s == id })
		}
	}
	r.Conn.EnabledClients = enabled
	return http.StatusNoContent, nil, nil
}
