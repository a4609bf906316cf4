package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// auditFormats are the report formats of orgscope audit.
func auditFormats() []string { return []string{"text", "json", "markdown", "csv", "sarif"} }

func newAuditCmd(t *targetFlags, version string) *cobra.Command {
	var format, failOn, snapshotFile, policyFile string
	var rules []string
	var maxLinks int
	var full bool
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the tenant's organizations, links, connections and My Organization settings",
		Long: "audit reads the whole tenant (or a snapshot file) and reports what is wrong in it, worst first:\n" +
			"each finding names its rule, the objects concerned, the problem, the fix and the fact it rests on.\n\n" +
			"The tenant's snapshot is kept in the state directory ($XDG_STATE_HOME/orgscope, or ~/.local/state/orgscope):\n" +
			"the first audit crawls the tenant (an interrupted crawl resumes), the next ones read only what the tenant log\n" +
			"says has changed since. When the log cannot vouch for the snapshot, the tenant is crawled again and stderr says why.\n\n" +
			"Exit code: 0 when nothing is found at or above --fail-on, 1 when something is, 2 when the audit could not run.\n\n" +
			"A policy file (docs/policy.md: -f, or the tenant's audit.policy_file) adds its policies as rules policy/NAME.\n\n" +
			"Rules:\n" + ruleList(),
		Example: "  orgscope audit --sandbox\n  orgscope audit --format sarif --fail-on warning > orgscope.sarif\n" +
			"  orgscope snapshot export -o tenant.json && orgscope audit --snapshot tenant.json --rule org-all-hidden",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if !slices.Contains(auditFormats(), format) {
				return fail(fmt.Errorf("--format %q is not one of %s", format, strings.Join(auditFormats(), ", ")))
			}
			threshold, ok := failThreshold(failOn)
			if !ok {
				return fail(fmt.Errorf("--fail-on %q is not one of error, warning, info, never", failOn))
			}
			cfg := model.AuditConfig{MaxLinks: maxLinks}
			for _, id := range rules {
				if !strings.HasPrefix(id, "policy/") && !slices.ContainsFunc(model.AuditRules(), func(r model.Rule) bool { return r.ID == id }) {
					return fail(fmt.Errorf("there is no rule %q: orgscope audit --help lists them", id))
				}
			}
			snap, err := loadOrCrawl(cmd, t, snapshotFile, full)
			if err != nil {
				return fail(err)
			}
			// The tenant's own audit settings, under the flags.
			if tn := t.resolved.tenant; tn != nil && snapshotFile == "" {
				for _, id := range tn.Audit.DisabledRules {
					if !slices.ContainsFunc(model.AuditRules(), func(r model.Rule) bool { return r.ID == id }) {
						return fail(fmt.Errorf("tenant %s switches off rule %q, which does not exist: orgscope audit --help lists them", tn.Name, id))
					}
				}
				cfg.Disabled = append(cfg.Disabled, tn.Audit.DisabledRules...)
				if !cmd.Flags().Changed("max-links") && tn.Audit.MaxLinks > 0 {
					cfg.MaxLinks = tn.Audit.MaxLinks
				}
			}
			if policyFile == "" && snapshotFile == "" {
				policyFile = t.resolved.policyFile // the tenant's, from the config
			}
			if policyFile != "" {
				if cfg.Policies, err = readPolicySet(policyFile, snap); err != nil {
					return fail(err)
				}
			}
			// --rule keeps the rules named, the policies' (policy/NAME) too.
			if len(rules) > 0 {
				for _, r := range rules {
					if strings.HasPrefix(r, "policy/") && !slices.ContainsFunc(allRules(cfg), func(x model.Rule) bool { return x.ID == r }) {
						return fail(fmt.Errorf("there is no rule %q: the policy file has no policy %s", r, strings.TrimPrefix(r, "policy/")))
					}
				}
				for _, r := range allRules(cfg) {
					if !slices.Contains(rules, r.ID) {
						cfg.Disabled = append(cfg.Disabled, r.ID)
					}
				}
			}
			findings := model.Audit(snap, cfg)
			if snap.GrantsUnread != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: %s: the rules on the My Organization API's grants were not run\n", snap.GrantsUnread)
			}
			if err := writeReport(cmd.OutOrStdout(), format, version, snap, findings, allRules(cfg)); err != nil {
				return fail(err)
			}
			if n := countAtLeast(findings, threshold); n > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s at or above %s", model.Count(n, "finding"), failOn)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "report format: "+strings.Join(auditFormats(), ", "))
	f.StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is this bad or worse: error, warning, info, never")
	f.StringArrayVar(&rules, "rule", nil, "run only this rule (repeatable)")
	f.StringVar(&snapshotFile, "snapshot", "", "audit this snapshot file (from orgscope snapshot export) instead of the tenant")
	f.BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
	f.IntVar(&maxLinks, "max-links", model.DefaultMaxLinks, "org-many-links reports organizations with more links than this")
	f.StringVarP(&policyFile, "policy", "f", "", "check this policy file too (default: the tenant's audit.policy_file in the config)")
	return usageExitsTwo(cmd)
}

// allRules are the audit's rules and, with a policy file, its policies.
func allRules(cfg model.AuditConfig) []model.Rule {
	if cfg.Policies == nil {
		return model.AuditRules()
	}
	return append(model.AuditRules(), cfg.Policies.Rules()...)
}

// failThreshold reads --fail-on; never is no threshold.
func failThreshold(s string) (*model.Severity, bool) {
	switch s {
	case "never":
		return nil, true
	case string(model.SeverityError), string(model.SeverityWarning), string(model.SeverityInfo):
		sev := model.Severity(s)
		return &sev, true
	}
	return nil, false
}

func countAtLeast(findings []model.Finding, threshold *model.Severity) int {
	if threshold == nil {
		return 0
	}
	n := 0
	for _, f := range findings {
		if f.Severity.AtLeast(*threshold) {
			n++
		}
	}
	return n
}

func ruleList() string {
	var b strings.Builder
	for _, r := range model.AuditRules() {
		fmt.Fprintf(&b, "  %-28s %-8s %s\n", r.ID, r.Severity, r.Title)
	}
	return strings.TrimRight(b.String(), "\n")
}

// loadOrCrawl reads a snapshot file, or brings the stored snapshot of the
// tenant the flags name up to date (see currentSnapshot).
func loadOrCrawl(cmd *cobra.Command, t *targetFlags, file string, full bool) (*model.Snapshot, error) {
	if file != "" {
		return readSnapshot(file)
	}
	c, done, err := t.open()
	if err != nil {
		return nil, err
	}
	defer done()
	s, _, err := currentSnapshot(cmd, t, c, full)
	return s, err
}

// currentSnapshot brings the tenant's snapshot in the state directory up
// to date: from the tenant log when it can vouch for it, otherwise by a
// crawl (which resumes an interrupted one), saying why on stderr. The
// demo sandbox lives for one command: it is crawled and nothing is kept.
func currentSnapshot(cmd *cobra.Command, t *targetFlags, c *client.Client, full bool) (*model.Snapshot, client.UpdateReport, error) {
	store, ok := snapshotStore(t)
	if !ok {
		s, err := c.Crawl(cmd.Context(), nil)
		return s, client.UpdateReport{}, err
	}
	progress, done := progressOn(cmd.ErrOrStderr())
	s, rep, err := c.UpdateSnapshot(cmd.Context(), store, client.UpdateOptions{Full: full, Progress: progress})
	done()
	if err == nil && rep.CrawlReason != "" && !full {
		fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: crawled the whole tenant: %s\n", rep.CrawlReason)
	}
	return s, rep, err
}

// progressOn shows a crawl's progress on w, one line redrawn at most
// twice a second, when w is a terminal (a CI log gets nothing); done ends
// the line.
func progressOn(w io.Writer) (progress func(client.CrawlProgress), done func()) {
	if !isTerminal(w) {
		return nil, func() {}
	}
	began := time.Now()
	var last time.Time
	shown := false
	return func(p client.CrawlProgress) {
			if now := time.Now(); now.Sub(last) >= 500*time.Millisecond {
				last, shown = now, true
				fmt.Fprintf(w, "\r\x1b[K%s", p.Line(now.Sub(began)))
			}
		}, func() {
			if shown {
				fmt.Fprint(w, "\r\x1b[K")
			}
		}
}

// readSnapshot reads a snapshot file, saying what is wrong with a bad one.
func readSnapshot(file string) (*model.Snapshot, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the snapshot: %w", err)
	}
	s, err := model.DecodeSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("%s is %w", file, err)
	}
	return s, nil
}
