package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type productMappingIdentity struct {
	IntegrationID types.String `tfsdk:"integration_id"`
	VendorSKU     types.String `tfsdk:"vendor_sku"`
	CatalogItemID types.Number `tfsdk:"catalog_item_id"`
}

func (r *productMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	// catalog_item_id is a Number, not Int64, for the same reason as the resource's
	// (numbers.go); on the wire both are a number, so identities stored while it was Int64
	// still import.
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"integration_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "ID (name) of the integration."},
			"vendor_sku":      identityschema.StringAttribute{RequiredForImport: true, Description: "The vendor's SKU."},
			"catalog_item_id": identityschema.NumberAttribute{RequiredForImport: true, Description: "ID of the mapped catalog item."},
		},
	}
}

// ImportState takes `<integration_id>/<vendor_sku>/<catalog_item_id>` or the identity. An
// item carrying this mapping's marker is imported as created, any other as adopted; a
// Bundle item is refused, as adopting it is.
func (r *productMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var ident productMappingIdentity
	if req.ID != "" {
		var ok bool
		if ident, ok = parseProductMappingImportID(req.ID); !ok {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("Import a product mapping with <integration_id>/<vendor_sku>/<catalog_item_id>, e.g. NordLayer/core-license/300; got %q.", req.ID))
			return
		}
	} else if req.Identity != nil {
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
	}
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	if msg := catalogItemIDRule.requiredProblem("identity catalog_item_id", ident.CatalogItemID); msg != "" {
		resp.Diagnostics.AddError("Invalid import identity", msg)
		return
	}
	if ident.IntegrationID.ValueString() == "" || ident.VendorSKU.ValueString() == "" {
		resp.Diagnostics.AddError("Invalid import identity", "integration_id and vendor_sku are both required.")
		return
	}
	id := int(numberInt64(ident.CatalogItemID))
	item, err := r.data.catalog.Get(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d to import", id), err)
		return
	}
	if isBundle(&item) {
		// The mapping could never bill it; importing it would only move the error to the plan.
		resp.Diagnostics.AddError("Catalog item is a Bundle", fmt.Sprintf(
			"Catalog item %d (%s, %q) has product class Bundle: %s. Import vendor SKU %q with a non-Bundle item's catalog_item_id.",
			item.ID, item.Identifier, item.Description, bundleRefusal, ident.VendorSKU.ValueString()))
		return
	}
	m := productMappingModel{
		IntegrationID: ident.IntegrationID, VendorSKU: ident.VendorSKU,
		CreateCatalogItem:   types.ObjectNull(createCatalogItemAttrTypes),
		IntegrationDefaults: types.ObjectNull(integrationDefaultsAttrTypes),
	}
	m.ID = productMappingID(m.IntegrationID, m.VendorSKU)
	managed := item.IntegrationXRef == catalogXRefMarker(m.IntegrationID.ValueString(), m.VendorSKU.ValueString())
	resp.Diagnostics.Append(applyCatalogItem(ctx, &m, &item, managed)...)
	r.saveState(ctx, m, &resp.State, resp.Identity, &resp.Diagnostics)
}

func productMappingID(integrationID, sku types.String) types.String {
	if integrationID.IsUnknown() || sku.IsUnknown() {
		return types.StringUnknown()
	}
	return types.StringValue(integrationID.ValueString() + "/" + sku.ValueString())
}

// parseProductMappingImportID splits `<integration_id>/<vendor_sku>/<catalog_item_id>`.
// A vendor SKU has no "/", so an integration name may.
func parseProductMappingImportID(id string) (productMappingIdentity, bool) {
	rest, itemText, ok := cutAtLastSeparator(id, "/")
	if !ok {
		return productMappingIdentity{}, false
	}
	integration, sku, ok := cutAtLastSeparator(rest, "/")
	itemID, err := strconv.ParseInt(itemText, 10, 64)
	if !ok || err != nil || itemID <= 0 || integration == "" || sku == "" {
		return productMappingIdentity{}, false
	}
	return productMappingIdentity{
		IntegrationID: types.StringValue(integration), VendorSKU: types.StringValue(sku), CatalogItemID: int64Number(itemID),
	}, true
}

func cutAtLastSeparator(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
