package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The customer mapping's model: its attributes, the one mapping from ConnectWise's company
// and agreement to them (setCompany, setAgreement, importedMappingModel), and their
// conversion to and from Terraform's values.

// importedMappingModel is the state an import of (integration, organization, agreement)
// holds before its first Read fills the company: the company is the agreement's. The vendor's
// organization name, sync_enabled and billing_cycle are not stored in ConnectWise, so they
// are null, true and Monthly (the defaults; an import ID or identity names no cycle, and a
// configuration that sets another one plans an in-place update that writes nothing). The
// list resource builds its results with this function and setCompany, so that a generated
// mapping is exactly what import and Read store, and the plan after it is empty.
func importedMappingModel(integrationID, organizationID string, agreement *connectwise.Agreement) customerMappingModel {
	m := customerMappingModel{
		syncCustomerModel: syncCustomerModel{
			IntegrationID:    types.StringValue(integrationID),
			OrganizationID:   types.StringValue(organizationID),
			OrganizationName: types.StringNull(),
			CompanyID:        int64Number(int64(agreement.Company.ID)),
			AgreementID:      int64Number(int64(agreement.ID)),
			SyncEnabled:      types.BoolValue(true),
			BillingCycle:     types.StringValue(billing.CycleMonthly),
		},
		ID:                types.StringValue(customerMappingID(integrationID, organizationID)),
		CompanyIdentifier: types.StringNull(),
		CompanyName:       types.StringNull(),
		CompanyDeleted:    types.BoolNull(),
	}
	m.setAgreement(agreement)
	return m
}

// customerMappingModel is the state of a connectwise_customer_mapping. The attributes the
// sync reads are syncCustomerModel's, embedded: `values(connectwise_customer_mapping.all)`
// is the sync's customers input as it is.
type customerMappingModel struct {
	syncCustomerModel
	ID                types.String `tfsdk:"id"`
	CompanyIdentifier types.String `tfsdk:"company_identifier"`
	CompanyName       types.String `tfsdk:"company_name"`
	CompanyDeleted    types.Bool   `tfsdk:"company_deleted"`
	AgreementName     types.String `tfsdk:"agreement_name"`
	AgreementStatus   types.String `tfsdk:"agreement_status"`
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

func (m *customerMappingModel) organizationLabel() string {
	label := fmt.Sprintf("organization %q", m.OrganizationID.ValueString())
	if name := m.OrganizationName; !name.IsNull() && !name.IsUnknown() && name.ValueString() != "" {
		label += fmt.Sprintf(" (%q)", name.ValueString())
	}
	return label
}

// The model converts its values to and from Terraform's through the framework's attribute
// types (values, mappingDecoder), not through State.Get/Set, because their reflection
// walks the struct tags, compiling a regular expression per field, on every call: a plan
// of 1,000 customers converts 1,000 mappings several times over (Read, ModifyPlan), and
// that reflection would cost a tenth of the provider's CPU. TestCustomerMappingValueTypesMatchTheSchemas
// keeps these types equal to the schemas.

// customerMappingType is the Terraform type of the customer mapping's schema.
var customerMappingType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"id": tftypes.String, "integration_id": tftypes.String, "organization_id": tftypes.String,
	"organization_name": tftypes.String, "company_id": tftypes.Number, "agreement_id": tftypes.Number,
	"sync_enabled": tftypes.Bool, "company_identifier": tftypes.String, "company_name": tftypes.String,
	"company_deleted": tftypes.Bool, "agreement_name": tftypes.String, "agreement_status": tftypes.String,
	"billing_cycle": tftypes.String,
}}

// customerMappingIdentityType is the Terraform type of the customer mapping's identity schema.
var customerMappingIdentityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"integration_id": tftypes.String, "organization_id": tftypes.String, "agreement_id": tftypes.Number,
}}

// values names each attribute of the model, in the schema's names.
func (m *customerMappingModel) values() map[string]attr.Value {
	return map[string]attr.Value{
		"id": m.ID, "integration_id": m.IntegrationID, "organization_id": m.OrganizationID,
		"organization_name": m.OrganizationName, "company_id": m.CompanyID, "agreement_id": m.AgreementID,
		"sync_enabled": m.SyncEnabled, "company_identifier": m.CompanyIdentifier, "company_name": m.CompanyName,
		"company_deleted": m.CompanyDeleted, "agreement_name": m.AgreementName, "agreement_status": m.AgreementStatus,
		"billing_cycle": m.BillingCycle,
	}
}

// mappingFromTerraform is the model of a plan, state or configuration object of the
// customer mapping. A null object gives an error: callers check for null first.
func mappingFromTerraform(ctx context.Context, v tftypes.Value) (customerMappingModel, error) {
	var raw map[string]tftypes.Value
	if err := v.As(&raw); err != nil {
		return customerMappingModel{}, err
	}
	if raw == nil {
		return customerMappingModel{}, fmt.Errorf("the customer mapping object is null or unknown")
	}
	d := mappingDecoder{ctx: ctx, raw: raw}
	m := customerMappingModel{
		syncCustomerModel: syncCustomerModel{
			IntegrationID: d.string("integration_id"), OrganizationID: d.string("organization_id"),
			OrganizationName: d.string("organization_name"), CompanyID: d.number("company_id"), AgreementID: d.number("agreement_id"),
			SyncEnabled: d.bool("sync_enabled"), BillingCycle: d.string("billing_cycle"),
		},
		ID: d.string("id"), CompanyIdentifier: d.string("company_identifier"), CompanyName: d.string("company_name"),
		CompanyDeleted: d.bool("company_deleted"), AgreementName: d.string("agreement_name"), AgreementStatus: d.string("agreement_status"),
	}
	return m, d.err
}

// terraformValue is the model as a state or plan object.
func (m *customerMappingModel) terraformValue(ctx context.Context) (tftypes.Value, error) {
	return objectValue(ctx, customerMappingType, m.values())
}

// identityValue is the mapping's identity: integration, organization and agreement.
func (m *customerMappingModel) identityValue(ctx context.Context) (tftypes.Value, error) {
	return objectValue(ctx, customerMappingIdentityType, map[string]attr.Value{
		"integration_id": m.IntegrationID, "organization_id": m.OrganizationID, "agreement_id": int64Number(numberInt64(m.AgreementID)),
	})
}

func objectValue(ctx context.Context, typ tftypes.Object, values map[string]attr.Value) (tftypes.Value, error) {
	out := make(map[string]tftypes.Value, len(values))
	for name, v := range values {
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = tv
	}
	if err := tftypes.ValidateValue(typ, out); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(typ, out), nil
}

// mappingDecoder converts attributes and keeps the first error.
type mappingDecoder struct {
	ctx context.Context
	raw map[string]tftypes.Value
	err error
}

func (d *mappingDecoder) value(name string, t attr.Type) attr.Value {
	v, ok := d.raw[name]
	if !ok {
		if d.err == nil {
			d.err = fmt.Errorf("the customer mapping object has no attribute %q", name)
		}
		return nil
	}
	out, err := t.ValueFromTerraform(d.ctx, v)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s: %w", name, err)
	}
	return out
}

func (d *mappingDecoder) string(name string) types.String {
	if v, ok := d.value(name, types.StringType).(types.String); ok {
		return v
	}
	return types.StringNull()
}

func (d *mappingDecoder) number(name string) types.Number {
	if v, ok := d.value(name, types.NumberType).(types.Number); ok {
		return v
	}
	return types.NumberNull()
}

func (d *mappingDecoder) bool(name string) types.Bool {
	if v, ok := d.value(name, types.BoolType).(types.Bool); ok {
		return v
	}
	return types.BoolNull()
}

// mappingFrom is mappingFromTerraform with its error as a diagnostic.
func mappingFrom(ctx context.Context, v tftypes.Value, diags *diag.Diagnostics) (customerMappingModel, bool) {
	m, err := mappingFromTerraform(ctx, v)
	if err != nil {
		diags.AddError("Cannot read the customer mapping", mappingValueBug(err))
		return m, false
	}
	return m, true
}

// setMapping stores the model in a state, plan or list result object.
func setMapping(ctx context.Context, m *customerMappingModel, dst *tftypes.Value, diags *diag.Diagnostics) {
	v, err := m.terraformValue(ctx)
	if err != nil {
		diags.AddError("Cannot store the customer mapping", mappingValueBug(err))
		return
	}
	*dst = v
}

// setMappingIdentity stores the mapping's identity in a response or list result.
func setMappingIdentity(ctx context.Context, m *customerMappingModel, dst *tftypes.Value, diags *diag.Diagnostics) {
	v, err := m.identityValue(ctx)
	if err != nil {
		diags.AddError("Cannot store the customer mapping's identity", mappingValueBug(err))
		return
	}
	*dst = v
}

func mappingValueBug(err error) string {
	return fmt.Sprintf("%s. The values Terraform sent do not fit the customer mapping's schema; this is a "+
		"bug in the provider, please report it with the Terraform version you use.", err)
}
