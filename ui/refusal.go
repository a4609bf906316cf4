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
	hidden    map[int]func() bool // by group: when it is hidden
	serverErr map[string]fieldErr
	banner    string

	fieldFor func(err error) string  // the field a refusal concerns ("" for none)
	valueOf  func(key string) string // a field's value, as text
}

// startGroups begins a build: the fields are registered again.
func (r *fieldRefusals) startGroups() {
	r.fields, r.groupOf, r.groups, r.hidden = map[string]huh.Field{}, map[string]int{}, nil, map[int]func() bool{}
}

// group adds a group of fields to the form being built.
func (r *fieldRefusals) group(fields ...huh.Field) formGroup {
	for _, fl := range fields {
		r.fields[fl.GetKey()], r.groupOf[fl.GetKey()] = fl, len(r.groups)
	}
	g := huh.NewGroup(fields...)
	r.groups = append(r.groups, g)
	return formGroup{Group: g, r: r, i: len(r.groups) - 1}
}

// formGroup is a group of the form being built. Its WithHideFunc records
// when it is hidden: a refusal of a field of a hidden group shows above
// the form, since on the field no one would see it, and the form would
// hold the user in a loop.
type formGroup struct {
	*huh.Group
	r *fieldRefusals
	i int
}

// WithHideFunc hides the group while hide says so.
func (g formGroup) WithHideFunc(hide func() bool) *huh.Group {
	g.r.hidden[g.i] = hide
	return g.Group.WithHideFunc(hide)
}

// shown reports whether field k is on the form now (in a group not hidden).
func (r *fieldRefusals) shown(k string) bool {
	if _, ok := r.fields[k]; !ok {
		return false
	}
	hide := r.hidden[r.groupOf[k]]
	return hide == nil || !hide()
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
	if !ok || !c.shown(k) {
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
