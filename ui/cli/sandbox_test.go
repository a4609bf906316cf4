package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSandboxServePrintsWorkingCredentials(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, "", []string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--plan", "unlimited"}, &out, &errOut)
	}()
	var banner string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if banner = out.String(); strings.Contains(banner, "Press Ctrl-C to stop.") {
			break
		}
	}
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^  ` + name + `\s+(\S+)$`).FindStringSubmatch(banner)
		if m == nil {
			t.Fatalf("banner has no %s:\n%s\nstderr: %s", name, banner, errOut.String())
		}
		return m[1]
	}
	base, id, secret := field("base URL"), field("client id"), field("client secret")
	if !strings.Contains(banner, "40 organizations") || !strings.Contains(banner, "curl") {
		t.Fatalf("banner:\n%s", banner)
	}
	res, err := http.PostForm(base+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {base + "/api/v2/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("the printed credentials do not get a token: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
}
