package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
)

// Plan is one change, described before it is sent: the exact method, path
// and JSON body, a sentence for people, and for link changes the state
// before (for undo). Executing a plan sends exactly that request.
type Plan struct {
	Method  string
	Path    string          // below the base URL, e.g. /api/v2/organizations/org_…/connections
	Body    json.RawMessage // nil for DELETE
	Summary string

	// Org, Before and After describe a link change: Before is nil for an
	// enable, After nil for a removal.
	Org    model.Organization
	Before *model.OrganizationConnection
	After  *model.OrganizationConnection

	// Subject names what the plan changes ("organization org_…",
	// "connection con_…", "profile cop_…", "client …"), so that a screen
	// can find its last change in the journal.
	Subject string

	run  func(ctx context.Context) (any, error)
	undo func(result any) (*Plan, error) // the inverse plan, given what Execute returned
}

// Creates reports a plan that creates an object (a POST).
func (p *Plan) Creates() bool { return p.Method == "POST" }

// Curl renders the plan as a curl command against base, with the token
// left to the shell as $AUTH0_API_TOKEN.
func (p *Plan) Curl(base string) string {
	var b strings.Builder
	// The URL on a line of its own: a screen 80 columns wide breaks it
	// only when it alone is longer.
	fmt.Fprintf(&b, "curl -X %s \\\n  %s \\\n  -H \"Authorization: Bearer $AUTH0_API_TOKEN\"", p.Method, shellQuote(base+p.Path))
	if p.Body != nil {
		fmt.Fprintf(&b, " \\\n  -H 'Content-Type: application/json' \\\n  --data %s", shellQuote(string(p.Body)))
	}
	return b.String()
}

// shellQuote puts s in single quotes for a POSIX shell: nothing in it is
// expanded, and a quote in it (a domain or an id from a file, a name in a
// body) ends nothing.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Execute sends the plan and records it in the journal. It returns what
// Auth0 answered, as a model value: *model.OrganizationConnection,
// *model.Organization, *model.Connection, *model.ConnectionProfile or
// *model.Client; nil for a deletion. A read-only session refuses without
// sending anything.
func (c *Client) Execute(ctx context.Context, p *Plan) (any, error) {
	if c.readOnly {
		return nil, ErrReadOnly
	}
	began := time.Now()
	res, err := p.run(ctx)
	c.planLog.add(ExecutedPlan{Time: began, Plan: *p, Result: res, Err: err})
	return res, err
}

// ExecuteLink executes a link plan and returns the link as Auth0 answered
// it (nil after a removal).
func (c *Client) ExecuteLink(ctx context.Context, p *Plan) (*model.OrganizationConnection, error) {
	res, err := c.Execute(ctx, p)
	l, _ := res.(*model.OrganizationConnection)
	return l, err
}
