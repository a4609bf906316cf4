package client

import (
	"errors"
	"strings"
	"testing"

	"github.com/orgscope/orgscope/model"
)

// A fault while applying the log does not take the program down, and does
// not leave a tool that fails the same way at every start: the refresh
// asks for a crawl, saying why.
func TestApplyingTheLogFailsIntoACrawl(t *testing.T) {
	c := &Client{log: newRequestLog(10)}
	ch := model.NewTenantChanges()
	ch.GrantClients["app"] = true
	err := c.applySafely(t.Context(), nil, ch, func(CrawlProgress) {}) // a nil snapshot: the fault
	var full *NeedsFullCrawl
	if !errors.As(err, &full) || !strings.Contains(full.Reason, "a crawl rebuilds it") {
		t.Fatalf("a fault in applying the log gave %v, want a crawl asked for", err)
	}
}
