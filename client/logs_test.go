package client_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/client/sandbox"
)

func TestLogsAndConnectionClients(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := connect(t, srv)
	ctx := context.Background()
	org, _ := c.Organization(ctx, "soylent")
	for _, name := range []string{"github", "email"} {
		conn, _ := c.Connection(ctx, name)
		p, _ := c.PlanEnable(org, conn, client.LinkSettings{})
		if _, err := c.ExecuteLink(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	events, err := client.Collect(c.Logs(ctx, ""))
	if err != nil || len(events) != 2 || events[0].Type != "sapi" {
		t.Fatalf("logs: %d events, %v", len(events), err)
	}
	newer, err := client.Collect(c.Logs(ctx, events[0].LogID))
	if err != nil || len(newer) != 1 || newer[0].LogID != events[1].LogID {
		t.Fatalf("logs after the first: %+v %v", newer, err)
	}
	gh, _ := c.Connection(ctx, "github")
	ids, err := c.ConnectionClients(ctx, gh.ID)
	if err != nil || len(ids) != 1 || !slices.Contains(gh.EnabledClients, ids[0]) {
		t.Fatalf("github's clients %v %v (enabled_clients %v)", ids, err, gh.EnabledClients)
	}
}

// Logs come 100 a page: 250 writes are read in three pages.
func TestLogsPaging(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Empty: true})
	ctx := context.Background()
	tok := srv.Token("create:organizations")
	for i := range 250 {
		body := fmt.Sprintf(`{"name":"org-%d"}`, i)
		req, _ := http.NewRequest("POST", srv.URL()+"/api/v2/organizations", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 201 {
			t.Fatalf("create org %d: %v %v", i, res, err)
		}
		res.Body.Close()
	}
	rec := newRecorder()
	c := connect(t, srv, func(cfg *client.Config) { cfg.Transport = rec })
	events, err := client.Collect(c.Logs(ctx, ""))
	if err != nil || len(events) != 250 {
		t.Fatalf("%d events, %v", len(events), err)
	}
	if n := rec.count("GET /api/v2/logs"); n != 3 {
		t.Fatalf("%d log requests for 250 events, want 3", n)
	}
}
