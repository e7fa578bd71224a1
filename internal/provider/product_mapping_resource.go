package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
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
	data *providerData
}

type productMappingModel struct {
	ID                     types.String  `tfsdk:"id"`
	IntegrationID          types.String  `tfsdk:"integration_id"`
	VendorSKU              types.String  `tfsdk:"vendor_sku"`
	CatalogItemID          types.Int64   `tfsdk:"catalog_item_id"`
	CatalogItemIdentifier  types.String  `tfsdk:"catalog_item_identifier"`
	CreateCatalogItem      types.Object  `tfsdk:"create_catalog_item"`
	CatalogItemDescription types.String  `tfsdk:"catalog_item_description"`
	CatalogItemActive      types.Bool    `tfsdk:"catalog_item_active"`
	Managed                types.Bool    `tfsdk:"managed"`
	IntegrationDefaults    types.Object  `tfsdk:"integration_defaults"`
	UnitPrice              types.Float64 `tfsdk:"unit_price"`
	UnitCost               types.Float64 `tfsdk:"unit_cost"`
	LessIncluded           types.Float64 `tfsdk:"less_included"`
	BillCustomer           types.String  `tfsdk:"bill_customer"`
	Taxable                types.Bool    `tfsdk:"taxable"`
}

type createCatalogItemModel struct {
	Identifier          types.String  `tfsdk:"identifier"`
	Description         types.String  `tfsdk:"description"`
	CustomerDescription types.String  `tfsdk:"customer_description"`
	Price               types.Float64 `tfsdk:"price"`
	Cost                types.Float64 `tfsdk:"cost"`
	ProductClass        types.String  `tfsdk:"product_class"`
	Taxable             types.Bool    `tfsdk:"taxable"`
	Subcategory         types.String  `tfsdk:"subcategory"`
	ProductType         types.String  `tfsdk:"product_type"`
	UnitOfMeasure       types.String  `tfsdk:"unit_of_measure"`
}

var createCatalogItemAttrTypes = map[string]attr.Type{
	"identifier":           types.StringType,
	"description":          types.StringType,
	"customer_description": types.StringType,
	"price":                types.Float64Type,
	"cost":                 types.Float64Type,
	"product_class":        types.StringType,
	"taxable":              types.BoolType,
	"subcategory":          types.StringType,
	"product_type":         types.StringType,
	"unit_of_measure":      types.StringType,
}

type productMappingIdentity struct {
	IntegrationID types.String `tfsdk:"integration_id"`
	VendorSKU     types.String `tfsdk:"vendor_sku"`
	CatalogItemID types.Int64  `tfsdk:"catalog_item_id"`
}

const defaultCatalogProductClass = "NonInventory"

// vendorSKUPattern keeps "/" out of SKUs: it separates the parts of the import ID.
var vendorSKUPattern = regexp.MustCompile(`^[^/\x00-\x1f]*$`)

var catalogItemClassValues = []string{"Agreement", "Bundle", "Inventory", "NonInventory", "Service"}

// catalogIdentifierTextValidator rejects text that cannot be quoted into a ConnectWise condition
// (line breaks, control characters): identifiers are looked up by condition.
var catalogIdentifierTextValidator = stringCheck{"text without line breaks or other control characters", func(s string) error {
	if _, err := connectwise.StringValue(s); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "connectwise: "))
	}
	return nil
}}

func (r *productMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_product_mapping"
}

func (r *productMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonNegative := []validator.Float64{float64validator.AtLeast(0)}
	placement := func(table string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Name or ID of the " + table + "; overrides the integration's catalog default. " +
				"When unset, the integration's default applies and this shows its name.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps one vendor SKU (e.g. `core-license`, `dedicated-server`) to one ConnectWise catalog item. " +
			"Set exactly one of `catalog_item_id` or `catalog_item_identifier` (adopt an existing item: it is never modified, and destroying the mapping leaves it alone) " +
			"or `create_catalog_item` (create the item: changes are applied to it, edits made in ConnectWise show in the next plan, and destroying the mapping marks it inactive because invoices may reference it).\n\n" +
			"A created item's `integrationXRef` is set to `tf:<integration_id>/<vendor_sku>` (when longer than 50 characters: its first 41 bytes, `~` and 8 hex digits of its SHA-256). " +
			"A create block whose identifier is already used by an item carrying this marker takes that item over again (it is reactivated) instead of failing.\n\n" +
			"Import with `<integration_id>/<vendor_sku>/<catalog_item_id>`: an item carrying this mapping's marker is imported as created, any other as adopted by ID.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<integration_id>/<vendor_sku>`.",
			},
			"integration_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the `connectwise_integration` this SKU belongs to. Changing it replaces the mapping.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 50)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"vendor_sku": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The vendor's SKU, e.g. `core-license` or `dedicated-server` (licences and servers are separate SKUs). Must not contain `/`. Changing it replaces the mapping.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.RegexMatches(vendorSKUPattern, "must not contain / or line breaks"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"catalog_item_id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Adopt the existing, active catalog item with this ID. Computed in every mode. Adopting another item replaces the mapping.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"catalog_item_identifier": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Adopt the existing, active catalog item with this identifier (ConnectWise compares it ignoring case). Computed in every mode.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 75), catalogIdentifierTextValidator},
			},
			"create_catalog_item": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Create the catalog item (and manage it). Switching between adopting and creating replaces the mapping, except that replacing this block by `catalog_item_id` of the item it created stops managing the item and leaves it as it is.",
				Attributes: map[string]schema.Attribute{
					"identifier": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Product ID of the new item (at most 75 characters); must not be used by another item.",
						Validators:          []validator.String{stringvalidator.LengthBetween(1, 75), catalogIdentifierTextValidator},
					},
					"description": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Description (at most 60 characters).",
						Validators:          []validator.String{stringvalidator.LengthBetween(1, 60)},
					},
					"customer_description": schema.StringAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Customer description (at most 6000 characters); defaults to `description`.",
						Validators:          []validator.String{stringvalidator.LengthBetween(1, 6000)},
					},
					"price": schema.Float64Attribute{
						Optional: true, Computed: true, Validators: nonNegative,
						MarkdownDescription: "Price (≥ 0). When unset, the item's price is left as ConnectWise has it.",
					},
					"cost": schema.Float64Attribute{
						Optional: true, Computed: true, Validators: nonNegative,
						MarkdownDescription: "Cost (≥ 0). When unset, the item's cost is left as ConnectWise has it.",
					},
					"product_class": schema.StringAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "`Agreement`, `Bundle`, `Inventory`, `NonInventory` (default) or `Service`.",
						Validators:          []validator.String{stringvalidator.OneOf(catalogItemClassValues...)},
					},
					"taxable": schema.BoolAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Whether the item is taxable. When unset, left as ConnectWise has it.",
					},
					"subcategory":     placement("product subcategory"),
					"product_type":    placement("product type"),
					"unit_of_measure": placement("unit of measure"),
				},
			},
			"catalog_item_description": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Description of the mapped catalog item.",
			},
			"catalog_item_active": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the mapped item is active. A created item deactivated in ConnectWise is reactivated by the next apply; " +
					"an adopted item that is inactive or deleted makes the plan fail, naming the SKU and the item.",
			},
			"managed": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "True when this mapping created (and manages) the catalog item.",
			},
			"integration_defaults": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "The integration's defaults: `integration_defaults = connectwise_integration.NAME.defaults`. " +
					"A created item is placed by the create block's `subcategory`, `product_type` and `unit_of_measure`, else by these; " +
					"a subcategory and a product type are required.",
				Attributes: integrationDefaultsAttributes(false),
			},
			"unit_price": schema.Float64Attribute{
				Optional: true, Validators: nonNegative,
				MarkdownDescription: "Unit price of the agreement additions the sync writes for this SKU (≥ 0).",
			},
			"unit_cost": schema.Float64Attribute{
				Optional: true, Validators: nonNegative,
				MarkdownDescription: "Unit cost of the agreement additions the sync writes for this SKU (≥ 0).",
			},
			"less_included": schema.Float64Attribute{
				Optional: true, Validators: nonNegative,
				MarkdownDescription: "Quantity included in the agreement, subtracted before billing (≥ 0).",
			},
			"bill_customer": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Bill-customer flag of the additions: `Billable`, `DoNotBill` or `NoCharge`; unset means the integration's default.",
				Validators:          []validator.String{stringvalidator.OneOf(integrationBillCustomerValues...)},
			},
			"taxable": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the additions are taxable; unset means the integration's default.",
			},
		},
	}
}

func (r *productMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"integration_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "ID (name) of the integration."},
			"vendor_sku":      identityschema.StringAttribute{RequiredForImport: true, Description: "The vendor's SKU."},
			"catalog_item_id": identityschema.Int64Attribute{RequiredForImport: true, Description: "ID of the mapped catalog item."},
		},
	}
}

func (r *productMappingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *productMappingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(
			path.MatchRoot("catalog_item_id"),
			path.MatchRoot("catalog_item_identifier"),
			path.MatchRoot("create_catalog_item"),
		),
	}
}

// ValidateConfig catches defaults taken from another integration.
func (r *productMappingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var integrationID types.String
	var defaults types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("integration_id"), &integrationID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("integration_defaults"), &defaults)...)
	if resp.Diagnostics.HasError() || integrationID.IsNull() || integrationID.IsUnknown() || defaults.IsNull() || defaults.IsUnknown() {
		return
	}
	defaultsOf, ok := defaults.Attributes()["integration_id"].(types.String)
	if !ok || defaultsOf.IsNull() || defaultsOf.IsUnknown() {
		return
	}
	if integrationID.ValueString() != defaultsOf.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("integration_defaults").AtName("integration_id"), "Defaults of another integration",
			fmt.Sprintf("integration_defaults belong to integration %q but integration_id is %q; pass the defaults of the same integration, "+
				"e.g. integration_id = connectwise_integration.x.id and integration_defaults = connectwise_integration.x.defaults.",
				defaultsOf.ValueString(), integrationID.ValueString()))
	}
}

// ModifyPlan checks everything that needs ConnectWise before any write: the adopted item
// exists and is active, the identifier of an item to create is free, its placement
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
		plan.CatalogItemID, plan.CatalogItemIdentifier = types.Int64Unknown(), types.StringUnknown()
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
	if state != nil && state.CatalogItemID.ValueInt64() != int64(item.ID) {
		resp.RequiresReplace = append(resp.RequiresReplace, at)
	}
}

func (r *productMappingResource) planCreated(ctx context.Context, config productMappingModel, plan *productMappingModel, state *productMappingModel, resp *resource.ModifyPlanResponse) {
	managedBefore := state != nil && state.Managed.ValueBool()
	plan.Managed, plan.CatalogItemActive = types.BoolValue(true), types.BoolValue(true)
	if managedBefore {
		plan.CatalogItemID = state.CatalogItemID
	} else {
		plan.CatalogItemID = types.Int64Unknown()
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
			ownID = state.CatalogItemID.ValueInt64()
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
	keep := func(configured, before types.Float64) types.Float64 {
		switch {
		case !configured.IsNull():
			return configured
		case prior != nil:
			return before
		}
		return types.Float64Unknown()
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

// namesRow reports whether a name-or-ID text refers to the row with this ID and name.
func namesRow(text types.String, id int, name string) bool {
	if text.IsNull() || text.IsUnknown() {
		return false
	}
	v := strings.TrimSpace(text.ValueString())
	return v == strconv.Itoa(id) || (name != "" && strings.EqualFold(v, name))
}

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
		fallback   types.Int64
		kind       lookupKind
		attr       string
		defAttr    string
		required   bool
		target     **connectwise.Lookup
	}{
		{cfg.Subcategory, def.SubcategoryID, subcategoryLookup, "subcategory", "subcategory_id", true, &place.subcategory},
		{cfg.ProductType, def.ProductTypeID, productTypeLookup, "product_type", "product_type_id", true, &place.productType},
		{cfg.UnitOfMeasure, def.UnitOfMeasureID, unitOfMeasureLookup, "unit_of_measure", "unit_of_measure_id", false, &place.unitOfMeasure},
	} {
		if f.configured.IsUnknown() || (f.configured.IsNull() && f.fallback.IsUnknown()) {
			place.unknown = true
			continue
		}
		// The default is resolved by ID first, so a name the plan shows for it (names are
		// not unique across categories) resolves to the same row.
		var fallback *connectwise.Lookup
		if !f.fallback.IsNull() {
			text := types.StringValue(strconv.FormatInt(f.fallback.ValueInt64(), 10))
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
			diags.AddAttributeError(block.AtName(f.attr), "No "+f.kind.label+" for the new catalog item",
				fmt.Sprintf("ConnectWise needs a %s for the catalog item of vendor SKU %q. Set create_catalog_item.%s (a name or an ID), "+
					"or set integration_defaults = connectwise_integration.NAME.defaults on an integration whose catalog_defaults.%s is set.",
					f.kind.label, sku.ValueString(), f.attr, f.attr))
			ok = false
		}
	}
	return place, ok
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
		identifierTakenDetail(identifier, existing))
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

// findAdopted loads the item to adopt and checks it can be billed: it exists and is
// active. The errors name the SKU, the item and what to do. With a prior state, an item
// adopted by identifier is read through the batch loader by its known ID.
func (r *productMappingResource) findAdopted(ctx context.Context, m productMappingModel, state *productMappingModel, diags *diag.Diagnostics) *connectwise.CatalogItem {
	sku := m.VendorSKU.ValueString()
	since := ""
	if state != nil {
		since = " It may have been deleted or deactivated in ConnectWise since the mapping was applied."
	}
	var item *connectwise.CatalogItem
	var err error
	at, what := path.Root("catalog_item_id"), ""
	if !m.CatalogItemID.IsNull() {
		what = fmt.Sprintf("catalog item %d", m.CatalogItemID.ValueInt64())
		var found connectwise.CatalogItem
		if found, err = r.data.catalog.Get(ctx, int(m.CatalogItemID.ValueInt64())); err == nil {
			item = &found
		}
	} else {
		identifier := m.CatalogItemIdentifier.ValueString()
		at, what = path.Root("catalog_item_identifier"), fmt.Sprintf("the catalog item with identifier %q", identifier)
		if state != nil && strings.EqualFold(state.CatalogItemIdentifier.ValueString(), identifier) {
			if found, getErr := r.data.catalog.Get(ctx, int(state.CatalogItemID.ValueInt64())); getErr == nil && strings.EqualFold(found.Identifier, identifier) {
				item = &found
			}
		}
		if item == nil {
			item, err = r.data.client.Catalog.GetByIdentifier(ctx, identifier)
		}
	}
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		diags.AddAttributeError(at, "Catalog item not found",
			fmt.Sprintf("Vendor SKU %q is mapped to %s, which does not exist in ConnectWise.%s "+
				"Map it to an existing item (catalog_item_id or catalog_item_identifier), or create one with create_catalog_item.", sku, what, since))
		return nil
	case err != nil:
		addClientError(diags, "reading "+what, err)
		return nil
	case item.InactiveFlag:
		diags.AddAttributeError(at, "Catalog item inactive",
			fmt.Sprintf("Vendor SKU %q is mapped to catalog item %d (%s, %q), which is inactive in ConnectWise: the sync cannot bill an inactive product.%s "+
				"Reactivate it in ConnectWise (Procurement › Product Catalog: clear Inactive), or map the SKU to another item.",
				sku, item.ID, item.Identifier, item.Description, since))
		return nil
	}
	return item
}

func (r *productMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan productMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || requireProviderData(r.data, &resp.Diagnostics) {
		return
	}
	plan.ID = productMappingID(plan.IntegrationID, plan.VendorSKU)
	if plan.CreateCatalogItem.IsNull() {
		adopt := plan
		if !adopt.CatalogItemID.IsUnknown() {
			adopt.CatalogItemIdentifier = types.StringNull()
		}
		item := r.findAdopted(ctx, adopt, nil, &resp.Diagnostics)
		if item == nil {
			return
		}
		resp.Diagnostics.Append(applyCatalogItem(ctx, &plan, item, false)...)
	} else {
		item := r.createItem(ctx, plan, &resp.Diagnostics)
		if item == nil {
			return
		}
		resp.Diagnostics.Append(applyCatalogItem(ctx, &plan, item, true)...)
	}
	r.saveState(ctx, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// createItem POSTs the item, or takes over an item this mapping created before. A POST is
// never repeated: after an ambiguous failure the item is looked up by identifier.
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
	created, err := r.data.client.Catalog.Create(ctx, &desired)
	var apiErr *connectwise.APIError
	switch {
	case err == nil:
		r.data.catalog.Forget(created.ID)
		tflog.Debug(ctx, "created catalog item", map[string]any{"catalog_item_id": created.ID, "identifier": created.Identifier})
		return created
	case errors.As(err, &apiErr) && apiErr.HasFieldError("ObjectExists"):
		diags.AddAttributeError(path.Root("create_catalog_item").AtName("identifier"), "Catalog identifier already used",
			fmt.Sprintf("ConnectWise refused the identifier %q: another catalog item uses it. To map this SKU to that item, remove create_catalog_item and set catalog_item_identifier = %q.",
				desired.Identifier, desired.Identifier))
		return nil
	case connectwise.IsAmbiguousWrite(err):
		if found, lookErr := r.data.client.Catalog.GetByIdentifier(ctx, desired.Identifier); lookErr == nil && found.IntegrationXRef == desired.IntegrationXRef {
			r.data.catalog.Forget(found.ID)
			return found
		}
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
		item.Price = connectwise.Float64(cfg.Price.ValueFloat64())
	}
	if !cfg.Cost.IsNull() && !cfg.Cost.IsUnknown() {
		item.Cost = connectwise.Float64(cfg.Cost.ValueFloat64())
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

func (r *productMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state productMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || requireProviderData(r.data, &resp.Diagnostics) {
		return
	}
	managed := state.Managed.ValueBool()
	item, err := r.data.catalog.Get(ctx, int(state.CatalogItemID.ValueInt64()))
	switch {
	case errors.Is(err, connectwise.ErrNotFound) && managed:
		// The item this mapping created is gone: plan to create it again.
		tflog.Debug(ctx, "created catalog item no longer exists", map[string]any{"catalog_item_id": state.CatalogItemID.ValueInt64()})
		resp.State.RemoveResource(ctx)
		// The framework wants an identity even for a removed resource (Terraform < 1.12
		// sends none to start from).
		resp.Diagnostics.Append(resp.Identity.Set(ctx, productMappingIdentity{
			IntegrationID: state.IntegrationID, VendorSKU: state.VendorSKU, CatalogItemID: state.CatalogItemID,
		})...)
		return
	case errors.Is(err, connectwise.ErrNotFound):
		// An adopted item is not ours to recreate: keep the mapping so the next plan
		// fails naming the SKU and the item, instead of silently planning a create.
		tflog.Debug(ctx, "adopted catalog item no longer exists", map[string]any{"catalog_item_id": state.CatalogItemID.ValueInt64()})
		state.CatalogItemActive = types.BoolValue(false)
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d", state.CatalogItemID.ValueInt64()), err)
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
	if resp.Diagnostics.HasError() || requireProviderData(r.data, &resp.Diagnostics) {
		return
	}
	plan.ID = productMappingID(plan.IntegrationID, plan.VendorSKU)
	id := int(state.CatalogItemID.ValueInt64())
	current, err := r.data.catalog.Get(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d of vendor SKU %q", id, plan.VendorSKU.ValueString()), err)
		return
	}
	if plan.CreateCatalogItem.IsNull() {
		// Adopted (or released): nothing is written to the item.
		resp.Diagnostics.Append(applyCatalogItem(ctx, &plan, &current, false)...)
	} else {
		desired, ok := r.desiredItem(ctx, plan, &resp.Diagnostics)
		if !ok {
			return
		}
		updated := r.patchItem(ctx, &current, desired, &resp.Diagnostics)
		if updated == nil {
			return
		}
		resp.Diagnostics.Append(applyCatalogItem(ctx, &plan, updated, true)...)
	}
	r.saveState(ctx, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete leaves an adopted item alone and marks a created one inactive: invoices may
// reference it, so it is never deleted.
func (r *productMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state productMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.Managed.ValueBool() {
		return
	}
	if requireProviderData(r.data, &resp.Diagnostics) {
		return
	}
	id := int(state.CatalogItemID.ValueInt64())
	current, err := r.data.catalog.Get(ctx, id)
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		return
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d", id), err)
		return
	case current.InactiveFlag:
		return
	}
	_, err = r.data.client.Catalog.Patch(ctx, id, []connectwise.PatchOp{connectwise.Replace("inactiveFlag", true)})
	r.data.catalog.Forget(id)
	if err != nil && !errors.Is(err, connectwise.ErrNotFound) {
		addClientError(&resp.Diagnostics, fmt.Sprintf("marking catalog item %d inactive", id), err)
		return
	}
	tflog.Debug(ctx, "marked catalog item inactive", map[string]any{"catalog_item_id": id})
}

// ImportState takes `<integration_id>/<vendor_sku>/<catalog_item_id>` or the identity. An
// item carrying this mapping's marker is imported as created, any other as adopted.
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
	if resp.Diagnostics.HasError() || requireProviderData(r.data, &resp.Diagnostics) {
		return
	}
	if ident.IntegrationID.ValueString() == "" || ident.VendorSKU.ValueString() == "" || ident.CatalogItemID.ValueInt64() <= 0 {
		resp.Diagnostics.AddError("Invalid import identity", "integration_id, vendor_sku and catalog_item_id (a positive number) are all required.")
		return
	}
	id := int(ident.CatalogItemID.ValueInt64())
	item, err := r.data.catalog.Get(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading catalog item %d to import", id), err)
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

func (r *productMappingResource) saveState(ctx context.Context, m productMappingModel, state interface {
	Set(context.Context, any) diag.Diagnostics
}, identity interface {
	Set(context.Context, any) diag.Diagnostics
}, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(identity.Set(ctx, productMappingIdentity{
		IntegrationID: m.IntegrationID, VendorSKU: m.VendorSKU, CatalogItemID: m.CatalogItemID,
	})...)
}

// applyCatalogItem is the one mapping from a ConnectWise catalog item to the mapping's
// model. For a managed item it refreshes create_catalog_item too, keeping the text the
// user wrote for a placement while it still names the item's current one.
func applyCatalogItem(ctx context.Context, m *productMappingModel, item *connectwise.CatalogItem, managed bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.CatalogItemID = types.Int64Value(int64(item.ID))
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
		Price:               types.Float64PointerValue(item.Price),
		Cost:                types.Float64PointerValue(item.Cost),
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
		IntegrationID: types.StringValue(integration), VendorSKU: types.StringValue(sku), CatalogItemID: types.Int64Value(itemID),
	}, true
}

func cutAtLastSeparator(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
