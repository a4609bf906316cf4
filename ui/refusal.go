package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// fieldRefusals puts a refusal (Auth0's, or the client's check before
// sending) on the field it concerns: the field shows it as its error for
// as long as it holds the refused value, and the form reopens on it. A
// refusal no field owns goes in a banner above the form.
type fieldRefusals struct {
	fields    map[string]huh.Field
	groupOf   map[string]int
	groups    []*huh.Group
	serverErr map[string]fieldErr
	banner    string

	fieldFor func(err error) string  // the field a refusal concerns ("" for none)
	valueOf  func(key string) string // a field's value, as text
}

// startGroups begins a build: the fields are registered again.
func (r *fieldRefusals) startGroups() {
	r.fields, r.groupOf, r.groups = map[string]huh.Field{}, map[string]int{}, nil
}

// group adds a group of fields to the form being built.
func (r *fieldRefusals) group(fields ...huh.Field) *huh.Group {
	for _, fl := range fields {
		r.fields[fl.GetKey()], r.groupOf[fl.GetKey()] = fl, len(r.groups)
	}
	g := huh.NewGroup(fields...)
	r.groups = append(r.groups, g)
	return g
}

// checked adds the refusal of a field's current value to its local check.
func (r *fieldRefusals) checked(k string, local func() error) func() error {
	return func() error {
		if local != nil {
			if err := local(); err != nil {
				return err
			}
		}
		if e, ok := r.serverErr[k]; ok && r.valueOf != nil && e.value == r.valueOf(k) {
			return errors.New(e.msg)
		}
		return nil
	}
}

// refusedProperty is the property a refusal is about: the one a Violation
// or Auth0's "… on property X." message names, or "name" for a 409, since
// Auth0's conflicts on organizations, connections and profiles are about a
// name in use.
func refusedProperty(err error) string {
	var v *model.Violation
	var api *client.APIError
	switch {
	case errors.As(err, &v):
		return v.Property
	case errors.As(err, &api) && api.Status == 409:
		return "name"
	case errors.As(err, &api):
		return propertyIn(api.Message)
	}
	return ""
}

// refusalText is a refusal's message as a field shows it.
func refusalText(err error) string {
	var v *model.Violation
	var api *client.APIError
	switch {
	case errors.As(err, &v):
		return strings.TrimSuffix(v.Message, ".")
	case errors.As(err, &api):
		return strings.TrimSuffix(api.Message, ".")
	}
	return err.Error()
}

// refuse rebuilds the form with the refusal on its field, values kept, and
// moves to that field; without a field, the refusal goes in the banner.
func (c *changeForm) refuse(err error) tea.Cmd {
	c.serverErr, c.banner = map[string]fieldErr{}, ""
	k := c.fieldFor(err)
	c.build()
	fl, ok := c.fields[k]
	if !ok {
		c.banner = describeChange(err)
		return c.form.Init()
	}
	c.serverErr[k] = fieldErr{value: c.valueOf(k), msg: refusalText(err)}
	cmds := []tea.Cmd{c.form.Init()}
	for range c.groupOf[k] {
		cmds = append(cmds, c.form.NextGroup())
	}
	fl.Blur() // runs the check: the refusal becomes the field's error
	return tea.Batch(append(cmds, fl.Focus())...)
}
