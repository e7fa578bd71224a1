package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

// catalogPlacement is where a created item goes; nil rows are not set.
type catalogPlacement struct {
	subcategory, productType, unitOfMeasure *connectwise.Lookup
	unknown                                 bool // some input is not known until apply
}

// placement resolves the create block's overrides, else the integration's defaults. A
// subcategory and a product type are required by ConnectWise: missing both ways is an
// error saying where to set one.
func (r *productMappingResource) placement(ctx context.Context, cfg createCatalogItemModel, defaults types.Object, sku types.String, diags *diag.Diagnostics) (catalogPlacement, bool) {
	var place catalogPlacement
	var def integrationDefaultsModel
	switch {
	case defaults.IsUnknown():
		place.unknown = true
	case !defaults.IsNull():
		diags.Append(defaults.As(ctx, &def, basetypes.ObjectAsOptions{})...)
		if diags.HasError() {
			return place, false
		}
	}
	block := path.Root("create_catalog_item")
	ok := true
	for _, f := range []struct {
		configured types.String
		fallback   types.Number
		kind       snapshot.Kind
		attr       string
		defAttr    string
		required   bool
		target     **connectwise.Lookup
	}{
		{cfg.Subcategory, def.SubcategoryID, snapshot.Subcategories, "subcategory", "subcategory_id", true, &place.subcategory},
		{cfg.ProductType, def.ProductTypeID, snapshot.ProductTypes, "product_type", "product_type_id", true, &place.productType},
		{cfg.UnitOfMeasure, def.UnitOfMeasureID, snapshot.UnitsOfMeasure, "unit_of_measure", "unit_of_measure_id", false, &place.unitOfMeasure},
	} {
		if f.configured.IsUnknown() || (f.configured.IsNull() && f.fallback.IsUnknown()) {
			place.unknown = true
			continue
		}
		// The default is resolved by ID first, so a name the plan shows for it (names are
		// not unique across categories) resolves to the same row.
		var fallback *connectwise.Lookup
		if !f.fallback.IsNull() {
			text := types.StringValue(strconv.FormatInt(numberInt64(f.fallback), 10))
			row, good := resolveLookupAttribute(ctx, r.data, f.kind, text, path.Root("integration_defaults").AtName(f.defAttr), diags)
			fallback, ok = row, ok && good
		}
		switch {
		case !f.configured.IsNull() && fallback != nil && namesRow(f.configured, fallback.ID, fallback.Name):
			*f.target = fallback
		case !f.configured.IsNull():
			row, good := resolveLookupAttribute(ctx, r.data, f.kind, f.configured, block.AtName(f.attr), diags)
			*f.target, ok = row, ok && good
		case fallback != nil:
			*f.target = fallback
		case f.required && !place.unknown && f.fallback.IsNull():
			diags.AddAttributeError(block.AtName(f.attr), "No "+f.kind.Label+" for the new catalog item",
				fmt.Sprintf("ConnectWise needs a %s for the catalog item of vendor SKU %q. Set create_catalog_item.%s (a name or an ID), "+
					"or set integration_defaults = connectwise_integration.NAME.defaults on an integration whose catalog_defaults.%s is set.",
					f.kind.Label, sku.ValueString(), f.attr, f.attr))
			ok = false
		}
	}
	return place, ok
}

// plannedPlacement is what a placement attribute will hold: what the user wrote, else
// the resolved default shown by name (the prior text when it already names that row).
func plannedPlacement(configured, prior types.String, row *connectwise.Lookup, unknown, hasPrior bool) types.String {
	switch {
	case !configured.IsNull():
		return configured
	case row != nil:
		if hasPrior && namesRow(prior, row.ID, row.Name) {
			return prior
		}
		return types.StringValue(row.Name)
	case unknown:
		return types.StringUnknown()
	case hasPrior:
		return prior
	}
	return types.StringUnknown() // not managed: whatever ConnectWise sets
}

// placementText shows a reference as the user wrote it when that still names it, else
// by name (by ID when ConnectWise sent no name).
func placementText(prior types.String, ref *connectwise.Reference) types.String {
	switch {
	case ref == nil:
		return types.StringNull()
	case namesRow(prior, ref.ID, ref.Name):
		return prior
	case ref.Name != "":
		return types.StringValue(ref.Name)
	}
	return types.StringValue(strconv.Itoa(ref.ID))
}

// namesRow reports whether a name-or-ID text refers to the row with this ID and name.
func namesRow(text types.String, id int, name string) bool {
	if text.IsNull() || text.IsUnknown() {
		return false
	}
	v := strings.TrimSpace(text.ValueString())
	return v == strconv.Itoa(id) || (name != "" && strings.EqualFold(v, name))
}
