package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

// newMappingProblems are the errors of a mapping being created or replaced: one per
// failure, each naming the organization, the company and the agreement.
func (o mappingObjects) newMappingProblems(ctx context.Context, d *providerData, m *customerMappingModel) diag.Diagnostics {
	var diags diag.Diagnostics
	companyID, agreementID := numberInt64(m.CompanyID), numberInt64(m.AgreementID)
	org := m.organizationLabel()
	company := fmt.Sprintf("company %d", companyID)
	if o.company != nil {
		company = mappingCompanyLabel(o.company)
	}
	agreement := fmt.Sprintf("agreement %d", agreementID)
	if o.agreement != nil {
		agreement = mappingAgreementLabel(o.agreement)
	}
	companyPath, agreementPath := path.Root("company_id"), path.Root("agreement_id")

	switch {
	case o.company == nil:
		detail := fmt.Sprintf("%s, so %s cannot be mapped to it with %s.", notVisible(fmt.Sprintf("company %d", companyID)), org, agreement)
		if owner := o.owner(); owner != nil {
			detail += fmt.Sprintf(" That agreement belongs to %s: set company_id = %d if that is this customer's company.", mappingReferenceLabel(owner), owner.ID)
		} else {
			detail += fmt.Sprintf(" Agreement %d was not returned either. Look both up in ConnectWise (Companies, Finance › Agreements) "+
				"or with the connectwise_companies and connectwise_agreements data sources.", agreementID)
		}
		diags.AddAttributeError(companyPath, "Company not found or not visible", detail+" "+visibilityHint)
	case o.company.DeletedFlag:
		diags.AddAttributeError(companyPath, "Company is in the recycle bin", fmt.Sprintf(
			"%s is in the ConnectWise recycle bin, so %s cannot be mapped to it with %s: the sync never bills a deleted company. "+
				"Restore the company from the recycle bin in ConnectWise, or set company_id and agreement_id to a company "+
				"that is not deleted and one of its active agreements.", company, org, agreement))
	}

	switch {
	case o.agreement == nil && o.company == nil:
		diags.AddAttributeError(agreementPath, "Agreement not found or not visible", fmt.Sprintf(
			"%s (and company %d was not returned either), so %s cannot be mapped to it. "+
				"Set agreement_id to an active agreement of the customer's company.", notVisible(fmt.Sprintf("agreement %d", agreementID)), companyID, org))
	case o.agreement == nil:
		diags.AddAttributeError(agreementPath, "Agreement not found or not visible", fmt.Sprintf(
			"%s, so %s cannot be mapped to it for %s. %s %s", notVisible(fmt.Sprintf("agreement %d", agreementID)),
			org, company, activeAgreementsHint(ctx, d, companyID, company, 0), visibilityHint))
	default:
		if o.company != nil && o.ownedByOther(companyID) {
			owner := o.owner()
			diags.AddAttributeError(agreementPath, "Agreement belongs to another company", fmt.Sprintf(
				"%s belongs to %s, not to %s. The sync never writes to another company's agreement. %s "+
					"Or, if %s is a customer of %s, set company_id = %d.",
				agreement, mappingReferenceLabel(owner), company, activeAgreementsHint(ctx, d, companyID, company, 0),
				org, mappingReferenceLabel(owner), owner.ID))
		}
		if status := mappingAgreementStatus(o.agreement); status != connectwise.AgreementActive {
			ownerLabel := company
			if owner := o.owner(); owner != nil {
				ownerLabel = mappingReferenceLabel(owner)
			}
			detail := fmt.Sprintf("%s of %s is %s. The sync never writes to an agreement that is not active, so %s would never be billed. %s",
				agreement, ownerLabel, agreementStatusPhrase(o.agreement), org,
				activeAgreementsHint(ctx, d, companyID, company, o.agreement.ID))
			if fix := agreementStatusRemedy(status); fix != "" {
				detail += " Or " + fix + " first."
			}
			diags.AddAttributeError(agreementPath, "Agreement is not active", detail)
		}
	}
	return diags
}

// activeAgreementsHint is a sentence naming the company's active agreements (other than
// exclude), so an error says what would be accepted. It costs one list call, made only
// on the way to an error.
func activeAgreementsHint(ctx context.Context, d *providerData, companyID int64, company string, exclude int) string {
	rows, err := d.client.Agreements.All(ctx, &connectwise.ListOptions{
		Conditions: connectwise.And(
			connectwise.Field("company/id").Eq(connectwise.Int(int(companyID))),
			connectwise.Field("agreementStatus").Eq(connectwise.String(connectwise.AgreementActive)),
		),
		Fields:  []string{"id", "name", "agreementStatus", "cancelledFlag"},
		OrderBy: "id asc",
	})
	if err != nil {
		tflog.Debug(ctx, "listing active agreements for a hint failed", map[string]any{"company_id": companyID, "error": err.Error()})
		return fmt.Sprintf("Set agreement_id to an active agreement of %s (the connectwise_agreements data source lists them).", company)
	}
	const shown = 10
	var names []string
	for _, a := range rows {
		if a.ID == exclude || mappingAgreementStatus(&a) != connectwise.AgreementActive {
			continue
		}
		if len(names) == shown {
			names = append(names, "…")
			break
		}
		names = append(names, fmt.Sprintf("%d %q", a.ID, a.Name))
	}
	if len(names) == 0 {
		return fmt.Sprintf("%s has no other active agreement: create one in ConnectWise (Finance › Agreements), then set agreement_id to it.", capitalize(company))
	}
	return fmt.Sprintf("Set agreement_id to an active agreement of %s: %s.", company, strings.Join(names, ", "))
}

func agreementStatusPhrase(a *connectwise.Agreement) string {
	switch status := mappingAgreementStatus(a); status {
	case connectwise.AgreementCancelled:
		return "Cancelled"
	case connectwise.AgreementExpired:
		if len(a.EndDate) >= 10 {
			return fmt.Sprintf("Expired (its end date %s has passed)", a.EndDate[:10])
		}
		return "Expired"
	case connectwise.AgreementInactive:
		return "Inactive"
	case "":
		return "of unknown status"
	default:
		return fmt.Sprintf("in status %q", status)
	}
}

// agreementStatusRemedy is what a person does in ConnectWise to make the agreement billable.
func agreementStatusRemedy(status string) string {
	switch status {
	case connectwise.AgreementCancelled:
		return "reopen the agreement in ConnectWise (Finance › Agreements: clear Cancelled)"
	case connectwise.AgreementExpired:
		return "extend the agreement's end date in ConnectWise (Finance › Agreements)"
	case connectwise.AgreementInactive:
		return "make the agreement active in ConnectWise (Finance › Agreements)"
	}
	return ""
}

func (m *customerMappingModel) organizationLabel() string {
	label := fmt.Sprintf("organization %q", m.OrganizationID.ValueString())
	if name := m.OrganizationName; !name.IsNull() && !name.IsUnknown() && name.ValueString() != "" {
		label += fmt.Sprintf(" (%q)", name.ValueString())
	}
	return label
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

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
