package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
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
	resp.Schema = schema.Schema{
		MarkdownDescription: "Pushes usage into ConnectWise agreement additions: one addition per agreement and " +
			"catalog item, created when missing (quantity above zero), its owned fields updated when they differ, " +
			"and nothing written when it already matches, so a second run with the same input writes nothing. " +
			"Several active additions for one product are reported as a conflict and left alone. A create is never " +
			"repeated after an ambiguous failure without reading the additions again first, so no fault can bill a " +
			"customer twice. Cancelled, expired or deleted agreements and disabled customers are never written. " +
			"One customer's failure does not stop the others; the action ends with an error listing every failed " +
			"customer, and the next run completes them. Requires Terraform 1.14 or later.",
		Attributes: attrs,
	}
}

func (a *syncUsageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *syncUsageAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	_, _, diags := readSyncConfig(ctx, req.Config, &syncUsageModel{}, a.now())
	resp.Diagnostics.Append(diags...)
}

// ModifyPlan repeats the validation once every input is known (values from resources are
// unknown at validate time), so a bad input fails the plan before anything is written.
func (a *syncUsageAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	_, _, diags := readSyncConfig(ctx, req.Config, &syncUsageModel{}, a.now())
	resp.Diagnostics.Append(diags...)
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
	if !known {
		resp.Diagnostics.AddError("Sync input not known", "Some inputs are still unknown at invoke time; nothing was written.")
		return
	}
	progress := func(line string) { resp.SendProgress(action.InvokeProgressEvent{Message: line}) }
	res, err := usagesync.Run(ctx, a.data.client, usagesync.Request{
		Customers: in.request.Customers, Products: in.request.Products, Usage: in.request.Usage, Options: in.request.Options,
	}, usagesync.Settings{
		MaxParallel: int(numberInt64(m.MaxParallel)),
		DryRun:      m.DryRun.ValueBool(),
		Progress:    progress,
	})
	if err != nil {
		addClientError(&resp.Diagnostics, "loading the agreements to sync", err)
		return
	}
	reportSyncResult(res, enabledCustomers(in.request.Customers), &resp.Diagnostics)
}

// reportSyncResult turns what needs a person into diagnostics: a warning per conflict, a
// warning per enabled customer that was skipped (missing usage, an agreement that is not
// active, a mapping problem), and an error per failed customer.
func reportSyncResult(res *usagesync.Result, enabled map[string]bool, diags *diag.Diagnostics) {
	warned := map[string]bool{}
	for _, l := range res.Lines {
		switch {
		case l.Err != nil:
		case l.Kind == billing.Conflict:
			diags.AddWarning("Additions need a person",
				fmt.Sprintf("Organization %s%s, SKU %s: %s", l.OrganizationID, withName(l.OrganizationName), l.SKU, l.Reason))
		case l.Kind == billing.Skip && enabled[l.OrganizationID] && !warned[l.OrganizationID]:
			warned[l.OrganizationID] = true
			diags.AddWarning("Customer skipped", fmt.Sprintf("Organization %s%s, SKU %s: %s", l.OrganizationID, withName(l.OrganizationName), l.SKU, l.Reason))
		}
	}
	what, again := "Sync", "Run the action again: it reads ConnectWise before writing, so nothing is billed twice."
	if res.DryRun {
		what, again = "Dry run", "Run the dry run again once ConnectWise can be read."
	}
	for _, org := range sortedErrorKeys(res.Failed) {
		diags.AddError(what+" failed for organization "+org,
			fmt.Sprintf("%v\n\n%s. %s", res.Failed[org], res.FailureSummary(), again))
	}
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
