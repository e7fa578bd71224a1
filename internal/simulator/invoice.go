package simulator

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Invoice is what ConnectWise's "Create Invoice" bills for one agreement and one period.
type Invoice struct {
	AgreementID int           `json:"agreementId"`
	PeriodStart time.Time     `json:"periodStart,omitzero"` // first day billed, 00:00 UTC
	PeriodEnd   time.Time     `json:"periodEnd,omitzero"`   // first day after the period
	Currency    string        `json:"currency"`             // the agreement's currency/currencyCode, "" when none
	Lines       []InvoiceLine `json:"lines"`
	Total       float64       `json:"total"`
	// NotBilled says why the agreement has no period to bill (one-time agreement,
	// unmodelled cycle); such an invoice has no period, no lines and a zero total.
	NotBilled string `json:"notBilled,omitempty"`
}

// InvoiceLine is one addition billed on an invoice.
type InvoiceLine struct {
	AdditionID int `json:"additionId"`
	ProductID  int `json:"productId"`
	// ChildAgreementID is set on a parent's invoice for a line of a child agreement.
	ChildAgreementID int     `json:"childAgreementId,omitempty"`
	Quantity         float64 `json:"quantity"`
	UnitPrice        float64 `json:"unitPrice"`
	Fraction         float64 `json:"fraction"`
	Amount           float64 `json:"amount"`
	Description      string  `json:"description"`
}

// ErrNotBilled is the error of a preview (or invoice) of an agreement that has no
// recurring period: the Invoice beside it is still valid and bills 0.
var ErrNotBilled = errors.New("not billed")

var errNoAgreement = errors.New("agreement not found")

// InvoicePreview is what the invoice of agreementID for the period starting at
// periodStart bills, without recording anything. A zero periodStart means the next
// invoice: the period starting at the agreement's nextInvoiceDate, else the period that
// holds s.now(). These are the simulator's billing rules, the contract client code
// implements on its own and is tested against: change them only with that code.
//
// Cycle: billingCycle.name, case-insensitive, spaces and hyphens ignored: Monthly 1
// month, Bi-Monthly 2, Quarterly 3, Semi-Annual(ly) 6, Yearly/Annual(ly) 12; no
// billingCycle (or one without a name) is Monthly. Any other cycle (Weekly, Bi-Weekly,
// custom) and oneTimeFlag=true have no period: the invoice bills 0, NotBilled says why,
// and the error wraps ErrNotBilled.
//
// Periods are [start, end) in whole UTC days. invoicingCycle "ContractYear" counts them
// from billStartDate (else startDate) in steps of the cycle, the day of month clamped to
// short months; otherwise (CalendarYear, unset, or ContractYear without either date)
// they are calendar aligned: from the 1st of the months whose (month-1) is a multiple of
// the cycle. A periodStart on those boundaries addresses the period it starts; one off
// them (a nextInvoiceDate typed by hand) starts a period of one cycle from that day.
//
// Lines: every addition of the agreement whose billCustomer is Billable (or unset) and
// whose billing days [effectiveDate, cancelledDate], both included (no effectiveDate:
// from the beginning; no cancelledDate: open ended), overlap the period. An addition
// cancelled on or before its effective date bills nothing, or its one day under variant
// same-day-cancelled=bills-one-day. Amount = quantity × unitPrice × fraction, rounded to
// cents; lessIncluded is deliberately ignored (no test needs included quantities).
// Fraction is 1 unless the addition's agreement has prorateFlag=true: then the billed
// days inside the period over the period's days. A non-prorating agreement bills the
// whole period for any addition live on one of its days.
//
// Child agreements (parentAgreement set) are billed on the parent's invoice: their
// lines, prorated by the child's own prorateFlag over the parent's period, follow the
// parent's own, marked with ChildAgreementID. The child's own preview lists them too,
// so summing the previews of every agreement counts each child line twice: skip lines
// with a ChildAgreementID, or children, when adding up.
//
// Agreement status does not gate the preview (an addition bills by its own dates), and
// prorateFirstBill, invoiceProratedAdditionsFlag and billOneTimeFlag are stored but not
// billed: the integration never sets them.
func (s *Simulator) InvoicePreview(agreementID int, periodStart time.Time) (Invoice, error) {
	ag, ok := s.store.Get("agreements", agreementID)
	if !ok {
		return Invoice{}, fmt.Errorf("%w: agreement %d does not exist", errNoAgreement, agreementID)
	}
	return s.preview(ag, periodStart)
}

func (s *Simulator) preview(ag map[string]any, periodStart time.Time) (Invoice, error) {
	id, _ := intValue(ag["id"])
	inv := Invoice{AgreementID: id, Lines: []InvoiceLine{}}
	if cur, ok := ag["currency"].(map[string]any); ok {
		inv.Currency, _ = cur["currencyCode"].(string)
	}
	months, why := cycleMonths(ag)
	if months == 0 {
		inv.NotBilled = why
		return inv, fmt.Errorf("%w: %s", ErrNotBilled, why)
	}
	g := gridOf(ag, months)
	switch next, hasNext := parseDay(ag["nextInvoiceDate"]); {
	case !periodStart.IsZero():
		inv.PeriodStart, inv.PeriodEnd = g.startingAt(periodStart)
	case hasNext:
		inv.PeriodStart, inv.PeriodEnd = g.startingAt(next)
	default:
		inv.PeriodStart, inv.PeriodEnd = g.containing(s.now())
	}
	oneDay := s.variant(VariantSameDayCancelled) == "bills-one-day"
	inv.Lines = append(inv.Lines, s.agreementLines(ag, 0, inv, oneDay)...)
	for _, child := range s.store.listWhere("agreements", func(o map[string]any) bool {
		parent, ok := refID(o, "parentAgreement")
		return ok && parent == id
	}) {
		childID, _ := intValue(child["id"])
		inv.Lines = append(inv.Lines, s.agreementLines(child, childID, inv, oneDay)...)
	}
	var total float64
	for _, l := range inv.Lines {
		total += l.Amount
	}
	inv.Total = round2(total)
	return inv, nil
}

// agreementLines bills ag's additions over inv's period; childID marks the lines of a
// child agreement on its parent's invoice.
func (s *Simulator) agreementLines(ag map[string]any, childID int, inv Invoice, oneDay bool) []InvoiceLine {
	agID, _ := intValue(ag["id"])
	prorates := ag["prorateFlag"] == true
	var out []InvoiceLine
	for _, a := range s.store.listWhere("additions", func(o map[string]any) bool {
		id, _ := intValue(o["agreementId"])
		return id == agID
	}) {
		if l, ok := s.additionLine(a, prorates, inv.PeriodStart, inv.PeriodEnd, oneDay); ok {
			l.ChildAgreementID = childID
			out = append(out, l)
		}
	}
	return out
}

// additionLine bills one addition over [start, end), or says it bills nothing there.
func (s *Simulator) additionLine(a map[string]any, prorates bool, start, end time.Time, oneDay bool) (InvoiceLine, bool) {
	if bc, _ := a["billCustomer"].(string); bc != "" && bc != "Billable" {
		return InvoiceLine{}, false
	}
	from, hasFrom := parseDay(a["effectiveDate"])
	last, hasLast := parseDay(a["cancelledDate"])
	if hasFrom && hasLast && !last.After(from) {
		if !oneDay {
			return InvoiceLine{}, false
		}
		last = from
	}
	lo, hi := start, end
	if hasFrom && from.After(lo) {
		lo = from
	}
	if hasLast && last.AddDate(0, 0, 1).Before(hi) {
		hi = last.AddDate(0, 0, 1) // cancelledDate is the last day billed
	}
	if !lo.Before(hi) {
		return InvoiceLine{}, false
	}
	fraction := 1.0
	if prorates {
		fraction = float64(daysBetween(lo, hi)) / float64(daysBetween(start, end))
	}
	l := InvoiceLine{Quantity: num(a["quantity"]), UnitPrice: num(a["unitPrice"]), Fraction: fraction}
	l.AdditionID, _ = intValue(a["id"])
	l.ProductID, _ = refID(a, "product")
	l.Amount = round2(l.Quantity * l.UnitPrice * fraction)
	l.Description = s.lineDescription(a, l.ProductID)
	return l, true
}

// lineDescription is the text the customer reads: the addition's invoice description,
// else the catalog item's customer description, else the addition's description.
func (s *Simulator) lineDescription(a map[string]any, productID int) string {
	if d, _ := a["invoiceDescription"].(string); strings.TrimSpace(d) != "" {
		return d
	}
	if item, ok := s.store.Get("catalog", productID); ok {
		if d, _ := item["customerDescription"].(string); strings.TrimSpace(d) != "" {
			return d
		}
	}
	d, _ := a["description"].(string)
	return d
}
