package ui

import (
	"context"
	"maps"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// fixable tells whether x has a form for a finding's rule.
func fixable(rule string) bool {
	return slices.Contains([]string{"org-no-connection", "org-all-hidden", "link-signup-invalid", "link-full-access-deletable",
		"myorg-missing-profile", "myorg-no-strategies", "myorg-no-grant", "myorg-grant-all-scopes", "conn-no-client",
		"profile-prefix-invalid", "link-full-members-no-ceiling", "myorg-member-controls", "myorg-grant-client-subject"}, rule)
}

// plannedFix tells whether a rule's fix is one request orgscope can write
// whole: x then shows that request (esc edits it in its form).
func plannedFix(rule string) bool {
	return slices.Contains([]string{"org-all-hidden", "link-signup-invalid", "link-full-access-deletable",
		"link-full-members-no-ceiling", "myorg-member-controls"}, rule)
}

// fix opens the form that fixes a finding, prefilled with the fix where
// the finding says what it is: the plan shows before anything is sent,
// at once where the fix is one known request.
func (s *auditScreen) fix(f model.Finding) (tea.Cmd, nav) {
	if !fixable(f.Rule) || len(f.Objects) == 0 {
		return flash("No form fixes " + f.Rule + ": " + f.Fix), stay()
	}
	o, snap, parent := f.Objects[0], s.snap, s.env.id
	org, _ := s.orgOf(o)
	links := snap.Links[org.ID]
	conns := snap.ConnectionsByID()
	linkForm := func(change func(*linkValues)) (tea.Cmd, nav) {
		if refusal := s.env.refuse("update:organization_connections"); refusal != nil {
			return refusal, stay()
		}
		var link *model.OrganizationConnection
		for i := range links {
			if links[i].ConnectionID == o.ID || (o.Kind == model.KindOrganization && !links[i].ShowAsButton) ||
				(f.Rule == "org-no-connection" && !links[i].IsEnabled) {
				l := links[i]
				link = &l
				break
			}
		}
		if link == nil {
			return nil, stay()
		}
		return linkFixForm(parent, org, links, conns, link, change)
	}
	switch f.Rule {
	case "org-no-connection":
		if len(links) > 0 {
			// Links there, all switched off: switching one on is the fix
			// that keeps what was set up.
			return linkForm(func(v *linkValues) { v.Enabled = true })
		}
		if refusal := s.env.refuse("create:organization_connections"); refusal != nil {
			return refusal, stay()
		}
		return nil, push(func(e env) screen { return newLinkForm(e, parent, org, links, conns, nil) })
	case "org-all-hidden":
		return linkForm(func(v *linkValues) { v.Button = true })
	case "link-signup-invalid":
		return linkForm(func(v *linkValues) {
			if model.ClassOf(conns[o.ID].Strategy) == model.ClassDatabase {
				v.Membership = true
			} else {
				v.Signup = false
			}
		})
	case "link-full-access-deletable":
		return linkForm(func(v *linkValues) { v.Access = string(model.AccessLimited) })
	case "conn-no-client":
		if refusal := s.env.refuse("update:connections"); refusal != nil {
			return refusal, stay()
		}
		conn := conns[o.ID]
		return nil, push(func(e env) screen { return newConnAppsScreen(e, parent, conn) })
	case "profile-prefix-invalid":
		if refusal := s.env.refuse("update:connection_profiles"); refusal != nil {
			return refusal, stay()
		}
		p := snap.ProfilesByID()[o.ID]
		return nil, push(func(e env) screen { return newProfileForm(e, parent, &p, nil) })
	}
	// The My Organization rules: the application's settings or its grant.
	if refusal := s.env.refuse("update:clients"); refusal != nil {
		return refusal, stay()
	}
	app, names := s.clientOf(o.ID)
	if f.Rule == "myorg-no-grant" || f.Rule == "myorg-grant-all-scopes" || f.Rule == "myorg-grant-client-subject" {
		return nil, push(func(e env) screen { return newGrantForm(e, parent, app) })
	}
	apps := snap.Clients
	if f.Rule == "link-full-members-no-ceiling" || f.Rule == "myorg-member-controls" {
		// Both controls on: the form goes straight to its plan.
		submit := func() tea.Msg { return formSubmittedMsg{} }
		return submit, push(func(e env) screen {
			mf := newMyOrgForm(e, parent, app, names, apps)
			mf.vals.Ceiling, mf.vals.NoSelfAssign = true, true
			mf.build()
			return mf
		})
	}
	return nil, push(func(e env) screen { return newMyOrgForm(e, parent, app, names, apps) })
}

// orgOf finds the organization an object is, or belongs to.
func (s *auditScreen) orgOf(o model.ObjectRef) (model.Organization, bool) {
	id := o.OrgID
	if o.Kind == model.KindOrganization {
		id = o.ID
	}
	for _, org := range s.snap.Organizations {
		if org.ID == id {
			return org, true
		}
	}
	return model.Organization{}, false
}

// clientOf finds an application, with the profile names its screens show.
func (s *auditScreen) clientOf(id string) (model.Client, map[string]string) {
	names := map[string]string{}
	for _, p := range s.snap.Profiles {
		names[p.ID] = p.Name
	}
	for _, app := range s.snap.Clients {
		if app.ClientID == id {
			return app, names
		}
	}
	return model.Client{}, names
}

// reaudit reads again the organization a fix changed, and runs the rules.
func (s *auditScreen) reaudit(summary string) tea.Cmd {
	f, ok := s.finding()
	if !ok || len(f.Objects) == 0 {
		return flash("✓ " + summary)
	}
	org, ok := s.orgOf(f.Objects[0])
	if !ok {
		return flash("✓ " + summary + " · r re-checks now")
	}
	before, sess := s.snap, s.env.session
	return tea.Batch(flash("✓ "+summary), s.env.api("read "+org.Name+"'s connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
		if err != nil {
			return nil, err
		}
		// A new snapshot with that organization's links: the one on screen
		// is never written to, so nothing reads it while it changes.
		next := *before
		next.Links = maps.Clone(before.Links)
		next.Links[org.ID] = links
		return auditDoneMsg{snap: &next, findings: sess.auditOf(&next)}, nil
	}))
}

func flash(text string) tea.Cmd { return func() tea.Msg { return flashMsg{text: text} } }

// done says on the status bar that a change was made ("✓ summary").
func done(summary string) tea.Cmd { return flash("✓ " + summary) }
