package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

var (
	_ resource.ResourceWithConfigure        = (*productMappingResource)(nil)
	_ resource.ResourceWithConfigValidators = (*productMappingResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*productMappingResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*productMappingResource)(nil)
	_ resource.ResourceWithImportState      = (*productMappingResource)(nil)
	_ resource.ResourceWithIdentity         = (*productMappingResource)(nil)
)

func newProductMappingResource() resource.Resource { return &productMappingResource{} }

// productMappingResource maps one vendor SKU to one ConnectWise catalog item, adopted
// (never modified or deleted) or created (and marked inactive on destroy, because
// invoices may reference it).
type productMappingResource struct {
	resourceData
}

func (r *productMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_product_mapping"
}

func (r *productMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan productMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	plan.ID = productMappingID(plan.IntegrationID, plan.VendorSKU)
	managed := !plan.CreateCatalogItem.IsNull()
	var item *connectwise.CatalogItem
	if managed {
		item = r.createItem(ctx, plan, &resp.Diagnostics)
	} else {
		adopt := plan
		if !adopt.CatalogItemID.IsUnknown() {
			adopt.CatalogItemIdentifier = types.StringNull()
		}
		item = r.findAdopted(ctx, adopt, nil, &resp.Diagnostics)
	}
	if item == nil {
		return
	}
	r.saveItem(ctx, plan, item, managed, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *productMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state productMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	managed := state.Managed.ValueBool()
	item, err := r.data.catalog.Get(ctx, int(numberInt64(state.CatalogItemID)))
	switch {
	case errors.Is(err, connectwise.ErrNotFound) && managed:
		// The item this mapping created is gone: plan to create it again.
		tflog.Debug(ctx, "created catalog item no longer exists", map[string]any{"catalog_item_id": numberInt64(state.CatalogItemID)})
		resp.State.RemoveResource(ctx)
		// The framework wants an identity even for a removed resource (Terraform < 1.12
		// sends none to start from).
		resp.Diagnostics.Append(resp.Identity.Set(ctx, productMappingIdentity{
			IntegrationID: state.IntegrationID, VendorSKU: state.VendorSKU, CatalogItemID: int64Number(numberInt64(state.CatalogItemID)),
		})...)
		return
	case errors.Is(err, connectwise.ErrNotFound):
		// An adopted item is not ours to recreate: keep the mapping so the next plan
		// fails naming the SKU and the item, instead of silently planning a create.
		tflog.Debug(ctx, "adopted catalog item no longer exists", map[string]any{"catalog_item_id": numberInt64(state.CatalogItemID)})
		state.CatalogItemActive = types.BoolValue(false)
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d", numberInt64(state.CatalogItemID)), err)
		return
	default:
		resp.Diagnostics.Append(applyCatalogItem(ctx, &state, &item, managed)...)
	}
	r.saveState(ctx, state, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *productMappingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state productMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	plan.ID = productMappingID(plan.IntegrationID, plan.VendorSKU)
	id := int(numberInt64(state.CatalogItemID))
	current, err := r.data.catalog.Get(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d of vendor SKU %q", id, plan.VendorSKU.ValueString()), err)
		return
	}
	managed := !plan.CreateCatalogItem.IsNull()
	item := &current // adopted (or released): nothing is written to the item
	if managed {
		desired, ok := r.desiredItem(ctx, plan, &resp.Diagnostics)
		if !ok {
			return
		}
		if item = r.patchItem(ctx, &current, desired, &resp.Diagnostics); item == nil {
			return
		}
	}
	r.saveItem(ctx, plan, item, managed, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete leaves an adopted item alone and marks a created one inactive: invoices may
// reference it, so it is never deleted.
func (r *productMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state productMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.Managed.ValueBool() {
		return
	}
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	r.deactivateItem(ctx, int(numberInt64(state.CatalogItemID)), &resp.Diagnostics)
}

// stateSetter is a response's State or Identity.
type stateSetter interface {
	Set(context.Context, any) diag.Diagnostics
}

// saveItem maps item into m (applyCatalogItem) and stores m as saveState does.
func (r *productMappingResource) saveItem(ctx context.Context, m productMappingModel, item *connectwise.CatalogItem, managed bool, state, identity stateSetter, diags *diag.Diagnostics) {
	diags.Append(applyCatalogItem(ctx, &m, item, managed)...)
	r.saveState(ctx, m, state, identity, diags)
}

// saveState stores m and its identity, unless an error was reported before.
func (r *productMappingResource) saveState(ctx context.Context, m productMappingModel, state, identity stateSetter, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(identity.Set(ctx, productMappingIdentity{
		IntegrationID: m.IntegrationID, VendorSKU: m.VendorSKU, CatalogItemID: int64Number(numberInt64(m.CatalogItemID)),
	})...)
}
