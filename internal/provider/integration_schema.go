package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The integration's schema, and the rules and attributes the product mapping shares with it
// (an integration's name is every mapping's integration_id; its defaults are a mapping's
// integration_defaults).

// integrationBillCustomerValues are the bill-customer flags of an agreement addition.
var integrationBillCustomerValues = []string{
	connectwise.BillCustomerBillable, connectwise.BillCustomerDoNotBill, connectwise.BillCustomerNoCharge,
}

// integrationIDRule is the rule of an integration's name, which is its ID and every
// mapping's integration_id.
var integrationIDRule = textRule{write: `the integration's name, e.g. "NordLayer"`, max: 50,
	bound: "an integration's name is at most 50 characters"}

// billCustomerRule is the rule of every bill-customer flag a user writes.
var billCustomerRule = enumRule{values: integrationBillCustomerValues}

// integrationDefaultsAttributes describes the bundle; computed on the integration,
// optional on a mapping.
func integrationDefaultsAttributes(computed bool) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"integration_id": schema.StringAttribute{Computed: computed, Optional: !computed, Validators: integrationIDRule.validators(),
			MarkdownDescription: "ID (name) of the integration these defaults belong to."},
		"subcategory_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("subcategory", 1).validators(),
			MarkdownDescription: "Subcategory ID for catalog items the integration creates; null when not set."},
		"product_type_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("product type", 1).validators(),
			MarkdownDescription: "Product type ID for catalog items the integration creates; null when not set."},
		"unit_of_measure_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("unit of measure", 1).validators(),
			MarkdownDescription: "Unit of measure ID for catalog items the integration creates; null when not set."},
		"bill_customer": schema.StringAttribute{Computed: computed, Optional: !computed, Validators: billCustomerRule.validators(),
			MarkdownDescription: "Default bill-customer flag of the additions the sync writes: `Billable`, `DoNotBill` or `NoCharge`."},
		"taxable": schema.BoolAttribute{Computed: computed, Optional: !computed,
			MarkdownDescription: "Whether the additions the sync writes are taxable by default."},
	}
}

func (r *integrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nameOrID := func(table string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Name or ID of the " + table + " for catalog items the mappings of this integration create, e.g. `\"SaaS Licences\"` or `\"1\"`.",
			Validators:          lookupName.validators(),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One vendor's integration on this ConnectWise site (the vendor consoles' **Connect** and **Apply** steps). " +
			"Creating or updating it checks that the API member's security role grants the least-privilege permissions the integration needs " +
			"(from `/system/mySecurity`) and fails naming each missing one as the ConnectWise UI shows it; a later plan that finds the role weakened warns. " +
			"Nothing is stored in ConnectWise: the integration holds the defaults that product mappings (`integration_defaults = connectwise_integration.NAME.defaults`) and the sync use. " +
			"Import by name: `terraform import connectwise_integration.nordlayer NordLayer`; import recovers the name only, and the next apply sets the other settings from the configuration (without writing to ConnectWise).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The integration's name; product mappings take it as `integration_id`.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the integration, e.g. `NordLayer` (1 to 50 characters). Changing it replaces the integration.",
				Validators:          integrationIDRule.validators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"catalog_defaults": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Where catalog items created by this integration's product mappings are placed, unless a mapping says otherwise.",
				Attributes: map[string]schema.Attribute{
					"subcategory":     nameOrID("product subcategory"),
					"product_type":    nameOrID("product type"),
					"unit_of_measure": nameOrID("unit of measure"),
				},
			},
			"bill_customer": schema.StringAttribute{
				Optional: true, Computed: true,
				Default:             stringdefault.StaticString(defaultBillCustomer),
				MarkdownDescription: "Default bill-customer flag of the agreement additions the sync writes: `Billable` (default), `DoNotBill` or `NoCharge`.",
				Validators:          enumRule{values: integrationBillCustomerValues, unset: defaultBillCustomer}.validators(),
			},
			"taxable": schema.BoolAttribute{
				Optional: true, Computed: true,
				Default:             booldefault.StaticBool(defaultTaxable),
				MarkdownDescription: "Whether the additions the sync writes are taxable by default (default `false`).",
			},
			"creates_products": schema.BoolAttribute{
				Optional: true, Computed: true,
				Default: booldefault.StaticBool(defaultCreatesProducts),
				MarkdownDescription: "Whether mappings of this integration create catalog items (default `true`). When `true` the role also needs " +
					"Procurement › Product Catalog Add and Edit at All; set `false` when every mapping adopts an existing item.",
			},
			"defaults": schema.SingleNestedAttribute{
				Computed: true,
				MarkdownDescription: "The integration's defaults as one object, with the catalog placement resolved to IDs. " +
					"Pass it to product mappings: `integration_defaults = connectwise_integration.NAME.defaults`.",
				Attributes: integrationDefaultsAttributes(true),
			},
			"connectwise_version": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ConnectWise PSA version of the site, from `/system/info`.",
			},
			"is_cloud": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the site is hosted by ConnectWise.",
			},
		},
	}
}
