package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var (
	_ resource.ResourceWithConfigure   = (*customerMappingResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*customerMappingResource)(nil)
	_ resource.ResourceWithImportState = (*customerMappingResource)(nil)
	_ resource.ResourceWithIdentity    = (*customerMappingResource)(nil)
)

func newCustomerMappingResource() resource.Resource { return &customerMappingResource{} }

// customerMappingResource maps a vendor organization to a ConnectWise company and agreement.
// The mapping lives in Terraform state only: creating, changing or destroying it writes
// nothing to ConnectWise. It reads the company and the agreement to check them and to show
// their names, through the batch loaders so that a plan of many mappings costs a few list
// calls, not a GET per mapping.
type customerMappingResource struct {
	resourceData
}

func (r *customerMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_mapping"
}

// ModifyPlan runs the ConnectWise checks at plan time, fills the computed names, and warns
// about mappings that the sync will skip.
func (r *customerMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // unmap: nothing to check; or validate time, before the provider is configured
	}
	plan, ok := mappingFrom(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	var prior *customerMappingModel
	if !req.State.Raw.IsNull() {
		state, ok := mappingFrom(ctx, req.State.Raw, &resp.Diagnostics)
		if !ok {
			return
		}
		prior = &state
	}
	if !plan.IntegrationID.IsUnknown() && !plan.OrganizationID.IsUnknown() {
		plan.ID = types.StringValue(customerMappingID(plan.IntegrationID.ValueString(), plan.OrganizationID.ValueString()))
	}
	if plan.CompanyID.IsUnknown() || plan.AgreementID.IsUnknown() {
		// Known only at apply: Create runs the same checks then, still before anything is used.
		setMapping(ctx, &plan, &resp.Plan.Raw, &resp.Diagnostics)
		return
	}
	if prior != nil && prior.unchangedIn(&plan) {
		// No change planned: no request. The warning comes from what this process has
		// already read (the refresh, or a listing of the whole collection), else from the
		// refreshed state (-refresh=false; see stateObjects for what that cannot show).
		peekMappingObjects(r.data, prior).addMappingWarnings(&resp.Diagnostics, &plan, prior, time.Now())
		return
	}
	objects, ok := r.load(ctx, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	if prior == nil || prior.replacedBy(&plan) {
		resp.Diagnostics.Append(objects.newMappingProblems(ctx, r.data, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		objects.addMappingWarnings(&resp.Diagnostics, &plan, nil, time.Now())
	} else {
		objects.addMappingWarnings(&resp.Diagnostics, &plan, prior, time.Now())
	}
	plan.fillUnknown(objects)
	setMapping(ctx, &plan, &resp.Plan.Raw, &resp.Diagnostics)
}

// unchangedIn reports whether the plan keeps the mapping as it is in state: every
// attribute the configuration sets is unchanged and nothing is left unknown.
func (m *customerMappingModel) unchangedIn(plan *customerMappingModel) bool {
	return !plan.hasUnknown() && !m.replacedBy(plan) &&
		m.OrganizationName.Equal(plan.OrganizationName) && m.SyncEnabled.Equal(plan.SyncEnabled) &&
		m.BillingCycle.Equal(plan.BillingCycle)
}

// configured is the start of Create, Read and Update: the provider must be configured,
// and v is read as a mapping.
func (r *customerMappingResource) configured(ctx context.Context, v tftypes.Value, diags *diag.Diagnostics) (customerMappingModel, bool) {
	if notConfigured(r.data, diags) {
		return customerMappingModel{}, false
	}
	return mappingFrom(ctx, v, diags)
}

// load reads the company and the agreement m names (loadMappingObjects) into diags.
func (r *customerMappingResource) load(ctx context.Context, m *customerMappingModel, diags *diag.Diagnostics) (mappingObjects, bool) {
	objects, d := loadMappingObjects(ctx, r.data, numberInt64(m.CompanyID), numberInt64(m.AgreementID))
	diags.Append(d...)
	return objects, !diags.HasError()
}

// loaded is configured, then load: the mapping in v, and its company and agreement.
func (r *customerMappingResource) loaded(ctx context.Context, v tftypes.Value, diags *diag.Diagnostics) (customerMappingModel, mappingObjects, bool) {
	m, ok := r.configured(ctx, v, diags)
	if !ok {
		return m, mappingObjects{}, false
	}
	objects, ok := r.load(ctx, &m, diags)
	return m, objects, ok
}

// replacedBy reports whether the plan replaces the mapping: a new mapping is checked as
// strictly as a created one.
func (m *customerMappingModel) replacedBy(plan *customerMappingModel) bool {
	return !m.IntegrationID.Equal(plan.IntegrationID) || !m.OrganizationID.Equal(plan.OrganizationID) ||
		!m.CompanyID.Equal(plan.CompanyID) || !m.AgreementID.Equal(plan.AgreementID)
}

func (r *customerMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// The checks again at apply: the IDs may have been unknown at plan time, and the agreement
	// may have been cancelled since. Nothing has been written yet, and nothing will be.
	plan, objects, ok := r.loaded(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(objects.newMappingProblems(ctx, r.data, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(customerMappingID(plan.IntegrationID.ValueString(), plan.OrganizationID.ValueString()))
	plan.fillUnknown(objects)
	tflog.Debug(ctx, "customer mapped", map[string]any{
		"organization_id": plan.OrganizationID.ValueString(), "company_id": numberInt64(plan.CompanyID), "agreement_id": numberInt64(plan.AgreementID),
	})
	r.setState(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read refreshes the computed attributes. It never removes the mapping from state: a
// company or agreement that ConnectWise does not return (deleted, or hidden from the API
// member) is drift the plan must show (see ModifyPlan), not a mapping that disappeared.
func (r *customerMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, objects, ok := r.loaded(ctx, req.State.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	state.setCompany(objects.company)
	state.setAgreement(objects.agreement)
	state.fillBillingCycle()
	r.setState(ctx, &state, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Update changes organization_name, sync_enabled or billing_cycle. It does not fail on drift: pausing the
// sync of a customer whose agreement was cancelled must stay possible.
func (r *customerMappingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.configured(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	if plan.hasUnknown() {
		objects, ok := r.load(ctx, &plan, &resp.Diagnostics)
		if !ok {
			return
		}
		plan.fillUnknown(objects)
	}
	r.setState(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete is the unmap: the sync stops using the mapping. ConnectWise is not touched, so
// the customer's additions stay as they are.
func (r *customerMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	if state, err := mappingFromTerraform(ctx, req.State.Raw); err == nil {
		tflog.Debug(ctx, "customer unmapped", map[string]any{"organization_id": state.OrganizationID.ValueString()})
	}
}

// setState stores the mapping and its identity in a create, read, update or import response.
func (r *customerMappingResource) setState(ctx context.Context, m *customerMappingModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	setMapping(ctx, m, &state.Raw, diags)
	if identity != nil {
		setMappingIdentity(ctx, m, &identity.Raw, diags)
	}
}

// organizationIDRule: the vendor's IDs are UUIDs or slugs; "/" is refused because it
// separates the parts of the mapping's ID and import ID.
var organizationIDRule = textRule{write: "the vendor's ID of the customer organization, as the vendor console shows it", more: func(s string) string {
	if strings.Contains(s, "/") {
		return fmt.Sprintf("%q contains \"/\", which separates the parts of the mapping's ID and import ID", s)
	}
	return ""
}}
