package model

import (
	"strings"
	"testing"
	"time"
)

// A journal cut short by a crash reads up to its last whole line; one
// damaged elsewhere is refused with the line named.
func TestCrawlFile(t *testing.T) {
	on := true
	start := EncodeCrawlStart(PartialCrawl{Tenant: "acme.eu.auth0.com", StartedAt: time.Unix(1700000000, 0).UTC(), Checkpoint: &LogCheckpoint{Newest: "9002", Before: "9001"}})
	a := EncodeCrawlRead("org_a", []OrganizationConnection{{ConnectionID: "con_1", IsEnabled: true, IsSignupEnabled: &on,
		AssignMembershipOnLogin: true, Connection: ConnectionRef{Name: "db", Strategy: "auth0"}}})
	b := EncodeCrawlRead("org_b", nil)
	p, err := DecodeCrawl([]byte(string(start) + string(a) + string(b) + `{"org":"org_c","li`))
	if err != nil {
		t.Fatal(err)
	}
	l := p.Links["org_a"][0]
	if len(p.Links) != 2 || p.Checkpoint.Newest != "9002" || l.Connection.Name != "db" || !l.IsEnabled || *l.IsSignupEnabled != true || !l.AssignMembershipOnLogin {
		t.Fatalf("decoded %+v, link %+v", p, l)
	}
	if _, err := DecodeCrawl([]byte(string(start) + "garbage\n" + string(b))); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a damaged line gave %v", err)
	}
	if _, err := DecodeCrawl([]byte("{}\n")); err == nil {
		t.Fatal("a file without header was read")
	}
}
