package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// Store keeps each tenant's snapshot in a directory (the user's state
// directory), with the journal of a crawl in progress beside it. Files
// are the owner's only; one that cannot be read is reported, never
// overwritten.
type Store struct {
	Dir string
	// Remedy says what moving an unreadable snapshot away does ("" for
	// the kept snapshot's: the tenant is crawled again).
	Remedy string
}

// fileStem names a tenant's files after its domain.
func (st Store) fileStem(tenant string) string {
	r := strings.NewReplacer("/", "_", ":", "_", "\\", "_")
	return filepath.Join(st.Dir, r.Replace(tenant))
}

// SnapshotPath is where the tenant's snapshot is kept.
func (st Store) SnapshotPath(tenant string) string { return st.fileStem(tenant) + ".snapshot" }

// CrawlPath is where a crawl in progress of the tenant is journalled.
func (st Store) CrawlPath(tenant string) string { return st.fileStem(tenant) + ".crawl" }

// StalePath is where the reason the tenant's snapshot cannot be refreshed
// from the tenant log is kept, until a crawl replaces the snapshot.
func (st Store) StalePath(tenant string) string { return st.fileStem(tenant) + ".stale" }

// MarkStale records why the tenant's snapshot can no longer be refreshed
// from the tenant log, so that every later start says so at once and
// crawls instead of trying (and failing) the same refresh again.
func (st Store) MarkStale(tenant, reason string) error {
	if err := config.PrivateDir(st.Dir); err != nil {
		return err
	}
	return config.WritePrivateFile(st.StalePath(tenant), []byte(reason+"\n"))
}

// StaleReason is why the tenant's kept snapshot was marked stale ("" when
// it was not).
func (st Store) StaleReason(tenant string) (string, error) {
	data, err := os.ReadFile(st.StalePath(tenant))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", st.StalePath(tenant), err)
	}
	reason := strings.TrimSpace(string(data))
	if reason == "" {
		reason = "it was marked stale"
	}
	return reason, nil
}

// Load reads the tenant's snapshot; (nil, nil) when there is none.
func (st Store) Load(tenant string) (*model.Snapshot, error) {
	path := st.SnapshotPath(tenant)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the snapshot %s: %w", path, err)
	}
	s, err := model.DecodeSnapshot(data)
	if err != nil {
		remedy := st.Remedy
		if remedy == "" {
			remedy = "move it away to crawl the tenant again"
		}
		return nil, fmt.Errorf("%s: %w (%s)", path, err, remedy)
	}
	return s, nil
}

// Save writes the tenant's snapshot atomically and ends its crawl
// journal.
func (st Store) Save(s *model.Snapshot) error {
	if err := config.PrivateDir(st.Dir); err != nil {
		return err
	}
	data, err := model.EncodeSnapshot(s)
	if err != nil {
		return err
	}
	if err := config.WritePrivateFile(st.SnapshotPath(s.Tenant), data); err != nil {
		return err
	}
	if err := os.Remove(st.CrawlPath(s.Tenant)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the finished crawl's journal: %w", err)
	}
	if err := os.Remove(st.StalePath(s.Tenant)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the snapshot's stale mark: %w", err)
	}
	return nil
}

// Interrupted reads the journal of a crawl of the tenant that did not
// finish; (nil, nil) when there is none.
func (st Store) Interrupted(tenant string) (*model.PartialCrawl, error) {
	path := st.CrawlPath(tenant)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the crawl journal %s: %w", path, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		// A crawl that stopped before its first line (refused at its
		// first request): there is nothing to resume.
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("cannot remove the empty crawl journal %s: %w", path, err)
		}
		return nil, nil
	}
	p, err := model.DecodeCrawl(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (remove it to crawl from the start)", path, err)
	}
	if p.Tenant != tenant {
		return nil, fmt.Errorf("%s is the crawl of %s, not of %s (remove it to crawl from the start)", path, p.Tenant, tenant)
	}
	return p, nil
}

// Recorder journals a crawl of the tenant in the store. resume continues
// the journal of an interrupted crawl; otherwise a new one is started.
func (st Store) Recorder(tenant string, resume bool) (*CrawlFileWriter, error) {
	if err := config.PrivateDir(st.Dir); err != nil {
		return nil, err
	}
	path := st.CrawlPath(tenant)
	if resume {
		if err := cutTornLine(path); err != nil {
			return nil, fmt.Errorf("cannot write the crawl journal: %w", err)
		}
	}
	// Never through a link: the folder may not be the user's alone.
	f, err := config.OpenPrivateJournal(path, !resume)
	if err != nil {
		return nil, fmt.Errorf("cannot write the crawl journal: %w", err)
	}
	return &CrawlFileWriter{f: f}, nil
}

// cutTornLine drops the half line a crash may have left at the end of a
// journal, so that the lines appended next stay whole.
func cutTornLine(path string) error {
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 || data[len(data)-1] == '\n' {
		return err
	}
	return os.Truncate(path, int64(bytes.LastIndexByte(data, '\n')+1))
}

// CrawlFileWriter appends a crawl to its crawl file as it goes (the
// CrawlRecorder a kept tenant's crawl uses).
type CrawlFileWriter struct {
	mu sync.Mutex
	f  *os.File
}

// Started writes the journal's header.
func (j *CrawlFileWriter) Started(p model.PartialCrawl) error {
	return j.write(model.EncodeCrawlStart(p))
}

// Read writes one organization's links.
func (j *CrawlFileWriter) Read(orgID string, links []model.OrganizationConnection) error {
	return j.write(model.EncodeCrawlRead(orgID, links))
}

func (j *CrawlFileWriter) write(line []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(line); err != nil {
		return fmt.Errorf("cannot write the crawl journal: %w", err)
	}
	return nil
}

// Close closes the journal's file.
func (j *CrawlFileWriter) Close() error { return j.f.Close() }

// UpdateOptions steer UpdateSnapshot.
type UpdateOptions struct {
	// Full crawls the tenant even when its snapshot could be refreshed.
	Full bool
	// LogOnly refreshes from the tenant log or fails with *NeedsFullCrawl,
	// never crawling: for a pane that polls the log, a crawl each time
	// the log cannot vouch would read the whole tenant again and again.
	LogOnly  bool
	Progress func(CrawlProgress)
}

// UpdateReport says how a snapshot was brought up to date.
type UpdateReport struct {
	// Refreshed is set when the tenant log sufficed; Stats then says what
	// it read.
	Refreshed bool
	Stats     RefreshStats
	// Why a full crawl was made ("" when none was, or when there was no
	// snapshot yet).
	CrawlReason string
	// Resumed counts the organizations an interrupted crawl had read.
	Resumed int
}

// UpdateSnapshot brings the stored snapshot of the client's tenant up to
// date and saves it: a refresh from the tenant log when the log can vouch
// for it, otherwise a crawl, which resumes an interrupted one.
func (c *Client) UpdateSnapshot(ctx context.Context, st Store, opts UpdateOptions) (*model.Snapshot, UpdateReport, error) {
	var rep UpdateReport
	old, err := st.Load(c.domain)
	if err != nil {
		return nil, rep, err
	}
	partial, err := st.Interrupted(c.domain)
	if err != nil {
		return nil, rep, err
	}
	stale, err := st.StaleReason(c.domain)
	if err != nil {
		return nil, rep, err
	}
	switch {
	case old != nil && partial == nil && !opts.Full && stale != "":
		rep.CrawlReason = "an earlier refresh found that " + stale // not this token's finding: it may have read:logs
	case old != nil && partial == nil && !opts.Full:
		s, stats, err := c.Refresh(ctx, old, opts.Progress)
		var full *NeedsFullCrawl
		switch {
		case err == nil:
			rep.Refreshed, rep.Stats = true, stats
			return s, rep, st.Save(s)
		case errors.As(err, &full):
			rep.CrawlReason = full.Reason
			// Until the crawl is saved, later starts know without asking.
			if err := st.MarkStale(c.domain, full.Reason); err != nil {
				return nil, rep, err
			}
		default:
			return nil, rep, err
		}
	}
	if opts.LogOnly {
		reason := rep.CrawlReason
		switch {
		case old == nil:
			reason = "there is no snapshot of the tenant yet"
		case partial != nil:
			reason = "a crawl of the tenant was interrupted"
		}
		return nil, rep, &NeedsFullCrawl{reason}
	}
	if opts.Full {
		partial, rep.CrawlReason = nil, "a full crawl was asked for"
	}
	if partial != nil {
		rep.Resumed = len(partial.Links)
	}
	j, err := st.Recorder(c.domain, partial != nil)
	if err != nil {
		return nil, rep, err
	}
	s, err := c.CrawlWith(ctx, CrawlOptions{Progress: opts.Progress, Resume: partial, Record: j})
	cerr := j.Close()
	if err != nil {
		return nil, rep, err
	}
	s.KeepPrefixHistory(old) // what the profiles' prefixes were survives a new crawl
	if cerr != nil {
		return nil, rep, fmt.Errorf("cannot write the crawl journal: %w", cerr)
	}
	return s, rep, st.Save(s)
}
