package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

var _ datasource.DataSourceWithConfigure = (*agreementsDataSource)(nil)

func newAgreementsDataSource() datasource.DataSource { return &agreementsDataSource{} }

type agreementsDataSource struct {
	dataSourceData
}

// agreementStatuses are the values of agreementStatus; only Active agreements are billed.
var agreementStatuses = []string{
	connectwise.AgreementActive, connectwise.AgreementCancelled, connectwise.AgreementExpired, connectwise.AgreementInactive,
}

// defaultAgreementStatuses is what a search finds when statuses is not set.
var defaultAgreementStatuses = []string{connectwise.AgreementActive}

// agreementStatusesAttribute is the statuses filter of both agreement data sources.
func agreementStatusesAttribute(extra string, more ...validator.Set) schema.SetAttribute {
	return schema.SetAttribute{
		ElementType: types.StringType,
		Optional:    true,
		MarkdownDescription: "Agreement statuses to include: any of `Active`, `Cancelled`, `Expired`, `Inactive`. " +
			"Defaults to `[\"Active\"]`." + extra,
		Validators: append([]validator.Set{
			setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(enumRule{values: agreementStatuses}.validators()...),
		}, more...),
	}
}

// agreementObject is one agreement as the data sources show it.
type agreementObject struct {
	ID                types.Number `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	CompanyID         types.Number `tfsdk:"company_id"`
	CompanyIdentifier types.String `tfsdk:"company_identifier"`
	CompanyName       types.String `tfsdk:"company_name"`
	Type              types.String `tfsdk:"type"`
	TypeID            types.Int64  `tfsdk:"type_id"`
	Status            types.String `tfsdk:"status"`
	Cancelled         types.Bool   `tfsdk:"cancelled"`
	StartDate         types.String `tfsdk:"start_date"`
	EndDate           types.String `tfsdk:"end_date"`
	NoEndingDate      types.Bool   `tfsdk:"no_ending_date"`
}

// newAgreementObject is the one mapping from a ConnectWise agreement to its Terraform shape.
func newAgreementObject(a connectwise.Agreement) agreementObject {
	obj := agreementObject{
		ID:                int64Number(int64(a.ID)),
		Name:              types.StringValue(a.Name),
		CompanyID:         referenceIDNumber(a.Company),
		CompanyIdentifier: types.StringNull(),
		CompanyName:       referenceNameValue(a.Company),
		Type:              referenceNameValue(a.Type),
		TypeID:            referenceIDValue(a.Type),
		Status:            types.StringValue(a.AgreementStatus),
		Cancelled:         types.BoolValue(a.CancelledFlag),
		StartDate:         textOrNull(a.StartDate),
		EndDate:           textOrNull(a.EndDate),
		NoEndingDate:      types.BoolValue(a.NoEndingDateFlag),
	}
	if a.Company != nil {
		obj.CompanyIdentifier = types.StringValue(a.Company.Identifier)
	}
	return obj
}

func agreementObjectAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                 computedNumber("Agreement record ID (the `agreement_id` other resources take)."),
		"name":               computedString("Agreement name."),
		"company_id":         computedNumber("ID of the company the agreement belongs to."),
		"company_identifier": computedString("Identifier of that company."),
		"company_name":       computedString("Name of that company."),
		"type":               computedString("Agreement type name, e.g. `Managed Services`."),
		"type_id":            computedInt64("Agreement type ID."),
		"status":             computedString("Agreement status: `Active`, `Cancelled`, `Expired` or `Inactive`. Only an `Active` agreement is billed."),
		"cancelled":          computedBool("Whether the agreement is cancelled (`cancelledFlag`)."),
		"start_date":         computedString("Start date, as the day at UTC midnight, e.g. `2025-01-01T00:00:00Z` (also when the site sends its local midnight)."),
		"end_date":           computedString("End date, as the day at UTC midnight; null when the agreement has none."),
		"no_ending_date":     computedBool("Whether the agreement runs without an end date."),
	}
}

type agreementsDataSourceModel struct {
	CompanyID    types.Number      `tfsdk:"company_id"`
	Types        types.Set         `tfsdk:"types"`
	Statuses     types.Set         `tfsdk:"statuses"`
	Name         types.String      `tfsdk:"name"`
	NameContains types.String      `tfsdk:"name_contains"`
	Agreements   []agreementObject `tfsdk:"agreements"`
	IDs          types.List        `tfsdk:"ids"`
}

func (d *agreementsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_agreements"
}

func (d *agreementsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists ConnectWise agreements, by default only `Active` ones, e.g. to pick the agreement " +
			"each customer is billed on. Filters combine with *and*; several values in one filter match any of them. " +
			"Costs one list request per 1000 agreements, plus the agreement type table once per run when `types` is set.\n\n" +
			"Do not compute `connectwise_customer_mapping` resources with `for_each` over this list: an agreement " +
			"cancelled in ConnectWise drops out of it and the next apply unmaps that customer. The " +
			"`connectwise_customer_mapping` list resource (`terraform query`) writes static mappings instead.",
		Attributes: map[string]schema.Attribute{
			"company_id": schema.NumberAttribute{Optional: true, Validators: recordID("company", 250).validators(),
				MarkdownDescription: "Only agreements of this company (its record ID)."},
			"types": lookupSetAttribute("Agreement types, by name (e.g. `Managed Services`, case-insensitive) or ID. " +
				"Omit to include every type."),
			"statuses": agreementStatusesAttribute(""),
			"name": schema.StringAttribute{Optional: true, Validators: agreementNameFilter.validators(),
				MarkdownDescription: "Exact agreement name, ignoring case (at most 100 characters)."},
			"name_contains": schema.StringAttribute{Optional: true, Validators: containsFilter(agreementNameFilter),
				MarkdownDescription: "Text the agreement name contains, ignoring case (at most 100 characters; not with `name`). `*` is a plain character here."},
			"agreements": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching agreements, in ID order.",
				NestedObject:        schema.NestedAttributeObject{Attributes: agreementObjectAttributes()},
			},
			"ids": computedIDList("IDs of the matching agreements, in ID order."),
		},
	}
}

func (d *agreementsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[agreementsDataSourceModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	typeIDs, ok := resolveLookupSet(ctx, d.data, snapshot.AgreementTypes, "types", m.Types, &resp.Diagnostics)
	if !ok {
		return
	}
	statuses := stringSetValues(ctx, m.Statuses, defaultAgreementStatuses, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	statusValues := make([]connectwise.Value, len(statuses))
	for i, s := range statuses {
		statusValues[i] = connectwise.String(s)
	}
	conds := []connectwise.Condition{connectwise.Field("agreementStatus").In(statusValues...)}
	if !m.CompanyID.IsNull() {
		conds = append(conds, connectwise.Field("company/id").Eq(connectwise.Int(int(numberInt64(m.CompanyID)))))
	}
	if typeIDs != nil {
		conds = append(conds, connectwise.Field("type/id").In(connectwise.Ints(typeIDs)...))
	}
	if !m.Name.IsNull() {
		conds = append(conds, connectwise.Field("name").Eq(connectwise.String(m.Name.ValueString())))
	}
	if !m.NameContains.IsNull() {
		conds = append(conds, connectwise.Field("name").Contains(m.NameContains.ValueString()))
	}
	cond := connectwise.And(conds...)
	m.Agreements, m.IDs, ok = listRecords(ctx, &resp.Diagnostics, "agreements", map[string]any{"conditions": cond.String()},
		func() ([]connectwise.Agreement, error) {
			return d.data.client.Agreements.All(ctx, &connectwise.ListOptions{Conditions: cond, OrderBy: listOrder})
		},
		func(a connectwise.Agreement) int { return a.ID }, newAgreementObject)
	if ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}
