package client

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// memberPagesRead bounds how much of an organization's member list a
// trace reads looking for one address: 20 pages of 100, 2,000 members.
// Auth0 lists members without a search by email, and a trace must stay a
// few requests, not an export.
const memberPagesRead, memberPageSize = 20, 100

// Membership says whether the user with email is a member of the
// organization (GET /organizations/{id}/members, checkpoint paging, only
// user_id and email asked for; read:organization_members). member is nil
// when that is not known, and why says so: the token lacks the scope, or
// the address is not among the members read. An error is only one that
// stops the client (a cancelled context).
func (c *Client) Membership(ctx context.Context, orgID, email string) (member *bool, why string, err error) {
	want := strings.ToLower(strings.TrimSpace(email))
	from := ""
	for read := 0; read < memberPagesRead; read++ {
		var page struct {
			Members []struct {
				Email string `json:"email"`
			} `json:"members"`
			Next string `json:"next"`
		}
		q := url.Values{"take": {fmt.Sprint(memberPageSize)}, "fields": {"user_id,email"}, "include_fields": {"true"}}
		if from != "" {
			q.Set("from", from)
		}
		err := c.getJSON(ctx, "/api/v2/organizations/"+url.PathEscape(orgID)+"/members", q, "a page of members", &page)
		if scopes, ok := IsInsufficientScope(err); ok {
			if len(scopes) == 0 {
				scopes = []string{"read:organization_members"}
			}
			return nil, "the token lacks " + strings.Join(scopes, " or ") + ", which would tell whether the user is a member", nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, "", err
			}
			return nil, "the members could not be read (" + err.Error() + ")", nil
		}
		for _, m := range page.Members {
			if strings.ToLower(m.Email) == want {
				yes := true
				return &yes, "", nil
			}
		}
		if page.Next == "" || page.Next == from || len(page.Members) == 0 {
			no := false
			return &no, "", nil
		}
		from = page.Next
	}
	return nil, fmt.Sprintf("the address is not among the first %d members read (the rest were not)", memberPagesRead*memberPageSize), nil
}
