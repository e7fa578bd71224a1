package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The product mapping's model: its attributes, the one mapping from a ConnectWise catalog
// item to them (applyCatalogItem), its ID, and the marker that tells an item the mapping
// created from one it adopted (catalogXRefMarker).

// productMappingModel is the state of a connectwise_product_mapping. The attributes the
// sync reads are syncProductModel's, embedded: `values(connectwise_product_mapping.all)`
// is the sync's products input as it is.
type productMappingModel struct {
	syncProductModel
	ID                     types.String `tfsdk:"id"`
	CreateCatalogItem      types.Object `tfsdk:"create_catalog_item"`
	CatalogItemDescription types.String `tfsdk:"catalog_item_description"`
	CatalogItemActive      types.Bool   `tfsdk:"catalog_item_active"`
	Managed                types.Bool   `tfsdk:"managed"`
}

type createCatalogItemModel struct {
	Identifier          types.String `tfsdk:"identifier"`
	Description         types.String `tfsdk:"description"`
	CustomerDescription types.String `tfsdk:"customer_description"`
	Price               types.Number `tfsdk:"price"`
	Cost                types.Number `tfsdk:"cost"`
	ProductClass        types.String `tfsdk:"product_class"`
	Taxable             types.Bool   `tfsdk:"taxable"`
	Subcategory         types.String `tfsdk:"subcategory"`
	ProductType         types.String `tfsdk:"product_type"`
	UnitOfMeasure       types.String `tfsdk:"unit_of_measure"`
}

var createCatalogItemAttrTypes = map[string]attr.Type{
	"identifier":           types.StringType,
	"description":          types.StringType,
	"customer_description": types.StringType,
	"price":                types.NumberType,
	"cost":                 types.NumberType,
	"product_class":        types.StringType,
	"taxable":              types.BoolType,
	"subcategory":          types.StringType,
	"product_type":         types.StringType,
	"unit_of_measure":      types.StringType,
}

// applyCatalogItem is the one mapping from a ConnectWise catalog item to the mapping's
// model. For a managed item it refreshes create_catalog_item too, keeping the text the
// user wrote for a placement while it still names the item's current one.
func applyCatalogItem(ctx context.Context, m *productMappingModel, item *connectwise.CatalogItem, managed bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.CatalogItemID = int64Number(int64(item.ID))
	if !strings.EqualFold(m.CatalogItemIdentifier.ValueString(), item.Identifier) || m.CatalogItemIdentifier.IsUnknown() {
		m.CatalogItemIdentifier = types.StringValue(item.Identifier) // else keep the case the user wrote
	}
	m.CatalogItemDescription = types.StringValue(item.Description)
	m.CatalogItemActive = types.BoolValue(!item.InactiveFlag)
	m.Managed = types.BoolValue(managed)
	if !managed {
		m.CreateCatalogItem = types.ObjectNull(createCatalogItemAttrTypes)
		return diags
	}
	var prior createCatalogItemModel
	if !m.CreateCatalogItem.IsNull() && !m.CreateCatalogItem.IsUnknown() {
		diags.Append(m.CreateCatalogItem.As(ctx, &prior, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	}
	productClass := item.ProductClass
	if productClass == "" {
		productClass = defaultCatalogProductClass
	}
	block := createCatalogItemModel{
		Identifier:          types.StringValue(item.Identifier),
		Description:         types.StringValue(item.Description),
		CustomerDescription: types.StringValue(item.CustomerDescription),
		Price:               float64PointerNumber(item.Price),
		Cost:                float64PointerNumber(item.Cost),
		ProductClass:        types.StringValue(productClass),
		Taxable:             types.BoolPointerValue(item.TaxableFlag),
		Subcategory:         placementText(prior.Subcategory, item.Subcategory),
		ProductType:         placementText(prior.ProductType, item.Type),
		UnitOfMeasure:       placementText(prior.UnitOfMeasure, item.UnitOfMeasure),
	}
	obj, d := types.ObjectValueFrom(ctx, createCatalogItemAttrTypes, block)
	diags.Append(d...)
	m.CreateCatalogItem = obj
	return diags
}

// catalogXRefMarker is the integrationXRef of a catalog item created by a product
// mapping. It identifies the integration and the vendor SKU, so import can tell an item
// the mapping created from one it adopted:
//
//	tf:<integration_id>/<vendor_sku>
//
// The field holds 50 characters; a longer marker keeps its first 41 bytes (cut on a
// character boundary) followed by "~" and the first 8 hex digits of the SHA-256 of the
// full marker, so it stays unique and stable.
func catalogXRefMarker(integrationID, sku string) string {
	const limit = 50
	full := "tf:" + integrationID + "/" + sku
	if len(full) <= limit { // bytes: never fewer than the UTF-16 units ConnectWise counts
		return full
	}
	sum := sha256.Sum256([]byte(full))
	suffix := "~" + hex.EncodeToString(sum[:4])
	cut := limit - len(suffix)
	for cut > 0 && !utf8.RuneStart(full[cut]) {
		cut--
	}
	return full[:cut] + suffix
}

func productMappingID(integrationID, sku types.String) types.String {
	if integrationID.IsUnknown() || sku.IsUnknown() {
		return types.StringUnknown()
	}
	return types.StringValue(integrationID.ValueString() + "/" + sku.ValueString())
}
