package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// importedMappingModel is the state an import of (integration, organization, agreement)
// holds before its first Read fills the company: the company is the agreement's. The vendor's
// organization name, sync_enabled and billing_cycle are not stored in ConnectWise, so they
// are null, true and Monthly (the defaults; an import ID or identity names no cycle, and a
// configuration that sets another one plans an in-place update that writes nothing). The list resource builds its results with this function and setCompany, so that a
// generated mapping is exactly what import and Read store, and the plan after it is empty.
func importedMappingModel(integrationID, organizationID string, agreement *connectwise.Agreement) customerMappingModel {
	m := customerMappingModel{
		ID:                types.StringValue(customerMappingID(integrationID, organizationID)),
		IntegrationID:     types.StringValue(integrationID),
		OrganizationID:    types.StringValue(organizationID),
		OrganizationName:  types.StringNull(),
		CompanyID:         int64Number(int64(agreement.Company.ID)),
		AgreementID:       int64Number(int64(agreement.ID)),
		SyncEnabled:       types.BoolValue(true),
		CompanyIdentifier: types.StringNull(),
		CompanyName:       types.StringNull(),
		CompanyDeleted:    types.BoolNull(),
		BillingCycle:      types.StringValue(billing.CycleMonthly),
	}
	m.setAgreement(agreement)
	return m
}
