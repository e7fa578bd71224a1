package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// What a plan says about a customer mapping: the errors of a new or replaced one
// (newMappingProblems: nothing is written past them), and the warnings of one the sync will
// skip. Whether the sync skips the customer, and the clause that says why, are
// billing.CustomerBillability's (the reconciliation and the action decide with the same
// function); what a person can do about it is decided here, from the objects' fields.

// addMappingWarnings adds the mapping's plan warnings: why the sync skips it (for a mapping
// that exists; a new one fails newMappingProblems instead) and that its agreement bills on
// a parent's invoice.
func (o mappingObjects) addMappingWarnings(diags *diag.Diagnostics, plan, prior *customerMappingModel, now time.Time) {
	if prior != nil {
		if summary, detail := o.driftWarning(plan, prior, now); summary != "" {
			diags.AddWarning(summary, detail)
		}
	}
	if summary, detail := o.parentWarning(plan); summary != "" {
		diags.AddWarning(summary, detail)
	}
}

// skipCause is the kind of reason the sync skips a mapping, which decides the advice.
type skipCause int

const (
	causeStatus       skipCause = iota // not returned, not active, another company's, company in the recycle bin, ended
	causeCycle                         // the agreement bills on another cycle than billing_cycle allows
	causeNotRecurring                  // one-time, not recurring, or a cycle the sync cannot bill by (weekly)
	causeNotStarted                    // the agreement or its billing starts after the period the run carries
)

// skipCause classifies why billing.CustomerBillability refused the mapping, checking the
// fields in the order it does.
func (o mappingObjects) skipCause(m *customerMappingModel, now time.Time) skipCause {
	a := o.agreement
	switch {
	case a == nil || o.company == nil || o.company.DeletedFlag || o.ownedByOther(numberInt64(m.CompanyID)) ||
		mappingAgreementStatus(a) != connectwise.AgreementActive:
		return causeStatus
	case agreementCycle(a) == "":
		return causeNotRecurring
	case agreementCycle(a) != cycleOrMonthly(allowedCycle(m, a)):
		return causeCycle
	}
	// The calendar refused it: a start on or after today lies after the period a run now
	// carries (on the first day of a period the run carries the one that just ended).
	ag := usagesync.AgreementFrom(*a)
	today := now.UTC().Truncate(24 * time.Hour)
	for _, d := range []*time.Time{ag.StartDate, ag.BillStartDate} {
		if d != nil && !d.Before(today) {
			return causeNotStarted
		}
	}
	return causeStatus
}

func cycleOrMonthly(c string) string {
	if c = billing.CanonicalCycle(c); c == "" {
		return billing.CycleMonthly
	}
	return c
}

// driftWarning explains why the sync will skip an existing mapping, or returns "" when it
// will not, over the billing period of a run now. prior is the refreshed state: it keeps the
// last known names of objects ConnectWise no longer has. The summary's format is parsed by
// tests and pipelines: keep it.
func (o mappingObjects) driftWarning(plan, prior *customerMappingModel, now time.Time) (summary, detail string) {
	ok, reason := o.billability(plan, now)
	if ok {
		return "", ""
	}
	companyID, agreementID := numberInt64(plan.CompanyID), numberInt64(plan.AgreementID)
	company := mappingLabelFromState("company", companyID, prior.CompanyName.ValueString(), prior.CompanyIdentifier.ValueString())
	if o.company != nil {
		company = mappingCompanyLabel(o.company)
	}
	agreement := mappingLabelFromState("agreement", agreementID, prior.AgreementName.ValueString(), "")
	if o.agreement != nil {
		agreement = mappingAgreementLabel(o.agreement)
	}
	org := plan.organizationLabel()
	if plan.OrganizationName.IsUnknown() {
		org = prior.organizationLabel()
	}
	summary = fmt.Sprintf("Usage sync skips organization %q", plan.OrganizationID.ValueString())
	detail = fmt.Sprintf("%s is mapped to %s and %s, but %s. The usage sync skips this customer", capitalize(org), company, agreement, reason) +
		o.skipAdvice(plan, now)
	detail += " If the customer has left, remove the mapping (unmap)."
	if !plan.SyncEnabled.IsUnknown() && !plan.SyncEnabled.ValueBool() {
		detail += "\n\nsync_enabled is false, so nothing is billed for this customer either way; this warning stays until " +
			"the sync could bill the mapped agreement or the mapping is removed."
	}
	return summary, detail
}

// skipAdvice completes "The usage sync skips this customer" with the rule and the fix.
func (o mappingObjects) skipAdvice(m *customerMappingModel, now time.Time) string {
	switch o.skipCause(m, now) {
	case causeCycle:
		have, allowed := agreementCycle(o.agreement), cycleOrMonthly(allowedCycle(m, o.agreement))
		return fmt.Sprintf(": it writes only to an agreement whose billing cycle is the mapping's billing_cycle (%s), so usage "+
			"is never billed over a period nobody chose.\n\nTo bill this agreement on its own cycle, set billing_cycle = %q on "+
			"this mapping (changed in place; nothing in ConnectWise is written): each run then carries the numbers of the "+
			"agreement's %s billing period. Or map the customer to an agreement billed %s.",
			allowed, have, strings.ToLower(have), allowed)
	case causeNotRecurring:
		return fmt.Sprintf(": it bills recurring agreements only (billing cycle %s); a one-time or not-recurring agreement "+
			"issues no recurring invoice.\n\nTo bill the customer, map it to a recurring agreement: set agreement_id (and "+
			"company_id if needed) to one (the connectwise_agreements data source lists a company's agreements). The mapping "+
			"is then replaced; nothing in ConnectWise is written.", strings.Join(billing.Cycles, ", "))
	case causeNotStarted:
		return " until then: the sync starts once billing starts, and never dates an addition before the agreement's start " +
			"date or billing start date (billStartDate).\n\nIf that date is right, nothing needs doing: the warning goes away " +
			"with the first billing period that reaches it. Otherwise correct the date in ConnectWise (Finance › Agreements), " +
			"or map the customer to an agreement that bills now."
	}
	advice := ": it never writes to an agreement that is not active, to another company's agreement, for a company " +
		"in the recycle bin, or to what it cannot read.\n\nTo bill the customer again, map it to an active agreement: set agreement_id (and " +
		"company_id if needed) to an active agreement of a company that is not deleted (the connectwise_agreements data " +
		"source lists them). The mapping is then replaced; nothing in ConnectWise is written."
	var fixes []string
	if missing := o.notReturned(); missing != "" {
		// Hidden is as likely as deleted, and letting the member see it keeps the mapping:
		// that fix comes first, remapping second.
		return ": it never writes to what it cannot read.\n\n" + capitalize(missing) +
			" (the member's Level and Location, System › Members, API Members tab): the next run bills it. If it was " +
			"deleted, map the customer to an active agreement: set agreement_id (and company_id if needed) to one (the " +
			"connectwise_agreements data source lists them). The mapping is then replaced; nothing in ConnectWise is written."
	}
	if o.company != nil && o.company.DeletedFlag {
		fixes = append(fixes, "restore the company from the recycle bin in ConnectWise")
	}
	if o.agreement != nil {
		if fix := agreementStatusRemedy(mappingAgreementStatus(o.agreement)); fix != "" {
			fixes = append(fixes, fix)
		}
	}
	if len(fixes) > 0 {
		advice += " Or " + strings.Join(fixes, " and ") + "."
	}
	return advice
}

// parentWarning says that the mapped agreement is a child agreement, or returns "". A
// child bills on its parent's invoice: the same product mapped on both would bill the
// customer twice on one invoice, so the sync writes neither (a conflict); the warning says
// so before it happens.
func (o mappingObjects) parentWarning(m *customerMappingModel) (summary, detail string) {
	a := o.agreement
	if a == nil || a.ParentAgreement == nil || a.ParentAgreement.ID == 0 {
		return "", ""
	}
	parent := fmt.Sprintf("agreement %d", a.ParentAgreement.ID)
	if a.ParentAgreement.Name != "" {
		parent += fmt.Sprintf(" (%s)", a.ParentAgreement.Name)
	}
	summary = fmt.Sprintf("Agreement %d bills on its parent agreement's invoice", a.ID)
	detail = fmt.Sprintf("Agreement %d bills on the invoice of its parent %s: do not map the same products on the parent. "+
		"%s is mapped to it; if another customer mapping maps the parent, the usage sync writes neither agreement for a "+
		"product mapped on both and reports a conflict, since the customer would be billed twice on one invoice.",
		a.ID, parent, capitalize(m.organizationLabel()))
	return summary, detail
}

// billability is billing.CustomerBillability for this mapping's objects (nil: not found),
// with the billing cycle the mapping allows.
func (o mappingObjects) billability(m *customerMappingModel, now time.Time) (bool, string) {
	var company *billing.Company
	if o.company != nil {
		c := usagesync.CompanyFrom(*o.company)
		company = &c
	}
	var agreement *billing.Agreement
	if o.agreement != nil {
		a := usagesync.AgreementFrom(*o.agreement)
		agreement = &a
	}
	customer := billing.Customer{
		OrganizationID: m.OrganizationID.ValueString(),
		CompanyID:      int(numberInt64(m.CompanyID)),
		AgreementID:    int(numberInt64(m.AgreementID)),
		BillingCycle:   allowedCycle(m, o.agreement),
	}
	_, ok, reason := billing.CustomerBillability(customer, company, agreement, now)
	return ok, reason
}

// notReturned is the fix for what ConnectWise did not return, or "".
func (o mappingObjects) notReturned() string {
	switch {
	case o.company == nil && o.agreement == nil:
		return "if the company and its agreement still exist in ConnectWise, let the API member see them"
	case o.company == nil:
		return "if the company still exists in ConnectWise, let the API member see it"
	case o.agreement == nil:
		return "if the agreement still exists in ConnectWise, let the API member see it"
	}
	return ""
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
