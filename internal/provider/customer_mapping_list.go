package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*customerMappingList)(nil)

func newCustomerMappingList() list.ListResource { return &customerMappingList{} }

// customerMappingList is the vendor console's "Import companies" step as a list resource:
// `terraform query` lists candidate (company, agreement) pairs, and
// `-generate-config-out` writes them as resource and import blocks a person reviews and
// commits. Nothing is mapped by the query itself, and a later change in ConnectWise never
// adds or removes a mapping on its own: the configuration is static once written.
type customerMappingList struct {
	resourceData
}

type customerMappingListModel struct {
	IntegrationID     types.String `tfsdk:"integration_id"`
	Organizations     types.Map    `tfsdk:"organizations"`
	CompanyTypes      types.List   `tfsdk:"company_types"`
	CompanyStatuses   types.List   `tfsdk:"company_statuses"`
	Name              types.String `tfsdk:"name"`
	NameContains      types.String `tfsdk:"name_contains"`
	AgreementTypes    types.List   `tfsdk:"agreement_types"`
	IncludeUnbillable types.Bool   `tfsdk:"include_unbillable"`
}

func (l *customerMappingList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_mapping"
}

func (l *customerMappingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	// List resource schemas have no set attributes: a list of distinct values instead.
	lookupSet := func(description string) schema.ListAttribute {
		return schema.ListAttribute{
			ElementType: types.StringType, Optional: true, MarkdownDescription: description,
			Validators: []validator.List{listvalidator.SizeAtLeast(1), uniqueValues{},
				listvalidator.ValueStringsAre(lookupName.validators()...)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The vendor console's **Import companies** step (Terraform 1.14 and later, `terraform query`): " +
			"lists the ConnectWise companies that match the filters, each with its active agreements of the chosen " +
			"types and the vendor organization you assign it in `organizations`, as candidate " +
			"`connectwise_customer_mapping` resources.\n\n" +
			"With `terraform query -generate-config-out=mappings.tf` Terraform writes one resource block and one " +
			"`import` block per candidate. Review the file (delete the candidates that do not apply, e.g. the other " +
			"agreements of a company that has several), commit it, and `terraform apply` imports the mappings; the " +
			"plan after that is empty. The mappings are then static configuration: a company or agreement added " +
			"in ConnectWise later is not picked up (run the query again, for the new companies only), and an " +
			"agreement cancelled later makes the plan **warn** about that customer instead of unmapping it.\n\n" +
			"**One candidate per (company, agreement).** A company with several active agreements of the chosen " +
			"types gives one candidate for each, whose display name says `agreement 1 of 2`: keep one. A child " +
			"agreement (one with a parent agreement) is marked `child of agreement N`: it bills on its parent's " +
			"invoice, so a product mapped on both would bill twice (the sync then writes neither).\n\n" +
			"**Companies not in `organizations` are left out**: the query never guesses a vendor organization. " +
			"An `organizations` key that matches no listed company, or a company with no candidate agreement, " +
			"is named in a warning.\n\n" +
			"**One organization, one company.** When two keys of `organizations` give the same organization to two " +
			"companies (e.g. two identifiers), the candidates of both companies are listed, each marked `organization " +
			"<id> is also offered for <other company>: keep one company`, and a warning names both companies: a " +
			"mapping's ID is `<integration_id>/<organization_id>`, so only one of them can be mapped, and the query " +
			"does not guess which. Delete the other's blocks (or fix the map) before you apply. The same company " +
			"named twice, by identifier and by record ID, is one company.\n\n" +
			"**Billing status.** Candidates the usage sync would skip (company in the recycle bin, agreement " +
			"cancelled or not `Active`, ended before or starting after the current billing period, billing not " +
			"started, one-time or not recurring, or billed on another cycle than `Monthly`) are left out, by the " +
			"same rule the sync applies. Set `include_unbillable = true` to list them too, marked `skipped by the " +
			"sync: <reason>`, to find out why a company is missing.\n\n" +
			"**Billing cycles.** A generated mapping has `billing_cycle = \"Monthly\"`, so an agreement billed " +
			"quarterly, semi-annually or yearly is left out like the others the sync would skip. With " +
			"`include_unbillable = true` it is listed, and its generated mapping sets `billing_cycle` to the " +
			"agreement's cycle, which its display name says (`bills Quarterly: the generated mapping sets " +
			"billing_cycle = \"Quarterly\"; review`): keep it only if the vendor's usage is what that agreement " +
			"should bill each period. Import stores `Monthly` (an identity carries no cycle), so the first plan " +
			"after the import updates `billing_cycle` in place, writing nothing to ConnectWise.\n\n" +
			"**Set `limit`.** A `list` block without `limit` lists at most 100 candidates (Terraform's default). " +
			"When more exist, the query warns with both counts; set `limit` above the number of companies you " +
			"map (e.g. `limit = 10000`) so that `-generate-config-out` writes every candidate.\n\n" +
			"Cost: one list request per 1000 companies, one per 1000 agreements (in batches of company IDs), " +
			"plus the type and status tables once.",
		Attributes: map[string]schema.Attribute{
			"integration_id": schema.StringAttribute{
				Required: true, Validators: integrationIDRule.validators(),
				MarkdownDescription: "The `integration_id` the generated mappings get: the `id` of your " +
					"`connectwise_integration` (its name, e.g. `NordLayer`).",
			},
			"organizations": schema.MapAttribute{
				Required: true, ElementType: types.StringType,
				MarkdownDescription: "Which vendor organization each company is: a map from the company's " +
					"identifier (*Company ID* in ConnectWise, ignoring case) or its record ID as a string, to the " +
					"vendor's organization ID (e.g. exported from the vendor console). Companies not in the map " +
					"are left out.",
				Validators: []validator.Map{
					mapvalidator.SizeAtLeast(1),
					mapvalidator.KeysAre(textRule{write: "a company identifier or record ID"}.validators()...),
					mapvalidator.ValueStringsAre(organizationIDRule.validators()...),
				},
			},
			"company_types": lookupSet("Company types, by name (e.g. `Client`, case-insensitive) or ID. " +
				"A company matches when it has any of them. Omit to include every type."),
			"company_statuses": lookupSet("Company statuses, by name (e.g. `Active`) or ID. Omit to include every status."),
			"name": schema.StringAttribute{Optional: true, Validators: companyNameFilter.validators(),
				MarkdownDescription: "Exact company name, ignoring case (at most 50 characters)."},
			"name_contains": schema.StringAttribute{Optional: true, Validators: containsFilter(companyNameFilter),
				MarkdownDescription: "Text the company name contains, ignoring case (at most 50 characters; not with `name`). `*` is a plain character here."},
			"agreement_types": lookupSet("Agreement types, by name (e.g. `Managed Services`) or ID. " +
				"Omit to include every type."),
			"include_unbillable": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Also list the candidates the usage sync would skip, marked with the reason, " +
					"and those whose agreement bills on another cycle than `Monthly`, with `billing_cycle` set to that " +
					"cycle (see **Billing cycles** above). Defaults to `false`. Meant for finding out why a company is " +
					"missing: review what it generates, as every plan warns about a mapping the sync skips."},
		},
	}
}

func (l *customerMappingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if notConfigured(l.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var m customerMappingListModel
	diags.Append(req.Config.Get(ctx, &m)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found, loadDiags := loadMappingCandidates(ctx, l.data, &m, time.Now())
	diags.Append(loadDiags...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if w := limitWarning(len(found), req.Limit); w != "" {
		diags.AddWarning("The query listed only some candidates", w)
	}
	integrationID := m.IntegrationID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		if len(diags) > 0 && !push(list.ListResult{Diagnostics: diags}) {
			return
		}
		for i, c := range found {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = c.displayName()
			model := importedMappingModel(integrationID, c.org, &c.agreement)
			model.setCompany(&c.company)
			model.BillingCycle = types.StringValue(c.cycle)
			setMappingIdentity(ctx, &model, &result.Identity.Raw, &result.Diagnostics)
			if req.IncludeResource {
				setMapping(ctx, &model, &result.Resource.Raw, &result.Diagnostics)
			}
			if !push(result) {
				return
			}
		}
	}
}

// limitWarning says how many candidates a list block's limit cut off, and what to write
// instead: Terraform sends 100 when the block sets no limit, and -generate-config-out
// writes blocks only for what was listed, so without it a person imports 100 customers and
// believes the rest have nothing to map.
func limitWarning(found int, limit int64) string {
	if limit <= 0 || int64(found) <= limit {
		return ""
	}
	return fmt.Sprintf("The query found %d candidate mappings and listed %d: the list block's limit stopped it "+
		"(Terraform uses limit = 100 when the block sets none). -generate-config-out writes blocks only for the %d "+
		"listed; the other %d are not missing from ConnectWise. Set limit = %d or more in the list block "+
		"(e.g. limit = 10000) and run terraform query again.", found, limit, limit, int64(found)-limit, found)
}

// uniqueValues refuses a list that names a value twice, naming the list and the value.
type uniqueValues struct{}

func (uniqueValues) Description(context.Context) string         { return "values listed once each" }
func (uniqueValues) MarkdownDescription(context.Context) string { return "values listed once each" }

func (uniqueValues) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	seen := map[string]bool{}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if seen[s.ValueString()] {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
				fmt.Sprintf("%s lists %q twice: list each value once.", req.Path, s.ValueString()))
			return
		}
		seen[s.ValueString()] = true
	}
}
