package sandbox

import (
	"strconv"
	"time"

	"github.com/orgscope/orgscope/model"
)

// generateOrgs replaces the tenant's organizations with n generated ones,
// each with one to four links to the tenant's connections, in creation
// order and the same for the same seed. 100,000 take well under a second.
func generateOrgs(t *tenant, n int, seed uint64) {
	g := newIDs(seed, 2)
	t.orgs = make(map[string]*orgRecord, n)
	t.orgByName = make(map[string]*orgRecord, n)
	t.orgOrder = make([]*orgRecord, 0, n)
	t.invalidateSorted()

	var conns []*connRecord
	for _, c := range t.connOrder {
		if c.Conn.Class() != model.ClassOther {
			conns = append(conns, c)
		}
	}
	first, last := words()
	start := seedBase().Add(24 * time.Hour)
	recs := make([]orgRecord, n) // one allocation for all records
	for i := range n {
		a, b := first[g.rng.IntN(len(first))], last[g.rng.IntN(len(last))]
		r := &recs[i]
		r.Org = model.Organization{
			ID:          g.id("org_", 16),
			Name:        a + "-" + b + "-" + strconv.Itoa(i+1),
			DisplayName: title(a) + " " + title(b) + " " + strconv.Itoa(i+1),
		}
		r.Created = start.Add(time.Duration(i) * 7 * time.Second)
		r.key = cursorKey(r.Created, r.Org.ID)
		if len(conns) > 0 {
			k := 1 + g.rng.IntN(4)
			r.Links = make([]model.OrganizationConnection, 0, k)
			for range k {
				c := conns[g.rng.IntN(len(conns))]
				if r.link(c.Conn.ID) != nil {
					continue
				}
				link := model.NewLink(c.Conn.ID, model.ConnectionRef{Name: c.Conn.Name, Strategy: c.Conn.Strategy})
				link.AssignMembershipOnLogin = g.rng.IntN(3) > 0
				if link.IsSignupEnabled != nil && link.AssignMembershipOnLogin && g.rng.IntN(2) == 0 {
					on := true
					link.IsSignupEnabled = &on
				}
				link.IsEnabled = g.rng.IntN(20) > 0
				r.Links = append(r.Links, link)
			}
		}
		t.orgs[r.Org.ID] = r
		t.orgByName[r.Org.Name] = r
		t.orgOrder = append(t.orgOrder, r) // created times increase: already in order
	}
	if last := start.Add(time.Duration(n) * 7 * time.Second); last.After(t.lastNow) {
		t.lastNow = last
	}
}

func words() (first, last []string) {
	return []string{"blue", "north", "bright", "silver", "rapid", "quiet", "solid", "green", "prime", "urban",
			"alpine", "coastal", "golden", "iron", "lunar", "maple", "nova", "ocean", "polar", "red"},
		[]string{"logistics", "health", "labs", "foods", "energy", "capital", "media", "robotics", "retail", "systems",
			"analytics", "dental", "freight", "insurance", "legal", "motors", "pharma", "studios", "textiles", "travel"}
}

func title(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
