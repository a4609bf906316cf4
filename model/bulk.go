package model

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// BulkKind is what a bulk change does to one connection's links.
type BulkKind string

// The bulk changes.
const (
	// BulkEnable enables the connection with the settings (an org that
	// has it with other settings gets them).
	BulkEnable BulkKind = "enable"
	// BulkUpdate sets the settings on the orgs that have the connection.
	BulkUpdate BulkKind = "update"
	// BulkDisable switches the link off (is_enabled false), keeping it.
	BulkDisable BulkKind = "disable"
	// BulkRemove removes the link (the connection stays).
	BulkRemove BulkKind = "remove"
	// BulkPolicy makes organizations comply with a policy file: each item
	// adds, updates or removes the link of its own connection.
	BulkPolicy BulkKind = "policy"
)

// BulkKinds lists the bulk changes.
func BulkKinds() []BulkKind { return []BulkKind{BulkEnable, BulkUpdate, BulkDisable, BulkRemove} }

// BulkAction is one change asked of many organizations: one
// connection's links, or (BulkPolicy) the links of the connections a
// policy file names.
type BulkAction struct {
	Kind       BulkKind     `json:"kind"`
	Connection Connection   `json:"connection"`
	Settings   LinkSettings `json:"settings"`
	// Policy is the policy file a BulkPolicy action applies, Connections
	// the connections its items write.
	Policy      string       `json:"policy,omitempty"`
	Connections []Connection `json:"connections,omitempty"`
}

// ConnectionOf is the connection an item of the action writes.
func (a BulkAction) ConnectionOf(it BulkItem) Connection {
	if a.Kind != BulkPolicy {
		return a.Connection
	}
	id := it.ConnectionID()
	for _, c := range a.Connections {
		if c.ID == id {
			return c
		}
	}
	return Connection{ID: id}
}

// ConnectionID is the connection whose link the item writes.
func (it BulkItem) ConnectionID() string {
	switch {
	case it.After != nil:
		return it.After.ConnectionID
	case it.Before != nil:
		return it.Before.ConnectionID
	}
	return ""
}

// Key names an item within its batch: its organization, and for a
// policy's batch, where one organization may have several items, its
// connection too.
func (a BulkAction) Key(it BulkItem) string {
	if a.Kind != BulkPolicy {
		return it.Org.ID
	}
	return it.Org.ID + "/" + it.ConnectionID()
}

// ItemName names an item in a plan or a run: its organization, and for a
// policy's batch (several connections) the connection too.
func (a BulkAction) ItemName(it BulkItem) string {
	if a.Kind == BulkPolicy {
		return it.Org.Name + " × " + a.ConnectionOf(it).Name
	}
	return it.Org.Name
}

// Describe says the action in a few words.
func (a BulkAction) Describe() string {
	switch a.Kind {
	case BulkPolicy:
		return "comply with " + filepath.Base(a.Policy) + " (" + Count(len(a.Connections), "connection") + ")"
	case BulkEnable:
		return "enable " + a.Connection.Name + settingsSuffix(a.Settings)
	case BulkUpdate:
		return "update " + a.Connection.Name + settingsSuffix(a.Settings)
	case BulkDisable:
		return "switch off " + a.Connection.Name
	}
	return "remove " + a.Connection.Name
}

func settingsSuffix(s LinkSettings) string {
	if f := s.Fields(); len(f) > 0 {
		return " (" + strings.Join(f, ", ") + ")"
	}
	return ""
}

// Fields lists the settings set, as "field=value".
func (s LinkSettings) Fields() []string {
	var out []string
	add := func(name string, v any) { out = append(out, fmt.Sprintf("%s=%v", name, v)) }
	if s.AssignMembershipOnLogin != nil {
		add("assign_membership_on_login", *s.AssignMembershipOnLogin)
	}
	if s.IsSignupEnabled != nil {
		add("is_signup_enabled", *s.IsSignupEnabled)
	}
	if s.ShowAsButton != nil {
		add("show_as_button", *s.ShowAsButton)
	}
	if s.IsEnabled != nil {
		add("is_enabled", *s.IsEnabled)
	}
	if s.OrganizationAccessLevel != nil {
		add("organization_access_level", *s.OrganizationAccessLevel)
	}
	if s.OrganizationConnectionName != nil {
		add("organization_connection_name", fmt.Sprintf("%q", *s.OrganizationConnectionName))
	}
	if s.OrganizationMemberAccessLevel != nil {
		v := string(*s.OrganizationMemberAccessLevel)
		if v == "" {
			v = "null"
		}
		add("organization_member_access_level", v)
	}
	return out
}

// BulkOutcome is what a bulk change does to one organization.
type BulkOutcome string

// The outcomes.
const (
	OutcomeAdd     BulkOutcome = "add"
	OutcomeUpdate  BulkOutcome = "update"
	OutcomeRemove  BulkOutcome = "remove"
	OutcomeSkip    BulkOutcome = "skip"
	OutcomeRefused BulkOutcome = "refused"
)

// BulkItem is one organization of a bulk plan: its link now, the link
// asked for, and what that takes.
type BulkItem struct {
	Org     Organization            `json:"organization"`
	Outcome BulkOutcome             `json:"outcome"`
	Before  *OrganizationConnection `json:"before,omitempty"` // nil: no link
	After   *OrganizationConnection `json:"after,omitempty"`  // nil: no link
	Reason  string                  `json:"reason,omitempty"` // skip, refused
}

// Sends reports whether the item takes a request.
func (it BulkItem) Sends() bool {
	return it.Outcome == OutcomeAdd || it.Outcome == OutcomeUpdate || it.Outcome == OutcomeRemove
}

// Changes lists the fields an update changes.
func (it BulkItem) Changes() []string {
	if it.Before == nil || it.After == nil {
		return nil
	}
	return DiffLinkSettings(*it.Before, *it.After).Fields()
}

// BulkPlan is a bulk change worked out per organization.
type BulkPlan struct {
	Action BulkAction `json:"action"`
	Items  []BulkItem `json:"items"`
}

// Count counts the items with an outcome.
func (p BulkPlan) Count(o BulkOutcome) int {
	n := 0
	for _, it := range p.Items {
		if it.Outcome == o {
			n++
		}
	}
	return n
}

// Requests counts the requests the plan sends: one per add, update or
// remove.
func (p BulkPlan) Requests() int {
	n := 0
	for _, it := range p.Items {
		if it.Sends() {
			n++
		}
	}
	return n
}

// BulkDuration is how long n link writes take at least, under a bucket
// of burst requests refilled at perSecond (management-api.md §11: writes
// of organization connections refill at 150/minute on Enterprise).
func BulkDuration(n, burst int, perSecond float64) time.Duration {
	if n <= burst || perSecond <= 0 {
		return 0
	}
	return time.Duration(float64(n-burst) / perSecond * float64(time.Second))
}

// PlanBulk works a bulk action out for each organization from its links
// (links returns an organization's links, as a snapshot holds them):
// add, update with the fields that change, remove, skip when the
// organization is already as asked, or refused with Auth0's reason when
// the link asked for breaks one of its rules (a database-only flag on an
// enterprise connection, signup without membership).
func PlanBulk(a BulkAction, orgs []Organization, links func(orgID string) []OrganizationConnection) BulkPlan {
	plan := BulkPlan{Action: a, Items: make([]BulkItem, 0, len(orgs))}
	ref := ConnectionRef{Name: a.Connection.Name, Strategy: a.Connection.Strategy}
	for _, o := range orgs {
		it := BulkItem{Org: o}
		before := linkTo(links(o.ID), a.Connection.ID)
		it.Before = before
		var after OrganizationConnection
		switch {
		case a.Kind == BulkEnable && before == nil:
			after = a.Settings.Apply(NewLink(a.Connection.ID, ref))
			it.Outcome, it.After = OutcomeAdd, &after
		case before == nil:
			it.Outcome, it.Reason = OutcomeSkip, a.Connection.Name+" is not enabled on it"
		case a.Kind == BulkRemove:
			it.Outcome = OutcomeRemove
		default:
			s := a.Settings
			switch {
			case a.Kind == BulkDisable:
				s = LinkSettings{IsEnabled: ptr(false)}
			case a.Kind == BulkEnable && s.IsEnabled == nil:
				s.IsEnabled = ptr(true) // enabling a switched-off link switches it on
			}
			after = s.Apply(*before)
			it.After = &after
			if DiffLinkSettings(*before, after).IsZero() {
				it.Outcome, it.Reason = OutcomeSkip, "already as asked"
			} else {
				it.Outcome = OutcomeUpdate
			}
		}
		if it.After != nil && it.Outcome != OutcomeSkip {
			if v := ValidateLinkChange(it.Before, *it.After); v != nil {
				it.Outcome, it.Reason = OutcomeRefused, v.Message
			}
		}
		plan.Items = append(plan.Items, it)
	}
	return plan
}

// GuardUndo checks an undo plan against the links as they are now (links
// as PlanBulk takes them). The undo puts back each organization the batch
// changed, but not over a change made since: an organization whose link
// is no longer as the batch left it is refused, named what changed, and
// one already as it was before the batch is skipped.
func GuardUndo(p BulkPlan, links func(orgID string) []OrganizationConnection) BulkPlan {
	out := BulkPlan{Action: p.Action, Items: make([]BulkItem, len(p.Items))}
	for i, it := range p.Items {
		conn := p.Action.ConnectionOf(it)
		now := linkTo(links(it.Org.ID), conn.ID)
		switch {
		case sameLink(now, it.After):
			it.Outcome, it.Reason = OutcomeSkip, "already as it was before the batch"
		case sameLink(now, it.Before):
			// As the batch left it: the undo goes ahead.
		case now == nil:
			it.Outcome, it.Reason = OutcomeRefused, conn.Name+" was removed from it since the batch: left as it is"
		case it.Before == nil:
			it.Outcome, it.Reason = OutcomeRefused, conn.Name+" was enabled on it again since the batch: left as it is"
		default:
			it.Outcome, it.Reason = OutcomeRefused, "changed since the batch ("+
				strings.Join(DiffLinkSettings(*it.Before, *now).Fields(), " ")+"): left as it is"
		}
		// The link as it was may be one Auth0 refuses today (signup
		// without membership, made before the rule): the undo says so
		// rather than send it.
		if it.Sends() && it.After != nil {
			if v := ValidateLinkChange(it.Before, *it.After); v != nil {
				it.Outcome, it.Reason = OutcomeRefused, "Auth0 refuses the link as it was: "+v.Message
			}
		}
		out.Items[i] = it
	}
	return out
}

// linkTo finds the link to a connection among an organization's links.
func linkTo(links []OrganizationConnection, connID string) *OrganizationConnection {
	for i := range links {
		if links[i].ConnectionID == connID {
			l := links[i] // a copy: the caller may keep it, and change it
			return &l
		}
	}
	return nil
}

// hasLinkTo reports a link to a connection, without a copy.
func hasLinkTo(links []OrganizationConnection, connID string) bool {
	for i := range links {
		if links[i].ConnectionID == connID {
			return true
		}
	}
	return false
}

// sameLink reports two links (nil: none) with the same settings.
func sameLink(a, b *OrganizationConnection) bool {
	if a == nil || b == nil {
		return a == b
	}
	return DiffLinkSettings(*a, *b).IsZero()
}

// SettingsOf are the settings that create a link like l: every field
// that differs from what Auth0 gives a new link.
func SettingsOf(l OrganizationConnection) LinkSettings {
	return DiffLinkSettings(NewLink(l.ConnectionID, l.Connection), l)
}
