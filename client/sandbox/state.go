package sandbox

import (
	"crypto/rand"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/orgscope/orgscope/model"
)

// createdLayout is the timestamp form inside Auth0's organization cursors;
// it is fixed-width, so cursor keys sort as (created_at, id).
const createdLayout = "2006-01-02 15:04:05.000000UTC"

// orgRecord is an organization with what Auth0 keeps but does not show: its
// creation time (the checkpoint order) and its links in the order they were made.
type orgRecord struct {
	Org     model.Organization             `json:"org"`
	Created time.Time                      `json:"created"`
	Links   []model.OrganizationConnection `json:"links,omitempty"`
	// ClientGrants are the ids of the client grants associated with it.
	ClientGrants []string `json:"client_grants,omitempty"`
	// DiscoveryDomains are its discovery domains, by id.
	DiscoveryDomains []discoveryDomain `json:"discovery_domains,omitempty"`
	// Members are its members, as the members list shows them (the
	// sandbox keeps no users of its own: the demo seeds them).
	Members []orgMember `json:"members,omitempty"`
	key     string
}

// orgMember is a member of an organization, in the list's shape.
type orgMember struct {
	UserID string `json:"user_id"`
	Email  string `json:"email,omitempty"`
	Name   string `json:"name,omitempty"`
}

type connRecord struct {
	Conn    model.Connection `json:"conn"`
	Created time.Time        `json:"created"`
	key     string
}

type profileRecord struct {
	Profile model.ConnectionProfile `json:"profile"`
	Created time.Time               `json:"created"`
	key     string
}

// clientRecord keeps the whole client document as sent (Auth0 has dozens of
// client properties; the sandbox echoes them) plus the secret.
type clientRecord struct {
	Doc     map[string]any `json:"doc"`
	Secret  string         `json:"secret"`
	Created time.Time      `json:"created"`
}

func (c *clientRecord) id() string { s, _ := c.Doc["client_id"].(string); return s }

// tenant is the whole state of the sandbox tenant. One lock guards it all.
type tenant struct {
	mu sync.RWMutex

	orgs      map[string]*orgRecord
	orgByName map[string]*orgRecord
	orgOrder  []*orgRecord            // by (created, id): the checkpoint order
	orgSorted map[string][]*orgRecord // offset-mode sort orders, until the next org write
	sortMu    sync.Mutex              // guards orgSorted for readers under the read lock

	conns       map[string]*connRecord
	connOrder   []*connRecord
	connDeleted map[string]string // id → deleted_at, for repeated DELETEs

	profiles     map[string]*profileRecord
	profileOrder []*profileRecord

	clients     map[string]*clientRecord
	clientOrder []string
	grants      map[string]*model.ClientGrant
	grantOrder  []string
	uaps        []*uapRecord // user attribute profiles, by id
	prompts     promptSettings

	logs      []model.LogEvent
	logSeq    int64
	retention time.Duration
	lastNow   time.Time
	// ahead moves the tenant's clock forward (Server.Advance): log
	// retention is tested without waiting it out.
	ahead time.Duration
}

func newTenant() *tenant {
	return &tenant{
		orgs:        map[string]*orgRecord{},
		orgByName:   map[string]*orgRecord{},
		orgSorted:   map[string][]*orgRecord{},
		conns:       map[string]*connRecord{},
		connDeleted: map[string]string{},
		profiles:    map[string]*profileRecord{},
		clients:     map[string]*clientRecord{},
		grants:      map[string]*model.ClientGrant{},
		prompts:     defaultPrompts(),
	}
}

// now returns a strictly increasing time, so creation order is total.
func (t *tenant) now() time.Time {
	n := time.Now().Add(t.ahead).UTC().Truncate(time.Microsecond)
	if !n.After(t.lastNow) {
		n = t.lastNow.Add(time.Microsecond)
	}
	t.lastNow = n
	return n
}

func cursorKey(created time.Time, id string) string { return created.Format(createdLayout) + "," + id }

// keyed records sit in slices ordered by their cursor key: the checkpoint
// order of their list.
type keyed interface{ cursor() string }

func (r *orgRecord) cursor() string     { return r.key }
func (r *connRecord) cursor() string    { return r.key }
func (r *profileRecord) cursor() string { return r.key }

// insertOrdered inserts r into s, keeping s ordered by cursor key.
func insertOrdered[T keyed](s []T, r T) []T {
	i := sort.Search(len(s), func(i int) bool { return s[i].cursor() > r.cursor() })
	return slices.Insert(s, i, r)
}

// removeOrdered removes the record with r's key from s.
func removeOrdered[T keyed](s []T, r T) []T {
	i := sort.Search(len(s), func(i int) bool { return s[i].cursor() >= r.cursor() })
	if i < len(s) && s[i].cursor() == r.cursor() {
		return slices.Delete(s, i, i+1)
	}
	return s
}

// addOrg inserts an organization keeping the checkpoint order.
func (t *tenant) addOrg(r *orgRecord) {
	r.key = cursorKey(r.Created, r.Org.ID)
	t.orgs[r.Org.ID] = r
	t.orgByName[r.Org.Name] = r
	t.orgOrder = insertOrdered(t.orgOrder, r)
	t.invalidateSorted()
}

func (t *tenant) removeOrg(r *orgRecord) {
	delete(t.orgs, r.Org.ID)
	delete(t.orgByName, r.Org.Name)
	t.orgOrder = removeOrdered(t.orgOrder, r)
	t.invalidateSorted()
}

func (t *tenant) renameOrg(r *orgRecord, name string) {
	delete(t.orgByName, r.Org.Name)
	r.Org.Name = name
	t.orgByName[name] = r
	t.invalidateSorted()
}

func (t *tenant) addConn(r *connRecord) {
	r.key = cursorKey(r.Created, r.Conn.ID)
	t.conns[r.Conn.ID] = r
	t.connOrder = insertOrdered(t.connOrder, r)
}

func (t *tenant) removeConn(id string) {
	t.connOrder = removeOrdered(t.connOrder, t.conns[id])
	delete(t.conns, id)
	// A deleted connection disappears from every organization.
	for _, o := range t.orgs {
		o.Links = slices.DeleteFunc(o.Links, func(l model.OrganizationConnection) bool { return l.ConnectionID == id })
	}
}

func (t *tenant) connByName(name string) *connRecord {
	for _, c := range t.connOrder {
		if c.Conn.Name == name {
			return c
		}
	}
	return nil
}

func (t *tenant) addProfile(r *profileRecord) {
	r.key = cursorKey(r.Created, r.Profile.ID)
	t.profiles[r.Profile.ID] = r
	t.profileOrder = insertOrdered(t.profileOrder, r)
}

func (t *tenant) removeProfile(id string) {
	t.profileOrder = removeOrdered(t.profileOrder, t.profiles[id])
	delete(t.profiles, id)
}

func (t *tenant) addClient(c *clientRecord) {
	t.clients[c.id()] = c
	t.clientOrder = append(t.clientOrder, c.id())
}

func (t *tenant) removeClient(id string) {
	delete(t.clients, id)
	t.clientOrder = slices.DeleteFunc(t.clientOrder, func(s string) bool { return s == id })
	for _, c := range t.conns {
		c.Conn.EnabledClients = slices.DeleteFunc(c.Conn.EnabledClients, func(s string) bool { return s == id })
	}
	for gid, g := range t.grants {
		if g.ClientID == id {
			t.removeGrant(gid)
		}
	}
}

func (t *tenant) addGrant(g *model.ClientGrant) {
	t.grants[g.ID] = g
	t.grantOrder = append(t.grantOrder, g.ID)
}

func (t *tenant) removeGrant(id string) {
	delete(t.grants, id)
	t.grantOrder = slices.DeleteFunc(t.grantOrder, func(s string) bool { return s == id })
}

// link returns the link of connection cid on org r, or nil.
func (r *orgRecord) link(cid string) *model.OrganizationConnection {
	for i := range r.Links {
		if r.Links[i].ConnectionID == cid {
			return &r.Links[i]
		}
	}
	return nil
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomID returns prefix plus n random letters and digits, the shape of
// Auth0's ids (org_ + 16, con_ + 16, cop_ + 22, client ids of 32).
func randomID(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return prefix + string(b)
}

func (t *tenant) invalidateSorted() {
	t.sortMu.Lock()
	clear(t.orgSorted)
	t.sortMu.Unlock()
}

func itoa(i int) string { return strconv.Itoa(i) }
