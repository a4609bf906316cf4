package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Eight logins at once: each keeps its tenant, and each secret is kept
// (the read-modify-write of the config and of the secrets file is done
// in turn, under their locks).
func TestParallelUpdatesKeepEveryChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	secrets := Secrets{File: filepath.Join(dir, "secrets.yaml")}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("tenant-%d", i)
			_, err := Update(path, func(f *File) error {
				return f.PutTenant(Tenant{Name: name, Domain: name + ".example.auth0.com", ClientID: "id" + strconv.Itoa(i)})
			})
			errs <- err
			errs <- secrets.SetFile(name, "secret-"+name)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := secrets.readFile()
	for i := range 8 {
		name := fmt.Sprintf("tenant-%d", i)
		if _, ok := f.Tenant(name); !ok {
			t.Errorf("%s was lost from the config", name)
		}
		if kept[name] != "secret-"+name {
			t.Errorf("%s's secret was lost", name)
		}
	}
}

// A lock another holder has is refused at once, naming the process.
func TestTryLockSaysWhoHoldsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	os.WriteFile(path, nil, 0o600)
	l, err := TryLock(path, "the journal batch.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = TryLock(path, "the journal batch.jsonl")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "the journal batch.jsonl is in use by process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("a second lock: %v", err)
	}
	l.Unlock()
	again, err := TryLock(path, "the journal batch.jsonl")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again.Unlock()
}
