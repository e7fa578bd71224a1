package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

// The integration's model and the one mapping from the site to it: the defaults resolved
// against the setup tables, the site's version and whether it is cloud hosted.

// integrationDefaultsModel is the integration's `defaults` and a mapping's
// `integration_defaults`: the same shape, so one can be assigned to the other.
type integrationDefaultsModel struct {
	IntegrationID   types.String `tfsdk:"integration_id"`
	SubcategoryID   types.Number `tfsdk:"subcategory_id"`
	ProductTypeID   types.Number `tfsdk:"product_type_id"`
	UnitOfMeasureID types.Number `tfsdk:"unit_of_measure_id"`
	BillCustomer    types.String `tfsdk:"bill_customer"`
	Taxable         types.Bool   `tfsdk:"taxable"`
}

var integrationDefaultsAttrTypes = map[string]attr.Type{
	"integration_id":     types.StringType,
	"subcategory_id":     types.NumberType,
	"product_type_id":    types.NumberType,
	"unit_of_measure_id": types.NumberType,
	"bill_customer":      types.StringType,
	"taxable":            types.BoolType,
}

type integrationModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	CatalogDefaults    types.Object `tfsdk:"catalog_defaults"`
	BillCustomer       types.String `tfsdk:"bill_customer"`
	Taxable            types.Bool   `tfsdk:"taxable"`
	CreatesProducts    types.Bool   `tfsdk:"creates_products"`
	Defaults           types.Object `tfsdk:"defaults"`
	ConnectWiseVersion types.String `tfsdk:"connectwise_version"`
	IsCloud            types.Bool   `tfsdk:"is_cloud"`
}

type catalogDefaultsModel struct {
	Subcategory   types.String `tfsdk:"subcategory"`
	ProductType   types.String `tfsdk:"product_type"`
	UnitOfMeasure types.String `tfsdk:"unit_of_measure"`
}

// fill sets every computed attribute: the ID, the site facts and the defaults bundle.
func (r *integrationResource) fill(ctx context.Context, m *integrationModel, diags *diag.Diagnostics) {
	m.ID = m.Name
	r.fillSite(m)
	m.Defaults = r.resolveDefaults(ctx, *m, diags)
}

func (r *integrationResource) fillSite(m *integrationModel) {
	m.ConnectWiseVersion = types.StringValue(r.data.system.Version)
	m.IsCloud = types.BoolValue(r.data.system.IsCloud)
}

// resolveDefaults builds the `defaults` bundle, resolving catalog names to IDs. It is
// unknown while any input is.
func (r *integrationResource) resolveDefaults(ctx context.Context, m integrationModel, diags *diag.Diagnostics) types.Object {
	unknown := types.ObjectUnknown(integrationDefaultsAttrTypes)
	if m.Name.IsUnknown() || m.BillCustomer.IsUnknown() || m.Taxable.IsUnknown() || m.CatalogDefaults.IsUnknown() {
		return unknown
	}
	out := integrationDefaultsModel{
		IntegrationID: m.Name, BillCustomer: m.BillCustomer, Taxable: m.Taxable,
		SubcategoryID: types.NumberNull(), ProductTypeID: types.NumberNull(), UnitOfMeasureID: types.NumberNull(),
	}
	if !m.CatalogDefaults.IsNull() {
		var cd catalogDefaultsModel
		diags.Append(m.CatalogDefaults.As(ctx, &cd, basetypes.ObjectAsOptions{})...)
		if diags.HasError() {
			return unknown
		}
		at := path.Root("catalog_defaults")
		for _, f := range []struct {
			value  types.String
			kind   snapshot.Kind
			attr   string
			target *types.Number
		}{
			{cd.Subcategory, snapshot.Subcategories, "subcategory", &out.SubcategoryID},
			{cd.ProductType, snapshot.ProductTypes, "product_type", &out.ProductTypeID},
			{cd.UnitOfMeasure, snapshot.UnitsOfMeasure, "unit_of_measure", &out.UnitOfMeasureID},
		} {
			if f.value.IsUnknown() {
				return unknown
			}
			row, ok := resolveLookupAttribute(ctx, r.data, f.kind, f.value, at.AtName(f.attr), diags)
			if ok && row != nil {
				*f.target = int64Number(int64(row.ID))
			}
		}
		if diags.HasError() {
			return unknown
		}
	}
	obj, d := types.ObjectValueFrom(ctx, integrationDefaultsAttrTypes, out)
	diags.Append(d...)
	return obj
}
