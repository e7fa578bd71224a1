package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

var (
	_ resource.ResourceWithConfigure   = (*integrationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*integrationResource)(nil)
	_ resource.ResourceWithImportState = (*integrationResource)(nil)
	_ resource.ResourceWithIdentity    = (*integrationResource)(nil)
)

func newIntegrationResource() resource.Resource { return &integrationResource{} }

// integrationResource is one vendor's integration on this ConnectWise site. ConnectWise
// stores nothing for it: it lives in Terraform state, and creating it is the vendor
// consoles' "Connect" and "Apply": the credentials work and the security role is enough.
type integrationResource struct {
	data *providerData
}

type integrationModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	CatalogDefaults    types.Object `tfsdk:"catalog_defaults"`
	BillCustomer       types.String `tfsdk:"bill_customer"`
	Taxable            types.Bool   `tfsdk:"taxable"`
	CreatesProducts    types.Bool   `tfsdk:"creates_products"`
	Defaults           types.Object `tfsdk:"defaults"`
	ConnectWiseVersion types.String `tfsdk:"connectwise_version"`
	IsCloud            types.Bool   `tfsdk:"is_cloud"`
}

type catalogDefaultsModel struct {
	Subcategory   types.String `tfsdk:"subcategory"`
	ProductType   types.String `tfsdk:"product_type"`
	UnitOfMeasure types.String `tfsdk:"unit_of_measure"`
}

type integrationIdentity struct {
	Name types.String `tfsdk:"name"`
}

const (
	defaultBillCustomer    = connectwise.BillCustomerBillable
	defaultTaxable         = false
	defaultCreatesProducts = true
)

func (r *integrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_integration"
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

func (r *integrationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the integration."},
		},
	}
}

func (r *integrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan resolves the catalog defaults so mappings planned in the same run see known
// IDs, and checks the role before anything in the run writes to ConnectWise.
func (r *integrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan integrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.fill(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if !req.State.Raw.IsNull() && resp.Plan.Raw.Equal(req.State.Raw) {
		return // nothing to apply; Read has already warned about a weakened role
	}
	r.checkRole(ctx, plan.CreatesProducts, true, &resp.Diagnostics)
}

// Create and Update are one step: ConnectWise stores nothing for an integration, so each
// checks the role and resolves the defaults against the site again.
func (r *integrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *integrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// apply is "Connect" and "Apply": the role must grant everything, then the defaults
// are resolved against the site as it is now, and the plan so filled is the new state.
func (r *integrationResource) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var m integrationModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() || notConfigured(r.data, diags) {
		return
	}
	r.checkRole(ctx, m.CreatesProducts, true, diags)
	if diags.HasError() {
		return
	}
	r.fill(ctx, &m, diags)
	tflog.Debug(ctx, "integration connected", map[string]any{"name": m.Name.ValueString()})
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(identity.Set(ctx, integrationIdentity{Name: m.Name})...)
}

func (r *integrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state integrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	// After an import only the name is known: take the documented defaults.
	if state.BillCustomer.IsNull() {
		state.BillCustomer = types.StringValue(defaultBillCustomer)
	}
	if state.Taxable.IsNull() {
		state.Taxable = types.BoolValue(defaultTaxable)
	}
	if state.CreatesProducts.IsNull() {
		state.CreatesProducts = types.BoolValue(defaultCreatesProducts)
	}
	if state.Defaults.IsNull() {
		r.fill(ctx, &state, &resp.Diagnostics)
	} else {
		r.fillSite(&state)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkRole(ctx, state.CreatesProducts, false, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, integrationIdentity{Name: state.Name})...)
}

// Delete forgets the integration: ConnectWise holds nothing for it.
func (r *integrationResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var name types.String
	req.State.GetAttribute(ctx, path.Root("name"), &name)
	tflog.Debug(ctx, "integration removed from state", map[string]any{"name": name.ValueString()})
}

func (r *integrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name, what := req.ID, "import ID"
	if name == "" && req.Identity != nil {
		var id integrationIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		name, what = id.Name.ValueString(), "identity name"
	}
	if msg := integrationIDRule.problem(what, name); msg != "" {
		resp.Diagnostics.AddError("Invalid "+what, msg+
			". Import an integration by its name, e.g. `terraform import connectwise_integration.nordlayer NordLayer`, "+
			"or with an import block whose identity is { name = \"NordLayer\" }.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, integrationIdentity{Name: types.StringValue(name)})...)
}

// fill sets every computed attribute: the ID, the site facts and the defaults bundle.
func (r *integrationResource) fill(ctx context.Context, m *integrationModel, diags *diag.Diagnostics) {
	m.ID = m.Name
	r.fillSite(m)
	m.Defaults = r.resolveDefaults(ctx, *m, diags)
}

func (r *integrationResource) fillSite(m *integrationModel) {
	m.ConnectWiseVersion = types.StringValue(r.data.system.Version)
	m.IsCloud = types.BoolValue(r.data.system.IsCloud)
}

// resolveDefaults builds the `defaults` bundle, resolving catalog names to IDs. It is
// unknown while any input is.
func (r *integrationResource) resolveDefaults(ctx context.Context, m integrationModel, diags *diag.Diagnostics) types.Object {
	unknown := types.ObjectUnknown(integrationDefaultsAttrTypes)
	if m.Name.IsUnknown() || m.BillCustomer.IsUnknown() || m.Taxable.IsUnknown() || m.CatalogDefaults.IsUnknown() {
		return unknown
	}
	out := integrationDefaultsModel{
		IntegrationID: m.Name, BillCustomer: m.BillCustomer, Taxable: m.Taxable,
		SubcategoryID: types.NumberNull(), ProductTypeID: types.NumberNull(), UnitOfMeasureID: types.NumberNull(),
	}
	if !m.CatalogDefaults.IsNull() {
		var cd catalogDefaultsModel
		diags.Append(m.CatalogDefaults.As(ctx, &cd, basetypes.ObjectAsOptions{})...)
		if diags.HasError() {
			return unknown
		}
		at := path.Root("catalog_defaults")
		for _, f := range []struct {
			value  types.String
			kind   snapshot.Kind
			attr   string
			target *types.Number
		}{
			{cd.Subcategory, snapshot.Subcategories, "subcategory", &out.SubcategoryID},
			{cd.ProductType, snapshot.ProductTypes, "product_type", &out.ProductTypeID},
			{cd.UnitOfMeasure, snapshot.UnitsOfMeasure, "unit_of_measure", &out.UnitOfMeasureID},
		} {
			if f.value.IsUnknown() {
				return unknown
			}
			row, ok := resolveLookupAttribute(ctx, r.data, f.kind, f.value, at.AtName(f.attr), diags)
			if ok && row != nil {
				*f.target = int64Number(int64(row.ID))
			}
		}
		if diags.HasError() {
			return unknown
		}
	}
	obj, d := types.ObjectValueFrom(ctx, integrationDefaultsAttrTypes, out)
	diags.Append(d...)
	return obj
}

// checkRole reads the role and reports every missing permission in one diagnostic: an
// error when connecting or applying, a warning when refreshing (the sync will fail, but
// the plan must still show what else changed).
func (r *integrationResource) checkRole(ctx context.Context, createsProducts types.Bool, asError bool, diags *diag.Diagnostics) {
	creates := createsProducts.IsNull() || createsProducts.IsUnknown() || createsProducts.ValueBool()
	check, err := checkIntegrationRole(ctx, r.data.client, creates)
	if err != nil {
		addClientError(diags, "reading the security role from /system/mySecurity", err)
		return
	}
	if len(check.Unlisted)+len(check.Uncertain) > 0 {
		diags.AddWarning("Security role could not be fully confirmed", describeUnconfirmedRole(check))
	}
	if check.OK() {
		return
	}
	detail := describeMissingPermissions(check.Missing, creates)
	if asError {
		diags.AddError("Security role is missing permissions", detail+" Then run again.")
		return
	}
	diags.AddWarning("Security role weakened", detail+
		"\n\nThe sync will fail until these permissions are granted again.")
}
