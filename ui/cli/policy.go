package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
)

// policyFormats are the report formats of orgscope policy check.
func policyFormats() []string { return []string{"text", "json", "sarif"} }

func newPolicyCmd(t *targetFlags, version string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Check, plan and apply a policy file: what must hold for whole classes of organizations",
		Long: "A policy file (YAML, docs/policy.md) names policies: each selects organizations (by name glob, id,\n" +
			"metadata, a connection they have, or all; not: inverts) and says what must hold for them: a connection\n" +
			"linked or not, with any of its link settings, and bounds on the organizations themselves.\n\n" +
			"policy check lists every violation; policy plan the requests that would make the tenant comply, with\n" +
			"their time at the rate limit; policy apply sends them as a bulk batch (journal, bulk resume, bulk undo).\n" +
			"-f defaults to the tenant's audit.policy_file in the config; orgscope audit checks it with its rules.\n\n" +
			"Exit code: 0 when the tenant complies (check) or the plan went through (apply), 1 when it does not,\n" +
			"2 when the file is invalid (every problem at file:line:column) or the command could not run.",
	}
	cmd.AddCommand(newPolicyCheckCmd(t, version), newPolicyPlanCmd(t), newPolicyApplyCmd(t))
	return cmd
}

// readPolicySet reads a policy file and ties it to the snapshot's
// connections. Its problems are one error, a line each.
func readPolicySet(path string, snap *model.Snapshot) (*model.PolicySet, error) {
	return client.ReadPolicies(path, snap.Connections)
}

// policyPath is -f, else the tenant's policy file.
func policyPath(t *targetFlags, file string) (string, error) {
	if file != "" {
		return file, nil
	}
	if t.resolved.policyFile != "" {
		return t.resolved.policyFile, nil
	}
	return "", errors.New("say which policy file with -f FILE (or set audit.policy_file on the tenant in the config)")
}

func newPolicyCheckCmd(t *targetFlags, version string) *cobra.Command {
	var file, format, snapshotFile string
	var full bool
	cmd := &cobra.Command{
		Use:   "check -f FILE",
		Short: "List every organization that departs from the policies: what is, what should be",
		Example: "  orgscope policy check -f fleet.yaml --sandbox\n" +
			"  orgscope policy check -f fleet.yaml --format sarif > policy.sarif   # CI: exit 1 when any violation",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if !slices.Contains(policyFormats(), format) {
				return fail(fmt.Errorf("--format %q is not one of %s", format, strings.Join(policyFormats(), ", ")))
			}
			snap, err := loadOrCrawl(cmd, t, snapshotFile, full)
			if err != nil {
				return fail(err)
			}
			path, err := policyPath(t, file)
			if err != nil {
				return fail(err)
			}
			ps, err := readPolicySet(path, snap)
			if err != nil {
				return fail(err)
			}
			for _, name := range ps.Idle(snap) {
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: policy %s selects no organization (a mistyped name or value?)\n", name)
			}
			vs := ps.Check(snap)
			if err := writePolicyReport(cmd.OutOrStdout(), format, version, snap, ps, vs); err != nil {
				return fail(err)
			}
			if len(vs) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s of %s", model.Count(len(vs), "violation"), path)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "the policy file (default: the tenant's audit.policy_file)")
	f.StringVar(&format, "format", "text", "report format: "+strings.Join(policyFormats(), ", "))
	f.StringVar(&snapshotFile, "snapshot", "", "check this snapshot file (from orgscope snapshot export) instead of the tenant")
	f.BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
	return usageExitsTwo(cmd)
}

// policyReport is the JSON report of orgscope policy check. Fields are
// only ever added.
type policyReport struct {
	Tenant     string                  `json:"tenant"`
	TakenAt    time.Time               `json:"taken_at"`
	PolicyFile string                  `json:"policy_file"`
	Summary    policySummary           `json:"summary"`
	Violations []model.PolicyViolation `json:"violations"`
}

type policySummary struct {
	Policies      int `json:"policies"`
	Violated      int `json:"policies_violated"`
	Organizations int `json:"organizations"`
	Violations    int `json:"violations"`
}

func summarize(ps *model.PolicySet, vs []model.PolicyViolation) policySummary {
	policies, orgs := map[string]bool{}, map[string]bool{}
	for _, v := range vs {
		policies[v.Policy], orgs[v.Org.ID] = true, true
	}
	return policySummary{Policies: len(ps.Policies), Violated: len(policies), Organizations: len(orgs), Violations: len(vs)}
}

// writePolicyReport writes a check's violations: as text by policy, as
// JSON, or as SARIF (each result at its policy's line in the file).
func writePolicyReport(w io.Writer, format, version string, s *model.Snapshot, ps *model.PolicySet, vs []model.PolicyViolation) error {
	if vs == nil {
		vs = []model.PolicyViolation{}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(policyReport{Tenant: s.Tenant, TakenAt: s.TakenAt, PolicyFile: ps.Path, Summary: summarize(ps, vs), Violations: vs})
	case "sarif":
		findings := make([]model.Finding, len(vs))
		for i, v := range vs {
			findings[i] = v.Finding()
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sarifLog(version, s, findings, ps.Rules()))
	}
	var b strings.Builder
	last := ""
	for _, v := range vs {
		if v.Policy != last {
			last = v.Policy
			fmt.Fprintf(&b, "%s %s (%s)\n", v.Severity, v.Policy, model.CleanLine(v.Source.String()))
		}
		what := model.CleanLine(v.Org.Name)
		if v.Connection != "" {
			what += " × " + model.CleanLine(v.Connection)
		}
		fix := ""
		if !v.Fixable {
			fix = " (a person must fix it)"
		}
		// The field may carry a metadata key from the file: cleaned too.
		fmt.Fprintf(&b, "  %s: %s is %s, should be %s%s\n", what, model.CleanLine(v.Field), model.CleanLine(v.Is), model.CleanLine(v.Should), fix)
	}
	sum := summarize(ps, vs)
	if len(vs) == 0 {
		fmt.Fprintf(&b, "%s complies with the %s of %s (%s).\n", model.CleanLine(s.Tenant), model.Count(sum.Policies, "policy"),
			model.CleanLine(ps.Path), model.Count(len(s.Organizations), "organization"))
	} else {
		fmt.Fprintf(&b, "%s in %s: %d of %s violated, in %s.\n", model.Count(sum.Violations, "violation"), model.CleanLine(s.Tenant),
			sum.Violated, model.Count(sum.Policies, "policy"), model.Count(sum.Organizations, "organization"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func newPolicyPlanCmd(t *targetFlags) *cobra.Command {
	var file, out string
	var full bool
	cmd := &cobra.Command{
		Use:     "plan -f FILE",
		Short:   "Print the requests that would make the tenant comply, with their time at the rate limit; nothing is sent",
		Example: "  orgscope policy plan -f fleet.yaml --sandbox\n  orgscope policy plan -f fleet.yaml -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fail := func(err error) error { return &exitError{code: 2, err: err} }
			if out != "text" && out != "json" {
				return fail(fmt.Errorf("-o %q is not text or json", out))
			}
			c, done, err := t.open()
			if err != nil {
				return fail(err)
			}
			defer done()
			snap, _, err := currentSnapshot(cmd, t, c, full)
			if err != nil {
				return fail(err)
			}
			path, err := policyPath(t, file)
			if err != nil {
				return fail(err)
			}
			ps, err := readPolicySet(path, snap)
			if err != nil {
				return fail(err)
			}
			plan := ps.PlanPolicies(snap)
			if err := printPlan(cmd.OutOrStdout(), c, plan, out, plan.Action.Describe()); err != nil {
				return fail(err)
			}
			if vs := ps.Check(snap); len(vs) > fixableCount(vs) {
				n := len(vs) - fixableCount(vs)
				fmt.Fprintf(cmd.ErrOrStderr(), "orgscope: %s no plan can fix (organizations' own bounds): orgscope policy check lists them\n",
					model.Count(n, "violation"))
			}
			if n := plan.Count(model.OutcomeRefused); n > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s refused (listed above, with the reason): policy apply would send the other %s",
					model.Count(n, "item"), model.Count(plan.Requests(), "request"))}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "the policy file (default: the tenant's audit.policy_file)")
	f.StringVarP(&out, "output", "o", "text", "text or json")
	f.BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
	return usageExitsTwo(cmd)
}

func fixableCount(vs []model.PolicyViolation) int {
	n := 0
	for _, v := range vs {
		if v.Fixable {
			n++
		}
	}
	return n
}

func newPolicyApplyCmd(t *targetFlags) *cobra.Command {
	var file, out, journal string
	var yes, full bool
	cmd := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "Send the plan as a bulk batch (journalled: bulk resume finishes it, bulk undo puts it back)",
		Example: "  orgscope policy apply -f fleet.yaml --sandbox --yes\n" +
			"  orgscope bulk undo ~/.local/state/orgscope/bulk/…   # puts back what it changed",
		Args: cobra.NoArgs,
		RunE: withClient(t, nil, func(cmd *cobra.Command, _ []string, c *client.Client) error {
			if out != "text" && out != "json" {
				return fmt.Errorf("-o %q is not text or json", out)
			}
			if err := journalFlag(journal); err != nil {
				return err
			}
			snap, _, err := currentSnapshot(cmd, t, c, full)
			if err != nil {
				return err
			}
			path, err := policyPath(t, file)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			ps, err := readPolicySet(path, snap)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			plan := ps.PlanPolicies(snap)
			if err := printPlan(cmd.OutOrStdout(), c, plan, out, plan.Action.Describe()); err != nil {
				return err
			}
			if plan.Requests() == 0 {
				return refusedErr(plan, "")
			}
			if c.ReadOnly() {
				return errReadOnlyBatch()
			}
			if err := confirm(cmd, yes, fmt.Sprintf("Send %s to %s?", model.Count(plan.Requests(), "request"), c.Domain())); err != nil {
				return &exitError{code: 2, err: err} // nothing was sent: it did not run
			}
			if journal == "" {
				if journal, err = defaultJournal(c.Domain()); err != nil {
					return err
				}
			}
			b, err := startBatch(cmd, journal, c.Domain(), plan, "")
			if err != nil {
				return err
			}
			defer b.Close()
			if err := runBatch(cmd, c, b, out); err != nil {
				return err
			}
			return refusedErr(plan, b.Path)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "the policy file (default: the tenant's audit.policy_file)")
	f.BoolVar(&yes, "yes", false, "send without asking")
	f.StringVar(&journal, "journal", "", "journal the batch in this file (default: the state directory)")
	f.StringVarP(&out, "output", "o", "text", "text or json")
	f.BoolVar(&full, "full", false, "crawl the whole tenant even when its kept snapshot can be refreshed from the tenant log")
	return usageExitsTwo(cmd)
}
