package ui

import (
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/table"
)

// linkColumns are the columns of a link's eight settings, shared by an
// organization's connections and a connection's Used by: the table fits
// them to the width by content, and the row's detail shows them in full.
func linkColumns() []table.Column {
	return []table.Column{{Title: "ON", Width: 3}, {Title: "MEMBER", Width: 6}, {Title: "SIGNUP", Width: 6},
		{Title: "BUTTON", Width: 6}, {Title: "ACCESS", Width: 8}, {Title: "MEMBERS", Width: 8},
		{Title: "ORG NAME", Width: 8, Flex: true}}
}

// linkCells are a link's cells under linkColumns.
func linkCells(l model.OrganizationConnection) []string {
	signup := "-"
	if l.IsSignupEnabled != nil {
		signup = model.YesNo(*l.IsSignupEnabled)
	}
	return []string{model.YesNo(l.IsEnabled), model.YesNo(l.AssignMembershipOnLogin), signup, buttonCell(l.Class(), l.ShowAsButton),
		model.OrDash(string(l.OrganizationAccessLevel)), model.OrDash(string(l.OrganizationMemberAccessLevel)), model.OrDash(l.OrganizationConnectionName)}
}
