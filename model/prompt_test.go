package model

import (
	"slices"
	"testing"
)

func link(id, name, strategy string, edit func(*OrganizationConnection)) OrganizationConnection {
	l := NewLink(id, ConnectionRef{Name: name, Strategy: strategy})
	if edit != nil {
		edit(&l)
	}
	return l
}

func TestLoginPrompt(t *testing.T) {
	hidden := func(l *OrganizationConnection) { l.ShowAsButton = false }
	off := func(l *OrganizationConnection) { l.IsEnabled = false }
	signup := func(l *OrganizationConnection) { on := true; l.AssignMembershipOnLogin = true; l.IsSignupEnabled = &on }

	p := PromptFor([]OrganizationConnection{
		link("c1", "okta", "okta", nil), link("c2", "db", "auth0", signup), link("c3", "saml", "samlp", hidden),
		link("c4", "gh", "github", hidden), link("c5", "mail", "email", off),
	}, nil, "")
	if !slices.Equal(p.Buttons, []string{"okta", "gh"}) || !slices.Equal(p.Fields, []string{"db"}) ||
		!slices.Equal(p.Hidden, []string{"saml"}) || !slices.Equal(p.Off, []string{"mail"}) || !p.Signup || !p.NeedsHRD() || p.Error != "" {
		t.Fatalf("prompt %+v", p)
	}
	// Only hidden enterprise connections: Auth0's own error.
	if p := PromptFor([]OrganizationConnection{link("c3", "saml", "samlp", hidden)}, nil, ""); p.Error != NoVisibleConnectionsError {
		t.Fatalf("all hidden: %+v", p)
	}
	if p := PromptFor(nil, nil, ""); p.Error == "" {
		t.Fatal("an org without connections has a usable prompt")
	}
	if p := PromptFor([]OrganizationConnection{link("c5", "mail", "email", off)}, nil, ""); p.Error == "" {
		t.Fatal("an org whose links are all off has a usable prompt")
	}
	// Signup needs membership: a link made by older tooling shows no link.
	noMem := func(l *OrganizationConnection) { on := true; l.IsSignupEnabled = &on }
	if p := PromptFor([]OrganizationConnection{link("c2", "db", "auth0", noMem)}, nil, ""); p.Signup {
		t.Fatal("signup shown without membership")
	}
	// Per application: a connection not enabled for the app shows nothing.
	conns := map[string]Connection{
		"c1": {ID: "c1", Name: "okta", Strategy: "okta", EnabledClients: []string{"app1"}},
		"c2": {ID: "c2", Name: "db", Strategy: "auth0", EnabledClients: []string{"app2"}, Authentication: &Authentication{Active: true}},
		"c6": {ID: "c6", Name: "vault", Strategy: "google-oauth2", EnabledClients: []string{"app1"}, Authentication: &Authentication{Active: false}},
	}
	p = PromptFor([]OrganizationConnection{link("c1", "okta", "okta", nil), link("c2", "db", "auth0", nil), link("c6", "vault", "google-oauth2", nil)}, conns, "app1")
	if !slices.Equal(p.Buttons, []string{"okta"}) || !slices.Equal(p.Off, []string{"db", "vault"}) {
		t.Fatalf("for app1: %+v", p)
	}
}
