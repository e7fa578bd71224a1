package billing

import (
	"fmt"
	"time"
)

// Ending ends an addition the day before a new one takes over (see [Change.Ends]).
type Ending struct {
	AdditionID    int
	CancelledDate time.Time // 00:00 UTC of the addition's last billed day
}

// splitAt returns the day from which a change to addition live must take effect as a new
// addition, or the zero time when a PATCH of the addition is right.
//
// On an agreement that does not prorate, the periods before nextInvoiceDate are invoiced.
// Whether ConnectWise applies a changed quantity or price of an addition that started in an
// invoiced period to the next invoice, or refuses it, is unconfirmed; both readings are
// simulator variants. Ending the addition on the last invoiced day and adding a new one from
// nextInvoiceDate is accepted under both, bills the next invoice exactly, and leaves the
// invoiced periods as they were invoiced. It applies only when a create would start on the
// period's first day (effective: so nextInvoiceDate, startDate and billStartDate are all on
// or before it, and the ended addition is no longer this period's); otherwise the change is
// a PATCH.
func splitAt(a *Agreement, live Addition, period Period, effective time.Time) time.Time {
	if a == nil || a.Prorate || a.NextInvoiceDate == nil || !effective.Equal(period.Start) {
		return time.Time{}
	}
	if live.EffectiveDate != nil && !live.EffectiveDate.Before(dayOf(*a.NextInvoiceDate)) {
		return time.Time{}
	}
	return period.Start
}

// split turns an update of live into its ending and, unless the quantity is 0, a new
// addition from the day from: the owned fields as the product asks, the others as live has
// them (a person's price on the addition is kept).
func split(ch *Change, live Addition, p Product, from time.Time) {
	ch.Ends = &Ending{AdditionID: live.ID, CancelledDate: from.AddDate(0, 0, -1)}
	why := fmt.Sprintf("agreement %d does not prorate and is invoiced up to %s: addition %d ends on %s", ch.AgreementID, day(ch.Ends.CancelledDate), live.ID, day(ch.Ends.CancelledDate))
	if *ch.Desired == 0 {
		ch.Reason += " (" + why + ")"
		return
	}
	n := &NewAddition{
		ProductID: live.ProductID, Quantity: *ch.Desired, EffectiveDate: from,
		BillCustomer: live.BillCustomer, UnitPrice: roundPtr(live.UnitPrice), UnitCost: roundPtr(live.UnitCost),
		LessIncluded: roundPtr(live.LessIncluded), Taxable: live.Taxable,
		Description: live.Description, InvoiceDescription: live.InvoiceDescription,
	}
	for _, f := range ch.Fields {
		switch f.Field {
		case FieldUnitPrice:
			n.UnitPrice = new(f.New.(float64))
		case FieldUnitCost:
			n.UnitCost = new(f.New.(float64))
		case FieldLessIncluded:
			n.LessIncluded = new(f.New.(float64))
		case FieldBillCustomer:
			n.BillCustomer = f.New.(string)
		case FieldTaxable:
			n.Taxable = new(f.New.(bool))
		}
	}
	if n.BillCustomer == "" {
		n.BillCustomer = cmpOr(p.DefaultBillCustomer, defaultBillCustomer)
	}
	ch.New = n
	ch.Reason += fmt.Sprintf(" from %s (%s and a new one starts on %s)", day(from), why, day(from))
}

// WriteCount is how many requests applying the change writes: 1 for a create or an update,
// 2 for an update that ends an addition and adds its successor, 0 otherwise.
func (c Change) WriteCount() int {
	switch {
	case !c.Writes():
		return 0
	case c.Ends != nil && c.New != nil:
		return 2
	}
	return 1
}
