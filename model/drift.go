package model

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Drift is what changed on the tenant since a snapshot, each change with
// who made it, from the tenant log: something Terraform and deploy-cli
// show as drift but never attribute.

// Actor is who made a change: the log event's application or user, where
// from, when, and whether it was orgscope.
type Actor struct {
	At         string `json:"at"`
	LogID      string `json:"log_id"`
	ClientID   string `json:"client_id,omitempty"`
	ClientName string `json:"client_name,omitempty"`
	UserID     string `json:"user_id,omitempty"`
	UserName   string `json:"user_name,omitempty"`
	IP         string `json:"ip,omitempty"`
	// Orgscope: the call came from the application orgscope uses.
	Orgscope bool `json:"orgscope"`
	// Journal is the bulk batch that made the change, when one did.
	Journal string `json:"journal,omitempty"`
}

// Says is the actor in words: "Acme Deployer (abc…) from 203.0.113.5 at
// 2026-11-30T07:00:00.000Z".
func (a Actor) Says() string {
	who := a.UserName
	if who == "" {
		who = a.UserID
	}
	if who == "" {
		who = OrDash(a.ClientName)
		if a.ClientID != "" {
			who += " (" + a.ClientID + ")"
		}
	}
	if a.Orgscope {
		who += ", orgscope"
		if a.Journal != "" {
			who += " batch " + a.Journal
		}
	}
	if a.IP != "" {
		who += " from " + a.IP
	}
	return who + " at " + a.At
}

// Drifted is one change and who made it (nil: the log does not say), with
// the other callers that changed the same object in the span.
type Drifted struct {
	Change
	By   *Actor  `json:"by"`
	Also []Actor `json:"also_by,omitempty"`
}

// EventTargets are the objects a write event changed, as "kind id" in the
// ids Change uses (a link: organization id/connection id). An event that
// names no object it changed (a creation whose answer holds no id) names
// its kind alone: "organization".
func EventTargets(ev LogEvent) []string {
	if ev.Type != "sapi" {
		return nil
	}
	req, _ := ev.Details["request"].(map[string]any)
	path, _ := req["path"].(string)
	if method := eventMethod(ev); method == "get" || method == "" {
		return nil
	}
	field := func(m map[string]any, k string) string {
		v, _ := m[k].(string)
		return v
	}
	var resBody, reqBody map[string]any
	if res, ok := ev.Details["response"].(map[string]any); ok {
		resBody, _ = res["body"].(map[string]any)
	}
	reqBody, _ = req["body"].(map[string]any)
	seg := pathSegments(path)
	if len(seg) == 0 {
		return nil
	}
	one := func(kind string, id string) []string {
		if id == "" {
			return []string{kind}
		}
		return []string{kind + " " + id}
	}
	switch seg[0] {
	case "organizations":
		switch {
		case len(seg) == 1:
			// A new organization's links come with it.
			targets := one(KindOrganization, field(resBody, "id"))
			if org := field(resBody, "id"); org != "" {
				links, _ := reqBody["enabled_connections"].([]any)
				for _, l := range links {
					if conn, _ := l.(map[string]any); field(conn, "connection_id") != "" {
						targets = append(targets, KindLink+" "+org+"/"+field(conn, "connection_id"))
					}
				}
			}
			return targets
		case len(seg) == 2:
			return one(KindOrganization, seg[1])
		case seg[2] == "connections" || seg[2] == "enabled_connections":
			conn := field(reqBody, "connection_id")
			if len(seg) >= 4 {
				conn = seg[3]
			}
			if conn == "" {
				return []string{KindLink}
			}
			return []string{KindLink + " " + seg[1] + "/" + conn}
		}
	case "connections":
		if len(seg) == 1 {
			return one(KindConnection, field(resBody, "id"))
		}
		return one(KindConnection, seg[1])
	case "connection-profiles":
		if len(seg) == 1 {
			return one(KindProfile, field(resBody, "id"))
		}
		return one(KindProfile, seg[1])
	case "clients":
		if len(seg) == 1 {
			return one(KindClient, field(resBody, "client_id"))
		}
		return one(KindClient, seg[1])
	case "client-grants":
		// A grant shows in the diff as its application's My Organization.
		client := field(reqBody, "client_id")
		if client == "" {
			client = field(resBody, "client_id")
		}
		return one(KindClient, client)
	}
	return nil
}

// eventMethod is a write event's HTTP method, in lower case ("" when the
// event is no API call).
func eventMethod(ev LogEvent) string {
	req, _ := ev.Details["request"].(map[string]any)
	method, _ := req["method"].(string)
	return strings.ToLower(method)
}

// Made reports whether a batch's item is what made a link change
// through the event ev, one of evs (every event on the link, newest
// first; now is the link, nil when none): ev's request is the item's kind
// (add: POST, update: PATCH, remove: DELETE), and of the events of that
// kind by that caller, ev is the nearest to when the item was done
// (doneAt; the batch's start for an older journal), and when ev is the
// newest, the link is as the item left it. A later change of the same
// kind, by hand or by another batch, is not the item's.
func (it BulkItem) Made(now *OrganizationConnection, ev LogEvent, evs []LogEvent, doneAt time.Time) bool {
	want := map[BulkOutcome]string{OutcomeAdd: "post", OutcomeUpdate: "patch", OutcomeRemove: "delete"}[it.Outcome]
	if want == "" || eventMethod(ev) != want {
		return false
	}
	// The newest event left the link as it is: the item's, only if the
	// link is as the item left it. (An older one, the add of a link
	// edited since, made the link without leaving it so.)
	if len(evs) > 0 && ev.LogID == evs[0].LogID && !sameLink(now, it.After) {
		return false
	}
	nearest, gap := "", time.Duration(math.MaxInt64)
	for _, e := range evs {
		at, err := time.Parse(time.RFC3339Nano, e.Date)
		if err != nil || eventMethod(e) != want || e.ClientID != ev.ClientID {
			continue
		}
		if d := at.Sub(doneAt).Abs(); d < gap {
			nearest, gap = e.LogID, d
		}
	}
	return nearest == ev.LogID
}

// LinkNow is the link of a link change's id (organization id/connection
// id) in s, nil when there is none.
func (s *Snapshot) LinkNow(id string) *OrganizationConnection {
	org, conn, ok := strings.Cut(id, "/")
	if !ok {
		return nil
	}
	return linkTo(s.Links[org], conn)
}

// Attribute names who made each change: the newest write event that
// changed its object (events in the log's order), and, in Also, the other
// callers whose events changed it in the span, newest first: a rename by
// one application and a metadata change by another are both named. A
// link that went with its organization or connection (deleted), or came
// with a new organization, is the work of that event. names gives the
// applications' names by id (sapi events carry none); own is the
// application orgscope calls with; journal names the batch, if any, that
// made a change through an event, given every event on the object (nil:
// none looked for).
func Attribute(changes []Change, events []LogEvent, names map[string]string, own string, journal func(Change, LogEvent, []LogEvent) string) []Drifted {
	on := map[string][]LogEvent{} // by target, newest first
	for i := len(events) - 1; i >= 0; i-- {
		for _, t := range EventTargets(events[i]) {
			on[t] = append(on[t], events[i])
		}
	}
	actor := func(ch Change, ev LogEvent, evs []LogEvent) *Actor {
		a := &Actor{At: ev.Date, LogID: ev.LogID, ClientID: ev.ClientID, ClientName: ev.ClientName, UserID: ev.UserID,
			UserName: ev.UserName, IP: ev.IP, Orgscope: own != "" && ev.ClientID == own}
		if a.ClientName == "" {
			a.ClientName = names[ev.ClientID]
		}
		if a.Orgscope && journal != nil {
			a.Journal = journal(ch, ev, evs)
		}
		return a
	}
	out := make([]Drifted, 0, len(changes))
	for _, ch := range changes {
		d := Drifted{Change: ch}
		evs := on[ch.Kind+" "+ch.ID]
		if len(evs) == 0 {
			evs = on[ch.Kind] // a creation whose event gave no id
		}
		if len(evs) == 0 && ch.Kind == KindLink && ch.What == "removed" {
			evs = parentDeletes(ch.ID, on)
		}
		if len(evs) > 0 {
			// Who added an object made it, and who removed it: a later
			// edit of an added link is "also".
			first := 0
			switch ch.What {
			case "added":
				first = max(0, slices.IndexFunc(evs, func(ev LogEvent) bool { m := eventMethod(ev); return m == "post" || m == "put" }))
			case "removed":
				first = max(0, slices.IndexFunc(evs, func(ev LogEvent) bool { return eventMethod(ev) == "delete" }))
			}
			d.By = actor(ch, evs[first], evs)
			for i, ev := range evs {
				if a := actor(ch, ev, evs); i != first && !slices.ContainsFunc(d.Also, a.same) && !d.By.same(*a) {
					d.Also = append(d.Also, *a)
				}
			}
		}
		out = append(out, d)
	}
	// In the order they were made; those the log does not explain last.
	slices.SortStableFunc(out, func(a, b Drifted) int {
		switch {
		case a.By == nil && b.By == nil:
			return 0
		case a.By == nil:
			return 1
		case b.By == nil:
			return -1
		}
		return strings.Compare(a.By.LogID, b.By.LogID)
	})
	return out
}

// parentDeletes are the events that deleted a link's organization or
// connection (a link goes with either), newest first.
func parentDeletes(linkID string, on map[string][]LogEvent) []LogEvent {
	org, conn, _ := strings.Cut(linkID, "/")
	var out []LogEvent
	for _, t := range []string{KindOrganization + " " + org, KindConnection + " " + conn} {
		for _, ev := range on[t] {
			if eventMethod(ev) == "delete" {
				out = append(out, ev)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b LogEvent) int { return strings.Compare(b.LogID, a.LogID) })
	return out
}

// same reports the same caller (application, user, batch), whenever.
func (a Actor) same(b Actor) bool {
	return a.ClientID == b.ClientID && a.UserID == b.UserID && a.Journal == b.Journal
}
