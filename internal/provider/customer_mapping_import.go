package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

type customerMappingIdentity struct {
	IntegrationID  types.String `tfsdk:"integration_id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	AgreementID    types.Number `tfsdk:"agreement_id"`
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

// parseCustomerMappingImportID splits `<integration_id>/<organization_id>/<agreement_id>`
// from the right: organization IDs have no "/", so an integration name may contain one.
func parseCustomerMappingImportID(id string) (customerMappingIdentity, error) {
	usage := fmt.Errorf("import ID %q: use <integration_id>/<organization_id>/<agreement_id>, e.g. NordLayer/org-8f3a/17", id)
	integrationID, organizationID, agreementText, ok := splitImportID(id)
	if !ok {
		return customerMappingIdentity{}, usage
	}
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

func (r *customerMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	// agreement_id is a Number, not Int64, for the same reason as the resource's (numbers.go);
	// both are a number on the wire, so an identity written as an Int64 imports too.
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"integration_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the integration."},
			"organization_id": identityschema.StringAttribute{RequiredForImport: true, Description: "The vendor's organization ID."},
			"agreement_id":    identityschema.NumberAttribute{RequiredForImport: true, Description: "ID of the ConnectWise agreement."},
		},
	}
}
