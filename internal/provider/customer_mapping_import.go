package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// importedMappingModel is the state an import of (integration, organization, agreement)
// holds before its first Read fills the company: the company is the agreement's. The vendor's
// organization name and sync_enabled are not stored in ConnectWise, so they are null and
// true. The list resource builds its results with this function and setCompany, so that a
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
	}
	m.setAgreement(agreement)
	return m
}
