package billing

import (
	"fmt"
	"strings"
	"time"
)

// Company is the part of a ConnectWise company the sync looks at.
type Company struct {
	ID      int
	Name    string
	Deleted bool // deletedFlag: the company is in the recycle bin
}

// CatalogItem is the part of a ConnectWise catalog item the sync looks at.
type CatalogItem struct {
	ID         int
	Identifier string
	Inactive   bool // inactiveFlag
	// ProductClass is productClass: a Bundle cannot be an agreement addition.
	ProductClass string
	// CustomerDescription is customerDescription, the text invoices print for the item.
	CustomerDescription string
}

// ProductClassBundle is the catalog product class ConnectWise refuses as an agreement
// addition.
const ProductClassBundle = "Bundle"

// NothingWritten ends every Skip reason of [Plan]: "<billability reason>: nothing is written".
const NothingWritten = ": nothing is written"

// CustomerBillability reports whether the sync may write, in a run at asOf, to the
// agreement of customer c (mapped to c.CompanyID and c.AgreementID), and over which billing
// period and from which effective date. company and agreement are what ConnectWise holds;
// nil means not found. c.SyncEnabled is not consulted (a disabled customer is skipped by
// [Plan] before this is asked).
//
// When ok is false, reason is one clause naming the object and the field, e.g. "company 5
// (Acme) is in the ConnectWise recycle bin". [Plan] skips the customer with reason +
// [NothingWritten]; the provider's mapping warnings, the list resource and the
// reconciliation show the same clause. The checks, in order: the agreement exists, is Active
// and not cancelled (cancelledFlag), belongs to the mapped company; the company exists and
// is not in the recycle bin; the agreement's billing cycle is one the mapping allows
// (c.BillingCycle); then its calendar ([AgreementPeriod]).
func CustomerBillability(c Customer, company *Company, agreement *Agreement, asOf time.Time) (b AgreementBilling, ok bool, reason string) {
	a := agreement
	switch {
	case a == nil:
		return b, false, NotVisible(fmt.Sprintf("agreement %d of organization %s", c.AgreementID, c.OrganizationID))
	case a.Status != "Active":
		status := a.Status
		if status == "" {
			status = "of unknown status"
		}
		return b, false, fmt.Sprintf("agreement %d%s is %s", a.ID, named(a.Name), status)
	case a.CancelledFlag:
		return b, false, fmt.Sprintf("agreement %d%s is cancelled", a.ID, named(a.Name))
	case a.CompanyID != c.CompanyID:
		return b, false, fmt.Sprintf("agreement %d%s belongs to company %d, not to company %d mapped for organization %s",
			a.ID, named(a.Name), a.CompanyID, c.CompanyID, c.OrganizationID)
	case company == nil:
		return b, false, NotVisible(fmt.Sprintf("company %d of organization %s", c.CompanyID, c.OrganizationID))
	case company.Deleted:
		return b, false, fmt.Sprintf("company %d%s is in the ConnectWise recycle bin", company.ID, named(company.Name))
	}
	if reason := cycleMismatch(c, *a); reason != "" {
		return b, false, reason
	}
	return AgreementPeriod(*a, asOf)
}

// NotVisible is the clause for a company or an agreement (what, e.g. "company 1234") that
// ConnectWise did not return: "company 1234 was not found or is not visible to this API
// member (deleted, or hidden by the member's Level or Location restrictions in
// ConnectWise)". A by-ID read answers 404, and a list leaves the record out, both when it
// is deleted and when the API member's Level or Location hides it; which of the two cannot
// be seen. The recycle bin is not the cause (a company there is returned, deletedFlag set),
// and only a deletedFlag seen says "in the recycle bin".
func NotVisible(what string) string {
	return what + " was not found or is not visible to this API member " +
		"(deleted, or hidden by the member's Level or Location restrictions in ConnectWise)"
}

// cycleMismatch says why the agreement's cycle is not the one the mapping allows, or "".
// A cycle the sync cannot bill by at all is left to [AgreementPeriod], which names it.
func cycleMismatch(c Customer, a Agreement) string {
	allowed := cmpOr(CanonicalCycle(c.BillingCycle), CycleMonthly)
	have := CycleMonthly
	if a.BillingCycle != "" {
		have = CanonicalCycle(a.BillingCycle)
	}
	if have == "" || have == allowed || a.OneTime || a.BillOneTime {
		return ""
	}
	// A fact only: the plan warning, the action and the docs each say how to opt in.
	return fmt.Sprintf("agreement %d%s bills %s (billingCycle %q), not %s as the customer mapping of organization %s allows (billing_cycle)",
		a.ID, named(a.Name), have, cmpOr(a.BillingCycle, CycleMonthly), allowed, c.OrganizationID)
}

// ProductBillability reports whether the sync may write additions for product p, whose
// catalog item ConnectWise holds as item (nil: not found). When ok is false, reason is one
// clause, e.g. "catalog item 12 (NL-CORE-USER) of SKU core-license is inactive"; [Plan]
// skips every line of the product with reason + [NothingWritten]. The checks, in order:
// the mapping itself is usable (a catalog item ID, valid bill_customer values, finite
// amounts, see [Validate]); the item exists and is not inactive.
func ProductBillability(p Product, item *CatalogItem) (ok bool, reason string) {
	if reason := productDefect(p); reason != "" {
		return false, reason
	}
	switch {
	case item == nil:
		return false, fmt.Sprintf("catalog item %d of SKU %s was not found (deleted?)", p.CatalogItemID, p.VendorSKU)
	case item.Inactive:
		return false, fmt.Sprintf("catalog item %d%s of SKU %s is inactive", item.ID, named(item.Identifier), p.VendorSKU)
	case strings.EqualFold(item.ProductClass, ProductClassBundle):
		return false, fmt.Sprintf("catalog item %d%s of SKU %s is of product class Bundle (productClass), which ConnectWise does not take as an agreement addition",
			item.ID, named(item.Identifier), p.VendorSKU)
	}
	return true, ""
}

// CurrencyMismatch says why product p's prices must not be written to agreement a, or "".
// Only a product that owns a price or a cost is concerned: quantities have no currency.
// runCurrencies are the distinct currencies of the agreements a run writes to; a product
// that declares no currency is refused on a run that spans several, since its prices can
// be right for at most one of them.
func CurrencyMismatch(p Product, a Agreement, runCurrencies []string) string {
	if p.UnitPrice == nil && p.UnitCost == nil {
		return ""
	}
	switch {
	case p.Currency != "" && a.Currency != "" && !strings.EqualFold(p.Currency, a.Currency):
		return fmt.Sprintf("agreement %d%s is in %s (currency) and the prices of SKU %s are in %s (currency of its product mapping)",
			a.ID, named(a.Name), a.Currency, p.VendorSKU, strings.ToUpper(p.Currency))
	case p.Currency == "" && len(runCurrencies) > 1:
		return fmt.Sprintf("the agreements of this run are in %s and SKU %s declares no currency for its prices: set currency on its product mapping",
			strings.Join(runCurrencies, ", "), p.VendorSKU)
	}
	return ""
}

// productDefect returns why a product mapping cannot be written, or "". Validate reports
// the same defects per attribute.
func productDefect(p Product) string {
	switch {
	case p.CatalogItemID <= 0:
		return fmt.Sprintf("SKU %s has no catalog item (catalog_item_id %d)", p.VendorSKU, p.CatalogItemID)
	case p.BillCustomer != "" && !validBillCustomer(p.BillCustomer):
		return fmt.Sprintf("SKU %s has bill_customer %q, not one of %s", p.VendorSKU, p.BillCustomer, strings.Join(billCustomerValues, ", "))
	case p.DefaultBillCustomer != "" && !validBillCustomer(p.DefaultBillCustomer):
		return fmt.Sprintf("SKU %s has a default bill_customer %q, not one of %s", p.VendorSKU, p.DefaultBillCustomer, strings.Join(billCustomerValues, ", "))
	}
	for _, v := range []*float64{p.UnitPrice, p.UnitCost, p.LessIncluded} {
		if v != nil && !finite(*v) {
			return fmt.Sprintf("SKU %s has a price, cost or less-included amount that is not a finite number", p.VendorSKU)
		}
	}
	if p.LessIncluded != nil && *p.LessIncluded < 0 {
		return fmt.Sprintf("SKU %s has a negative less_included", p.VendorSKU)
	}
	return ""
}

func named(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// datesOf describes an addition's billing dates, e.g. "effective 2026-11-01, cancelled
// 2026-11-15".
func datesOf(a Addition) string {
	eff, end := "from the beginning", "open-ended"
	if a.EffectiveDate != nil {
		eff = "effective " + day(*a.EffectiveDate)
	}
	if a.CancelledDate != nil {
		end = "cancelled " + day(*a.CancelledDate)
	}
	return eff + ", " + end
}
