package model

import "slices"

// NoVisibleConnectionsError is what Universal Login shows a member of an
// organization whose enabled connections are all hidden enterprise ones.
const NoVisibleConnectionsError = "no connections enabled for the organization are visible"

// LoginPrompt is what a member of an organization sees on Universal Login,
// derived from the organization's links and the connections behind them.
type LoginPrompt struct {
	// Buttons are the connections shown as buttons, in link order.
	Buttons []string
	// Fields are the database and passwordless connections behind the
	// identifier field (username/email or phone).
	Fields []string
	// Hidden are enterprise connections not shown as buttons: members reach
	// them only through identifier-first home realm discovery (their email
	// domain must be one of the connection's domains).
	Hidden []string
	// Signup tells whether a "Sign up" link shows (a database link with
	// signup on and membership on login).
	Signup bool
	// Off are links switched off (is_enabled false) or whose connection is
	// not used for login: they show nothing.
	Off []string
	// Error is the error members get instead of a prompt, if any.
	Error string
}

// NeedsHRD reports that some connections are reachable only through home
// realm discovery, so identifier-first must be on for members to use them.
func (p LoginPrompt) NeedsHRD() bool { return len(p.Hidden) > 0 }

// PromptFor derives the login prompt of an organization from its links;
// conns gives the connection behind each link by id (a link whose
// connection is missing is treated from its nested name and strategy).
// clientID, when not empty, keeps only the connections enabled for that
// application, as the prompt of that application would.
func PromptFor(links []OrganizationConnection, conns map[string]Connection, clientID string) LoginPrompt {
	var p LoginPrompt
	for _, l := range links {
		name, strategy := l.Connection.Name, l.Connection.Strategy
		c, known := conns[l.ConnectionID]
		if known {
			name, strategy = c.Name, c.Strategy
		}
		if !l.IsEnabled || (known && !c.UsedForLogin()) || (known && clientID != "" && !slices.Contains(c.EnabledClients, clientID)) {
			p.Off = append(p.Off, name)
			continue
		}
		switch ClassOf(strategy) {
		case ClassDatabase, ClassPasswordless:
			p.Fields = append(p.Fields, name)
			if l.SignupEnabled() && l.AssignMembershipOnLogin && ClassOf(strategy) == ClassDatabase {
				p.Signup = true
			}
		case ClassEnterprise:
			if l.ShowAsButton {
				p.Buttons = append(p.Buttons, name)
			} else {
				p.Hidden = append(p.Hidden, name)
			}
		default:
			// Social and other connections show as buttons: show_as_button
			// only governs enterprise connections.
			p.Buttons = append(p.Buttons, name)
		}
	}
	switch {
	case len(p.Buttons)+len(p.Fields)+len(p.Hidden) == 0:
		p.Error = "no connection can be used: members of this organization cannot log in"
	case len(p.Buttons)+len(p.Fields) == 0:
		p.Error = NoVisibleConnectionsError
	}
	return p
}
