package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// The run report of connectwise_sync_usage (`report_path`) and the lines of
// connectwise_billing_reconciliation come from one function, syncReportLines, so a report
// and a reconciliation of the same inputs hold the same lines.

// reportFormatVersion follows Terraform's own JSON formats (`terraform show -json`): a
// minor bump only adds fields, a major bump changes or removes one.
const reportFormatVersion = "1.1" // 1.1: lines[].period

// reportLine is one customer and SKU. The fields up to Reason are the reconciliation's
// line attributes, with the same names and meaning (the state before the run); the
// fields after are what the run did.
type reportLine struct {
	OrganizationID        string   `json:"organization_id"`
	OrganizationName      string   `json:"organization_name"`
	SKU                   string   `json:"sku"`
	CompanyID             int      `json:"company_id"`
	CompanyName           *string  `json:"company_name"`
	AgreementID           int      `json:"agreement_id"`
	AgreementName         *string  `json:"agreement_name"`
	CatalogItemID         int      `json:"catalog_item_id"`
	CatalogItemIdentifier string   `json:"catalog_item_identifier"`
	AdditionID            *int     `json:"addition_id"`
	ConflictAdditionIDs   []int    `json:"conflict_addition_ids"`
	BilledQuantity        *float64 `json:"billed_quantity"`
	UsageQuantity         *float64 `json:"usage_quantity"`
	Change                string   `json:"change"`
	Reason                string   `json:"reason"`
	// Period is the billing period of the agreement the line was judged against ("November
	// 2026", "2026-10-01 to 2026-12-31 (Quarterly)"); null when the line was skipped before
	// the agreement's calendar was read.
	Period *string `json:"period"`

	// WrittenAdditionID is the addition created or updated (null in a dry run, when nothing
	// was written, or when the write failed). A write applied before a later check failed
	// (the read-back for a concurrent run's duplicate) has both this and Error.
	WrittenAdditionID *int `json:"written_addition_id"`
	// EndedAdditionIDs are duplicates created by a concurrent run and ended by this one.
	EndedAdditionIDs []int `json:"ended_addition_ids"`
	// Error is why this line's write (or the read before it) failed; null when it did not.
	Error *string `json:"error"`
}

// syncReportLines is the one mapping from the executor's lines to report lines, in the
// executor's order (organization ID, then SKU; customers that could not be read last).
func syncReportLines(res *usagesync.Result, products []billing.Product) []reportLine {
	identifiers := map[string]string{}
	for _, p := range products {
		identifiers[p.VendorSKU] = p.CatalogItemIdentifier
	}
	lines := make([]reportLine, 0, len(res.Lines))
	for _, l := range res.Lines {
		ag, found := res.Agreements[l.AgreementID]
		line := reportLine{
			OrganizationID:        l.OrganizationID,
			OrganizationName:      l.OrganizationName,
			SKU:                   l.SKU,
			CompanyID:             l.CompanyID,
			AgreementID:           l.AgreementID,
			CatalogItemID:         l.CatalogItemID,
			CatalogItemIdentifier: identifiers[l.SKU],
			AdditionID:            nonZero(l.Change.AdditionID),
			ConflictAdditionIDs:   append([]int{}, l.ConflictIDs...),
			BilledQuantity:        l.Billed,
			UsageQuantity:         l.Desired,
			Change:                string(l.Kind),
			Reason:                l.Reason,
			Period:                periodText(l.Period),
			EndedAdditionIDs:      append([]int{}, l.Ended...),
		}
		if found {
			line.CompanyName, line.AgreementName = &ag.CompanyName, &ag.Name
		}
		if l.Err != nil {
			msg := l.Err.Error()
			line.Error = &msg
		}
		if (l.Err == nil || l.Written) && l.Writes() && !res.DryRun {
			line.WrittenAdditionID = nonZero(l.AdditionID)
		}
		lines = append(lines, line)
	}
	return lines
}

// periodText names a line's billing period, or nil for the zero period of a line skipped
// before its agreement's calendar was read.
func periodText(p billing.Period) *string {
	if p.Start.IsZero() {
		return nil
	}
	s := p.String()
	return &s
}

func nonZero(id int) *int {
	if id == 0 {
		return nil
	}
	return &id
}

// The values of fail_on. A failed customer always ends the run with an error (a write
// that did not happen must never look green); "conflict" and "skipped" turn those
// warnings into errors too.
const (
	failOnConflict = "conflict"
	failOnSkipped  = "skipped"
	failOnFailed   = "failed"
)

var failOnValues = []string{failOnConflict, failOnSkipped, failOnFailed}

// readFailOn decodes fail_on; unknown parts (at validate time) are left out and checked
// later. The result always holds "failed".
func readFailOn(list types.List) (set map[string]bool, diags diag.Diagnostics) {
	set = map[string]bool{failOnFailed: true}
	for i, v := range list.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			continue
		}
		at := path.Root("fail_on").AtListIndex(i)
		if s.IsNull() || !slices.Contains(failOnValues, s.ValueString()) {
			got := "null"
			if !s.IsNull() {
				got = fmt.Sprintf("%q", s.ValueString())
			}
			diags.AddAttributeError(at, "Invalid fail_on",
				fmt.Sprintf("fail_on[%d] is %s; accepted values are \"conflict\" (several additions for one product), "+
					"\"skipped\" (an enabled customer was not synced) and \"failed\" (always on: a customer whose read or write failed).", i, got))
			continue
		}
		set[s.ValueString()] = true
	}
	return set, diags
}

func failOnList(set map[string]bool) []string {
	out := []string{}
	for _, v := range failOnValues {
		if set[v] {
			out = append(out, v)
		}
	}
	return out
}

// checkReportPath refuses a report_path that cannot be written: empty, a directory, or
// in a directory that does not exist. Called at plan time, on the machine that invokes.
func checkReportPath(p types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if p.IsNull() || p.IsUnknown() {
		return nil
	}
	at := path.Root("report_path")
	name := p.ValueString()
	if strings.TrimSpace(name) == "" {
		diags.AddAttributeError(at, "Invalid report_path", "report_path is empty; give a file name such as \"sync-report.json\", or leave it out.")
		return diags
	}
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		diags.AddAttributeError(at, "Invalid report_path", fmt.Sprintf("report_path %q is a directory; give a file name such as %q.", name, filepath.Join(name, "sync-report.json")))
		return diags
	}
	dir := filepath.Dir(name)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		diags.AddAttributeError(at, "Invalid report_path",
			fmt.Sprintf("report_path %q: the directory %q does not exist on this machine (relative paths start from Terraform's working directory). Create it first; nothing was written.", name, dir))
	}
	return diags
}

// syncReport is the JSON document report_path receives. Its schema is documented in the
// action's docs (templates/guides/billing-sync-from-ci.md.tmpl): change both together.
type syncReport struct {
	FormatVersion string `json:"format_version"`
	Action        string `json:"action"`
	// Passed is false when the run ended with an error: a failed customer, or a line that
	// fail_on names. Problems say why, one per line or customer.
	Passed          bool            `json:"passed"`
	FailOn          []string        `json:"fail_on"`
	Problems        []string        `json:"problems"`
	DryRun          bool            `json:"dry_run"`
	AsOf            string          `json:"as_of"`
	Period          reportPeriod    `json:"period"`
	Summary         reportSummary   `json:"summary"`
	FailedCustomers []reportFailure `json:"failed_customers"`
	Lines           []reportLine    `json:"lines"`
	// Totals counts lines per change, as the reconciliation's totals do.
	Totals map[string]int `json:"totals"`
}

type reportPeriod struct {
	Month string `json:"month"` // "2026-11"
	Final bool   `json:"final"` // the final numbers of that month (a run on the 1st of the next)
}

type reportSummary struct {
	Created         int `json:"created"`
	Updated         int `json:"updated"`
	Unchanged       int `json:"unchanged"`
	Skipped         int `json:"skipped"`
	Conflicts       int `json:"conflicts"`
	FailedCustomers int `json:"failed_customers"`
	DuplicatesEnded int `json:"duplicates_ended"`
}

type reportFailure struct {
	OrganizationID string `json:"organization_id"`
	Error          string `json:"error"`
}

func newSyncReport(res *usagesync.Result, products []billing.Product, asOf time.Time, failOn map[string]bool, problems []string) syncReport {
	r := syncReport{
		FormatVersion: reportFormatVersion,
		Action:        "connectwise_sync_usage",
		Passed:        len(problems) == 0,
		FailOn:        failOnList(failOn),
		Problems:      append([]string{}, problems...),
		DryRun:        res.DryRun,
		AsOf:          asOf.UTC().Format(time.RFC3339),
		Period:        reportPeriod{Month: res.Period.Start.Format("2006-01"), Final: res.Period.Final},
		Summary: reportSummary{
			Created: res.Summary.Created, Updated: res.Summary.Updated, Unchanged: res.Summary.Unchanged,
			Skipped: res.Summary.Skipped, Conflicts: res.Summary.Conflicts, FailedCustomers: res.Summary.Failed,
			DuplicatesEnded: res.Summary.DuplicatesEnded,
		},
		FailedCustomers: []reportFailure{},
		Lines:           syncReportLines(res, products),
		Totals:          map[string]int{},
	}
	for _, org := range sortedErrorKeys(res.Failed) {
		r.FailedCustomers = append(r.FailedCustomers, reportFailure{OrganizationID: org, Error: res.Failed[org].Error()})
	}
	for _, k := range reportKinds {
		r.Totals[string(k)] = 0
	}
	for _, l := range r.Lines {
		r.Totals[l.Change]++
	}
	return r
}

var reportKinds = []billing.Kind{billing.Create, billing.Update, billing.None, billing.Skip, billing.Conflict}

// writeFileAtomically writes data to name through a temporary file in the same directory
// and a rename, so a reader (a later pipeline step) sees the old file or the new one,
// never half of one.
func writeFileAtomically(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
