package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

var _ datasource.DataSourceWithConfigure = (*companiesDataSource)(nil)

func newCompaniesDataSource() datasource.DataSource { return &companiesDataSource{} }

type companiesDataSource struct {
	dataSourceData
}

// companyObject is one company as the data sources show it: an element of
// connectwise_companies.companies and the body of connectwise_company.
type companyObject struct {
	ID         types.Number `tfsdk:"id"`
	Identifier types.String `tfsdk:"identifier"`
	Name       types.String `tfsdk:"name"`
	Status     types.String `tfsdk:"status"`
	StatusID   types.Int64  `tfsdk:"status_id"`
	Types      types.List   `tfsdk:"types"`
	TypeIDs    types.List   `tfsdk:"type_ids"`
	Deleted    types.Bool   `tfsdk:"deleted"`
}

// newCompanyObject is the one mapping from a ConnectWise company to its Terraform shape.
func newCompanyObject(c connectwise.Company) companyObject {
	names := make([]string, 0, len(c.Types))
	ids := make([]int, 0, len(c.Types))
	for _, t := range c.Types {
		names = append(names, t.Name)
		ids = append(ids, t.ID)
	}
	return companyObject{
		ID:         int64Number(int64(c.ID)),
		Identifier: types.StringValue(c.Identifier),
		Name:       types.StringValue(c.Name),
		Status:     referenceNameValue(c.Status),
		StatusID:   referenceIDValue(c.Status),
		Types:      stringListOf(names),
		TypeIDs:    int64ListOf(ids),
		Deleted:    types.BoolValue(c.DeletedFlag),
	}
}

// companyObjectAttributes is the schema of companyObject, every attribute computed; the
// singular data source turns its search attributes into inputs.
func companyObjectAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":         computedNumber("Company record ID (the `company_id` other resources take)."),
		"identifier": computedString("Company identifier, the short unique code shown as *Company ID* in ConnectWise."),
		"name":       computedString("Company name."),
		"status":     computedString("Company status name, e.g. `Active`."),
		"status_id":  computedInt64("Company status ID."),
		"types": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Company type names, e.g. `[\"Client\"]`, in the order ConnectWise lists them."},
		"type_ids": schema.ListAttribute{Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "Company type IDs, in the same order as `types`."},
		"deleted": computedBool("Whether the company is in the ConnectWise recycle bin (`deletedFlag`)."),
	}
}

type companiesDataSourceModel struct {
	Types          types.Set       `tfsdk:"types"`
	Statuses       types.Set       `tfsdk:"statuses"`
	Name           types.String    `tfsdk:"name"`
	NameContains   types.String    `tfsdk:"name_contains"`
	Identifier     types.String    `tfsdk:"identifier"`
	IncludeDeleted types.Bool      `tfsdk:"include_deleted"`
	Companies      []companyObject `tfsdk:"companies"`
	IDs            types.List      `tfsdk:"ids"`
}

func (d *companiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_companies"
}

func (d *companiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists ConnectWise companies, filtered as in a vendor console's *Import companies* screen " +
			"(by type and status). Filters combine with *and*; several values in one filter match any of them. " +
			"Companies in the recycle bin are left out unless `include_deleted` is true. Costs one list request per " +
			"1000 companies, plus the type and status tables once per run.\n\n" +
			"**To map customers, use the `connectwise_customer_mapping` list resource** (`terraform query`), which " +
			"writes static mappings to review and commit. If you compute `connectwise_customer_mapping` resources " +
			"with `for_each` over this data source (or `connectwise_agreements`), a company or agreement that stops " +
			"matching the filters, e.g. an agreement someone cancels, drops out of the `for_each`, and the next " +
			"apply **destroys that customer's mapping** (unmaps it) with no warning.",
		Attributes: map[string]schema.Attribute{
			"types": lookupSetAttribute("Company types, by name (e.g. `Client`, case-insensitive) or ID (e.g. `\"1\"`). " +
				"A company matches when it has any of them. Omit to include every type."),
			"statuses": lookupSetAttribute("Company statuses, by name (e.g. `Active`) or ID. " +
				"A company matches when its status is any of them. Omit to include every status."),
			"name": schema.StringAttribute{Optional: true, Validators: companyNameFilter.validators(),
				MarkdownDescription: "Exact company name, compared ignoring case as ConnectWise does (at most 50 characters)."},
			"name_contains": schema.StringAttribute{Optional: true, Validators: containsFilter(companyNameFilter),
				MarkdownDescription: "Text the company name contains, ignoring case (at most 50 characters; not with `name`). `*` is a plain character here, not a wildcard."},
			"identifier": schema.StringAttribute{Optional: true, Validators: companyIdentifierFilter.validators(),
				MarkdownDescription: "Exact company identifier (*Company ID* in ConnectWise), ignoring case (at most 30 characters)."},
			"include_deleted": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Include companies in the recycle bin. Defaults to `false`."},
			"companies": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching companies, in ID order.",
				NestedObject:        schema.NestedAttributeObject{Attributes: companyObjectAttributes()},
			},
			"ids": computedIDList("IDs of the matching companies, in ID order."),
		},
	}
}

func (d *companiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[companiesDataSourceModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	typeIDs, ok := resolveLookupSet(ctx, d.data, snapshot.CompanyTypes, "types", m.Types, &resp.Diagnostics)
	if !ok {
		return
	}
	statusIDs, ok := resolveLookupSet(ctx, d.data, snapshot.CompanyStatuses, "statuses", m.Statuses, &resp.Diagnostics)
	if !ok {
		return
	}

	cond, childCond := companyFilter{
		typeIDs: typeIDs, statusIDs: statusIDs, name: m.Name, nameContains: m.NameContains,
		identifier: m.Identifier, includeDeleted: m.IncludeDeleted.ValueBool(),
	}.conditions()
	m.Companies, m.IDs, ok = listRecords(ctx, &resp.Diagnostics, "companies",
		map[string]any{"conditions": cond.String(), "child_conditions": childCond.String()},
		func() ([]connectwise.Company, error) {
			return d.data.client.Companies.All(ctx, &connectwise.ListOptions{Conditions: cond, ChildConditions: childCond, OrderBy: listOrder})
		},
		func(c connectwise.Company) int { return c.ID }, newCompanyObject)
	if ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// companyFilter is the company search of connectwise_companies and of the customer mapping
// list resource (nil IDs and null strings: no filter).
type companyFilter struct {
	typeIDs, statusIDs             []int
	name, nameContains, identifier types.String
	includeDeleted                 bool
}

// conditions are the filter's conditions and childConditions. A company's types are an
// array, which ConnectWise searches with childConditions only; every other filter goes in
// conditions. The server ANDs the two.
func (f companyFilter) conditions() (cond, child connectwise.Condition) {
	if f.typeIDs != nil {
		child = connectwise.Field("types/id").In(connectwise.Ints(f.typeIDs)...)
	}
	var conds []connectwise.Condition
	if f.statusIDs != nil {
		conds = append(conds, connectwise.Field("status/id").In(connectwise.Ints(f.statusIDs)...))
	}
	if !f.name.IsNull() {
		conds = append(conds, connectwise.Field("name").Eq(connectwise.String(f.name.ValueString())))
	}
	if !f.nameContains.IsNull() {
		conds = append(conds, connectwise.Field("name").Contains(f.nameContains.ValueString()))
	}
	if !f.identifier.IsNull() {
		conds = append(conds, connectwise.Field("identifier").Eq(connectwise.String(f.identifier.ValueString())))
	}
	if !f.includeDeleted {
		conds = append(conds, connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)))
	}
	return connectwise.And(conds...), child
}
