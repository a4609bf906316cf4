package sandbox

import (
	"time"

	"github.com/orgscope/orgscope/model"
)

// Hostile text: what an org admin (through My Organization) or a
// compromised automation can put in a tenant's free-text fields, one of
// each family of terminal control sequence. Tests plant it to check that
// no output of orgscope carries one raw; `sandbox serve --hostile` lets a
// person try.
const (
	HostileTitle   = "\x1b]0;pwned\x07"                                      // OSC 0: retitles the terminal
	HostileClear   = "\x1b[2J"                                               // CSI: clears the screen
	HostileBlink   = "\x1b[5m"                                               // CSI SGR that orgscope never uses: colour spill
	HostileClip    = "\x1b]52;c;ZWNobyBwd25lZA==\x07"                        // OSC 52: writes "echo pwned" to the clipboard
	HostileLink    = "\x1b]8;;https://evil.example\x1b\\Click\x1b]8;;\x1b\\" // OSC 8: a disguised link
	HostileDCS     = "\x1bP1$r0m\x1b\\"                                      // DCS
	HostileAPC     = "\x1b_payload\x1b\\"                                    // APC
	HostileC1      = "\u009b2J\u009d0;c1\u009c"                              // C1 CSI and OSC, no ESC at all
	HostileBidi    = "\u202etxt.exe"                                         // right-to-left override
	HostileFormula = "=cmd|' /C calc'!A0"                                    // a spreadsheet formula
	// HostileAppName is the hostile application's name.
	HostileAppName = HostileFormula + " Evil " + HostileBlink + "App" + HostileTitle
	// HostileSecret is planted as connection secrets (under secret names
	// and in a PEM body): no output and no file may carry it.
	HostileSecret = "planted-secret-7f3a9c"
)

// seedHostile adds objects whose every free-text field carries hostile
// text: an organization (display name, metadata keys and values, a link's
// organization connection name), a connection (display name, metadata,
// options), an application and a connection profile.
func seedHostile(t *tenant, domain string) {
	g := newIDs(99, 7)
	at := t.lastNow.Add(time.Hour)
	db := t.connByName("Username-Password-Authentication")
	conn := model.Connection{ID: g.id("con_", 16), Name: "evil-saml", Strategy: "samlp",
		DisplayName: "Evil " + HostileLink + HostileBlink,
		Options: map[string]any{"signInEndpoint": "https://sso.evil.example/saml", "note": HostileAPC + HostileC1 + HostileBlink, HostileBlink + "key": "v",
			"signing_key":   map[string]any{"key": "-----BEGIN PRIVATE KEY-----\n" + HostileSecret + "\n-----END PRIVATE KEY-----", "cert": HostileSecret},
			"decryptionKey": map[string]any{"key": HostileSecret}, "app_secret": HostileSecret, "twilio_token": HostileSecret,
			"configuration": map[string]any{"DB_PASSWORD": HostileSecret}},
		Metadata: map[string]string{"owner": HostileDCS + "ops", "sheet": HostileFormula}}
	applyConnDefaults(&conn, "https://"+domain, g.id("", 8))
	t.addConn(&connRecord{Conn: conn, Created: at})
	org := model.Organization{ID: g.id("org_", 16), Name: "evil-title", DisplayName: HostileTitle + "Evil" + HostileClear + HostileBidi,
		// "for" is an HCL keyword: a bare key of that name is no longer a map.
		Metadata: map[string]string{"k": HostileClip, "tier" + HostileBlink: "gold", "formula": HostileFormula, "for": "${var.x}"}}
	r := &orgRecord{Org: org, Created: at.Add(time.Minute)}
	link := model.NewLink(conn.ID, model.ConnectionRef{Name: conn.Name, Strategy: conn.Strategy})
	link.AssignMembershipOnLogin, link.ShowAsButton = true, true
	link.OrganizationConnectionName = "SSO " + HostileC1 + HostileBlink
	r.Links = append(r.Links, link)
	if db != nil {
		r.Links = append(r.Links, model.NewLink(db.Conn.ID, model.ConnectionRef{Name: db.Conn.Name, Strategy: db.Conn.Strategy}))
	}
	t.addOrg(r)
	clientID := g.id("", 32)
	prefix := "evil-"
	profile := model.ConnectionProfile{ID: g.id("cop_", 22), Name: "Evil" + HostileClear + HostileBidi + HostileBlink, ConnectionNamePrefixTemplate: &prefix}
	// The application logs users in to evil-title through evil-saml, and
	// lets its admins add SAML connections under the hostile profile: the
	// tracer and the delegated-admin view print all of it.
	t.addClient(&clientRecord{Doc: map[string]any{"client_id": clientID, "name": HostileAppName,
		"description": HostileClip + HostileBlink, "app_type": "regular_web", "is_first_party": true, "organization_usage": "allow",
		"grant_types": []any{"authorization_code"}, "callbacks": []any{"https://evil.example/callback"},
		"my_organization_configuration": map[string]any{"connection_profile_id": profile.ID, "allowed_strategies": []any{"samlp"},
			"connection_deletion_behavior": "allow"}}, Secret: g.id("", 64), Created: at.Add(2 * time.Minute)})
	conn.EnabledClients = append(conn.EnabledClients, clientID)
	t.conns[conn.ID].Conn.EnabledClients = conn.EnabledClients
	t.addProfile(&profileRecord{Profile: profile, Created: at.Add(3 * time.Minute)})
	t.lastNow = at.Add(4 * time.Minute)
}
