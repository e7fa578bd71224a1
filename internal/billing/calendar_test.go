package billing

import (
	"strings"
	"testing"
	"time"
)

// TestAgreementPeriod: the period a run carries and the effective date of a create, for each
// kind of agreement calendar. Dates are UTC days; "" is no value.
func TestAgreementPeriod(t *testing.T) {
	ag := func(edit func(*Agreement)) Agreement {
		a := Agreement{ID: 17, CompanyID: 5, Name: "Acme Managed", Status: "Active"}
		if edit != nil {
			edit(&a)
		}
		return a
	}
	quarterly := func(a *Agreement) { a.BillingCycle = "Quarterly" }
	yearly := func(a *Agreement) { a.BillingCycle = "Yearly" }
	tests := []struct {
		name       string
		agreement  Agreement
		asOf       string
		start, end string // the period, [start, end)
		final      bool
		effective  string
		reason     string // a skip: part of the reason
	}{
		// Monthly, calendar aligned: the calendar month (the old behaviour).
		{"monthly mid-month", ag(nil), "2026-11-15T12:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-01", ""},
		{"monthly on the 1st: final numbers of the previous month", ag(nil), "2026-12-01T06:00:00Z", "2026-11-01", "2026-12-01", true, "2026-11-01", ""},
		{"no billingCycle read is monthly", ag(func(a *Agreement) { a.BillingCycle = "" }), "2026-11-15T00:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-01", ""},
		{"a site's own spelling of monthly", ag(func(a *Agreement) { a.BillingCycle = "MONTHLY" }), "2026-11-15T00:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-01", ""},

		// Quarterly and yearly: which period the run on the 1st carries.
		{"quarterly mid-quarter", ag(quarterly), "2026-11-15T00:00:00Z", "2026-10-01", "2027-01-01", false, "2026-10-01", ""},
		{"quarterly, run on 1 December: the current quarter, not final", ag(quarterly), "2026-12-01T00:00:00Z", "2026-10-01", "2027-01-01", false, "2026-10-01", ""},
		{"quarterly, run on 1 January: final numbers of October to December", ag(quarterly), "2027-01-01T00:00:00Z", "2026-10-01", "2027-01-01", true, "2026-10-01", ""},
		{"quarterly, run on 2 January: the new quarter", ag(quarterly), "2027-01-02T00:00:00Z", "2027-01-01", "2027-04-01", false, "2027-01-01", ""},
		{"yearly mid-year", ag(yearly), "2026-11-15T00:00:00Z", "2026-01-01", "2027-01-01", false, "2026-01-01", ""},
		{"yearly, run on 1 December: the current year", ag(yearly), "2026-12-01T00:00:00Z", "2026-01-01", "2027-01-01", false, "2026-01-01", ""},
		{"yearly, run on 1 January: final numbers of the year", ag(yearly), "2027-01-01T00:00:00Z", "2026-01-01", "2027-01-01", true, "2026-01-01", ""},
		{"semi-annual from July", ag(func(a *Agreement) { a.BillingCycle = "Semi-Annual" }), "2026-11-15T00:00:00Z", "2026-07-01", "2027-01-01", false, "2026-07-01", ""},

		// Contract-year invoicing: periods run from the billing start date.
		{"contract year, quarterly from 15 February", ag(func(a *Agreement) {
			quarterly(a)
			a.InvoicingCycle, a.StartDate, a.BillStartDate = "ContractYear", atp("2026-02-15T00:00:00Z"), atp("2026-02-15T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2026-11-15", "2027-02-15", false, "2026-11-15", ""},
		{"contract year, monthly from the 31st: February is clamped", ag(func(a *Agreement) {
			a.InvoicingCycle, a.BillStartDate = "ContractYear", atp("2026-01-31T00:00:00Z")
		}), "2026-03-10T00:00:00Z", "2026-02-28", "2026-03-31", false, "2026-02-28", ""},
		{"contract year, the first day of a period is final for the previous one", ag(func(a *Agreement) {
			a.InvoicingCycle, a.BillStartDate = "ContractYear", atp("2026-01-15T00:00:00Z")
		}), "2026-11-15T08:00:00Z", "2026-10-15", "2026-11-15", true, "2026-10-15", ""},

		// Billing start: a create is never dated before it.
		{"onboarded on the 15th: effective the 15th", ag(func(a *Agreement) {
			a.StartDate, a.BillStartDate = atp("2026-11-15T00:00:00Z"), atp("2026-11-15T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-15", ""},
		{"free first month: billing starts after the period", ag(func(a *Agreement) {
			a.StartDate, a.BillStartDate = atp("2026-10-01T00:00:00Z"), atp("2026-12-01T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "", "", false, "", "starts billing on 2026-12-01 (billStartDate), after the billing period (November 2026)"},
		{"free first month: the final run on 1 December still skips November", ag(func(a *Agreement) {
			a.StartDate, a.BillStartDate = atp("2026-10-01T00:00:00Z"), atp("2026-12-01T00:00:00Z")
		}), "2026-12-01T03:00:00Z", "", "", false, "", "after the billing period (November 2026)"},
		{"free first month: billed from 2 December", ag(func(a *Agreement) {
			a.StartDate, a.BillStartDate = atp("2026-10-01T00:00:00Z"), atp("2026-12-01T00:00:00Z")
		}), "2026-12-02T00:00:00Z", "2026-12-01", "2027-01-01", false, "2026-12-01", ""},

		// Invoiced periods.
		{"does not prorate, current month invoiced: from the next invoice date, next period", ag(func(a *Agreement) {
			a.NextInvoiceDate = atp("2026-12-01T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2026-12-01", "2027-01-01", false, "2026-12-01", ""},
		{"does not prorate, final run on the 1st: the month after, not the invoiced one", ag(func(a *Agreement) {
			a.NextInvoiceDate = atp("2027-01-01T00:00:00Z")
		}), "2026-12-01T02:00:00Z", "2027-01-01", "2027-02-01", false, "2027-01-01", ""},
		{"does not prorate, not invoiced yet: the period's start", ag(func(a *Agreement) {
			a.NextInvoiceDate = atp("2026-11-01T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-01", ""},
		{"prorates, invoiced: dated inside the period (ConnectWise prorates it)", ag(func(a *Agreement) {
			a.Prorate, a.NextInvoiceDate = true, atp("2026-12-01T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2026-11-01", "2026-12-01", false, "2026-11-01", ""},
		{"quarterly, does not prorate, quarter invoiced: the next quarter", ag(func(a *Agreement) {
			quarterly(a)
			a.NextInvoiceDate = atp("2027-01-01T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "2027-01-01", "2027-04-01", false, "2027-01-01", ""},
		{"next invoice date after the end date: nothing can start", ag(func(a *Agreement) {
			a.NextInvoiceDate, a.EndDate = atp("2026-12-01T00:00:00Z"), atp("2026-11-30T00:00:00Z")
		}), "2026-11-20T00:00:00Z", "", "", false, "", "ends on 2026-11-30, before new additions could start on 2026-12-01"},

		// Agreements the sync does not bill.
		{"one-time agreement", ag(func(a *Agreement) { a.OneTime = true }), "2026-11-20T00:00:00Z", "", "", false, "", "one-time agreement (oneTimeFlag)"},
		{"bills one time", ag(func(a *Agreement) { a.BillOneTime = true }), "2026-11-20T00:00:00Z", "", "", false, "", "bills one time (billOneTimeFlag)"},
		{"not recurring", ag(func(a *Agreement) { a.BillingCycle = "Not Recurring" }), "2026-11-20T00:00:00Z", "", "", false, "", `is not recurring (billingCycle "Not Recurring")`},
		{"weekly", ag(func(a *Agreement) { a.BillingCycle = "Weekly" }), "2026-11-20T00:00:00Z", "", "", false, "", `billing cycle "Weekly" (billingCycle), which the sync cannot bill by`},
		{"starts after the period", ag(func(a *Agreement) { a.StartDate = atp("2026-12-01T00:00:00Z") }), "2026-11-20T00:00:00Z", "", "", false, "", "starts on 2026-12-01, after the billing period"},
		{"ended before the period", ag(func(a *Agreement) { a.EndDate = atp("2026-10-31T00:00:00Z") }), "2026-11-20T00:00:00Z", "", "", false, "", "ended on 2026-10-31, before the billing period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok, reason := AgreementPeriod(tt.agreement, at(tt.asOf))
			if tt.reason != "" {
				if ok || !strings.Contains(reason, tt.reason) || !strings.Contains(reason, "agreement 17") {
					t.Fatalf("got ok=%v %q, want a skip naming agreement 17 and %q", ok, reason, tt.reason)
				}
				return
			}
			if !ok {
				t.Fatalf("skipped: %s", reason)
			}
			p := b.Period
			if got := day(p.Start) + " " + day(p.End()); got != tt.start+" "+tt.end || p.Final != tt.final {
				t.Errorf("period %s final=%v, want [%s, %s) final=%v", got, p.Final, tt.start, tt.end, tt.final)
			}
			if day(b.Effective) != tt.effective || b.Effective.Location() != time.UTC || !b.Effective.Equal(dayOf(b.Effective)) {
				t.Errorf("effective %s, want %s at 00:00 UTC", b.Effective, tt.effective)
			}
			if b.Effective.Before(p.Start) || !b.Effective.Before(p.End()) {
				t.Errorf("effective %s outside its period %s", day(b.Effective), p)
			}
		})
	}
}

// Every period of every cycle tiles time: consecutive, no gap, each holds the instants it
// claims, over three years of days and each anchor day of a month.
func TestCalendarTiles(t *testing.T) {
	for _, cycle := range Cycles {
		for _, anchor := range []string{"", "2025-01-31", "2025-02-28", "2025-03-15"} {
			c := calendar{months: cycleMonths[cycle], cycle: cycle}
			if anchor != "" {
				c.anchor = at(anchor + "T00:00:00Z")
			}
			prev := c.containing(at("2026-01-01T00:00:00Z"))
			for d := at("2026-01-01T00:00:00Z"); d.Before(at("2029-01-01T00:00:00Z")); d = d.AddDate(0, 0, 1) {
				p := c.containing(d)
				if d.Before(p.Start) || !d.Before(p.End()) {
					t.Fatalf("%s anchor %q: %s not in its period %s", cycle, anchor, day(d), p)
				}
				if !p.Start.Equal(prev.Start) && !p.Start.Equal(prev.End()) {
					t.Fatalf("%s anchor %q: period %s does not follow %s", cycle, anchor, p, prev)
				}
				prev = p
			}
		}
	}
}

func TestPeriodString(t *testing.T) {
	for _, tt := range []struct {
		p    Period
		want string
	}{
		{BillingPeriod(at("2026-11-15T00:00:00Z")), "November 2026"},
		{calendar{months: 3, cycle: CycleQuarterly}.containing(at("2026-11-15T00:00:00Z")), "2026-10-01 to 2026-12-31 (Quarterly)"},
		{calendar{months: 12, cycle: CycleYearly}.containing(at("2026-11-15T00:00:00Z")), "2026-01-01 to 2026-12-31 (Yearly)"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// A site names its billing cycles in its own words: the recurrence is read from them.
func TestCanonicalCycle(t *testing.T) {
	for name, want := range map[string]string{
		"Monthly": CycleMonthly, "MONTHLY": CycleMonthly, "Monthly - in advance": CycleMonthly, "month": CycleMonthly,
		"Bi-Monthly": CycleBiMonthly, "Every other month": CycleBiMonthly,
		"Quarterly": CycleQuarterly, "Quarterly (Jan/Apr/Jul/Oct)": CycleQuarterly,
		"Semi-Annual": CycleSemiAnnual, "Semi-Annually": CycleSemiAnnual, "Half-yearly": CycleSemiAnnual, "Biannual": CycleSemiAnnual,
		"Yearly": CycleYearly, "Annual": CycleYearly, "Annual billing": CycleYearly, "Annually": CycleYearly,
		"Weekly": "", "Bi-Weekly": "", "Semi-Monthly": "", "Triennial": "", "": "", "Custom": "",
	} {
		if got := CanonicalCycle(name); got != want {
			t.Errorf("CanonicalCycle(%q) = %q, want %q", name, got, want)
		}
	}
}
