package billing

import (
	"fmt"
	"strings"
	"time"
)

// The billing calendar of one agreement: which period a run at as_of carries, and the
// effective date of the additions it creates. It is decided here once, from the
// agreement's own fields (billingCycle, invoicingCycle, startDate, billStartDate,
// nextInvoiceDate, prorateFlag); the calendar month is only the monthly case.

// Billing cycles the sync can bill by (billingCycle/name, as ConnectWise's Billing Cycle
// setup table names their recurrence). Weekly and bi-weekly cycles do not fall on month
// boundaries, and "Not Recurring" agreements issue no recurring invoice: neither is billed.
const (
	CycleMonthly    = "Monthly"
	CycleBiMonthly  = "Bi-Monthly"
	CycleQuarterly  = "Quarterly"
	CycleSemiAnnual = "Semi-Annual"
	CycleYearly     = "Yearly"
)

// Cycles lists the cycles a customer mapping may allow, shortest first.
var Cycles = []string{CycleMonthly, CycleBiMonthly, CycleQuarterly, CycleSemiAnnual, CycleYearly}

var cycleMonths = map[string]int{CycleMonthly: 1, CycleBiMonthly: 2, CycleQuarterly: 3, CycleSemiAnnual: 6, CycleYearly: 12}

// CanonicalCycle returns the cycle a billingCycle name stands for, or "" when the sync cannot
// bill by it. The names are the descriptions of the site's own Billing Cycle setup table
// ("Monthly", "MONTHLY", "Monthly - in advance", "Annual billing"), so the recurrence is read
// from the words, case, spaces, hyphens and underscores ignored. Weekly, bi-weekly and
// semi-monthly cycles do not fall on month boundaries: "".
func CanonicalCycle(name string) string {
	f := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(name)))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(f, w) {
				return true
			}
		}
		return false
	}
	switch {
	case f == "" || has("week", "semimonth", "twiceamonth", "daily"):
		return ""
	case has("bimonth", "everyothermonth", "twomonth", "2month"):
		return CycleBiMonthly
	case has("quarter", "threemonth", "3month"):
		return CycleQuarterly
	case has("semiannual", "halfyear", "halfannual", "biannual", "sixmonth", "6month", "semiyear"):
		return CycleSemiAnnual
	case has("annual", "year", "twelvemonth", "12month"):
		return CycleYearly
	case has("month"):
		return CycleMonthly
	}
	return ""
}

// nonRecurring reports a billingCycle name for agreements that issue no recurring invoice.
func nonRecurring(name string) bool {
	f := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(name))
	return f == "notrecurring" || f == "nonrecurring" || f == "onetime"
}

// Period is the billing period a run carries numbers for, for one agreement: [Start, End).
type Period struct {
	Start time.Time // 00:00:00 UTC of the first day
	end   time.Time // zero: one calendar month after Start (the monthly case)
	Cycle string    // one of Cycles; "" is Monthly
	// Final is set for a run on the first day of the next period: it carries the final
	// numbers of this one.
	Final bool
	// Rolled is set when the period the run was meant for is already invoiced on an
	// agreement that does not prorate: new additions can only start at the next invoice,
	// so the run carries its numbers into the first period it can still write.
	Rolled bool
}

// End is the first instant after the period.
func (p Period) End() time.Time {
	if p.end.IsZero() {
		return p.Start.AddDate(0, 1, 0)
	}
	return p.end
}

// String names the period: "November 2026" for a calendar month, else its first and last
// days, e.g. "2026-10-01 to 2026-12-31 (Quarterly)".
func (p Period) String() string {
	end := p.End()
	if p.Start.Day() == 1 && end.Equal(p.Start.AddDate(0, 1, 0)) {
		return p.Start.Format("January 2006")
	}
	return fmt.Sprintf("%s to %s (%s)", day(p.Start), day(end.AddDate(0, 0, -1)), cmpOr(p.Cycle, CycleMonthly))
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// BillingPeriod is the calendar-month period of a run at asOf, taken in UTC: on the 1st
// of a month the final numbers of the previous month, on any other day the current month.
// It is the period of a monthly, calendar-invoiced agreement; [AgreementPeriod] gives any
// agreement's, and the engine judges every agreement by that one.
func BillingPeriod(asOf time.Time) Period {
	return calendar{months: 1}.period(asOf)
}

// calendar is an agreement's cycle and the date its periods are counted from.
type calendar struct {
	months int
	cycle  string
	anchor time.Time // a period start; zero: calendar aligned (1 January)
}

// boundary returns the start of the k-th period from the anchor (k may be negative), the
// day clamped to the length of its month (a contract year from 31 January has a period from
// 28 February).
func (c calendar) boundary(anchor time.Time, k int) time.Time {
	y, m, d := anchor.Date()
	total := int(m) - 1 + k*c.months
	y += floorDiv(total, 12)
	mon := time.Month(total - floorDiv(total, 12)*12 + 1)
	if last := time.Date(y, mon+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// containing returns the period that holds t.
func (c calendar) containing(t time.Time) Period {
	anchor := c.anchor
	if anchor.IsZero() {
		anchor = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// Estimate k from the month distance, then correct by at most a step either way.
	months := (t.Year()-anchor.Year())*12 + int(t.Month()) - int(anchor.Month())
	k := floorDiv(months, c.months)
	for c.boundary(anchor, k).After(t) {
		k--
	}
	for !c.boundary(anchor, k+1).After(t) {
		k++
	}
	return Period{Start: c.boundary(anchor, k), end: c.boundary(anchor, k+1), Cycle: c.cycle}
}

// period is the period a run at asOf carries: the one that holds asOf, or, on the first day
// of a period, the previous one with its final numbers.
func (c calendar) period(asOf time.Time) Period {
	t := asOf.UTC()
	p := c.containing(t)
	if t.Before(p.Start.AddDate(0, 0, 1)) {
		prev := c.containing(p.Start.Add(-time.Nanosecond))
		prev.Final = true
		return prev
	}
	return p
}

// calendarOf reads an agreement's calendar. With invoicingCycle ContractYear, periods run
// from the billing start date (else the start date); otherwise they are calendar aligned
// (months, quarters from January, years from 1 January). ok is false, with a clause, when
// the sync cannot bill by the agreement's cycle.
func calendarOf(a Agreement) (calendar, string) {
	switch {
	case a.OneTime:
		return calendar{}, fmt.Sprintf("agreement %d%s is a one-time agreement (oneTimeFlag): the sync bills recurring agreements only", a.ID, named(a.Name))
	case a.BillOneTime:
		return calendar{}, fmt.Sprintf("agreement %d%s bills one time (billOneTimeFlag): the sync bills recurring agreements only", a.ID, named(a.Name))
	case nonRecurring(a.BillingCycle):
		return calendar{}, fmt.Sprintf("agreement %d%s is not recurring (billingCycle %q): the sync bills recurring agreements only", a.ID, named(a.Name), a.BillingCycle)
	}
	cycle := CycleMonthly // no billingCycle read: the sync has always billed such agreements monthly
	if a.BillingCycle != "" {
		if cycle = CanonicalCycle(a.BillingCycle); cycle == "" {
			return calendar{}, fmt.Sprintf("agreement %d%s bills on the billing cycle %q (billingCycle), which the sync cannot bill by: it bills %s",
				a.ID, named(a.Name), a.BillingCycle, strings.Join(Cycles, ", "))
		}
	}
	c := calendar{months: cycleMonths[cycle], cycle: cycle}
	if strings.EqualFold(a.InvoicingCycle, "ContractYear") {
		switch {
		case a.BillStartDate != nil:
			c.anchor = dayOf(*a.BillStartDate)
		case a.StartDate != nil:
			c.anchor = dayOf(*a.StartDate)
		}
	}
	return c, ""
}

func dayOf(t time.Time) time.Time {
	u := t.UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
}

// AgreementBilling is what a run at asOf bills on one agreement: the period it carries and
// the effective date of the additions it creates there.
type AgreementBilling struct {
	Period Period
	// Effective is the effective date of a created addition: the latest of the period's
	// start, the agreement's startDate and billStartDate, and, on an agreement that does not
	// prorate, its nextInvoiceDate (ConnectWise refuses an addition dated inside a period it
	// has invoiced). Updates never move an addition's dates.
	Effective time.Time
	// Note explains a period or date that is not the obvious one, for reports; "" otherwise.
	Note string
}

// AgreementPeriod returns the billing of agreement a for a run at asOf, or ok false and a
// clause saying why the sync does not bill it: a cycle it cannot bill by, a one-time
// agreement, billing that starts after the period, an agreement that starts after the period
// or ended before it. It judges only the agreement's calendar; [CustomerBillability] adds the
// status, company and mapping checks.
func AgreementPeriod(a Agreement, asOf time.Time) (b AgreementBilling, ok bool, reason string) {
	cal, reason := calendarOf(a)
	if reason != "" {
		return b, false, reason
	}
	p := cal.period(asOf)
	switch {
	case a.StartDate != nil && !a.StartDate.Before(p.End()):
		return b, false, fmt.Sprintf("agreement %d%s starts on %s, after the billing period (%s)", a.ID, named(a.Name), day(*a.StartDate), p)
	case a.BillStartDate != nil && !a.BillStartDate.Before(p.End()):
		return b, false, fmt.Sprintf("agreement %d%s starts billing on %s (billStartDate), after the billing period (%s)", a.ID, named(a.Name), day(*a.BillStartDate), p)
	case a.EndDate != nil && a.EndDate.Before(p.Start):
		return b, false, fmt.Sprintf("agreement %d%s ended on %s, before the billing period (%s)", a.ID, named(a.Name), day(*a.EndDate), p)
	}
	eff := p.Start
	for _, d := range []*time.Time{a.StartDate, a.BillStartDate} {
		if d != nil && dayOf(*d).After(eff) {
			eff = dayOf(*d)
		}
	}
	b = AgreementBilling{Period: p, Effective: eff}
	if !a.Prorate && a.NextInvoiceDate != nil && dayOf(*a.NextInvoiceDate).After(eff) {
		next := dayOf(*a.NextInvoiceDate)
		b.Effective = next
		b.Note = fmt.Sprintf("agreement %d does not prorate and is invoiced up to %s (nextInvoiceDate): new additions start on that date",
			a.ID, day(next.AddDate(0, 0, -1)))
		if !next.Before(p.End()) {
			rolled := cal.containing(next)
			rolled.Rolled = true
			b.Period = rolled
			b.Note += fmt.Sprintf(", so this run's numbers go to the period %s", rolled)
		}
	}
	if a.EndDate != nil && a.EndDate.Before(b.Effective) {
		return AgreementBilling{}, false, fmt.Sprintf("agreement %d%s ends on %s, before new additions could start on %s", a.ID, named(a.Name), day(*a.EndDate), day(b.Effective))
	}
	return b, true, ""
}
