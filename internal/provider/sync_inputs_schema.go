package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Descriptions of the sync inputs, shared by the action and the reconciliation data source.
const (
	descCustomers = "The customer mappings to sync, usually `values(connectwise_customer_mapping.all)`: attribute " +
		"names equal the resource's, and the attributes not listed here are ignored."
	descProducts = "The product mappings to sync, usually `values(connectwise_product_mapping.all)`. Each vendor SKU " +
		"and each catalog item may appear once; all products must belong to one integration."
	descUsage = "Usage reported by the vendor: organization ID → vendor SKU → quantity (≥ 0, decimals allowed), " +
		"e.g. `jsondecode(file(\"usage.json\"))`. Organizations that no customer maps are ignored; a SKU that no " +
		"product maps is an error."
	descAsOf = "Time of the run, RFC 3339 (default: now, UTC). A run on the 1st of a month carries the final numbers " +
		"of the previous month; other runs carry the current month's counts. Created additions take effect on the " +
		"first day of that billing month."
	descAbsentUsage = "What an enabled customer (or SKU) missing from `usage` means: `skip` (default: missing data is " +
		"not zero, the customer is skipped with a warning) or `zero` (bill zero)."
)

func syncInputActionAttributes() map[string]schema.Attribute {
	optString := func(d string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: d}
	}
	optFloat := func(d string) schema.Float64Attribute {
		return schema.Float64Attribute{Optional: true, MarkdownDescription: d}
	}
	return map[string]schema.Attribute{
		"customers": schema.ListNestedAttribute{
			Required:            true,
			MarkdownDescription: descCustomers,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"integration_id":    optString("Integration the mapping belongs to."),
				"organization_id":   schema.StringAttribute{Required: true, MarkdownDescription: "Vendor organization ID, the key of `usage`."},
				"organization_name": optString("Vendor organization name, shown in progress lines."),
				"company_id":        schema.Int64Attribute{Required: true, MarkdownDescription: "ConnectWise company ID."},
				"agreement_id":      schema.Int64Attribute{Required: true, MarkdownDescription: "ConnectWise agreement ID whose additions are synced."},
				"sync_enabled":      schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether to sync this customer (default true)."},
			}},
		},
		"products": schema.ListNestedAttribute{
			Required:            true,
			MarkdownDescription: descProducts,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"integration_id":          optString("Integration the mapping belongs to; its name goes into the description of created additions."),
				"vendor_sku":              schema.StringAttribute{Required: true, MarkdownDescription: "Vendor SKU, the inner key of `usage`."},
				"catalog_item_id":         schema.Int64Attribute{Required: true, MarkdownDescription: "ConnectWise catalog item the SKU is billed as."},
				"catalog_item_identifier": optString("Catalog item identifier, for messages."),
				"unit_price":              optFloat("Unit price the sync owns on the addition (unset: not touched)."),
				"unit_cost":               optFloat("Unit cost the sync owns (unset: not touched)."),
				"less_included":           optFloat("Less-included quantity the sync owns (unset: not touched)."),
				"bill_customer":           optString("Bill-customer setting the sync owns: `Billable`, `DoNotBill` or `NoCharge` (unset: not touched)."),
				"taxable":                 schema.BoolAttribute{Optional: true, MarkdownDescription: "Taxable flag the sync owns (unset: not touched)."},
				"integration_defaults": schema.SingleNestedAttribute{
					Optional:            true,
					MarkdownDescription: "The integration's billing defaults, applied to created additions only.",
					Attributes: map[string]schema.Attribute{
						"bill_customer": optString("Bill-customer setting of created additions."),
						"taxable":       schema.BoolAttribute{Optional: true, MarkdownDescription: "Taxable flag of created additions."},
					},
				},
			}},
		},
		"usage": schema.MapAttribute{
			Required:            true,
			MarkdownDescription: descUsage,
			ElementType:         types.MapType{ElemType: types.Float64Type},
		},
		"as_of":        optString(descAsOf),
		"absent_usage": schema.StringAttribute{Optional: true, MarkdownDescription: descAbsentUsage, Validators: []validator.String{stringvalidator.OneOf("skip", "zero")}},
	}
}
