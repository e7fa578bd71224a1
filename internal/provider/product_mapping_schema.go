package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The product mapping's text rules. A vendor SKU has no "/": it separates the parts of
// the mapping's ID and import ID. Identifiers are looked up by condition.
var (
	vendorSKURule = textRule{write: `the vendor's SKU, e.g. "core-license"`, more: func(s string) string {
		if strings.ContainsFunc(s, func(r rune) bool { return r == '/' || unicode.IsControl(r) }) {
			return fmt.Sprintf("%q contains \"/\" or a control character: \"/\" separates the parts of the mapping's ID and import ID", s)
		}
		return ""
	}}
	catalogIdentifierRule = textRule{write: `a catalog item identifier (Product ID), e.g. "NL-CORE-USER"`, max: 75, query: true,
		bound: "ConnectWise keeps at most 75"}
)

func (r *productMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	amount, quantity := amountRule.validators(), quantityRule.validators()
	placement := func(table string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Name or ID of the " + table + "; overrides the integration's catalog default. " +
				"When unset, the integration's default applies and this shows its name.",
			Validators: lookupName.validators(),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps one vendor SKU (e.g. `core-license`, `dedicated-server`) to one ConnectWise catalog item. " +
			"Set exactly one of `catalog_item_id` or `catalog_item_identifier` (adopt an existing item: it is never modified, and destroying the mapping leaves it alone) " +
			"or `create_catalog_item` (create the item: changes are applied to it, edits made in ConnectWise show in the next plan, and destroying the mapping marks it inactive because invoices may reference it).\n\n" +
			"A created item's `integrationXRef` is set to `tf:<integration_id>/<vendor_sku>` (when longer than 50 characters: its first 41 bytes, `~` and 8 hex digits of its SHA-256). " +
			"A create block whose identifier is already used by an item carrying this marker takes that item over again (it is reactivated) instead of failing.\n\n" +
			"Import with `<integration_id>/<vendor_sku>/<catalog_item_id>`: an item carrying this mapping's marker is imported as created, any other as adopted by ID.\n\n" +
			"**One rule for the item adopted.** Adopting an item, in the configuration or by import, fails when it is inactive, missing or of class `Bundle`, naming the SKU and the item " +
			"(an inactive item this mapping created is imported as created, and the next apply reactivates it). " +
			"An item that becomes inactive, missing or a `Bundle` *after* the mapping adopted it makes every plan warn instead, and the sync skips the SKU: " +
			"a change made in ConnectWise never blocks the plans of an existing configuration.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<integration_id>/<vendor_sku>`.",
			},
			"integration_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the `connectwise_integration` this SKU belongs to. Changing it replaces the mapping.",
				Validators:          integrationIDRule.validators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"vendor_sku": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The vendor's SKU, e.g. `core-license` or `dedicated-server` (licences and servers are separate SKUs). Must not contain `/`. Changing it replaces the mapping.",
				Validators:          vendorSKURule.validators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"catalog_item_id": schema.NumberAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Adopt the existing, active catalog item with this ID (not of product class `Bundle`, which ConnectWise does not take as an agreement addition). Computed in every mode. Adopting another item replaces the mapping.",
				Validators:          catalogItemIDRule.validators(),
			},
			"catalog_item_identifier": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Adopt the existing, active catalog item with this identifier (ConnectWise compares it ignoring case; not of product class `Bundle`). Computed in every mode.",
				Validators:          catalogIdentifierRule.validators(),
			},
			"create_catalog_item": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Create the catalog item (and manage it). Switching between adopting and creating replaces the mapping, except that replacing this block by `catalog_item_id` of the item it created stops managing the item and leaves it as it is.",
				Attributes: map[string]schema.Attribute{
					"identifier": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Product ID of the new item (at most 75 characters); must not be used by another item.",
						Validators:          catalogIdentifierRule.validators(),
					},
					"description": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Description (at most 60 characters).",
						Validators:          storedText("the item's description", 60).validators(),
					},
					"customer_description": schema.StringAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Customer description (at most 6000 characters); defaults to `description`.",
						Validators:          storedText("the text customers read, or leave it unset to use description", maxInvoiceDescription).validators(),
					},
					"price": schema.NumberAttribute{
						Optional: true, Computed: true, Validators: amount,
						MarkdownDescription: "Price (≥ 0). When unset, the item's price is left as ConnectWise has it.",
					},
					"cost": schema.NumberAttribute{
						Optional: true, Computed: true, Validators: amount,
						MarkdownDescription: "Cost (≥ 0). When unset, the item's cost is left as ConnectWise has it.",
					},
					"product_class": schema.StringAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "`Agreement`, `Inventory`, `NonInventory` (default) or `Service`. Not `Bundle`: " +
							"ConnectWise does not take Bundle class products as agreement additions.",
						Validators: []validator.String{productClassValidator},
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
				MarkdownDescription: "Whether the mapped item is active. A created item deactivated in ConnectWise is reactivated by the next apply. " +
					"Adopting (in the configuration or by import) an item that is inactive or deleted fails, naming the SKU and the item; " +
					"an adopted item deactivated or deleted later makes every plan warn, and the sync skips the SKU.",
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
			"unit_price": schema.NumberAttribute{
				Optional: true, Validators: amount,
				MarkdownDescription: "Unit price of the agreement additions the sync writes for this SKU (0 to 1,000,000, the same bound the sync applies), " +
					"in `currency`, per unit and **per billing period of the agreement**: a quarterly agreement bills it once a quarter.",
			},
			"unit_cost": schema.NumberAttribute{
				Optional: true, Validators: amount,
				MarkdownDescription: "Unit cost of the agreement additions the sync writes for this SKU (0 to 1,000,000, the same bound the sync applies).",
			},
			"less_included": schema.NumberAttribute{
				Optional: true, Validators: quantity,
				MarkdownDescription: "Quantity included in the agreement, subtracted before billing (0 to 1,000,000).",
			},
			"bill_customer": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Bill-customer flag of the additions: `Billable`, `DoNotBill` or `NoCharge`; unset means the integration's default.",
				Validators:          enumRule{values: integrationBillCustomerValues, unset: "the integration's default"}.validators(),
			},
			"taxable": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the additions are taxable; unset means the integration's default.",
			},
			"currency":            currencyAttribute(),
			"invoice_description": invoiceDescriptionAttribute(),
		},
	}
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
	if !ok || defaultsOf.IsNull() || defaultsOf.IsUnknown() || strings.TrimSpace(defaultsOf.ValueString()) == "" {
		return // a blank one is the text rule's to report
	}
	if integrationID.ValueString() != defaultsOf.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("integration_defaults").AtName("integration_id"), "Defaults of another integration",
			fmt.Sprintf("integration_defaults.integration_id is %q but integration_id is %q; pass the defaults of the same integration, "+
				"e.g. integration_id = connectwise_integration.x.id and integration_defaults = connectwise_integration.x.defaults.",
				defaultsOf.ValueString(), integrationID.ValueString()))
	}
}
