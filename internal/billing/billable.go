package billing

import (
	"fmt"
	"strings"
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
}

// NothingWritten ends every Skip reason of [Plan]: "<billability reason>: nothing is written".
const NothingWritten = ": nothing is written"

// CustomerBillability reports whether the sync may write, for a run billing period, to the
// agreement of customer c (mapped to c.CompanyID and c.AgreementID). company and agreement
// are what ConnectWise holds; nil means not found. c.SyncEnabled is not consulted (a
// disabled customer is skipped by [Plan] before this is asked).
//
// When ok is false, reason is one clause naming the object, e.g. "company 5 (Acme) is in
// the ConnectWise recycle bin". [Plan] skips the customer with reason + [NothingWritten];
// the provider's mapping warnings and the reconciliation show the same clause. The checks,
// in order: the agreement exists, is Active and not cancelled (cancelledFlag), belongs to
// the mapped company; the company exists and is not in the recycle bin; the agreement
// does not start after the period nor end before it begins.
func CustomerBillability(c Customer, company *Company, agreement *Agreement, period Period) (ok bool, reason string) {
	a := agreement
	switch {
	case a == nil:
		return false, fmt.Sprintf("agreement %d of organization %s was not found (deleted?)", c.AgreementID, c.OrganizationID)
	case a.Status != "Active":
		status := a.Status
		if status == "" {
			status = "of unknown status"
		}
		return false, fmt.Sprintf("agreement %d%s is %s", a.ID, named(a.Name), status)
	case a.CancelledFlag:
		return false, fmt.Sprintf("agreement %d%s is cancelled", a.ID, named(a.Name))
	case a.CompanyID != c.CompanyID:
		return false, fmt.Sprintf("agreement %d%s belongs to company %d, not to company %d mapped for organization %s",
			a.ID, named(a.Name), a.CompanyID, c.CompanyID, c.OrganizationID)
	case company == nil:
		return false, fmt.Sprintf("company %d of organization %s was not found (deleted?)", c.CompanyID, c.OrganizationID)
	case company.Deleted:
		return false, fmt.Sprintf("company %d%s is in the ConnectWise recycle bin", company.ID, named(company.Name))
	case a.StartDate != nil && !a.StartDate.Before(period.End()):
		return false, fmt.Sprintf("agreement %d%s starts on %s, after the billing period (%s)", a.ID, named(a.Name), day(*a.StartDate), period)
	case a.EndDate != nil && a.EndDate.Before(period.Start):
		return false, fmt.Sprintf("agreement %d%s ended on %s, before the billing period (%s)", a.ID, named(a.Name), day(*a.EndDate), period)
	}
	return true, ""
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
	}
	return true, ""
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
