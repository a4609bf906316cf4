package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// CrawlFormat is the version of the crawl journal format.
const CrawlFormat = 1

// PartialCrawl is what a crawl had read when it stopped: where it began
// in the tenant log, and the organizations whose links it read.
type PartialCrawl struct {
	Tenant     string
	StartedAt  time.Time
	Checkpoint *LogCheckpoint
	Links      map[string][]OrganizationConnection // by organization id
}

// The crawl journal is JSON lines, appended as a crawl goes: a header,
// then one line per organization whose links were read. A crash leaves at
// worst a torn last line, which reading ignores.
type crawlHeader struct {
	Format     int            `json:"orgscope_crawl"`
	Tenant     string         `json:"tenant"`
	StartedAt  time.Time      `json:"started_at"`
	Checkpoint *LogCheckpoint `json:"checkpoint,omitempty"`
}

type crawlLine struct {
	Org   string     `json:"org"`
	Links []fileLink `json:"links"`
}

// EncodeCrawlStart is the journal's first line.
func EncodeCrawlStart(p PartialCrawl) []byte {
	b, _ := json.Marshal(crawlHeader{Format: CrawlFormat, Tenant: p.Tenant, StartedAt: p.StartedAt, Checkpoint: p.Checkpoint})
	return append(b, '\n')
}

// EncodeCrawlRead is the journal line of one organization's links.
func EncodeCrawlRead(orgID string, links []OrganizationConnection) []byte {
	l := crawlLine{Org: orgID, Links: make([]fileLink, len(links))}
	for i, link := range links {
		l.Links[i] = toFileLink(link, nil)
	}
	b, _ := json.Marshal(l)
	return append(EscapeJSONControls(b), '\n')
}

// DecodeCrawl reads a crawl journal. A torn last line (the crawl stopped
// while writing it) is dropped; anything else unreadable is an error that
// names its line.
func DecodeCrawl(data []byte) (*PartialCrawl, error) {
	lines := bytes.Split(data, []byte("\n"))
	torn := len(lines) > 0 && len(lines[len(lines)-1]) > 0
	if !torn {
		lines = lines[:len(lines)-1] // the empty piece after the last newline
	}
	if len(lines) == 0 || len(lines[0]) == 0 {
		return nil, errors.New("not an orgscope crawl journal: it is empty")
	}
	var h crawlHeader
	if err := json.Unmarshal(lines[0], &h); err != nil || h.Format == 0 || h.Tenant == "" {
		return nil, errors.New("not an orgscope crawl journal: its first line is not a crawl header")
	}
	if h.Format > CrawlFormat {
		return nil, fmt.Errorf("a crawl journal of format %d, newer than this orgscope reads (%d): update orgscope", h.Format, CrawlFormat)
	}
	p := &PartialCrawl{Tenant: h.Tenant, StartedAt: h.StartedAt, Checkpoint: h.Checkpoint, Links: map[string][]OrganizationConnection{}}
	for i, line := range lines[1:] {
		var l crawlLine
		if err := json.Unmarshal(line, &l); err != nil || l.Org == "" {
			if torn && i == len(lines)-2 {
				break
			}
			return nil, fmt.Errorf("line %d is not an organization's links", i+2)
		}
		links := make([]OrganizationConnection, len(l.Links))
		for j, fl := range l.Links {
			links[j] = fromFileLink(fl, nil)
		}
		p.Links[l.Org] = links
	}
	return p, nil
}
