package sandbox

import (
	"encoding/json"
	"time"

	"github.com/orgscope/orgscope/model"
)

// seedSnapshot fills the tenant with a snapshot's objects, so that
// orgscope can browse a snapshot file offline through the same client and
// screens as a tenant. The admin clients come first, as in every sandbox;
// objects keep the snapshot's order (their checkpoint order); the My
// Organization API grants are re-aimed at the sandbox's own My Organization
// API. Users, members and logs are not in a snapshot, so not here either.
func seedSnapshot(t *tenant, domain string, s *model.Snapshot) error {
	seedAdmin(t, domain)
	at := seedBase().Add(2 * time.Hour)
	next := func() time.Time { at = at.Add(time.Second); return at }
	for _, p := range s.Profiles {
		t.addProfile(&profileRecord{Profile: p, Created: next()})
	}
	for _, c := range s.Clients {
		var doc map[string]any
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return err
		}
		t.addClient(&clientRecord{Doc: doc, Secret: randomID("", 64), Created: next()})
		// A snapshot keeps no user attribute profiles: the ones its
		// configurations name stand in, so that they stay valid.
		if m := c.MyOrganizationConfiguration; m != nil && m.UserAttributeProfileID != "" && t.uap(m.UserAttributeProfileID) == nil {
			t.addUAP(demoUAP(m.UserAttributeProfileID, "from-snapshot-"+m.UserAttributeProfileID))
		}
	}
	for _, c := range s.Connections {
		t.addConn(&connRecord{Conn: c, Created: next()})
	}
	for _, o := range s.Organizations {
		t.addOrg(&orgRecord{Org: o, Links: s.Links[o.ID], Created: next()})
	}
	myOrg := "https://" + domain + model.MyOrganizationAPISuffix
	for _, g := range s.MyOrganizationGrants {
		g := g
		g.Audience = myOrg
		t.addGrant(&g)
	}
	t.lastNow = at
	return nil
}
