package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

var (
	_ action.ActionWithConfigure      = (*syncUsageAction)(nil)
	_ action.ActionWithValidateConfig = (*syncUsageAction)(nil)
	_ action.ActionWithModifyPlan     = (*syncUsageAction)(nil)
)

var maxParallelRule = wholeNumber(1, 32, 4)

func newSyncUsageAction() action.Action { return &syncUsageAction{now: time.Now} }

type syncUsageAction struct {
	data *providerData
	now  func() time.Time
}

type syncUsageModel struct {
	syncInputsModel
	DryRun      types.Bool   `tfsdk:"dry_run"`
	MaxParallel types.Number `tfsdk:"max_parallel"`
	FailOn      types.List   `tfsdk:"fail_on"`
	ReportPath  types.String `tfsdk:"report_path"`
}

func (a *syncUsageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sync_usage"
}

func (a *syncUsageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := actionInputAttributes(syncInputSpec)
	attrs["dry_run"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Report what would change (old → new per customer and SKU) and write nothing. " +
			"A real run with the same input then makes exactly those changes.",
	}
	attrs["max_parallel"] = schema.NumberAttribute{
		Optional: true,
		MarkdownDescription: "How many customers are synced at once: a whole number from 1 to 32 (default 4). " +
			"All calls share the provider's `requests_per_minute`.",
		Validators: maxParallelRule.validators(),
	}
	attrs["fail_on"] = schema.ListAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: "What ends the run with an error (a non-zero exit of `terraform apply -invoke`), besides a " +
			"failed customer, which always does: any of `conflict` (several additions for one product, or one " +
			"cancelled inside the period), `skipped` (an enabled customer not synced: usage missing, agreement not " +
			"active, catalog item missing) and `failed`. Default `[\"failed\"]`: conflicts and skipped customers are " +
			"warnings. Strict mode changes only the verdict, never what is written: every other customer is synced " +
			"first, and each problem is listed as its own error.",
	}
	attrs["report_path"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Write a JSON run report to this file on the machine that runs Terraform (relative paths " +
			"start from Terraform's working directory), replaced atomically at the end of every run, also a failed " +
			"one: one line per customer and SKU with the attributes of `connectwise_billing_reconciliation`'s " +
			"`lines` plus what the run did (`written_addition_id`, `ended_addition_ids`, `error`), the summary, " +
			"the failed customers and the verdict (`passed`, `problems`). The format is described in the guide " +
			"\"Billing sync from CI\" and carries `format_version`. The directory must exist (checked at plan time).",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Pushes usage into ConnectWise agreement additions: one addition per agreement and " +
			"catalog item, created when missing (quantity above zero), its owned fields updated when they differ, " +
			"and nothing written when it already matches, so a second run with the same input writes nothing. " +
			"Several active additions for one product are reported as a conflict and left alone. A create is never " +
			"repeated after an ambiguous failure without reading the additions again first, so no fault can bill a " +
			"customer twice. Cancelled, expired or deleted agreements and disabled customers are never written. " +
			"One customer's failure does not stop the others; the action ends with an error listing every failed " +
			"customer, and the next run completes them: a scheduled `terraform apply -invoke`, or an `action_trigger` " +
			"that runs again while writes are pending: its `input` carries the reconciliation's `pending_changes` " +
			"(Terraform 1.14 and later), or `on_failure = taint` (1.16 and later); see Running it. A trigger on the " +
			"usage's hash alone does not run a failed sync again. Requires Terraform 1.14 or later.",
		Attributes: attrs,
	}
}

func (a *syncUsageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *syncUsageAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m syncUsageModel
	_, _, diags := readSyncConfig(ctx, req.Config, &m, a.now())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(m.checkOutputs(false)...)
}

// ModifyPlan repeats the validation once every input is known (values from resources are
// unknown at validate time), so a bad input fails the plan before anything is written. It
// also checks that the report can be written, on the machine that will invoke the action.
func (a *syncUsageAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m syncUsageModel
	_, _, diags := readSyncConfig(ctx, req.Config, &m, a.now())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(m.checkOutputs(true)...)
}

// checkOutputs checks fail_on and report_path; the file system only when onRunner.
func (m *syncUsageModel) checkOutputs(onRunner bool) diag.Diagnostics {
	_, diags := readFailOn(m.FailOn)
	if m.ReportPath.IsNull() || m.ReportPath.IsUnknown() {
		return diags
	}
	if onRunner {
		return append(diags, checkReportPath(m.ReportPath)...)
	}
	if strings.TrimSpace(m.ReportPath.ValueString()) == "" {
		diags.AddAttributeError(path.Root("report_path"), "Invalid report_path",
			"report_path is empty; give a file name such as \"sync-report.json\", or leave it out.")
	}
	return diags
}

func (a *syncUsageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	if notConfigured(a.data, &resp.Diagnostics) {
		return
	}
	var m syncUsageModel
	in, known, diags := readSyncConfig(ctx, req.Config, &m, a.now())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	failOn, d := readFailOn(m.FailOn)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !known {
		resp.Diagnostics.AddError("Sync input not known", "Some inputs are still unknown at invoke time; nothing was written.")
		return
	}
	progress := func(line string) { resp.SendProgress(action.InvokeProgressEvent{Message: line}) }
	dryRun := m.DryRun.ValueBool()
	res, err := usagesync.Run(ctx, a.data.client, in.request, usagesync.Settings{
		MaxParallel: int(numberInt64(m.MaxParallel)),
		DryRun:      dryRun,
		Progress:    progress,
	})
	var problems []string
	if err != nil {
		addClientError(&resp.Diagnostics, "loading the agreements to sync", err)
		// The report still says that this run did nothing, so a later step never reads
		// an older run's report as this one's.
		res = &usagesync.Result{Period: billing.BillingPeriod(in.request.Options.AsOf), DryRun: dryRun}
		problems = []string{"failed: loading the agreements to sync: " + err.Error()}
	} else {
		problems = reportSyncResult(res, enabledCustomers(in.request.Customers), failOn, &resp.Diagnostics)
	}
	if !m.ReportPath.IsNull() {
		report := newSyncReport(res, in.request.Products, in.request.Options.AsOf, failOn, problems)
		if err := writeReport(m.ReportPath.ValueString(), report); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("report_path"), "Run report not written",
				fmt.Sprintf("The sync ran (see its summary above) but its report could not be written: %v", err))
		}
	}
}

func writeReport(name string, report syncReport) error {
	b, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomically(name, append(b, '\n'))
}

// reportSyncResult turns what needs a person into diagnostics: one per conflict, one per
// enabled customer that was skipped (missing usage, an agreement that is not active, a
// mapping problem), and an error per failed customer. Conflicts and skipped customers are
// warnings unless fail_on names them. It returns the problems that fail the run, one line
// each, for the run report.
func reportSyncResult(res *usagesync.Result, enabled map[string]bool, failOn map[string]bool, diags *diag.Diagnostics) []string {
	var problems []string
	add := func(kind, summary, detail string) {
		if !failOn[kind] {
			diags.AddWarning(summary, detail)
			return
		}
		others := "every other customer was synced as usual"
		if res.DryRun {
			others = "this was a dry run: nothing was written"
		}
		diags.AddError(summary, detail+"\n\nfail_on includes \""+kind+"\", so the run fails; "+others+".")
		problems = append(problems, kind+": "+detail)
	}
	// One warning per skipped customer, naming every SKU skipped and why.
	var skippedOrgs []string
	skipped := map[string][]usagesync.Outcome{}
	for _, l := range res.Lines {
		switch {
		case l.Err != nil:
		case l.Kind == billing.Conflict:
			remedy := conflictRemedy
			if l.RelatedAgreementID != 0 {
				remedy = familyRemedy
			}
			add(failOnConflict, "Additions need a person", fmt.Sprintf("Organization %s%s, SKU %s: %s\n\n%s",
				l.OrganizationID, withName(l.OrganizationName), l.SKU, l.Reason, remedy))
		case l.Kind == billing.Skip && enabled[l.OrganizationID]:
			if len(skipped[l.OrganizationID]) == 0 {
				skippedOrgs = append(skippedOrgs, l.OrganizationID)
			}
			skipped[l.OrganizationID] = append(skipped[l.OrganizationID], l)
		}
	}
	for _, org := range skippedOrgs {
		add(failOnSkipped, "Customer skipped", skippedDetail(skipped[org]))
	}
	what := "Sync"
	if res.DryRun {
		what = "Dry run"
	}
	// The customers a refusal left untried share one reason: one error names them all.
	var untried []string
	var untriedErr error
	for _, org := range sortedErrorKeys(res.Failed) {
		err := res.Failed[org]
		problems = append(problems, fmt.Sprintf("failed: organization %s: %v", org, err))
		if usagesync.IsNotAttempted(err) {
			untried, untriedErr = append(untried, org), err
			continue
		}
		diags.AddError(what+" failed for organization "+org, fmt.Sprintf("%v\n\n%s", err, failureRemedy(err, res.DryRun)))
	}
	if len(untried) > 0 {
		diags.AddError(fmt.Sprintf("%s not attempted for %d organizations", what, len(untried)),
			fmt.Sprintf("%v\n\nOrganizations: %s.\n\n%s", untriedErr, strings.Join(untried, ", "), failureRemedy(untriedErr, res.DryRun)))
	}
	// The run's count once, not under every customer: 2,000 customers refused one permission
	// would otherwise repeat it 2,000 times.
	if len(res.Failed) > 0 {
		diags.AddError(what+" incomplete", res.FailureSummary()+".")
	}
	return problems
}

// conflictRemedy says what a person does about a conflict in ConnectWise.
const conflictRemedy = "In ConnectWise (Finance › Agreements › Additions), keep the one addition that should bill " +
	"this period: set a cancelled date on the others (or delete an addition created by mistake). The next run " +
	"then updates the one that is left."

// familyRemedy says what a person does about a product mapped on a parent agreement and its
// child: the additions are not the problem, the mappings are.
const familyRemedy = "Decide which of the two agreements bills the product, and keep only that customer mapping " +
	"syncing: set sync_enabled = false on the other one (or map that customer to an agreement that is not the " +
	"parent or child of this one). Nothing was written on either agreement; the next run then syncs the one left."

// skippedDetail names the customer once and every SKU skipped, grouped by reason.
func skippedDetail(lines []usagesync.Outcome) string {
	var reasons []string
	skus := map[string][]string{}
	for _, l := range lines {
		if len(skus[l.Reason]) == 0 {
			reasons = append(reasons, l.Reason)
		}
		skus[l.Reason] = append(skus[l.Reason], l.SKU)
	}
	l := lines[0]
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		word := "SKU"
		if len(skus[r]) > 1 {
			word = "SKUs"
		}
		parts[i] = fmt.Sprintf("%s %s: %s", word, strings.Join(skus[r], ", "), r)
	}
	return fmt.Sprintf("Organization %s%s, %s", l.OrganizationID, withName(l.OrganizationName), strings.Join(parts, "; "))
}

// failureRemedy is what helps after a customer failed: running again helps only when the
// failure may pass (a fault, a throttle); a refused permission or write needs a person.
func failureRemedy(err error, dryRun bool) string {
	switch {
	case errors.Is(err, connectwise.ErrForbidden):
		return "Grant the permission named above to the API member's security role in ConnectWise (System › Security Roles), then run again."
	case errors.Is(err, connectwise.ErrUnauthorized):
		return "Check the provider's keys and client_id, then run again."
	case errors.Is(err, connectwise.ErrValidation):
		return "ConnectWise refused the write as it stands: fix what it names, then run again."
	case dryRun:
		return "Run the dry run again once ConnectWise can be read."
	}
	return "Run the action again: it reads ConnectWise before writing, so nothing is billed twice."
}

func withName(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

func enabledCustomers(customers []billing.Customer) map[string]bool {
	out := map[string]bool{}
	for _, c := range customers {
		if c.SyncEnabled {
			out[c.OrganizationID] = true
		}
	}
	return out
}
