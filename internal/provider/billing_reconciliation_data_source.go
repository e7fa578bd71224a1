package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

var (
	_ datasource.DataSourceWithConfigure      = (*billingReconciliationDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*billingReconciliationDataSource)(nil)
)

func newBillingReconciliationDataSource() datasource.DataSource {
	return &billingReconciliationDataSource{now: time.Now}
}

// billingReconciliationDataSource is the read-only twin of connectwise_sync_usage: the same
// inputs, the same reads and the same engine, run as a dry run.
type billingReconciliationDataSource struct {
	dataSourceData
	now func() time.Time
}

type reconciliationModel struct {
	syncInputsModel
	Lines          types.List   `tfsdk:"lines"`
	PendingChanges types.Int64  `tfsdk:"pending_changes"`
	InSync         types.Bool   `tfsdk:"in_sync"`
	Totals         types.Object `tfsdk:"totals"`
}

var reconciliationLineAttrTypes = map[string]attr.Type{
	"organization_id":         types.StringType,
	"organization_name":       types.StringType,
	"sku":                     types.StringType,
	"company_id":              types.Int64Type,
	"company_name":            types.StringType,
	"agreement_id":            types.Int64Type,
	"agreement_name":          types.StringType,
	"catalog_item_id":         types.Int64Type,
	"catalog_item_identifier": types.StringType,
	"addition_id":             types.Int64Type,
	"conflict_addition_ids":   types.ListType{ElemType: types.Int64Type},
	"billed_quantity":         types.Float64Type,
	"usage_quantity":          types.Float64Type,
	"change":                  types.StringType,
	"reason":                  types.StringType,
	"period":                  types.StringType,
}

var reconciliationTotalsAttrTypes = map[string]attr.Type{
	"create": types.Int64Type, "update": types.Int64Type, "none": types.Int64Type,
	"skip": types.Int64Type, "conflict": types.Int64Type,
}

func (d *billingReconciliationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_billing_reconciliation"
}

func (d *billingReconciliationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceInputAttributes(syncInputSpec)
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedInt := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	attrs["lines"] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "One line per customer and SKU, in organization ID then SKU order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"organization_id":         computedString("Vendor organization ID."),
			"organization_name":       computedString("Vendor organization name."),
			"sku":                     computedString("Vendor SKU."),
			"company_id":              computedInt("ConnectWise company ID."),
			"company_name":            computedString("ConnectWise company name (from the agreement)."),
			"agreement_id":            computedInt("ConnectWise agreement ID."),
			"agreement_name":          computedString("ConnectWise agreement name (null when the agreement was not found)."),
			"catalog_item_id":         computedInt("ConnectWise catalog item ID."),
			"catalog_item_identifier": computedString("Catalog item identifier, as given in `products`."),
			"addition_id":             computedInt("The agreement addition that bills this SKU (null when there is none, or several)."),
			"conflict_addition_ids":   schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Every active addition for the SKU when there are several (`conflict`)."},
			"billed_quantity":         schema.Float64Attribute{Computed: true, MarkdownDescription: "Quantity ConnectWise bills now (null when no single active addition)."},
			"usage_quantity":          schema.Float64Attribute{Computed: true, MarkdownDescription: "Quantity the usage asks for (null when the usage is missing)."},
			"change":                  computedString("What `connectwise_sync_usage` would do: `create`, `update`, `none`, `skip` or `conflict`."),
			"reason":                  computedString("Why, in one sentence, with old → new values."),
			"period": computedString("The billing period of the agreement's own cycle the line was judged against, " +
				"e.g. `November 2026` or `2026-10-01 to 2026-12-31 (Quarterly)` (null when the line was skipped before the " +
				"agreement's calendar was read, e.g. a disabled customer or an agreement not found)."),
		}},
	}
	attrs["pending_changes"] = computedInt("How many writes `connectwise_sync_usage` would make: one per addition created or updated, two where an addition " +
		"that started in a period a non-prorating agreement has invoiced is ended and its successor added from the next invoice date.")
	attrs["in_sync"] = schema.BoolAttribute{Computed: true, MarkdownDescription: "True when nothing is pending and no product has duplicate additions."}
	attrs["totals"] = schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "Number of lines per change kind.",
		Attributes: map[string]schema.Attribute{
			"create": computedInt("Additions that would be created."), "update": computedInt("Additions that would be updated."),
			"none": computedInt("Lines already in sync."), "skip": computedInt("Lines skipped (disabled customer, missing usage, agreement not active...)."),
			"conflict": computedInt("Products with several active additions on one agreement."),
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "What ConnectWise bills next to what the usage says, per customer and SKU, and the change " +
			"`connectwise_sync_usage` would make: the action's dry run as a data source. It takes the same inputs, reads " +
			"ConnectWise the same way (batched agreement reads, one additions list per agreement) and never writes. In a " +
			"`check` block it turns billing drift into `terraform plan` warnings on any Terraform version.",
		Attributes: attrs,
	}
}

func (d *billingReconciliationDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	_, _, diags := readSyncConfig(ctx, req.Config, &reconciliationModel{}, d.now())
	resp.Diagnostics.Append(diags...)
}

func (d *billingReconciliationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.data, &resp.Diagnostics) {
		return
	}
	var m reconciliationModel
	in, _, diags := readSyncConfig(ctx, req.Config, &m, d.now())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := usagesync.Run(ctx, d.data.client, in.request, usagesync.Settings{DryRun: true})
	if err != nil {
		addClientError(&resp.Diagnostics, "reading the agreements to reconcile", err)
		return
	}
	for _, org := range sortedErrorKeys(res.Failed) {
		addClientError(&resp.Diagnostics, "reading ConnectWise for organization "+org, res.Failed[org])
	}
	if resp.Diagnostics.HasError() {
		return
	}
	lines, totals, pending := reconciliationLines(res, in.request.Products)
	m.Lines = types.ListValueMust(types.ObjectType{AttrTypes: reconciliationLineAttrTypes}, lines)
	m.Totals = types.ObjectValueMust(reconciliationTotalsAttrTypes, totals)
	m.PendingChanges = types.Int64Value(int64(pending))
	m.InSync = types.BoolValue(pending == 0 && res.Summary.Conflicts == 0)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// reconciliationLines renders the report lines (syncReportLines, shared with the action's
// run report) as the data source's attributes.
func reconciliationLines(res *usagesync.Result, products []billing.Product) ([]attr.Value, map[string]attr.Value, int) {
	counts := map[string]int64{}
	pending := 0 // the writes, as the action counts them: an invoiced addition's end and its successor are two
	for _, l := range res.Lines {
		pending += l.WriteCount()
	}
	report := syncReportLines(res, products)
	lines := make([]attr.Value, 0, len(report))
	for _, l := range report {
		counts[l.Change]++
		conflicts := make([]attr.Value, 0, len(l.ConflictAdditionIDs))
		for _, id := range l.ConflictAdditionIDs {
			conflicts = append(conflicts, types.Int64Value(int64(id)))
		}
		addition := types.Int64Null()
		if l.AdditionID != nil {
			addition = types.Int64Value(int64(*l.AdditionID))
		}
		lines = append(lines, types.ObjectValueMust(reconciliationLineAttrTypes, map[string]attr.Value{
			"organization_id":         types.StringValue(l.OrganizationID),
			"organization_name":       types.StringValue(l.OrganizationName),
			"sku":                     types.StringValue(l.SKU),
			"company_id":              types.Int64Value(int64(l.CompanyID)),
			"company_name":            types.StringPointerValue(l.CompanyName),
			"agreement_id":            types.Int64Value(int64(l.AgreementID)),
			"agreement_name":          types.StringPointerValue(l.AgreementName),
			"catalog_item_id":         types.Int64Value(int64(l.CatalogItemID)),
			"catalog_item_identifier": types.StringValue(l.CatalogItemIdentifier),
			"addition_id":             addition,
			"conflict_addition_ids":   types.ListValueMust(types.Int64Type, conflicts),
			"billed_quantity":         types.Float64PointerValue(l.BilledQuantity),
			"usage_quantity":          types.Float64PointerValue(l.UsageQuantity),
			"change":                  types.StringValue(l.Change),
			"reason":                  types.StringValue(l.Reason),
			"period":                  types.StringPointerValue(l.Period),
		}))
	}
	totals := map[string]attr.Value{}
	for _, k := range reportKinds {
		totals[string(k)] = types.Int64Value(counts[string(k)])
	}
	return lines, totals, pending
}

func sortedErrorKeys(m map[string]error) []string {
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return sortedKeys(keys)
}
