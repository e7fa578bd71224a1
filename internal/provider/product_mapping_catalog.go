package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

const defaultCatalogProductClass = "NonInventory"

// createItem POSTs the item, or takes over an item this mapping created before. A POST is
// never repeated blindly: after an ambiguous failure the item is looked up by identifier
// first.
func (r *productMappingResource) createItem(ctx context.Context, plan productMappingModel, diags *diag.Diagnostics) *connectwise.CatalogItem {
	desired, ok := r.desiredItem(ctx, plan, diags)
	if !ok {
		return nil
	}
	existing, err := r.data.client.Catalog.GetByIdentifier(ctx, desired.Identifier)
	switch {
	case err == nil && existing.IntegrationXRef == desired.IntegrationXRef:
		tflog.Debug(ctx, "taking over a catalog item created earlier for this SKU", map[string]any{"catalog_item_id": existing.ID})
		return r.patchItem(ctx, existing, desired, diags)
	case err == nil:
		diags.AddAttributeError(path.Root("create_catalog_item").AtName("identifier"), "Catalog identifier already used",
			identifierTakenDetail(desired.Identifier, existing))
		return nil
	case !errors.Is(err, connectwise.ErrNotFound):
		addClientError(diags, fmt.Sprintf("looking up catalog identifier %q", desired.Identifier), err)
		return nil
	}
	// A catalog identifier is unique in ConnectWise, so a second POST can never make a
	// duplicate: after an ambiguous failure the item is looked up, and posted once more
	// only when it is not there (a POST still in flight then answers ObjectExists, and the
	// look-up below finds it).
	for attempt := 1; ; attempt++ {
		var created *connectwise.CatalogItem
		created, err = r.data.client.Catalog.Create(ctx, &desired)
		if err == nil {
			r.data.catalog.Forget(created.ID)
			tflog.Debug(ctx, "created catalog item", map[string]any{"catalog_item_id": created.ID, "identifier": created.Identifier})
			return created
		}
		var apiErr *connectwise.APIError
		exists := errors.As(err, &apiErr) && apiErr.HasFieldError("ObjectExists")
		if !exists && !connectwise.IsAmbiguousWrite(err) {
			break
		}
		found, lookErr := r.data.client.Catalog.GetByIdentifier(ctx, desired.Identifier)
		switch {
		case lookErr == nil && found.IntegrationXRef == desired.IntegrationXRef:
			r.data.catalog.Forget(found.ID)
			tflog.Debug(ctx, "the catalog item was created after all", map[string]any{"catalog_item_id": found.ID, "attempt": attempt})
			return found
		case exists:
			diags.AddAttributeError(path.Root("create_catalog_item").AtName("identifier"), "Catalog identifier already used",
				fmt.Sprintf("ConnectWise refused the identifier %q: another catalog item uses it. To map this SKU to that item, remove create_catalog_item and set catalog_item_identifier = %q.",
					desired.Identifier, desired.Identifier))
			return nil
		case !errors.Is(lookErr, connectwise.ErrNotFound) || attempt == 2:
			addClientError(diags, fmt.Sprintf("creating catalog item %q", desired.Identifier), err)
			return nil
		}
		tflog.Debug(ctx, "catalog item create failed before it was applied; posting once more", map[string]any{"identifier": desired.Identifier, "error": err.Error()})
	}
	addClientError(diags, fmt.Sprintf("creating catalog item %q", desired.Identifier), err)
	return nil
}

// desiredItem is the catalog item the create block describes, placement resolved.
func (r *productMappingResource) desiredItem(ctx context.Context, m productMappingModel, diags *diag.Diagnostics) (connectwise.CatalogItem, bool) {
	var cfg createCatalogItemModel
	diags.Append(m.CreateCatalogItem.As(ctx, &cfg, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	if diags.HasError() {
		return connectwise.CatalogItem{}, false
	}
	// Placement the plan shows by name resolves like one the user wrote.
	place, ok := r.placement(ctx, cfg, m.IntegrationDefaults, m.VendorSKU, diags)
	if !ok {
		return connectwise.CatalogItem{}, false
	}
	item := connectwise.CatalogItem{
		Identifier:          cfg.Identifier.ValueString(),
		Description:         cfg.Description.ValueString(),
		CustomerDescription: cfg.CustomerDescription.ValueString(),
		ProductClass:        cfg.ProductClass.ValueString(),
		IntegrationXRef:     catalogXRefMarker(m.IntegrationID.ValueString(), m.VendorSKU.ValueString()),
	}
	if item.CustomerDescription == "" {
		item.CustomerDescription = item.Description
	}
	if item.ProductClass == "" {
		item.ProductClass = defaultCatalogProductClass
	}
	if !cfg.Price.IsNull() && !cfg.Price.IsUnknown() {
		item.Price = numberFloat64Pointer(cfg.Price)
	}
	if !cfg.Cost.IsNull() && !cfg.Cost.IsUnknown() {
		item.Cost = numberFloat64Pointer(cfg.Cost)
	}
	if !cfg.Taxable.IsNull() && !cfg.Taxable.IsUnknown() {
		item.TaxableFlag = connectwise.BoolPtr(cfg.Taxable.ValueBool())
	}
	for _, p := range []struct {
		row    *connectwise.Lookup
		target **connectwise.Reference
	}{
		{place.subcategory, &item.Subcategory}, {place.productType, &item.Type}, {place.unitOfMeasure, &item.UnitOfMeasure},
	} {
		if p.row != nil {
			*p.target = connectwise.Ref(p.row.ID)
		}
	}
	return item, true
}

// catalogItemPatch lists the fields of current that differ from desired, and only those:
// a PATCH never touches what the user did not set. A deactivated item is reactivated.
func catalogItemPatch(current, desired connectwise.CatalogItem) []connectwise.PatchOp {
	var ops []connectwise.PatchOp
	text := func(field, have, want string) {
		if have != want {
			ops = append(ops, connectwise.Replace(field, want))
		}
	}
	text("identifier", current.Identifier, desired.Identifier)
	text("description", current.Description, desired.Description)
	text("customerDescription", current.CustomerDescription, desired.CustomerDescription)
	have := current.ProductClass
	if have == "" {
		have = defaultCatalogProductClass
	}
	text("productClass", have, desired.ProductClass)
	text("integrationXRef", current.IntegrationXRef, desired.IntegrationXRef)
	number := func(field string, have, want *float64) {
		if want != nil && (have == nil || *have != *want) {
			ops = append(ops, connectwise.Replace(field, *want))
		}
	}
	number("price", current.Price, desired.Price)
	number("cost", current.Cost, desired.Cost)
	if desired.TaxableFlag != nil && (current.TaxableFlag == nil || *current.TaxableFlag != *desired.TaxableFlag) {
		ops = append(ops, connectwise.Replace("taxableFlag", *desired.TaxableFlag))
	}
	ref := func(field string, have, want *connectwise.Reference) {
		if want != nil && (have == nil || have.ID != want.ID) {
			ops = append(ops, connectwise.Replace(field, connectwise.Ref(want.ID)))
		}
	}
	ref("subcategory", current.Subcategory, desired.Subcategory)
	ref("type", current.Type, desired.Type)
	ref("unitOfMeasure", current.UnitOfMeasure, desired.UnitOfMeasure)
	if current.InactiveFlag {
		ops = append(ops, connectwise.Replace("inactiveFlag", false))
	}
	return ops
}

func (r *productMappingResource) patchItem(ctx context.Context, current *connectwise.CatalogItem, desired connectwise.CatalogItem, diags *diag.Diagnostics) *connectwise.CatalogItem {
	ops := catalogItemPatch(*current, desired)
	if len(ops) == 0 {
		return current
	}
	fields := make([]string, len(ops))
	for i, op := range ops {
		fields[i] = op.Path
	}
	tflog.Debug(ctx, "updating catalog item", map[string]any{"catalog_item_id": current.ID, "fields": fields})
	updated, err := r.data.client.Catalog.Patch(ctx, current.ID, ops)
	r.data.catalog.Forget(current.ID)
	if err != nil {
		addClientError(diags, fmt.Sprintf("updating catalog item %d (%s)", current.ID, strings.Join(fields, ", ")), err)
		return nil
	}
	return updated
}

// deactivateItem marks a created item inactive; one already gone or inactive is left as it is.
func (r *productMappingResource) deactivateItem(ctx context.Context, id int, diags *diag.Diagnostics) {
	current, err := r.data.catalog.Get(ctx, id)
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		return
	case err != nil:
		addClientError(diags, fmt.Sprintf("reading catalog item %d", id), err)
		return
	case current.InactiveFlag:
		return
	}
	_, err = r.data.client.Catalog.Patch(ctx, id, []connectwise.PatchOp{connectwise.Replace("inactiveFlag", true)})
	r.data.catalog.Forget(id)
	if err != nil && !errors.Is(err, connectwise.ErrNotFound) {
		addClientError(diags, fmt.Sprintf("marking catalog item %d inactive", id), err)
		return
	}
	tflog.Debug(ctx, "marked catalog item inactive", map[string]any{"catalog_item_id": id})
}
