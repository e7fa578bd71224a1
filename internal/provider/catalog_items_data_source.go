package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

var _ datasource.DataSourceWithConfigure = (*catalogItemsDataSource)(nil)

func newCatalogItemsDataSource() datasource.DataSource { return &catalogItemsDataSource{} }

type catalogItemsDataSource struct {
	dataSourceData
}

type catalogItemsDataSourceModel struct {
	IdentifierContains  types.String        `tfsdk:"identifier_contains"`
	DescriptionContains types.String        `tfsdk:"description_contains"`
	Subcategories       types.Set           `tfsdk:"subcategories"`
	IncludeInactive     types.Bool          `tfsdk:"include_inactive"`
	Items               []catalogItemObject `tfsdk:"items"`
	IDs                 types.List          `tfsdk:"ids"`
}

func (d *catalogItemsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_catalog_items"
}

func (d *catalogItemsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists ConnectWise catalog items (products), the *browse and select a product* step of " +
			"mapping a vendor SKU to an existing product. Inactive items are left out unless `include_inactive` is true. " +
			"Filters combine with *and*. Costs one list request per 1000 items, plus the subcategory table once per run " +
			"when `subcategories` is set.",
		Attributes: map[string]schema.Attribute{
			"identifier_contains": schema.StringAttribute{Optional: true, Validators: catalogIdentifierFilter.validators(),
				MarkdownDescription: "Text the identifier contains, ignoring case (at most 75 characters). `*` is a plain character here."},
			"description_contains": schema.StringAttribute{Optional: true, Validators: catalogDescriptionFilter.validators(),
				MarkdownDescription: "Text the description contains, ignoring case (at most 60 characters). `*` is a plain character here."},
			"subcategories": lookupSetAttribute("Subcategories, by name (e.g. `SaaS Licences`, case-insensitive) or ID. " +
				"An item matches when it is in any of them. Omit to include every subcategory."),
			"include_inactive": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Include inactive items. Defaults to `false`."},
			"items": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching catalog items, in ID order; each has the attributes of `connectwise_catalog_item`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: catalogItemObjectAttributes()},
			},
			"ids": computedIDList("IDs of the matching catalog items, in ID order."),
		},
	}
}

func (d *catalogItemsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[catalogItemsDataSourceModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	subcategoryIDs, ok := resolveLookupSet(ctx, d.data, snapshot.Subcategories, "subcategories", m.Subcategories, &resp.Diagnostics)
	if !ok {
		return
	}

	var conds []connectwise.Condition
	if !m.IdentifierContains.IsNull() {
		conds = append(conds, connectwise.Field("identifier").Contains(m.IdentifierContains.ValueString()))
	}
	if !m.DescriptionContains.IsNull() {
		conds = append(conds, connectwise.Field("description").Contains(m.DescriptionContains.ValueString()))
	}
	if subcategoryIDs != nil {
		conds = append(conds, connectwise.Field("subcategory/id").In(connectwise.Ints(subcategoryIDs)...))
	}
	if !m.IncludeInactive.ValueBool() {
		conds = append(conds, connectwise.Field("inactiveFlag").Eq(connectwise.Bool(false)))
	}
	cond := connectwise.And(conds...)
	m.Items, m.IDs, ok = listRecords(ctx, &resp.Diagnostics, "catalog items", map[string]any{"conditions": cond.String()},
		func() ([]connectwise.CatalogItem, error) {
			return d.data.client.Catalog.All(ctx, &connectwise.ListOptions{Conditions: cond, OrderBy: listOrder})
		},
		func(c connectwise.CatalogItem) int { return c.ID }, newCatalogItemObject)
	if ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}
