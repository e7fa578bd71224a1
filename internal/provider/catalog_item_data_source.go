package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

var (
	_ datasource.DataSourceWithConfigure        = (*catalogItemDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*catalogItemDataSource)(nil)
)

func newCatalogItemDataSource() datasource.DataSource { return &catalogItemDataSource{} }

type catalogItemDataSource struct {
	dataSourceData
}

// catalogItemObject is one catalog item as the data sources show it: the body of
// connectwise_catalog_item and an element of connectwise_catalog_items.items.
type catalogItemObject struct {
	ID                  types.Number  `tfsdk:"id"`
	Identifier          types.String  `tfsdk:"identifier"`
	Description         types.String  `tfsdk:"description"`
	CustomerDescription types.String  `tfsdk:"customer_description"`
	Inactive            types.Bool    `tfsdk:"inactive"`
	Subcategory         types.String  `tfsdk:"subcategory"`
	SubcategoryID       types.Int64   `tfsdk:"subcategory_id"`
	ProductType         types.String  `tfsdk:"product_type"`
	ProductTypeID       types.Int64   `tfsdk:"product_type_id"`
	UnitOfMeasure       types.String  `tfsdk:"unit_of_measure"`
	UnitOfMeasureID     types.Int64   `tfsdk:"unit_of_measure_id"`
	ProductClass        types.String  `tfsdk:"product_class"`
	Price               types.Float64 `tfsdk:"price"`
	Cost                types.Float64 `tfsdk:"cost"`
	Taxable             types.Bool    `tfsdk:"taxable"`
}

// newCatalogItemObject is the one mapping from a ConnectWise catalog item to its
// Terraform shape in the data sources.
func newCatalogItemObject(c connectwise.CatalogItem) catalogItemObject {
	return catalogItemObject{
		ID:                  int64Number(int64(c.ID)),
		Identifier:          types.StringValue(c.Identifier),
		Description:         types.StringValue(c.Description),
		CustomerDescription: types.StringValue(c.CustomerDescription),
		Inactive:            types.BoolValue(c.InactiveFlag),
		Subcategory:         referenceNameValue(c.Subcategory),
		SubcategoryID:       referenceIDValue(c.Subcategory),
		ProductType:         referenceNameValue(c.Type),
		ProductTypeID:       referenceIDValue(c.Type),
		UnitOfMeasure:       referenceNameValue(c.UnitOfMeasure),
		UnitOfMeasureID:     referenceIDValue(c.UnitOfMeasure),
		ProductClass:        textOrNull(c.ProductClass),
		Price:               types.Float64PointerValue(c.Price),
		Cost:                types.Float64PointerValue(c.Cost),
		Taxable:             types.BoolPointerValue(c.TaxableFlag),
	}
}

func catalogItemObjectAttributes() map[string]schema.Attribute {
	float := func(desc string) schema.Float64Attribute {
		return schema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"id":                   computedNumber("Catalog item record ID."),
		"identifier":           computedString("Catalog item identifier (the product ID shown in ConnectWise), unique on the site."),
		"description":          computedString("Description (the product name in ConnectWise)."),
		"customer_description": computedString("Description shown to customers on invoices."),
		"inactive":             computedBool("Whether the item is inactive. An inactive item cannot be adopted by `connectwise_product_mapping`."),
		"subcategory":          computedString("Subcategory name, e.g. `SaaS Licences`."),
		"subcategory_id":       computedInt64("Subcategory ID."),
		"product_type":         computedString("Product type name, e.g. `Non-Inventory`."),
		"product_type_id":      computedInt64("Product type ID."),
		"unit_of_measure":      computedString("Unit of measure name, e.g. `User`."),
		"unit_of_measure_id":   computedInt64("Unit of measure ID."),
		"product_class":        computedString("Product class: `Agreement`, `Bundle`, `Inventory`, `NonInventory` or `Service`."),
		"price":                float("Default unit price."),
		"cost":                 float("Default unit cost."),
		"taxable":              computedBool("Whether the item is taxable by default."),
	}
}

func (d *catalogItemDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_catalog_item"
}

func (d *catalogItemDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := catalogItemObjectAttributes()
	attrs["id"] = schema.NumberAttribute{Optional: true, Computed: true,
		Validators:          catalogItemIDRule.validators(),
		MarkdownDescription: "Catalog item record ID to read. Set exactly one of `id` and `identifier`."}
	attrs["identifier"] = schema.StringAttribute{Optional: true, Computed: true, Validators: catalogIdentifierFilter.validators(),
		MarkdownDescription: "Catalog item identifier to find, ignoring case (at most 75 characters). When you search by identifier it keeps the text you wrote."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one ConnectWise catalog item (product) by ID or identifier, e.g. to adopt it in " +
			"`connectwise_product_mapping`. An inactive item is returned with `inactive = true`.",
		Attributes: attrs,
	}
}

func (d *catalogItemDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("identifier")),
	}
}

func (d *catalogItemDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[catalogItemObject](ctx, d.data, req, resp)
	if !ok {
		return
	}
	one := oneRecord[connectwise.CatalogItem]{
		noun: "catalog item", notFound: "Catalog item not found", several: "Several catalog items match",
		get: d.data.catalog.Get, list: d.data.client.Catalog.All,
		label:   func(c connectwise.CatalogItem) string { return fmt.Sprintf("ID %d (%q)", c.ID, c.Description) },
		missing: func(id int64) string { return fmt.Sprintf("No catalog item with id %d in ConnectWise.", id) },
		none:    func(search string) string { return fmt.Sprintf("No catalog item with %s in ConnectWise.", search) },
		many: func(n int, search, matches string) string {
			return fmt.Sprintf("%d catalog items match %s: %s. Use id to pick one.", n, search, matches)
		},
	}
	var item connectwise.CatalogItem
	if !m.ID.IsNull() {
		item, ok = one.byID(ctx, &resp.Diagnostics, m.ID, fmt.Sprintf("reading catalog item %d", numberInt64(m.ID)))
	} else {
		// A list, not GetByIdentifier, so that a duplicate (which ConnectWise should refuse)
		// is reported instead of silently picking one.
		item, ok = one.bySearch(ctx, &resp.Diagnostics, "identifier", quotedFilter("identifier", m.Identifier),
			connectwise.Field("identifier").Eq(connectwise.String(m.Identifier.ValueString())))
	}
	if !ok {
		return
	}
	identifier := m.Identifier
	m = newCatalogItemObject(item)
	m.Identifier = keepConfigured(identifier, m.Identifier)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
