package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/auth0/go-auth0/v2/management"
	"github.com/orgscope/orgscope/model"
)

// This file plans the changes other than organization connections:
// organizations, connections and their enabled clients, connection profiles,
// and the My Organization configuration of clients. Every plan is checked
// with the model's rules first, and its body is the SDK's own.

// createOnce sends a create. When its answer was lost it sends it again, and
// a 409 then means the first one was applied: the object is read back. When
// every answer was lost, one read settles it: the object is there (one of
// the creates was applied) or it is not (none was, and saying so is surer
// than "may or may not").
func createOnce[T any](ctx context.Context, c *Client, post func(context.Context) (any, error), readBack func(context.Context) (T, error)) (any, error) {
	var lastErr *AmbiguousError
	for i := 0; i < c.maxAttempts; i++ {
		res, err := call(ctx, post)
		var amb *AmbiguousError
		switch {
		case err == nil:
			v, err := toModel[T](res)
			return &v, err
		case i > 0 && IsConflict(err):
			v, err := readBack(ctx)
			return &v, err
		case errors.As(err, &amb):
			lastErr = amb
			if err := sleepCtx(ctx, c.backoff<<i); err != nil {
				return nil, err
			}
		default:
			return nil, err
		}
	}
	v, err := readBack(ctx)
	switch {
	case err == nil:
		return &v, nil
	case IsNotFound(err):
		return nil, fmt.Errorf("%s %s: the answers to %d tries were lost, and a read shows none was applied: try again later", lastErr.Method, lastErr.Path, c.maxAttempts)
	}
	return nil, lastErr
}

// update sends a PATCH and converts the answer.
func update[T any](ctx context.Context, patch func(context.Context) (any, error)) (any, error) {
	res, err := call(ctx, patch)
	if err != nil {
		return nil, err
	}
	v, err := toModel[T](res)
	return &v, err
}

// remove sends a DELETE; a 404 after a retry means the first one went through.
func remove(ctx context.Context, del func(context.Context) error) (any, error) {
	_, err := call(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, del(ctx) })
	if IsNotFound(err) {
		return nil, nil
	}
	return nil, err
}

// --- organizations ---

// firstViolation returns the first broken rule as an error, or nil. (A nil
// *model.Violation must not become a non-nil error.)
func firstViolation(vs ...*model.Violation) error {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

func validateOrganization(o model.Organization) error {
	var dn *model.Violation
	if o.DisplayName != "" {
		dn = model.ValidateOrganizationDisplayName(o.DisplayName)
	}
	return firstViolation(model.ValidateOrganizationName(o.Name), dn,
		model.ValidateOrganizationMetadata(o.Metadata), model.ValidateBranding(o.Branding))
}

// PlanCreateOrganization plans creating an organization.
func (c *Client) PlanCreateOrganization(o model.Organization) (*Plan, error) {
	if err := validateOrganization(o); err != nil {
		return nil, err
	}
	req, body, err := sdkRequest[management.CreateOrganizationRequestContent](fieldsOf(o, "id"))
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPost, Path: "/api/v2/organizations", Body: body, Org: o,
		Summary: "create the organization " + o.Name, Subject: "organizations",
		undo: func(res any) (*Plan, error) {
			created, ok := res.(*model.Organization)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanDeleteOrganization(*created), nil
		},
		run: func(ctx context.Context) (any, error) {
			return createOnce(ctx, c, func(ctx context.Context) (any, error) { return c.api.Organizations.Create(ctx, req) },
				func(ctx context.Context) (model.Organization, error) { return c.Organization(ctx, o.Name) })
		},
	}, nil
}

// PlanUpdateOrganization plans changing an organization: the properties
// that change are sent; metadata is sent whole, as Auth0 replaces it.
func (c *Client) PlanUpdateOrganization(before, after model.Organization) (*Plan, error) {
	if err := validateOrganization(after); err != nil {
		return nil, err
	}
	diff := changed(fieldsOf(before, "id"), fieldsOf(after, "id"))
	if len(diff) == 0 {
		return nil, fmt.Errorf("%s already has these settings: nothing to change", before.Name)
	}
	if md, ok := diff["metadata"]; ok && md == nil {
		diff["metadata"] = map[string]any{} // {} removes every key
	}
	if b, ok := diff["branding"]; ok && b == nil {
		return nil, errors.New("Auth0 cannot remove an organization's branding, only change it")
	}
	if dn, ok := diff["display_name"]; ok && dn == nil {
		return nil, errors.New("Auth0 cannot clear an organization's display name, only change it")
	}
	req, body, err := sdkRequest[management.UpdateOrganizationRequestContent](diff)
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPatch, Path: "/api/v2/organizations/" + before.ID, Body: body, Org: after,
		Summary: "update the organization " + before.Name, Subject: "organizations",
		undo: func(res any) (*Plan, error) {
			now, ok := res.(*model.Organization)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanUpdateOrganization(*now, before)
		},
		run: func(ctx context.Context) (any, error) {
			return update[model.Organization](ctx, func(ctx context.Context) (any, error) {
				return c.api.Organizations.Update(ctx, before.ID, req)
			})
		},
	}, nil
}

// PlanDeleteOrganization plans deleting an organization. Its members are
// only removed from it; their users stay.
func (c *Client) PlanDeleteOrganization(o model.Organization) *Plan {
	return &Plan{
		Method: http.MethodDelete, Path: "/api/v2/organizations/" + o.ID, Org: o,
		Summary: "delete the organization " + o.Name + " (its members' users stay)", Subject: "organizations",
		undo: cannotUndo("a deleted organization cannot be brought back: its id and its members are gone"),
		run: func(ctx context.Context) (any, error) {
			return remove(ctx, func(ctx context.Context) error { return c.api.Organizations.Delete(ctx, o.ID) })
		},
	}
}

// --- connections ---

// errFingerprints refuses options read from a file: their secrets are
// fingerprints there, and sending them would replace the real ones.
var errFingerprints = errors.New("these options come from a snapshot, which keeps secrets as fingerprints: read the connection from the tenant before changing it")

// validateConnection checks a connection as a create sends it.
func validateConnection(conn model.Connection) error {
	if model.HasFingerprints(conn.Options) {
		return errFingerprints
	}
	return firstViolation(model.ValidateConnectionName(conn.Name), model.ValidateStrategy(conn.Strategy),
		model.ValidateConnectionDisplayName(conn.DisplayName), model.ValidateConnectionMetadata(conn.Metadata),
		model.ValidateConnectionOptions(conn.Strategy, conn.Options), model.ValidateRealms(conn.Strategy, conn.Name, conn.Realms))
}

// PlanCreateConnection plans creating a connection.
func (c *Client) PlanCreateConnection(conn model.Connection) (*Plan, error) {
	if err := validateConnection(conn); err != nil {
		return nil, err
	}
	fields := fieldsOf(conn, "id", "provisioning_ticket_url")
	if len(conn.EnabledClients) == 0 {
		delete(fields, "enabled_clients") // none: the SDK leaves an empty list out
	}
	if !model.IsEnterprise(conn.Strategy) {
		delete(fields, "show_as_button") // Auth0 keeps it for enterprise strategies only
	}
	req, body, err := sdkRequest[management.CreateConnectionRequestContent](fields)
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPost, Path: "/api/v2/connections", Body: body,
		Summary: fmt.Sprintf("create the %s connection %s", conn.Strategy, conn.Name), Subject: "connections",
		undo: func(res any) (*Plan, error) {
			created, ok := res.(*model.Connection)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanDeleteConnection(*created), nil
		},
		run: func(ctx context.Context) (any, error) {
			return createOnce(ctx, c, func(ctx context.Context) (any, error) { return c.api.Connections.Create(ctx, req) },
				func(ctx context.Context) (model.Connection, error) { return c.Connection(ctx, conn.Name) })
		},
	}, nil
}

// PlanUpdateConnection plans changing a connection. Auth0 replaces options
// as a whole, so when they change the whole merged object is sent; the name
// and strategy cannot change.
func (c *Client) PlanUpdateConnection(before, after model.Connection) (*Plan, error) {
	if before.Name != after.Name || before.Strategy != after.Strategy {
		return nil, errors.New("Auth0 cannot change a connection's name or strategy: create a new connection instead")
	}
	ro := []string{"id", "name", "strategy", "provisioning_ticket_url", "enabled_clients"}
	diff := changed(fieldsOf(before, ro...), fieldsOf(after, ro...))
	// What is sent is checked: a setting Auth0 took long ago and would
	// refuse now does not block a change to another one.
	var opts, realms *model.Violation
	if _, ok := diff["options"]; ok && model.HasFingerprints(after.Options) {
		return nil, errFingerprints
	}
	if _, ok := diff["options"]; ok {
		opts = model.ValidateConnectionOptions(after.Strategy, after.Options)
	}
	if _, ok := diff["realms"]; ok {
		realms = model.ValidateRealms(after.Strategy, after.Name, after.Realms)
	}
	if err := firstViolation(model.ValidateConnectionDisplayName(after.DisplayName), model.ValidateConnectionMetadata(after.Metadata), opts, realms); err != nil {
		return nil, err
	}
	if len(diff) == 0 {
		return nil, fmt.Errorf("%s already has these settings: nothing to change", before.Name)
	}
	if md, ok := diff["metadata"]; ok && md == nil {
		diff["metadata"] = map[string]any{}
	}
	if o, ok := diff["options"]; ok && o == nil {
		diff["options"] = map[string]any{}
	}
	req, body, err := sdkRequest[management.UpdateConnectionRequestContent](diff)
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPatch, Path: "/api/v2/connections/" + before.ID, Body: body,
		Summary: "update the connection " + before.Name, Subject: "connection " + before.ID,
		undo: func(res any) (*Plan, error) {
			now, ok := res.(*model.Connection)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanUpdateConnection(*now, before)
		},
		run: func(ctx context.Context) (any, error) {
			return update[model.Connection](ctx, func(ctx context.Context) (any, error) {
				return c.api.Connections.Update(ctx, before.ID, req)
			})
		},
	}, nil
}

// PlanDeleteConnection plans deleting a connection; Auth0 deletes it in the
// background, with its users, and it disappears from every organization.
func (c *Client) PlanDeleteConnection(conn model.Connection) *Plan {
	return &Plan{
		Method: http.MethodDelete, Path: "/api/v2/connections/" + conn.ID,
		Summary: "delete the connection " + conn.Name + " and all its users", Subject: "connection " + conn.ID,
		undo: cannotUndo("a deleted connection cannot be brought back: its users are gone"),
		run: func(ctx context.Context) (any, error) {
			return remove(ctx, func(ctx context.Context) error { return c.api.Connections.Delete(ctx, conn.ID) })
		},
	}
}

// maxClientChanges is how many clients one PATCH /connections/{id}/clients
// may change.
const maxClientChanges = 50

// PlanConnectionClients plans enabling and disabling a connection for
// applications: one request per 50 changes.
func (c *Client) PlanConnectionClients(conn model.Connection, enable, disable []string) ([]*Plan, error) {
	var items []*management.UpdateEnabledClientConnectionsRequestContentItem
	for _, id := range enable {
		if !slices.Contains(conn.EnabledClients, id) {
			items = append(items, &management.UpdateEnabledClientConnectionsRequestContentItem{ClientID: id, Status: true})
		}
	}
	for _, id := range disable {
		if slices.Contains(conn.EnabledClients, id) {
			items = append(items, &management.UpdateEnabledClientConnectionsRequestContentItem{ClientID: id, Status: false})
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s is already enabled for exactly these applications: nothing to change", conn.Name)
	}
	var plans []*Plan
	for chunk := range slices.Chunk(items, maxClientChanges) {
		req := management.UpdateEnabledClientConnectionsRequestContent(chunk)
		plans = append(plans, &Plan{
			Method: http.MethodPatch, Path: "/api/v2/connections/" + conn.ID + "/clients", Body: mustBody(req),
			Summary: fmt.Sprintf("change which applications may use %s (%d)", conn.Name, len(chunk)), Subject: "connection " + conn.ID,
			undo: func(any) (*Plan, error) {
				var on, off []string
				after := conn
				after.EnabledClients = nil
				for _, it := range chunk {
					if it.Status {
						off = append(off, it.ClientID)
						after.EnabledClients = append(after.EnabledClients, it.ClientID)
					} else {
						on = append(on, it.ClientID)
					}
				}
				after.EnabledClients = append(after.EnabledClients, conn.EnabledClients...)
				plans, err := c.PlanConnectionClients(after, on, off)
				if err != nil {
					return nil, err
				}
				return plans[0], nil
			},
			run: func(ctx context.Context) (any, error) {
				_, err := call(ctx, func(ctx context.Context) (struct{}, error) {
					return struct{}{}, c.api.Connections.Clients.Update(ctx, conn.ID, req)
				})
				return nil, err
			},
		})
	}
	return plans, nil
}

// --- connection profiles ---

// PlanCreateProfile plans creating a connection profile.
func (c *Client) PlanCreateProfile(p model.ConnectionProfile) (*Plan, error) {
	if v := model.ValidateProfile(p); v != nil {
		return nil, v
	}
	fields := fieldsOf(p, "id") // unset connection_config and overrides stay unsent: Auth0 shows null
	req, body, err := sdkRequest[management.CreateConnectionProfileRequestContent](fields)
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPost, Path: "/api/v2/connection-profiles", Body: body,
		Summary: "create the connection profile " + p.Name, Subject: "profiles",
		undo: func(res any) (*Plan, error) {
			created, ok := res.(*model.ConnectionProfile)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanDeleteProfile(*created), nil
		},
		run: func(ctx context.Context) (any, error) {
			return createOnce(ctx, c, func(ctx context.Context) (any, error) { return c.api.ConnectionProfiles.Create(ctx, req) },
				func(ctx context.Context) (model.ConnectionProfile, error) { return c.profileNamed(ctx, p.Name) })
		},
	}, nil
}

func (c *Client) profileNamed(ctx context.Context, name string) (model.ConnectionProfile, error) {
	for p, err := range c.ConnectionProfiles(ctx) {
		if err != nil {
			return p, err
		}
		if p.Name == name {
			return p, nil
		}
	}
	return model.ConnectionProfile{}, fmt.Errorf("the connection profile %s was created but cannot be found", name)
}

// PlanUpdateProfile plans changing a connection profile (the properties
// that change).
func (c *Client) PlanUpdateProfile(before, after model.ConnectionProfile) (*Plan, error) {
	if v := model.ValidateProfile(after); v != nil {
		return nil, v
	}
	diff := changed(fieldsOf(before, "id"), fieldsOf(after, "id"))
	if len(diff) == 0 {
		return nil, fmt.Errorf("%s already has these settings: nothing to change", before.Name)
	}
	req, body, err := sdkRequest[management.UpdateConnectionProfileRequestContent](diff)
	if err != nil {
		return nil, err
	}
	return &Plan{
		Method: http.MethodPatch, Path: "/api/v2/connection-profiles/" + before.ID, Body: body,
		Summary: "update the connection profile " + before.Name, Subject: "profiles",
		undo: func(res any) (*Plan, error) {
			now, ok := res.(*model.ConnectionProfile)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanUpdateProfile(*now, before)
		},
		run: func(ctx context.Context) (any, error) {
			return update[model.ConnectionProfile](ctx, func(ctx context.Context) (any, error) {
				return c.api.ConnectionProfiles.Update(ctx, before.ID, req)
			})
		},
	}, nil
}

// PlanDeleteProfile plans deleting a connection profile.
func (c *Client) PlanDeleteProfile(p model.ConnectionProfile) *Plan {
	return &Plan{
		Method: http.MethodDelete, Path: "/api/v2/connection-profiles/" + p.ID,
		Summary: "delete the connection profile " + p.Name, Subject: "profiles",
		undo: func(any) (*Plan, error) {
			again := p
			again.ID = ""
			return c.PlanCreateProfile(again) // a new id: applications naming the old one need updating
		},
		run: func(ctx context.Context) (any, error) {
			return remove(ctx, func(ctx context.Context) error { return c.api.ConnectionProfiles.Delete(ctx, p.ID) })
		},
	}
}

// --- clients ---

// PlanMyOrganization plans setting (or with nil, removing) the My
// Organization configuration of an application.
func (c *Client) PlanMyOrganization(cl model.Client, cfg *model.MyOrganizationConfiguration) (*Plan, error) {
	var value any
	summary := "remove the My Organization configuration of " + cl.Name
	if cfg == nil && cl.MyOrganizationConfiguration == nil {
		return nil, fmt.Errorf("%s has no My Organization configuration: nothing to remove", cl.Name)
	}
	if cfg != nil {
		if v := model.ValidateMyOrganizationConfiguration(*cfg); v != nil {
			return nil, v
		}
		value = fieldsOf(cfg)
		// The summary names every property that changes, removals
		// included: a plan never changes what it does not say.
		var before map[string]any
		if cl.MyOrganizationConfiguration != nil {
			before = fieldsOf(cl.MyOrganizationConfiguration)
		}
		diff := myOrgChanges(before, value.(map[string]any))
		if len(diff) == 0 {
			return nil, fmt.Errorf("%s already has this My Organization configuration: nothing to change", cl.Name)
		}
		summary = "set the My Organization configuration of " + cl.Name + " (" + strings.Join(diff, "; ") + ")"
	}
	// The project's own body: the pinned SDK drops the member-management
	// controls Auth0 added to the configuration after it.
	body := mustBody(map[string]any{"my_organization_configuration": value})
	path := "/api/v2/clients/" + url.PathEscape(cl.ClientID)
	return &Plan{
		Method: http.MethodPatch, Path: path, Body: body, Summary: summary,
		Subject: "client " + cl.ClientID,
		undo: func(res any) (*Plan, error) {
			now, ok := res.(*model.Client)
			if !ok {
				return nil, errNothingToUndo
			}
			return c.PlanMyOrganization(*now, cl.MyOrganizationConfiguration)
		},
		run: func(ctx context.Context) (any, error) {
			return update[model.Client](ctx, func(ctx context.Context) (any, error) {
				return c.sendJSON(ctx, http.MethodPatch, path, nil, body)
			})
		},
	}, nil
}

var errNothingToUndo = errors.New("the change left nothing to undo")

func cannotUndo(why string) func(any) (*Plan, error) {
	return func(any) (*Plan, error) { return nil, errors.New(why) }
}

// myOrgChanges names the properties of a My Organization configuration
// that change from before (nil: none) to after; the order of
// allowed_strategies is not a change.
func myOrgChanges(before, after map[string]any) []string {
	var changes, removals []string
	for k, v := range changed(before, after) {
		switch {
		case k == "allowed_strategies" && sameStrings(before[k], after[k]):
		case v == nil:
			removals = append(removals, k)
		default:
			changes = append(changes, k)
		}
	}
	sort.Strings(changes)
	sort.Strings(removals)
	var out []string
	switch {
	case before == nil && len(changes) > 0:
		out = append(out, "new: "+strings.Join(changes, ", "))
	case len(changes) > 0:
		out = append(out, "changes "+strings.Join(changes, ", "))
	}
	if len(removals) > 0 {
		out = append(out, "removes "+strings.Join(removals, ", "))
	}
	return out
}

// sameStrings reports two JSON string arrays holding the same strings.
func sameStrings(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if !aok || !bok || len(as) != len(bs) {
		return false
	}
	x, y := make([]string, len(as)), make([]string, len(bs))
	for i := range as {
		x[i], _ = as[i].(string)
		y[i], _ = bs[i].(string)
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
