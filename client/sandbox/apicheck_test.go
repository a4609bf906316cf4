package sandbox_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// throughAPICheck returns the URL tests send their requests to. When
// ORGSCOPE_APICHECK names a built ../shared/tools/apicheck binary, every
// test's traffic goes through it, and each test's violations are appended to
// ORGSCOPE_APICHECK_REPORT (default apicheck-report.jsonl in the test
// directory). Otherwise the sandbox is used directly.
func throughAPICheck(t *testing.T, upstream string) string {
	bin := os.Getenv("ORGSCOPE_APICHECK")
	if bin == "" {
		return upstream
	}
	spec := os.Getenv("ORGSCOPE_APICHECK_SPEC")
	if spec == "" {
		spec = filepath.Join("..", "..", "..", "shared", "openapi", "auth0-management-api.openapi.json")
	}
	report := os.Getenv("ORGSCOPE_APICHECK_REPORT")
	if report == "" {
		report = "apicheck-report.jsonl"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	out := filepath.Join(t.TempDir(), "violations.jsonl")
	cmd := exec.Command(bin, "-spec", spec, "-listen", addr, "-upstream", upstream, "-report", out, "-for", "10m")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("apicheck: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
		b, _ := os.ReadFile(out)
		if len(b) == 0 {
			return
		}
		f, err := os.OpenFile(report, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Errorf("apicheck report: %v", err)
			return
		}
		defer f.Close()
		fmt.Fprintf(f, "# %s\n%s", t.Name(), b)
	})
	// apicheck listens once its document is loaded: wait for the port.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return "http://" + addr
		}
	}
	t.Fatal("apicheck did not answer within 60s")
	return ""
}
