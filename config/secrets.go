package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zalando/go-keyring"
	"gopkg.in/yaml.v3"
)

// keyringService names orgscope's entries in the OS keyring.
const keyringService = "orgscope"

// ErrNoSecret is the answer for a tenant with no secret stored.
var ErrNoSecret = errors.New("no secret stored")

// Secrets keeps each tenant's client secret (or token): in the OS
// keyring, or where there is none (headless Linux, CI) in a secrets file
// readable by its owner only — never in the config file.
type Secrets struct {
	// File is the secrets file, used when the keyring is absent.
	File string
}

// DefaultSecrets keeps secrets beside the config file.
func DefaultSecrets() (Secrets, error) {
	dir, err := Dir()
	if err != nil {
		return Secrets{}, err
	}
	return Secrets{File: filepath.Join(dir, "secrets.yaml")}, nil
}

// KeyringAvailable says whether the OS keyring answers; err says why not.
func KeyringAvailable() (bool, error) {
	_, err := keyring.Get(keyringService, "orgscope-probe")
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return true, nil
	}
	return false, err
}

// Get returns a tenant's secret: from the keyring, else from the secrets
// file. ErrNoSecret when neither holds one.
func (s Secrets) Get(tenant string) (string, error) {
	v, err := keyring.Get(keyringService, tenant)
	if err == nil {
		return v, nil
	}
	file, ferr := s.readFile()
	if ferr != nil {
		return "", ferr
	}
	if v, ok := file[tenant]; ok {
		return v, nil
	}
	return "", ErrNoSecret
}

// SetKeyring stores a tenant's secret in the OS keyring.
func (s Secrets) SetKeyring(tenant, secret string) error {
	if err := keyring.Set(keyringService, tenant, secret); err != nil {
		return fmt.Errorf("the OS keyring refused the secret: %w", err)
	}
	return nil
}

// SetFile stores a tenant's secret in the secrets file (mode 0600,
// written atomically).
func (s Secrets) SetFile(tenant, secret string) error {
	l, err := s.lock()
	if err != nil {
		return err
	}
	defer l.Unlock()
	file, err := s.readFile()
	if err != nil {
		return err
	}
	file[tenant] = secret
	return s.writeFile(file)
}

// Delete removes a tenant's secret from the keyring and the secrets
// file; removed says whether there was one.
func (s Secrets) Delete(tenant string) (removed bool, err error) {
	if err := keyring.Delete(keyringService, tenant); err == nil {
		removed = true
	}
	l, err := s.lock()
	if err != nil {
		return removed, err
	}
	defer l.Unlock()
	file, err := s.readFile()
	if err != nil {
		return removed, err
	}
	if _, ok := file[tenant]; ok {
		delete(file, tenant)
		return true, s.writeFile(file)
	}
	return removed, nil
}

// lock takes the secrets file's lock for a read-modify-write (no lock
// without a file: there is nothing to write).
func (s Secrets) lock() (*Lock, error) {
	if s.File == "" {
		return nil, nil
	}
	if err := os.MkdirAll(filepath.Dir(s.File), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", filepath.Dir(s.File), err)
	}
	return WaitLock(s.File, "the secrets file "+s.File, lockWait)
}

// readFile reads the secrets file (empty when there is none). One that
// others can read is refused: its secrets may have leaked, and orgscope
// will not add to them.
func (s Secrets) readFile() (map[string]string, error) {
	out := map[string]string{}
	if s.File == "" {
		return out, nil
	}
	fi, err := os.Stat(s.File)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the secrets file: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the secrets file %s can be read by others (mode %v): run chmod 600 %s, and rotate the secrets it holds", s.File, fi.Mode().Perm(), s.File)
	}
	data, err := os.ReadFile(s.File)
	if err != nil {
		return nil, fmt.Errorf("cannot read the secrets file: %w", err)
	}
	var f struct {
		Secrets map[string]string `yaml:"secrets"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		// The parser's message may quote the file: never echo it.
		return nil, fmt.Errorf("the secrets file %s does not parse (orgscope leaves it as it is: fix or remove it)", s.File)
	}
	for k, v := range f.Secrets {
		out[k] = v
	}
	return out, nil
}

func (s Secrets) writeFile(m map[string]string) error {
	if s.File == "" {
		return errors.New("no secrets file is set")
	}
	data, err := yaml.Marshal(struct {
		Secrets map[string]string `yaml:"secrets"`
	}{m})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.File), 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Dir(s.File), err)
	}
	head := []byte("# orgscope's secrets, for a machine without an OS keyring. Keep this file mode 0600.\n")
	return WritePrivateFile(s.File, append(head, data...))
}
