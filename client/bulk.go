package client

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/orgscope/orgscope/config"
	"github.com/orgscope/orgscope/model"
)

// BulkFormat is the newest version of the bulk journal format: 2 is a
// policy's batch (items of several connections, named by organization and
// connection), which an orgscope that reads only 1 must refuse; the
// batches of one connection stay 1.
const BulkFormat = 2

// bulkFormatOf is the format a batch's journal is written in.
func bulkFormatOf(a model.BulkAction) int {
	if a.Kind == model.BulkPolicy {
		return 2
	}
	return 1
}

// BulkBatch is a bulk change as its journal holds it: the items that
// send a request, and those done. The journal is JSON lines, appended as
// the batch runs, so that a batch stopped by a crash or Ctrl-C resumes
// without repeating what was done, and can be undone.
type BulkBatch struct {
	Path   string
	Tenant string
	Action model.BulkAction
	// UndoOf is the journal this batch undoes ("" for a batch asked for).
	UndoOf  string
	Created time.Time
	Items   []model.BulkItem
	// Done are the organizations whose request succeeded; Failed the last
	// error of those whose request failed (a resume tries them again).
	Done   map[string]bool
	Failed map[string]string
	// DoneAt is when each done request succeeded, by this machine's clock
	// (journals before it was kept hold none): drift tells the batch's
	// own request from a later one of the same kind by it.
	DoneAt map[string]time.Time

	mu   sync.Mutex
	f    *os.File
	lock *config.Lock // held while the batch is open: one process runs a journal at a time
}

type bulkHeader struct {
	Format  int              `json:"orgscope_bulk"`
	Tenant  string           `json:"tenant"`
	Action  model.BulkAction `json:"action"`
	UndoOf  string           `json:"undo_of,omitempty"`
	Created time.Time        `json:"created_at"`
}

type bulkLine struct {
	Item   *model.BulkItem `json:"item,omitempty"`
	Done   string          `json:"done,omitempty"`
	Failed string          `json:"failed,omitempty"`
	Error  string          `json:"error,omitempty"`
	// At is when a request succeeded (an older orgscope ignores it).
	At *time.Time `json:"at,omitempty"`
}

// StartBulk journals a new batch of the plan's items that send a request,
// in a new file (never over an existing one).
func StartBulk(path, tenant string, plan model.BulkPlan, undoOf string) (*BulkBatch, error) {
	// The path is printed (resume and undo name it) and kept in a list of
	// lines: a control character in it would print as something else.
	if model.CleanLine(path) != path {
		return nil, fmt.Errorf("the journal's path %s holds a control character: give another", model.CleanLine(path))
	}
	b := &BulkBatch{Path: path, Tenant: tenant, Action: plan.Action, UndoOf: undoOf, Created: time.Now().UTC(),
		Done: map[string]bool{}, Failed: map[string]string{}, DoneAt: map[string]time.Time{}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	action := plan.Action
	action.Connection.Options = model.WithoutSecrets(action.Connection.Options) // a journal keeps no secret
	for i := range action.Connections {
		action.Connections[i].Options = model.WithoutSecrets(action.Connections[i].Options)
	}
	if err := enc.Encode(bulkHeader{Format: bulkFormatOf(action), Tenant: tenant, Action: action, UndoOf: undoOf, Created: b.Created}); err != nil {
		return nil, err
	}
	for _, it := range plan.Items {
		if it.Sends() {
			it := it
			b.Items = append(b.Items, it)
			if err := enc.Encode(bulkLine{Item: &it}); err != nil {
				return nil, err
			}
		}
	}
	if err := config.PrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot start the batch's journal: %w", err)
	}
	lock, err := config.LockOpen(f, path, "the journal "+path)
	if err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Write(model.EscapeJSONControls(buf.Bytes())); err != nil {
		lock.Unlock()
		f.Close()
		return nil, fmt.Errorf("cannot write the batch's journal: %w", err)
	}
	b.f, b.lock = f, lock
	return b, nil
}

// ReadBulk reads a batch's journal without opening it for writing (to
// list it, or to plan its undo).
func ReadBulk(path string) (*BulkBatch, error) {
	b, _, err := readBulk(path)
	return b, err
}

// OpenBulk reads a batch's journal to resume or undo it. A torn last line
// (the batch stopped while writing it) is dropped; anything else
// unreadable is an error naming its line, and the file is left as it is.
func OpenBulk(path string) (b *BulkBatch, err error) {
	// A link given is the journal it names: the lock is the file's own,
	// whichever name reaches it.
	if path, err = filepath.EvalSymlinks(path); err != nil {
		return nil, fmt.Errorf("cannot read the batch's journal: %w", err)
	}
	// A file that is no journal is refused before anything is made
	// beside it (the lock's file).
	if _, _, err := readBulk(path); err != nil {
		return nil, err
	}
	// The file is locked before it is read for good: what a process that
	// ran it until now wrote is all there.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot read the batch's journal: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write the batch's journal: %w", err)
	}
	lock, err := config.LockOpen(f, path, "the journal "+path)
	if err != nil {
		f.Close()
		return nil, err
	}
	defer func() {
		if err != nil {
			lock.Unlock()
			f.Close()
		}
	}()
	b, tornAt, err := readBulk(path)
	if err != nil {
		return nil, err
	}
	if tornAt >= 0 {
		// The next lines go after the last whole one.
		if err := f.Truncate(tornAt); err != nil {
			return nil, fmt.Errorf("cannot repair the batch's journal: %w", err)
		}
	}
	// A whole last line without its newline: end it before appending.
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			if _, err := f.Write([]byte("\n")); err != nil {
				return nil, fmt.Errorf("cannot write the batch's journal: %w", err)
			}
		}
	}
	b.f, b.lock = f, lock
	return b, nil
}

// readBulk parses a journal; tornAt is where a torn last line starts (-1
// when there is none).
func readBulk(path string) (b *BulkBatch, tornAt int64, err error) {
	f, fi, err := config.OpenRegular(path)
	if err != nil {
		return nil, -1, fmt.Errorf("cannot read the batch's journal: %w", err)
	}
	defer f.Close()
	if fi.Size() > maxJournalBytes {
		return nil, -1, fmt.Errorf("%s is %d MB, more than a batch journal holds: it is not one", path, fi.Size()>>20)
	}
	return parseBulk(path, f)
}

// maxJournalBytes bounds a journal: a batch over 100,000 organizations
// journals about 100 MB.
const maxJournalBytes = 512 << 20

// maxJournalLine bounds one line of a journal (the header, with a
// policy's connections, is the longest): a file that is no journal is
// refused at its first long line, never held whole in memory.
const maxJournalLine = 4 << 20

var errLineTooLong = errors.New("line too long")

// readLine reads one line of at most max bytes, without its newline;
// ended reports the newline (a torn last line has none).
func readLine(br *bufio.Reader, max int) (line []byte, ended bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > max {
			return nil, false, errLineTooLong
		}
		switch {
		case err == nil:
			return line[:len(line)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF) && len(line) > 0:
			return line, false, nil
		default:
			return nil, false, err
		}
	}
}

// parseBulk parses the journal at path, read from r line by line.
func parseBulk(path string, r io.Reader) (b *BulkBatch, tornAt int64, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	notJournal := fmt.Errorf("%s is not an orgscope batch journal", path)
	head, ended, err := readLine(br, maxJournalLine)
	var h bulkHeader
	if err != nil || json.Unmarshal(head, &h) != nil || h.Format == 0 || h.Tenant == "" {
		return nil, -1, notJournal
	}
	if h.Format > BulkFormat {
		return nil, -1, fmt.Errorf("%s is a batch journal of format %d, newer than this orgscope reads (%d): update orgscope", path, h.Format, BulkFormat)
	}
	b = &BulkBatch{Path: path, Tenant: h.Tenant, Action: h.Action, UndoOf: h.UndoOf, Created: h.Created,
		Done: map[string]bool{}, Failed: map[string]string{}, DoneAt: map[string]time.Time{}}
	offset := int64(len(head)) + 1
	for n := 2; ended; n++ {
		var line []byte
		start := offset
		line, ended, err = readLine(br, maxJournalLine)
		switch {
		case errors.Is(err, io.EOF):
			return b, -1, nil
		case errors.Is(err, errLineTooLong):
			return nil, -1, fmt.Errorf("%s: line %d is not part of a batch journal (orgscope leaves it as it is)", path, n)
		case err != nil:
			return nil, -1, fmt.Errorf("cannot read the batch's journal: %w", err)
		}
		offset += int64(len(line)) + 1
		var l bulkLine
		if err := json.Unmarshal(line, &l); err != nil || (l.Item == nil && l.Done == "" && l.Failed == "") {
			if !ended {
				return b, start, nil // torn: the batch stopped while writing it
			}
			return nil, -1, fmt.Errorf("%s: line %d is not part of a batch journal (orgscope leaves it as it is)", path, n)
		}
		switch {
		case l.Item != nil:
			b.Items = append(b.Items, *l.Item)
		case l.Done != "":
			b.Done[l.Done] = true
			delete(b.Failed, l.Done)
			if l.At != nil {
				b.DoneAt[l.Done] = *l.At
			}
		default:
			b.Failed[l.Failed] = l.Error
		}
	}
	return b, -1, nil
}

// Close closes the journal.
func (b *BulkBatch) Close() error {
	b.lock.Unlock() // before the file closes: the lock is on it
	if b.f == nil {
		return nil
	}
	return b.f.Close()
}

// Remaining are the items not done yet.
func (b *BulkBatch) Remaining() []model.BulkItem {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []model.BulkItem
	for _, it := range b.Items {
		if !b.Done[b.Action.Key(it)] {
			out = append(out, it)
		}
	}
	return out
}

// Failure is the last error of an item that failed ("" when it has not).
func (b *BulkBatch) Failure(it model.BulkItem) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	msg, failed := b.Failed[b.Action.Key(it)]
	return msg, failed
}

// record journals one item's result (key: model.BulkAction.Key).
func (b *BulkBatch) record(key string, err error) error {
	now := time.Now().UTC()
	l := bulkLine{Done: key, At: &now}
	if err != nil {
		l = bulkLine{Failed: key, Error: err.Error()}
	}
	line, _ := json.Marshal(l)
	line = model.EscapeJSONControls(line)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil {
		b.Done[key] = true
		b.DoneAt[key] = now
		delete(b.Failed, key)
	} else {
		b.Failed[key] = l.Error
	}
	if _, werr := b.f.Write(append(line, '\n')); werr != nil {
		return fmt.Errorf("cannot write the batch's journal: %w", werr)
	}
	return nil
}

// Counts returns how many items are done and failed.
func (b *BulkBatch) Counts() (done, failed int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.Done), len(b.Failed)
}

// UndoPlan is the plan that puts back what the batch changed: each done
// item's link as it was before.
func (b *BulkBatch) UndoPlan() model.BulkPlan {
	b.mu.Lock()
	defer b.mu.Unlock()
	plan := model.BulkPlan{Action: b.Action}
	for _, it := range b.Items {
		if !b.Done[b.Action.Key(it)] {
			continue
		}
		inv := model.BulkItem{Org: it.Org, Before: it.After, After: it.Before}
		switch {
		case it.Before == nil:
			inv.Outcome = model.OutcomeRemove
		case it.After == nil:
			inv.Outcome = model.OutcomeAdd
		default:
			inv.Outcome = model.OutcomeUpdate
		}
		plan.Items = append(plan.Items, inv)
	}
	return plan
}

// Gate pauses a running batch between requests.
type Gate struct {
	mu     sync.Mutex
	paused bool
	resume chan struct{}
}

// Pause holds the next requests (those in flight finish).
func (g *Gate) Pause() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.paused {
		g.paused, g.resume = true, make(chan struct{})
	}
}

// Resume lets them go.
func (g *Gate) Resume() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused {
		g.paused = false
		close(g.resume)
	}
}

// Paused reports a pause.
func (g *Gate) Paused() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.paused
}

func (g *Gate) wait(ctx context.Context) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	ch, paused := g.resume, g.paused
	g.mu.Unlock()
	if !paused {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Describe says what the batch does: its action, as an undo when it is
// the undo of another batch (whose action its journal carries).
func (b *BulkBatch) Describe() string {
	if b.UndoOf != "" {
		return "undo: " + b.Action.Describe()
	}
	return b.Action.Describe()
}

// OwnBatch refuses a batch journalled on another tenant: resuming it or
// undoing it here would change organizations it never saw.
func (c *Client) OwnBatch(b *BulkBatch) error {
	if b.Tenant != c.domain {
		return fmt.Errorf("%s is a batch for %s, not %s: use the tenant it was made on", b.Path, b.Tenant, c.domain)
	}
	return nil
}

// BulkResult is one item's outcome as it runs.
type BulkResult struct {
	Item model.BulkItem
	Err  error
}

// RunBulk sends the batch's remaining requests in parallel under the rate
// governor (the organization-connection writes bucket), journalling each
// result as it comes: rate limits and faults are absorbed by the client,
// an item's failure is recorded and the others go on. It stops when the
// context ends. progress, when not nil, is called after each item (calls
// do not overlap).
func (c *Client) RunBulk(ctx context.Context, b *BulkBatch, gate *Gate, progress func(BulkResult)) error {
	if err := c.OwnBatch(b); err != nil {
		return err
	}
	var mu sync.Mutex
	return ForEach(ctx, c, seqOf(b.Remaining()), model.GroupWriteOrgConnections, func(ctx context.Context, it model.BulkItem) error {
		if err := gate.wait(ctx); err != nil {
			return err
		}
		err := c.runBulkItem(ctx, b.Action.ConnectionOf(it), it)
		if err != nil && ctx.Err() != nil {
			return ctx.Err() // stopped mid-request: the item is not done, nor failed
		}
		// A success is journalled even when the stop came with its answer:
		// a resume must not send it again.
		if jerr := b.record(b.Action.Key(it), err); jerr != nil {
			return jerr
		}
		if progress != nil {
			mu.Lock()
			progress(BulkResult{Item: it, Err: err})
			mu.Unlock()
		}
		return nil
	})
}

// runBulkItem sends one item's request. A link already as asked (an add
// answered 409 because an earlier run did it, a remove answered 404)
// counts as done.
func (c *Client) runBulkItem(ctx context.Context, conn model.Connection, it model.BulkItem) error {
	switch it.Outcome {
	case model.OutcomeAdd:
		p, err := c.PlanEnable(it.Org, conn, model.SettingsOf(*it.After))
		if err != nil {
			return err
		}
		_, err = c.Execute(ctx, p)
		if IsConflict(err) {
			now, rerr := c.OrganizationConnection(ctx, it.Org.ID, conn.ID)
			if rerr == nil && model.DiffLinkSettings(now, *it.After).IsZero() {
				return nil
			}
			return fmt.Errorf("%s is already enabled on %s with other settings: plan again", conn.Name, it.Org.Name)
		}
		return err
	case model.OutcomeUpdate:
		p, err := c.PlanUpdate(it.Org, *it.Before, model.DiffLinkSettings(*it.Before, *it.After))
		if err != nil {
			return err
		}
		_, err = c.Execute(ctx, p)
		return err
	case model.OutcomeRemove:
		_, err := c.Execute(ctx, c.PlanRemove(it.Org, *it.Before))
		if IsNotFound(err) {
			return nil
		}
		return err
	}
	return errors.New("nothing to send for " + it.Org.Name)
}

// LinkWriteBudget is the bucket of organization-connection writes that a
// bulk estimate uses: the one the tenant announced when known, else
// Enterprise's (management-api.md §11: burst 5, 150 a minute); a
// --max-rps below it is what the batch will go at, and the estimate's.
func (c *Client) LinkWriteBudget() (burst int, perSecond float64, known bool) {
	burst, perSecond = 5, 150.0/60
	for _, b := range c.Budget().Buckets {
		if slices.Contains(b.Groups, model.GroupWriteOrgConnections) && b.PerSecond > 0 {
			burst, perSecond, known = b.Limit, b.PerSecond, true
			break
		}
	}
	if capped := c.RateCap(); capped > 0 && capped < perSecond {
		return max(1, int(c.gov.cap.burst)), capped, known
	}
	return burst, perSecond, known
}

// RateCap is the user's own cap on requests a second (--max-rps; 0:
// none).
func (c *Client) RateCap() float64 {
	if c.gov.cap == nil {
		return 0
	}
	return c.gov.cap.rate
}

// LinksOf reads the links of some organizations, in parallel under the
// rate governor: what a bulk plan of a few organizations needs when no
// snapshot of the tenant is at hand (one request each, not a crawl).
// progress, when not nil, hears after each organization (calls do not
// overlap): at 100 reads a minute, 2,000 organizations take 20 minutes.
func (c *Client) LinksOf(ctx context.Context, orgs []model.Organization, progress func(CrawlProgress)) (map[string][]model.OrganizationConnection, error) {
	var mu sync.Mutex
	out := make(map[string][]model.OrganizationConnection, len(orgs))
	start := c.log.Total()
	err := ForEach(ctx, c, seqOf(orgs), model.GroupReadOrgConnections, func(ctx context.Context, o model.Organization) error {
		ls, err := Collect(c.OrganizationConnections(ctx, o.ID))
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		out[o.ID] = ls
		if progress != nil {
			progress(CrawlProgress{Stage: "links", Done: len(out), Total: len(orgs), Requests: c.log.Total() - start})
		}
		return nil
	})
	return out, err
}

// JournalName is the file name of a new batch journal of a tenant: the
// tenant, the time to the millisecond and a random tail, so that two
// batches started in the same second (two CLI runs back to back) never
// share a journal.
func JournalName(tenant string) string {
	return strings.NewReplacer(":", "_", "/", "_").Replace(tenant) + "-" + journalStamp() + ".jsonl"
}

// UndoJournalPath is the journal of the undo of the batch journalled at path.
func UndoJournalPath(path string) string {
	return strings.TrimSuffix(path, ".jsonl") + ".undo-" + journalStamp() + ".jsonl"
}

func journalStamp() string {
	var tail [3]byte
	_, _ = rand.Read(tail[:])
	return time.Now().UTC().Format("20060102-150405.000") + "-" + hex.EncodeToString(tail[:])
}
