package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/orgscope/orgscope/model"
)

// auditReport is the JSON report of orgscope audit. Its shape is stable:
// fields are only ever added.
type auditReport struct {
	Tenant   string          `json:"tenant"`
	TakenAt  time.Time       `json:"taken_at"`
	Summary  map[string]int  `json:"summary"` // findings by severity
	Findings []model.Finding `json:"findings"`
}

func summary(findings []model.Finding) map[string]int {
	out := map[string]int{string(model.SeverityError): 0, string(model.SeverityWarning): 0, string(model.SeverityInfo): 0}
	for _, f := range findings {
		out[string(f.Severity)]++
	}
	return out
}

func summaryLine(s *model.Snapshot, findings []model.Finding) string {
	n := summary(findings)
	return fmt.Sprintf("%s in %s (%s, %s): %s, %s, %d info",
		model.Count(len(findings), "finding"), s.Tenant, model.Count(len(s.Organizations), "organization"),
		model.Count(len(s.Connections), "connection"), model.Count(n["error"], "error"), model.Count(n["warning"], "warning"), n["info"])
}

func objectNames(f model.Finding) string {
	names := make([]string, len(f.Objects))
	for i, o := range f.Objects {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// writeReport writes the findings in a format; version is orgscope's
// (SARIF names it), rules those the findings may come from.
func writeReport(w io.Writer, format, version string, s *model.Snapshot, findings []model.Finding, rules []model.Rule) error {
	if findings == nil {
		findings = []model.Finding{}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(auditReport{Tenant: s.Tenant, TakenAt: s.TakenAt, Summary: summary(findings), Findings: findings})
	case "csv":
		rows := make([][]string, len(findings))
		for i, f := range findings {
			rows[i] = []string{string(f.Severity), f.Rule, objectNames(f), f.Problem, f.Fix, f.Source}
		}
		return writeCSV(w, []string{"severity", "rule", "objects", "problem", "fix", "source"}, rows)
	case "markdown":
		var b strings.Builder
		fmt.Fprintf(&b, "# orgscope audit of %s\n\n%s\n\n", model.CleanLine(s.Tenant), model.CleanLine(summaryLine(s, findings)))
		if len(findings) > 0 {
			b.WriteString("| severity | rule | objects | problem | fix |\n|---|---|---|---|---|\n")
			cell := func(s string) string { return strings.ReplaceAll(model.CleanLine(s), "|", `\|`) }
			for _, f := range findings {
				fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", f.Severity, f.Rule, cell(objectNames(f)), cell(f.Problem), cell(f.Fix))
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "sarif":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sarifLog(version, s, findings, rules))
	}
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "%-7s %s · %s\n        %s\n        fix: %s\n", f.Severity, f.Rule,
			model.CleanLine(objectNames(f)), model.CleanLine(f.Problem), model.CleanLine(f.Fix))
	}
	b.WriteString(model.CleanLine(summaryLine(s, findings)) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// SARIF 2.1.0, as far as code-scanning dashboards read it. Tenant objects
// have no file: each result names them as logical locations.
type (
	sarifDoc struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifText    `json:"shortDescription"`
		Help                 sarifText    `json:"help"`
		DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
	}
	sarifDefault struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations"`
	}
	// sarifPhysical is the line of a policy file a policy's finding
	// rests on: code scanning annotates it.
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	sarifLogical struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
)

// sarifLevel maps a severity to SARIF's levels (info is a note).
func sarifLevel(s model.Severity) string {
	if s == model.SeverityInfo {
		return "note"
	}
	return string(s)
}

// sarifLog is the findings as SARIF; rules are those they may come from
// (the audit's, and the policies' when a policy file was checked).
func sarifLog(version string, s *model.Snapshot, findings []model.Finding, rules []model.Rule) sarifDoc {
	driver := sarifDriver{Name: "orgscope", InformationURI: "https://github.com/orgscope/orgscope", Version: version}
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{ID: r.ID, ShortDescription: sarifText{r.Title},
			Help: sarifText{"Source: " + r.Source}, DefaultConfiguration: sarifDefault{sarifLevel(r.Severity)}})
	}
	results := []sarifResult{}
	for _, f := range findings {
		var logical []sarifLogical
		for _, o := range f.Objects {
			fq := s.Tenant + "/" + o.Kind + "/" + o.ID
			if o.OrgID != "" {
				fq = s.Tenant + "/organization/" + o.OrgID + "/connection/" + o.ID
			}
			logical = append(logical, sarifLogical{Name: o.Name, FullyQualifiedName: fq, Kind: o.Kind})
		}
		loc := sarifLocation{LogicalLocations: logical}
		if at := f.Location; at != nil {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(at.File)},
				Region: sarifRegion{StartLine: at.Line, StartColumn: at.Column}}
		}
		results = append(results, sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{f.Problem + " " + f.Fix}, Locations: []sarifLocation{loc}})
	}
	return sarifDoc{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0",
		Runs: []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}}}
}
