package client

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/orgscope/orgscope/model"
)

// PlanUndo plans the inverse of an executed link change from its journal
// entry: an enable is undone by a removal, a removal by enabling the link
// again with its settings before, an update by restoring them.
func (c *Client) PlanUndo(e ExecutedPlan) (*Plan, error) {
	if e.Err != nil {
		return nil, fmt.Errorf("%q failed, so there is nothing to undo", e.Plan.Summary)
	}
	p := e.Plan
	if p.undo != nil {
		return p.undo(e.Result)
	}
	if p.After == nil && p.Before == nil {
		return nil, fmt.Errorf("%q cannot be undone", p.Summary)
	}
	result, _ := e.Result.(*model.OrganizationConnection)
	switch p.Method {
	case http.MethodPost:
		if result == nil {
			return nil, errors.New("the enable left no link to remove")
		}
		return c.PlanRemove(p.Org, *result), nil
	case http.MethodDelete:
		if p.Before == nil {
			return nil, errors.New("the removal did not record the link it removed")
		}
		b := *p.Before
		return c.PlanEnable(p.Org, model.Connection{ID: b.ConnectionID, Name: b.Connection.Name, Strategy: b.Connection.Strategy}, settingsOf(b))
	case http.MethodPatch:
		if p.Before == nil || result == nil {
			return nil, errors.New("the update did not record the link before and after")
		}
		return c.PlanUpdate(p.Org, *result, model.DiffLinkSettings(*result, *p.Before))
	}
	return nil, fmt.Errorf("cannot undo a %s", p.Method)
}

// settingsOf returns every setting of a link, to recreate it as it was.
func settingsOf(l model.OrganizationConnection) LinkSettings {
	s := LinkSettings{
		AssignMembershipOnLogin: boolp(l.AssignMembershipOnLogin),
		ShowAsButton:            boolp(l.ShowAsButton),
		IsSignupEnabled:         l.IsSignupEnabled,
	}
	if !l.IsEnabled {
		s.IsEnabled = boolp(false)
	}
	if l.OrganizationAccessLevel != "" && l.OrganizationAccessLevel != model.AccessNone {
		lvl := l.OrganizationAccessLevel
		s.OrganizationAccessLevel = &lvl
	}
	if l.OrganizationConnectionName != "" {
		s.OrganizationConnectionName = strp(l.OrganizationConnectionName)
	}
	if l.OrganizationMemberAccessLevel != "" {
		lvl := l.OrganizationMemberAccessLevel
		s.OrganizationMemberAccessLevel = &lvl
	}
	return s
}
