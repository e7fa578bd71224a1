package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

type productMappingIdentity struct {
	IntegrationID types.String `tfsdk:"integration_id"`
	VendorSKU     types.String `tfsdk:"vendor_sku"`
	CatalogItemID types.Number `tfsdk:"catalog_item_id"`
}

func (r *productMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	// catalog_item_id is a Number, not Int64, for the same reason as the resource's
	// (numbers.go); both are a number on the wire, so an identity written as an Int64
	// imports too.
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
// Bundle item, and an inactive item to adopt, are refused, as adopting them is.
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
	if resp.Diagnostics.HasError() {
		return
	}
	source, prefix := "import ID", "the import ID's "
	if req.ID == "" {
		source, prefix = "import identity", "identity "
	}
	problem := catalogItemIDRule.requiredProblem(prefix+"catalog_item_id", ident.CatalogItemID)
	if problem == "" {
		problem = integrationIDRule.problem(prefix+"integration_id", ident.IntegrationID.ValueString())
	}
	if problem == "" {
		problem = vendorSKURule.problem(prefix+"vendor_sku", ident.VendorSKU.ValueString())
	}
	if problem != "" {
		resp.Diagnostics.AddError("Invalid "+source, strings.TrimSuffix(problem, ".")+".")
		return
	}
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	id := int(numberInt64(ident.CatalogItemID))
	sku := ident.VendorSKU.ValueString()
	item, err := r.data.catalog.Get(ctx, id)
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		resp.Diagnostics.AddError("Catalog item not found", fmt.Sprintf("%scatalog_item_id %d is no catalog item in ConnectWise. "+
			"Import vendor SKU %q with an existing item's ID (connectwise_catalog_items lists them).", prefix, id, sku))
		return
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d to import", id), err)
		return
	}
	managed := item.IntegrationXRef == catalogXRefMarker(ident.IntegrationID.ValueString(), sku)
	// Importing adopts the item as configuration does, so the same items are refused: the
	// mapping could never bill them, and importing would only move the error to the plan
	// (or hide it in a warning meant for items that change after they were adopted). An
	// inactive item this mapping created is imported: the next apply reactivates it.
	switch {
	case isBundle(&item):
		resp.Diagnostics.AddError("Catalog item is a Bundle", fmt.Sprintf(
			"Catalog item %d (%s, %q) has product class Bundle: %s. Import vendor SKU %q with a non-Bundle item's catalog_item_id.",
			item.ID, item.Identifier, item.Description, bundleRefusal, sku))
		return
	case item.InactiveFlag && !managed:
		resp.Diagnostics.AddError("Catalog item inactive", fmt.Sprintf(
			"Catalog item %d (%s, %q) is inactive in ConnectWise: the sync cannot bill an inactive product. Reactivate it "+
				"(Procurement › Product Catalog: clear Inactive) and import again, or import vendor SKU %q with an active item's catalog_item_id.",
			item.ID, item.Identifier, item.Description, sku))
		return
	}
	m := productMappingModel{
		syncProductModel: syncProductModel{
			IntegrationID: ident.IntegrationID, VendorSKU: ident.VendorSKU,
			IntegrationDefaults: types.ObjectNull(integrationDefaultsAttrTypes),
		},
		CreateCatalogItem: types.ObjectNull(createCatalogItemAttrTypes),
	}
	m.ID = productMappingID(m.IntegrationID, m.VendorSKU)
	r.saveItem(ctx, m, &item, managed, &resp.State, resp.Identity, &resp.Diagnostics)
}

// parseProductMappingImportID splits `<integration_id>/<vendor_sku>/<catalog_item_id>`.
// A vendor SKU has no "/", so an integration name may.
func parseProductMappingImportID(id string) (productMappingIdentity, bool) {
	integration, sku, itemText, ok := splitImportID(id)
	itemID, err := strconv.ParseInt(itemText, 10, 64)
	if !ok || err != nil || itemID <= 0 || integration == "" || sku == "" {
		return productMappingIdentity{}, false
	}
	return productMappingIdentity{
		IntegrationID: types.StringValue(integration), VendorSKU: types.StringValue(sku), CatalogItemID: int64Number(itemID),
	}, true
}
