package usagesync

import (
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// additionFields is what the engine reads of an addition: asking only for these keeps the
// pages small on agreements with long histories.
var additionFields = []string{
	"id", "product/id", "quantity", "unitPrice", "unitCost", "lessIncluded", "billCustomer",
	"taxableFlag", "agreementStatus", "cancelledDate", "effectiveDate", "description", "invoiceDescription",
}

func additionFrom(agreementID int, a connectwise.Addition) billing.Addition {
	out := billing.Addition{
		ID:              a.ID,
		AgreementID:     agreementID,
		UnitPrice:       a.UnitPrice,
		UnitCost:        a.UnitCost,
		LessIncluded:    a.LessIncluded,
		BillCustomer:    a.BillCustomer,
		Taxable:         a.TaxableFlag,
		AgreementStatus: a.AgreementStatus,
		CancelledDate:   parseDate(a.CancelledDate),
		EffectiveDate:   parseDate(a.EffectiveDate),
		Description:     a.Description,

		InvoiceDescription: a.InvoiceDescription,
	}
	if a.Product != nil {
		out.ProductID = a.Product.ID
	}
	if a.Quantity != nil {
		out.Quantity = *a.Quantity // a null quantity bills nothing
	}
	return out
}

// AgreementFrom is the engine's view of an agreement; the provider's plan warnings use it
// too, so the plan and the sync judge an agreement from the same fields.
func AgreementFrom(a connectwise.Agreement) billing.Agreement {
	out := billing.Agreement{ID: a.ID, Name: a.Name, Status: a.AgreementStatus, CancelledFlag: a.CancelledFlag,
		StartDate: parseDate(a.StartDate), BillStartDate: parseDate(a.BillStartDate), NextInvoiceDate: parseDate(a.NextInvoiceDate),
		InvoicingCycle: a.InvoicingCycle, Prorate: a.ProrateFlag, OneTime: a.OneTimeFlag, BillOneTime: a.BillOneTimeFlag}
	if a.BillingCycle != nil {
		out.BillingCycle = a.BillingCycle.Name
	}
	if a.Currency != nil {
		out.Currency = a.Currency.CurrencyCode
	}
	if a.ParentAgreement != nil {
		out.ParentID, out.ParentName = a.ParentAgreement.ID, a.ParentAgreement.Name
	}
	if !a.NoEndingDateFlag {
		out.EndDate = parseDate(a.EndDate)
	}
	if a.Company != nil {
		out.CompanyID, out.CompanyName = a.Company.ID, a.Company.Name
	}
	return out
}

// CompanyFrom is the engine's view of a company.
func CompanyFrom(c connectwise.Company) billing.Company {
	return billing.Company{ID: c.ID, Name: c.Name, Deleted: c.DeletedFlag}
}

// CatalogItemFrom is the engine's view of a catalog item.
func CatalogItemFrom(it connectwise.CatalogItem) billing.CatalogItem {
	return billing.CatalogItem{ID: it.ID, Identifier: it.Identifier, Inactive: it.InactiveFlag,
		ProductClass: it.ProductClass, CustomerDescription: it.CustomerDescription}
}

// parseDate reads a date-only field as its day (connectwise.ParseDay: UTC or the site's
// local midnight alike); an unreadable one is treated as absent, which for a cancelled
// date errs on the side of "still active" (and so never creates a second addition beside
// it), and for a billing date lets ConnectWise decide.
func parseDate(s string) *time.Time {
	t, ok := connectwise.ParseDay(s)
	if !ok {
		return nil
	}
	return &t
}

func additionBody(n *billing.NewAddition) *connectwise.Addition {
	q := n.Quantity
	return &connectwise.Addition{
		Product:            connectwise.Ref(n.ProductID),
		Quantity:           &q,
		BillCustomer:       n.BillCustomer,
		UnitPrice:          n.UnitPrice,
		UnitCost:           n.UnitCost,
		LessIncluded:       n.LessIncluded,
		TaxableFlag:        n.Taxable,
		EffectiveDate:      connectwise.FormatDate(n.EffectiveDate),
		Description:        n.Description,
		InvoiceDescription: n.InvoiceDescription,
	}
}

func patchOps(fields []billing.FieldChange) []connectwise.PatchOp {
	ops := make([]connectwise.PatchOp, 0, len(fields))
	for _, f := range fields {
		ops = append(ops, connectwise.Replace(f.Field, f.New))
	}
	return ops
}
