package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
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
	resourceData
}

const (
	defaultBillCustomer    = connectwise.BillCustomerBillable
	defaultTaxable         = false
	defaultCreatesProducts = true
)

func (r *integrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_integration"
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
