package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// mappingObjects is what ConnectWise holds about one mapping's company and agreement.
type mappingObjects struct {
	company   *connectwise.Company   // nil: ConnectWise does not return it (deleted, or hidden from the API member)
	agreement *connectwise.Agreement // nil: ConnectWise does not return it (deleted, or hidden from the API member)
}

// loadMappingObjects reads the company and the agreement through the batch loaders, both
// at once, so that each joins the list call other mappings of the same plan are filling.
// A missing object is not an error here: what it means depends on the caller.
func loadMappingObjects(ctx context.Context, d *providerData, companyID, agreementID int64) (mappingObjects, diag.Diagnostics) {
	var (
		diags                    diag.Diagnostics
		company                  connectwise.Company
		agreement                connectwise.Agreement
		companyErr, agreementErr error
		wg                       sync.WaitGroup
	)
	wg.Go(func() { company, companyErr = d.mappingCompanies.Get(ctx, int(companyID)) })
	wg.Go(func() { agreement, agreementErr = d.mappingAgreements.Get(ctx, int(agreementID)) })
	wg.Wait()
	var o mappingObjects
	switch {
	case companyErr == nil:
		o.company = &company
	case !errors.Is(companyErr, connectwise.ErrNotFound):
		addClientError(&diags, fmt.Sprintf("reading company %d", companyID), companyErr)
	}
	switch {
	case agreementErr == nil:
		o.agreement = &agreement
	case !errors.Is(agreementErr, connectwise.ErrNotFound):
		addClientError(&diags, fmt.Sprintf("reading agreement %d", agreementID), agreementErr)
	}
	return o, diags
}

// peekMappingObjects is the mapping's company and agreement as this provider process has
// already read them, without a request; what it has not read comes from the state.
func peekMappingObjects(d *providerData, state *customerMappingModel) mappingObjects {
	o := stateObjects(state)
	if c, ok := d.mappingCompanies.Peek(int(numberInt64(state.CompanyID))); ok {
		o.company = &c
	}
	if a, ok := d.mappingAgreements.Peek(int(numberInt64(state.AgreementID))); ok {
		o.agreement = &a
	}
	return o
}

// stateObjects rebuilds the company and the agreement from what the state recorded at the
// last refresh: the names, company_deleted and agreement_status. It cannot know the
// agreement's company, its dates, its billing cycle or its parent, so with -refresh=false
// the drift warning shows a status that is not Active, an agreement or company not returned
// and a company in the recycle bin, but not an agreement moved to another company, one
// outside the billing period or one on another cycle than billing_cycle (the agreement is
// taken to bill on the mapping's cycle, so that nothing is claimed that was not read).
func stateObjects(m *customerMappingModel) mappingObjects {
	companyID, agreementID := int(numberInt64(m.CompanyID)), int(numberInt64(m.AgreementID))
	var o mappingObjects
	if !m.CompanyDeleted.IsNull() { // null: ConnectWise did not return it
		o.company = &connectwise.Company{
			ID: companyID, Identifier: m.CompanyIdentifier.ValueString(), Name: m.CompanyName.ValueString(),
			DeletedFlag: m.CompanyDeleted.ValueBool(),
		}
	}
	if status := m.AgreementStatus.ValueString(); status != agreementNotFound && status != agreementDeletedBefore {
		o.agreement = &connectwise.Agreement{
			ID: agreementID, Name: m.AgreementName.ValueString(), AgreementStatus: status,
			Company:      &connectwise.Reference{ID: companyID, Identifier: m.CompanyIdentifier.ValueString(), Name: m.CompanyName.ValueString()},
			BillingCycle: &connectwise.Reference{Name: cycleOrMonthly(m.BillingCycle.ValueString())},
		}
	}
	return o
}

// owner is the company the agreement belongs to, as the agreement names it.
func (o mappingObjects) owner() *connectwise.Reference {
	if o.agreement == nil {
		return nil
	}
	return o.agreement.Company
}

func (o mappingObjects) ownedByOther(companyID int64) bool {
	owner := o.owner()
	return owner != nil && int64(owner.ID) != companyID
}

// mappingCompanyLabel renders `company 5 "Acme" (ACME)`.
func mappingCompanyLabel(c *connectwise.Company) string {
	return mappingLabelFromState("company", int64(c.ID), c.Name, c.Identifier)
}

func mappingReferenceLabel(r *connectwise.Reference) string {
	return mappingLabelFromState("company", int64(r.ID), r.Name, r.Identifier)
}

// mappingAgreementLabel renders `agreement 17 "Managed Services"`.
func mappingAgreementLabel(a *connectwise.Agreement) string {
	return mappingLabelFromState("agreement", int64(a.ID), a.Name, "")
}

func mappingLabelFromState(kind string, id int64, name, identifier string) string {
	label := fmt.Sprintf("%s %d", kind, id)
	if name != "" {
		label += fmt.Sprintf(" %q", name)
	}
	if identifier != "" {
		label += " (" + identifier + ")"
	}
	return label
}
