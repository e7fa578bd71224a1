package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// ModifyPlan checks everything that needs ConnectWise before any write: the adopted item
// exists, is active and is not a Bundle, the identifier of an item to create is free, its placement
// resolves. It also decides what replaces the mapping.
func (r *productMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy never needs a check
	}
	var config, plan productMappingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *productMappingModel
	if !req.State.Raw.IsNull() {
		state = &productMappingModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = productMappingID(plan.IntegrationID, plan.VendorSKU)
	switch {
	case !config.CreateCatalogItem.IsNull():
		r.planCreated(ctx, config, &plan, state, resp)
	case !config.CatalogItemID.IsNull() || !config.CatalogItemIdentifier.IsNull():
		r.planAdopted(ctx, config, &plan, state, resp)
	default:
		return // ExactlyOneOf reports it
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *productMappingResource) planAdopted(ctx context.Context, config productMappingModel, plan *productMappingModel, state *productMappingModel, resp *resource.ModifyPlanResponse) {
	at := path.Root("catalog_item_id")
	if config.CatalogItemID.IsNull() {
		at = path.Root("catalog_item_identifier")
	}
	if config.CatalogItemID.IsUnknown() || config.CatalogItemIdentifier.IsUnknown() {
		plan.CatalogItemID, plan.CatalogItemIdentifier = types.NumberUnknown(), types.StringUnknown()
		plan.CatalogItemDescription, plan.CatalogItemActive = types.StringUnknown(), types.BoolValue(true)
		plan.Managed, plan.CreateCatalogItem = types.BoolValue(false), types.ObjectNull(createCatalogItemAttrTypes)
		if state != nil {
			resp.RequiresReplace = append(resp.RequiresReplace, at)
		}
		return
	}
	item := r.findAdopted(ctx, config, state, &resp.Diagnostics)
	if item == nil {
		return
	}
	plan.CatalogItemIdentifier = config.CatalogItemIdentifier // as written; applyCatalogItem keeps it
	resp.Diagnostics.Append(applyCatalogItem(ctx, plan, item, false)...)
	// Replacing the create block by the ID of the item it created releases the item:
	// replacing would deactivate the very item the user wants to keep using.
	if state != nil && numberInt64(state.CatalogItemID) != int64(item.ID) {
		resp.RequiresReplace = append(resp.RequiresReplace, at)
	}
}

func (r *productMappingResource) planCreated(ctx context.Context, config productMappingModel, plan *productMappingModel, state *productMappingModel, resp *resource.ModifyPlanResponse) {
	managedBefore := state != nil && state.Managed.ValueBool()
	plan.Managed, plan.CatalogItemActive = types.BoolValue(true), types.BoolValue(true)
	if managedBefore {
		plan.CatalogItemID = state.CatalogItemID
	} else {
		plan.CatalogItemID = types.NumberUnknown()
		if state != nil {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("create_catalog_item"))
		}
	}
	if config.CreateCatalogItem.IsUnknown() {
		plan.CatalogItemIdentifier, plan.CatalogItemDescription = types.StringUnknown(), types.StringUnknown()
		plan.CreateCatalogItem = types.ObjectUnknown(createCatalogItemAttrTypes)
		return
	}
	var cfg createCatalogItemModel
	resp.Diagnostics.Append(config.CreateCatalogItem.As(ctx, &cfg, basetypes.ObjectAsOptions{})...)
	var prior *createCatalogItemModel
	if managedBefore && !state.CreateCatalogItem.IsNull() {
		prior = &createCatalogItemModel{}
		resp.Diagnostics.Append(state.CreateCatalogItem.As(ctx, prior, basetypes.ObjectAsOptions{})...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.CatalogItemIdentifier, plan.CatalogItemDescription = cfg.Identifier, cfg.Description

	place, ok := r.placement(ctx, cfg, config.IntegrationDefaults, plan.VendorSKU, &resp.Diagnostics)
	unchanged := managedBefore && strings.EqualFold(state.CatalogItemIdentifier.ValueString(), cfg.Identifier.ValueString())
	if !unchanged && !cfg.Identifier.IsUnknown() && !plan.IntegrationID.IsUnknown() && !plan.VendorSKU.IsUnknown() {
		var ownID int64
		if managedBefore {
			ownID = numberInt64(state.CatalogItemID)
		}
		r.checkIdentifierFree(ctx, cfg.Identifier.ValueString(), ownID, catalogXRefMarker(plan.IntegrationID.ValueString(), plan.VendorSKU.ValueString()), &resp.Diagnostics)
	}
	if !ok || resp.Diagnostics.HasError() {
		return
	}

	planned := cfg
	if planned.CustomerDescription.IsNull() {
		planned.CustomerDescription = cfg.Description
	}
	if planned.ProductClass.IsNull() {
		planned.ProductClass = types.StringValue(defaultCatalogProductClass)
	}
	// Unset price, cost and taxable are not managed: keep what ConnectWise has.
	keep := func(configured, before types.Number) types.Number {
		switch {
		case !configured.IsNull():
			return configured
		case prior != nil:
			return before
		}
		return types.NumberUnknown()
	}
	var priorBlock createCatalogItemModel
	if prior != nil {
		priorBlock = *prior
	}
	planned.Price = keep(cfg.Price, priorBlock.Price)
	planned.Cost = keep(cfg.Cost, priorBlock.Cost)
	if cfg.Taxable.IsNull() {
		planned.Taxable = types.BoolUnknown()
		if prior != nil {
			planned.Taxable = prior.Taxable
		}
	}
	planned.Subcategory = plannedPlacement(cfg.Subcategory, priorBlock.Subcategory, place.subcategory, place.unknown, prior != nil)
	planned.ProductType = plannedPlacement(cfg.ProductType, priorBlock.ProductType, place.productType, place.unknown, prior != nil)
	planned.UnitOfMeasure = plannedPlacement(cfg.UnitOfMeasure, priorBlock.UnitOfMeasure, place.unitOfMeasure, place.unknown, prior != nil)
	obj, d := types.ObjectValueFrom(ctx, createCatalogItemAttrTypes, planned)
	resp.Diagnostics.Append(d...)
	plan.CreateCatalogItem = obj
}

// findAdopted loads the item to adopt and checks it can be billed: it exists, is active
// and is not a Bundle. The errors name the SKU, the item and what to do; for an unchanged mapping whose
// item went missing or inactive it warns instead (see below). With a prior state, an item
// adopted by identifier is read through the batch loader by its known ID.
func (r *productMappingResource) findAdopted(ctx context.Context, m productMappingModel, state *productMappingModel, diags *diag.Diagnostics) *connectwise.CatalogItem {
	sku := m.VendorSKU.ValueString()
	var item *connectwise.CatalogItem
	var err error
	at, what := path.Root("catalog_item_id"), ""
	if !m.CatalogItemID.IsNull() {
		what = fmt.Sprintf("catalog item %d", numberInt64(m.CatalogItemID))
		var found connectwise.CatalogItem
		if found, err = r.data.catalog.Get(ctx, int(numberInt64(m.CatalogItemID))); err == nil {
			item = &found
		}
	} else {
		identifier := m.CatalogItemIdentifier.ValueString()
		at, what = path.Root("catalog_item_identifier"), fmt.Sprintf("the catalog item with identifier %q", identifier)
		if state != nil && strings.EqualFold(state.CatalogItemIdentifier.ValueString(), identifier) {
			if found, getErr := r.data.catalog.Get(ctx, int(numberInt64(state.CatalogItemID))); getErr == nil && strings.EqualFold(found.Identifier, identifier) {
				item = &found
			}
		}
		if item == nil {
			item, err = r.data.client.Catalog.GetByIdentifier(ctx, identifier)
		}
	}
	if state != nil && sameAdoptedItem(m, state) && (errors.Is(err, connectwise.ErrNotFound) || (err == nil && (item.InactiveFlag || isBundle(item)))) {
		// The mapping is unchanged and the item went away in ConnectWise: a warning, as for
		// a customer whose agreement was cancelled, so one product cannot block every plan.
		// The sync skips the SKU with the same reason.
		var billable *billing.CatalogItem
		if err == nil {
			b := usagesync.CatalogItemFrom(*item)
			billable = &b
		}
		_, reason := billing.ProductBillability(billing.Product{VendorSKU: sku, CatalogItemID: int(numberInt64(state.CatalogItemID))}, billable)
		advice := ". The usage sync skips this SKU for every customer: it never bills a missing or inactive catalog item.\n\n" +
			"Reactivate the item in ConnectWise (Procurement › Product Catalog: clear Inactive), or map the SKU to another " +
			"active item (catalog_item_id or catalog_item_identifier)."
		if err == nil && !item.InactiveFlag && isBundle(item) {
			advice = ". The usage sync skips this SKU for every customer: " + bundleRefusal + ".\n\n" +
				"Map the SKU to a non-Bundle item (catalog_item_id or catalog_item_identifier), or create one with create_catalog_item."
		}
		diags.AddAttributeWarning(at, fmt.Sprintf("Usage sync skips SKU %q", sku), capitalize(reason)+advice)
		// The plan keeps what the state says (the refresh recorded the item as inactive):
		// with -refresh=false the item's new status is news for the warning, not a change.
		item = &connectwise.CatalogItem{ID: int(numberInt64(state.CatalogItemID)), Identifier: state.CatalogItemIdentifier.ValueString(),
			Description: state.CatalogItemDescription.ValueString(), InactiveFlag: !state.CatalogItemActive.ValueBool()}
		return item
	}
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		diags.AddAttributeError(at, "Catalog item not found",
			fmt.Sprintf("Vendor SKU %q is mapped by %s to %s, which does not exist in ConnectWise. "+
				"Map it to an existing item (catalog_item_id or catalog_item_identifier), or create one with create_catalog_item.", sku, at, what))
		return nil
	case err != nil:
		addClientError(diags, "reading "+what, err)
		return nil
	case item.InactiveFlag:
		diags.AddAttributeError(at, "Catalog item inactive",
			fmt.Sprintf("Vendor SKU %q is mapped by %s to catalog item %d (%s, %q), which is inactive in ConnectWise: the sync cannot bill an inactive product. "+
				"Reactivate it in ConnectWise (Procurement › Product Catalog: clear Inactive), or map the SKU to another item.",
				sku, at, item.ID, item.Identifier, item.Description))
		return nil
	case isBundle(item):
		addBundleError(diags, at, sku, item)
		return nil
	}
	return item
}

// sameAdoptedItem reports whether config adopts the item the mapping already holds.
func sameAdoptedItem(config productMappingModel, state *productMappingModel) bool {
	if !config.CatalogItemID.IsNull() {
		return numberInt64(config.CatalogItemID) == numberInt64(state.CatalogItemID)
	}
	return strings.EqualFold(config.CatalogItemIdentifier.ValueString(), state.CatalogItemIdentifier.ValueString())
}

// checkIdentifierFree fails when another item already uses the identifier. An item that
// carries this mapping's marker is ours (created before and released or deactivated): the
// create takes it over instead.
func (r *productMappingResource) checkIdentifierFree(ctx context.Context, identifier string, ownID int64, marker string, diags *diag.Diagnostics) {
	existing, err := r.data.client.Catalog.GetByIdentifier(ctx, identifier)
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		return
	case err != nil:
		addClientError(diags, fmt.Sprintf("looking up catalog identifier %q", identifier), err)
		return
	case int64(existing.ID) == ownID:
		return
	case ownID == 0 && existing.IntegrationXRef == marker:
		return
	}
	diags.AddAttributeError(path.Root("create_catalog_item").AtName("identifier"), "Catalog identifier already used",
		"create_catalog_item.identifier: "+identifierTakenDetail(identifier, existing))
}

func identifierTakenDetail(identifier string, existing *connectwise.CatalogItem) string {
	state := "active"
	if existing.InactiveFlag {
		state = "inactive"
	}
	return fmt.Sprintf("A catalog item with identifier %q already exists in ConnectWise: ID %d, %q (%s). "+
		"To map this SKU to it, remove create_catalog_item and set catalog_item_identifier = %q (or catalog_item_id = %d); "+
		"to create a new item, choose another identifier.", identifier, existing.ID, existing.Description, state, existing.Identifier, existing.ID)
}
