package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// The customer mapping's schema: its documentation is the resource's page (the identity
// schema is in customer_mapping_import.go).

func (r *customerMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceNumber := []planmodifier.Number{numberplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps one vendor organization (a customer in the vendor's console) to a ConnectWise " +
			"company and one of its agreements: the **Mapping customers and agreements** and **enable sync** " +
			"steps of the vendor integrations. The usage sync (`connectwise_sync_usage`) writes the customer's " +
			"usage into that agreement's additions.\n\n" +
			"The mapping is kept in Terraform state only: creating, changing or destroying it writes nothing to " +
			"ConnectWise. Destroying it (**unmap**) stops the sync for this customer and leaves the agreement and " +
			"its additions untouched.\n\n" +
			"**Checks at plan time.** When a mapping is created or replaced, the plan fails, before anything is " +
			"applied, unless the company exists and is not in the recycle bin, and the agreement exists, belongs " +
			"to that company and is `Active`. Each error names the organization, the company and the agreement.\n\n" +
			"**Drift.** Every refresh reads the company and the agreement again (a few batched list calls for " +
			"all mappings together) and updates `agreement_status`, `company_deleted` and the names. When " +
			"someone cancels, expires, deactivates or deletes the agreement, moves it to another company, moves " +
			"the company to the recycle bin, or the API member can no longer see them (its Level or Location in " +
			"ConnectWise), every plan shows a **warning** naming the customer, the " +
			"company and the agreement, and the sync skips this customer (it never writes to such an " +
			"agreement). It is a warning, not an error, because an error would stop every plan and apply of " +
			"the whole configuration, all other customers included, over one customer's change in ConnectWise; " +
			"and it is not a forced replacement, because replacing the mapping with the same agreement cannot " +
			"fix anything and would then fail the checks above. To fix it, map the customer to an active " +
			"agreement (change `agreement_id`: the mapping is replaced, still without writing to ConnectWise), " +
			"reopen the agreement or restore the company in ConnectWise, or remove the mapping.\n\n" +
			"**Billing calendar.** The sync also skips, with the same warning and the fix that applies, an agreement " +
			"that bills on another cycle than `billing_cycle` (set `billing_cycle` to opt in), a one-time or " +
			"not-recurring agreement (map a recurring one), and an agreement whose billing starts after the period a " +
			"run carries (`billStartDate`: the sync starts once billing starts). A mapped agreement that is a child of " +
			"another (`parentAgreement`) bills on its parent's invoice: the plan warns once, so that the same products " +
			"are not mapped on the parent.\n\n" +
			"**Many customers at once**: the `connectwise_customer_mapping` list resource (`terraform query`, " +
			"Terraform 1.14 and later) lists candidates and writes their resource and import blocks.\n\n" +
			"**Import** with `<integration_id>/<organization_id>/<agreement_id>` (the company is taken from the " +
			"agreement) or, on Terraform 1.12 and later, with an `identity` of `integration_id`, `organization_id` " +
			"and `agreement_id`. The vendor's organization name, `sync_enabled` and `billing_cycle` are not stored " +
			"in ConnectWise: an imported mapping has no `organization_name`, `sync_enabled = true` and " +
			"`billing_cycle = \"Monthly\"` until the next apply sets them from your configuration (in place, writing " +
			"nothing to ConnectWise).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<integration_id>/<organization_id>`.",
			},
			"integration_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "ID of the integration this customer belongs to: the `id` of a " +
					"`connectwise_integration`. Changing it replaces the mapping.",
				Validators:    integrationIDRule.validators(),
				PlanModifiers: replace,
			},
			"organization_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The vendor's ID of the customer organization, as the vendor console or API " +
					"shows it; the usage input of the sync is keyed by it. Not empty, without `/`. Changing it " +
					"replaces the mapping.",
				Validators:    organizationIDRule.validators(),
				PlanModifiers: replace,
			},
			"organization_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The organization's name in the vendor console, used in messages. Changed in place.",
				Validators:          textRule{write: "the organization's name, or leave it unset"}.validators(),
			},
			"company_id": schema.NumberAttribute{
				Required: true,
				MarkdownDescription: "ID of the ConnectWise company (`connectwise_company` or `connectwise_companies` " +
					"find it). It must exist and not be in the recycle bin. Changing it replaces the mapping.",
				Validators:    recordID("company", 250).validators(),
				PlanModifiers: replaceNumber,
			},
			"agreement_id": schema.NumberAttribute{
				Required: true,
				MarkdownDescription: "ID of the agreement the customer's usage is billed on (`connectwise_agreements` " +
					"lists a company's active agreements). It must belong to `company_id` and be `Active`. Changing " +
					"it replaces the mapping; nothing in ConnectWise is written either way.",
				Validators:    agreementIDRule.validators(),
				PlanModifiers: replaceNumber,
			},
			"sync_enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether the usage sync writes this customer's usage (default `true`). Set " +
					"`false` to pause billing for the customer without unmapping it. Changed in place.",
			},
			"billing_cycle": billingCycleAttribute(),
			"company_identifier": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The company's identifier (short name) in ConnectWise.",
			},
			"company_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The company's name in ConnectWise.",
			},
			"company_deleted": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "`true` when the company is in the ConnectWise recycle bin, `false` when it is not, " +
					"null when ConnectWise does not return it (deleted, or hidden from the API member). Unless `false`, the " +
					"sync skips this customer and every plan warns.",
			},
			"agreement_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The agreement's name in ConnectWise.",
			},
			"agreement_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The agreement's status: `Active`, `Cancelled`, `Expired`, `Inactive`, or `NotFound` " +
					"when ConnectWise does not return it (deleted, or hidden from the API member by its Level or Location; " +
					"earlier versions said `Deleted`). The sync only writes to `Active` agreements; any other status makes every plan warn.",
			},
		},
	}
}
