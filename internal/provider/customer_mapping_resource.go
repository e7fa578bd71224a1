package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
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
	data *providerData
}

type customerMappingModel struct {
	ID                types.String `tfsdk:"id"`
	IntegrationID     types.String `tfsdk:"integration_id"`
	OrganizationID    types.String `tfsdk:"organization_id"`
	OrganizationName  types.String `tfsdk:"organization_name"`
	CompanyID         types.Number `tfsdk:"company_id"`
	AgreementID       types.Number `tfsdk:"agreement_id"`
	SyncEnabled       types.Bool   `tfsdk:"sync_enabled"`
	CompanyIdentifier types.String `tfsdk:"company_identifier"`
	CompanyName       types.String `tfsdk:"company_name"`
	CompanyDeleted    types.Bool   `tfsdk:"company_deleted"`
	AgreementName     types.String `tfsdk:"agreement_name"`
	AgreementStatus   types.String `tfsdk:"agreement_status"`
	BillingCycle      types.String `tfsdk:"billing_cycle"`
}

type customerMappingIdentity struct {
	IntegrationID  types.String `tfsdk:"integration_id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	AgreementID    types.Number `tfsdk:"agreement_id"`
}

func (r *customerMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer_mapping"
}

func (r *customerMappingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = clientFrom(req.ProviderData, &resp.Diagnostics)
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

// replacedBy reports whether the plan replaces the mapping: a new mapping is checked as
// strictly as a created one.
func (m *customerMappingModel) replacedBy(plan *customerMappingModel) bool {
	return !m.IntegrationID.Equal(plan.IntegrationID) || !m.OrganizationID.Equal(plan.OrganizationID) ||
		!m.CompanyID.Equal(plan.CompanyID) || !m.AgreementID.Equal(plan.AgreementID)
}

func (r *customerMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.configured(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	// Again at apply: the IDs may have been unknown at plan time, and the agreement may have
	// been cancelled since. Nothing has been written yet, and nothing will be.
	objects, ok := r.load(ctx, &plan, &resp.Diagnostics)
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
	state, ok := r.configured(ctx, req.State.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	objects, ok := r.load(ctx, &state, &resp.Diagnostics)
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

func (r *customerMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var key customerMappingIdentity
	if req.ID != "" {
		var err error
		if key, err = parseCustomerMappingImportID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
	} else if req.Identity != nil {
		resp.Diagnostics.Append(req.Identity.Get(ctx, &key)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if msg := agreementIDRule.requiredProblem("identity agreement_id", key.AgreementID); msg != "" {
			resp.Diagnostics.AddError("Invalid import identity", msg)
			return
		}
		if err := checkCustomerMappingKey("identity ", key.IntegrationID.ValueString(), key.OrganizationID.ValueString(), numberInt64(key.AgreementID)); err != nil {
			resp.Diagnostics.AddError("Invalid import identity", err.Error())
			return
		}
	}
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	agreementID := numberInt64(key.AgreementID)
	agreement, err := r.data.mappingAgreements.Get(ctx, int(agreementID))
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		prefix := "the import ID's "
		if req.ID == "" {
			prefix = "identity "
		}
		resp.Diagnostics.AddError("Agreement not found or not visible", importNotVisible(prefix, agreementID, key.OrganizationID.ValueString()))
		return
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading agreement %d to import organization %q", agreementID, key.OrganizationID.ValueString()), err)
		return
	}
	if agreement.Company == nil {
		resp.Diagnostics.AddError("Agreement has no company",
			fmt.Sprintf("ConnectWise returned %s without a company, so the mapping cannot be imported.", mappingAgreementLabel(&agreement)))
		return
	}
	m := importedMappingModel(key.IntegrationID.ValueString(), key.OrganizationID.ValueString(), &agreement)
	r.setState(ctx, &m, &resp.State, resp.Identity, &resp.Diagnostics)
}

// setState stores the mapping and its identity in a create, read, update or import response.
func (r *customerMappingResource) setState(ctx context.Context, m *customerMappingModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	setMapping(ctx, m, &state.Raw, diags)
	if identity != nil {
		setMappingIdentity(ctx, m, &identity.Raw, diags)
	}
}

// setCompany is the one mapping from a ConnectWise company to the model. nil means
// ConnectWise does not return it: whether it is in the recycle bin is unknown (null), and
// the last known names stay.
func (m *customerMappingModel) setCompany(c *connectwise.Company) {
	if c == nil {
		m.CompanyDeleted = types.BoolNull()
		m.CompanyIdentifier = knownOrNull(m.CompanyIdentifier)
		m.CompanyName = knownOrNull(m.CompanyName)
		return
	}
	m.CompanyIdentifier = types.StringValue(c.Identifier)
	m.CompanyName = types.StringValue(c.Name)
	m.CompanyDeleted = types.BoolValue(c.DeletedFlag)
}

// setAgreement is the one mapping from a ConnectWise agreement to the model. nil means
// ConnectWise does not return it: status NotFound, the last known name stays.
func (m *customerMappingModel) setAgreement(a *connectwise.Agreement) {
	if a == nil {
		m.AgreementStatus = types.StringValue(agreementNotFound)
		m.AgreementName = knownOrNull(m.AgreementName)
		return
	}
	m.AgreementName = types.StringValue(a.Name)
	m.AgreementStatus = types.StringValue(mappingAgreementStatus(a))
}

// fillUnknown sets the computed attributes the plan left unknown from ConnectWise; known
// planned values stay, as Terraform requires of an apply.
func (m *customerMappingModel) fillUnknown(o mappingObjects) {
	fresh := *m
	fresh.setCompany(o.company)
	fresh.setAgreement(o.agreement)
	fill := func(dst *types.String, src types.String) {
		if dst.IsUnknown() {
			*dst = src
		}
	}
	fill(&m.CompanyIdentifier, fresh.CompanyIdentifier)
	fill(&m.CompanyName, fresh.CompanyName)
	fill(&m.AgreementName, fresh.AgreementName)
	fill(&m.AgreementStatus, fresh.AgreementStatus)
	if m.CompanyDeleted.IsUnknown() {
		m.CompanyDeleted = fresh.CompanyDeleted
	}
}

func (m *customerMappingModel) hasUnknown() bool {
	return m.ID.IsUnknown() || m.CompanyIdentifier.IsUnknown() || m.CompanyName.IsUnknown() ||
		m.CompanyDeleted.IsUnknown() || m.AgreementName.IsUnknown() || m.AgreementStatus.IsUnknown()
}

func knownOrNull(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

// mappingAgreementStatus trusts cancelledFlag over a stale status: billing correctness first.
func mappingAgreementStatus(a *connectwise.Agreement) string {
	if a.CancelledFlag {
		return connectwise.AgreementCancelled
	}
	return a.AgreementStatus
}

func customerMappingID(integrationID, organizationID string) string {
	return integrationID + "/" + organizationID
}

// parseCustomerMappingImportID splits `<integration_id>/<organization_id>/<agreement_id>`
// from the right: organization IDs have no "/", so an integration name may contain one.
func parseCustomerMappingImportID(id string) (customerMappingIdentity, error) {
	usage := fmt.Errorf("import ID %q: use <integration_id>/<organization_id>/<agreement_id>, e.g. NordLayer/org-8f3a/17", id)
	last := strings.LastIndex(id, "/")
	if last < 0 {
		return customerMappingIdentity{}, usage
	}
	middle := strings.LastIndex(id[:last], "/")
	if middle < 0 {
		return customerMappingIdentity{}, usage
	}
	integrationID, organizationID, agreementText := id[:middle], id[middle+1:last], id[last+1:]
	agreementID, err := strconv.ParseInt(agreementText, 10, 64)
	if err != nil {
		return customerMappingIdentity{}, fmt.Errorf("%w: %q is not an agreement ID (a number)", usage, agreementText)
	}
	if err := checkCustomerMappingKey("", integrationID, organizationID, agreementID); err != nil {
		return customerMappingIdentity{}, fmt.Errorf("%w: %w", usage, err)
	}
	return customerMappingIdentity{
		IntegrationID: types.StringValue(integrationID), OrganizationID: types.StringValue(organizationID),
		AgreementID: int64Number(agreementID),
	}, nil
}

// checkCustomerMappingKey checks the parts of an import ID or identity by the
// attributes' rules; prefix names where they come from ("" or "identity ").
func checkCustomerMappingKey(prefix, integrationID, organizationID string, agreementID int64) error {
	if msg := integrationIDRule.problem(prefix+"integration_id", integrationID); msg != "" {
		return errors.New(msg)
	}
	if msg := organizationIDRule.problem(prefix+"organization_id", organizationID); msg != "" {
		return errors.New(msg)
	}
	if agreementID < 1 {
		return fmt.Errorf("%sagreement_id must be a ConnectWise agreement ID (1 or more), got %d", prefix, agreementID)
	}
	return nil
}

// organizationIDRule: the vendor's IDs are UUIDs or slugs; "/" is refused because it
// separates the parts of the mapping's ID and import ID.
var organizationIDRule = textRule{write: "the vendor's ID of the customer organization, as the vendor console shows it", more: func(s string) string {
	if strings.Contains(s, "/") {
		return fmt.Sprintf("%q contains \"/\", which separates the parts of the mapping's ID and import ID", s)
	}
	return ""
}}
