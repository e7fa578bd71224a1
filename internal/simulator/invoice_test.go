package simulator

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestCycleMonths(t *testing.T) {
	cases := []struct {
		cycle   any // the billingCycle field; nil = absent
		oneTime bool
		want    int
	}{
		{nil, false, 1},
		{obj{"id": 2}, false, 1},
		{obj{"name": "Monthly"}, false, 1},
		{obj{"name": "Bi-Monthly"}, false, 2},
		{obj{"name": "BiMonthly"}, false, 2},
		{obj{"name": "QUARTERLY"}, false, 3},
		{obj{"name": "Semi-Annual"}, false, 6},
		{obj{"name": "Semi Annually"}, false, 6},
		{obj{"name": "SemiAnnually"}, false, 6},
		{obj{"name": "Yearly"}, false, 12},
		{obj{"name": "Annual"}, false, 12},
		{obj{"name": "annually"}, false, 12},
		{obj{"name": "Weekly"}, false, 0},
		{obj{"name": "Bi-Weekly"}, false, 0},
		{obj{"name": "Every 4 weeks"}, false, 0},
		{obj{"name": "Monthly"}, true, 0},
	}
	for _, tc := range cases {
		ag := obj{"id": 1.0, "oneTimeFlag": tc.oneTime}
		if tc.cycle != nil {
			ag["billingCycle"] = tc.cycle
		}
		got, why := cycleMonths(ag)
		if got != tc.want || (got == 0) != (why != "") {
			t.Errorf("cycle %v oneTime %v: %d %q, want %d", tc.cycle, tc.oneTime, got, why, tc.want)
		}
	}
}

// wantLine is one expected invoice line.
type wantLine struct {
	addition, child int
	fraction        float64
	amount          float64
}

// TestInvoicePreview: periods, proration and which additions bill. Every agreement is
// agreement 40 billing on the cycle given; additions are 2 × 10.00 unless said.
func TestInvoicePreview(t *testing.T) {
	nov := func(days float64) float64 { return days / 30 } // November has 30 days
	add := func(id int, eff, cancelled string, extra ...any) obj {
		a := obj{"id": id, "agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0}
		if eff != "" {
			a["effectiveDate"] = eff + "T00:00:00Z"
		}
		if cancelled != "" {
			a["cancelledDate"] = cancelled + "T00:00:00Z"
		}
		for i := 0; i < len(extra); i += 2 {
			a[extra[i].(string)] = extra[i+1]
		}
		return a
	}
	monthly := obj{"billingCycle": obj{"id": 2, "name": "Monthly"}}
	with := func(base obj, kv ...any) obj {
		o := deepCopy(base).(obj)
		for i := 0; i < len(kv); i += 2 {
			o[kv[i].(string)] = kv[i+1]
		}
		return o
	}
	cycle := func(name string, kv ...any) obj { return with(obj{"billingCycle": obj{"id": 9, "name": name}}, kv...) }
	cases := []struct {
		name       string
		agreement  obj
		additions  []obj
		periodFrom time.Time // argument of InvoicePreview
		variant    string    // same-day-cancelled
		start, end string
		lines      []wantLine
	}{
		{"monthly, period holding now", with(monthly), []obj{add(1, "2025-01-01", "")}, time.Time{}, "",
			"2026-11-01", "2026-12-01", []wantLine{{1, 0, 1, 20}}},
		{"monthly, from nextInvoiceDate", with(monthly, "nextInvoiceDate", "2026-12-01T00:00:00Z"), []obj{add(1, "2025-01-01", "")}, time.Time{}, "",
			"2026-12-01", "2027-01-01", []wantLine{{1, 0, 1, 20}}},
		{"monthly, date-only nextInvoiceDate", with(monthly, "nextInvoiceDate", "2027-02-01"), []obj{add(1, "", "")}, time.Time{}, "",
			"2027-02-01", "2027-03-01", []wantLine{{1, 0, 1, 20}}},
		{"monthly, periodStart given", with(monthly, "nextInvoiceDate", "2026-12-01T00:00:00Z"), []obj{add(1, "2025-01-01", "")}, day("2026-10-01"), "",
			"2026-10-01", "2026-11-01", []wantLine{{1, 0, 1, 20}}},
		{"monthly, nextInvoiceDate off the grid", with(monthly, "nextInvoiceDate", "2026-11-10T00:00:00Z"), nil, time.Time{}, "",
			"2026-11-10", "2026-12-10", nil},
		{"no billing cycle is monthly", obj{}, nil, time.Time{}, "", "2026-11-01", "2026-12-01", nil},
		{"bi-monthly", cycle("Bi-Monthly"), nil, time.Time{}, "", "2026-11-01", "2027-01-01", nil},
		{"quarterly, prorated", cycle("Quarterly", "prorateFlag", true), []obj{add(1, "2026-11-01", "")}, time.Time{}, "",
			"2026-10-01", "2027-01-01", []wantLine{{1, 0, 61.0 / 92, 13.26}}},
		{"semi-annual", cycle("Semi-Annually"), nil, time.Time{}, "", "2026-07-01", "2027-01-01", nil},
		{"yearly", cycle("Yearly"), []obj{add(1, "2026-12-31", "")}, time.Time{}, "", "2026-01-01", "2027-01-01", []wantLine{{1, 0, 1, 20}}},
		{"contract year, quarterly from billStartDate", cycle("Quarterly", "invoicingCycle", "ContractYear",
			"startDate", "2025-01-01T00:00:00Z", "billStartDate", "2025-03-15T00:00:00Z"), nil, time.Time{}, "", "2026-09-15", "2026-12-15", nil},
		{"contract year, monthly from startDate, clamped", with(monthly, "invoicingCycle", "ContractYear",
			"startDate", "2025-01-31T00:00:00Z", "nextInvoiceDate", "2026-02-28T00:00:00Z"), nil, time.Time{}, "", "2026-02-28", "2026-03-31", nil},
		{"contract year, yearly from a leap day", cycle("Yearly", "invoicingCycle", "ContractYear",
			"startDate", "2024-02-29T00:00:00Z"), nil, time.Time{}, "", "2026-02-28", "2027-02-28", nil},
		{"contract year, now before the anchor", with(monthly, "invoicingCycle", "ContractYear",
			"startDate", "2027-03-10T00:00:00Z"), nil, time.Time{}, "", "2026-11-10", "2026-12-10", nil},
		{"calendar year ignores the start date", with(monthly, "invoicingCycle", "CalendarYear",
			"startDate", "2025-01-31T00:00:00Z"), nil, time.Time{}, "", "2026-11-01", "2026-12-01", nil},
		{"proration fractions", with(monthly, "prorateFlag", true), []obj{
			add(1, "2026-11-16", ""),                                           // 16th to 30th: 15 days
			add(2, "2025-01-01", "2026-11-10"),                                 // 1st to 10th, both included
			add(3, "2026-11-05", "2026-11-14"),                                 // 10 days
			add(4, "2025-01-01", "2026-10-31"),                                 // ended before
			add(5, "2026-12-01", ""),                                           // starts after
			add(6, "2026-11-30", "", "quantity", 3.0),                          // the last day
			add(7, "", "", "unitPrice", 9.99),                                  // the whole period
			add(8, "2026-11-01", "2026-11-30"),                                 // the whole period, cancelled on its last day
			add(9, "2026-10-01", "2026-12-01"),                                 // beyond both ends
			add(10, "2026-11-10", "", "cancelledDate", "2026-11-10T18:00:00Z"), // later on its first day is still that day
		}, time.Time{}, "", "2026-11-01", "2026-12-01", []wantLine{
			{1, 0, nov(15), 10}, {2, 0, nov(10), 6.67}, {3, 0, nov(10), 6.67}, {6, 0, nov(1), 1},
			{7, 0, 1, 19.98}, {8, 0, 1, 20}, {9, 0, 1, 20},
		}},
		{"not prorating bills whole periods", with(monthly, "prorateFlag", false), []obj{
			add(1, "2026-11-16", ""), add(2, "2025-01-01", "2026-11-01"), add(4, "2025-01-01", "2026-10-31"), add(5, "2026-12-01", ""),
		}, time.Time{}, "", "2026-11-01", "2026-12-01", []wantLine{{1, 0, 1, 20}, {2, 0, 1, 20}}},
		{"bill customer", with(monthly), []obj{
			add(1, "", "", "billCustomer", "DoNotBill"), add(2, "", "", "billCustomer", "NoCharge"), add(3, "", "", "billCustomer", nil),
		}, time.Time{}, "", "2026-11-01", "2026-12-01", []wantLine{{3, 0, 1, 20}}},
		{"same day cancelled, bills nothing", with(monthly, "prorateFlag", true), []obj{
			add(1, "2026-11-10", "2026-11-10"), add(2, "2026-11-10", "2026-11-09"),
		}, time.Time{}, "bills-nothing", "2026-11-01", "2026-12-01", nil},
		{"same day cancelled, one day prorated", with(monthly, "prorateFlag", true), []obj{
			add(1, "2026-11-10", "2026-11-10"), add(2, "2026-11-10", "2026-11-09"), add(3, "2026-10-31", "2026-10-30"),
		}, time.Time{}, "bills-one-day", "2026-11-01", "2026-12-01", []wantLine{{1, 0, nov(1), 0.67}, {2, 0, nov(1), 0.67}}},
		{"same day cancelled, one day of a non-prorating agreement", with(monthly), []obj{
			add(1, "2026-11-10", "2026-11-10"),
		}, time.Time{}, "bills-one-day", "2026-11-01", "2026-12-01", []wantLine{{1, 0, 1, 20}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := testData()
			d.Agreements = append(d.Agreements, billingAgreement(40, tc.agreement))
			d.Additions = tc.additions
			var v Variants
			if tc.variant != "" {
				if err := v.Set(VariantSameDayCancelled, tc.variant); err != nil {
					t.Fatal(err)
				}
			}
			s := New(Options{Data: d, Now: billingNowFn, Variants: v})
			inv, err := s.InvoicePreview(40, tc.periodFrom)
			if err != nil {
				t.Fatal(err)
			}
			if !inv.PeriodStart.Equal(day(tc.start)) || !inv.PeriodEnd.Equal(day(tc.end)) {
				t.Errorf("period [%s, %s), want [%s, %s)", dayString(inv.PeriodStart), dayString(inv.PeriodEnd), tc.start, tc.end)
			}
			checkLines(t, inv, tc.lines)
			if len(s.Invoices()) != 0 {
				t.Error("a preview recorded an invoice")
			}
		})
	}
}

func checkLines(t *testing.T, inv Invoice, want []wantLine) {
	t.Helper()
	var total float64
	for _, w := range want {
		total += w.amount
	}
	if len(inv.Lines) != len(want) || math.Abs(inv.Total-round2(total)) > 1e-9 {
		t.Fatalf("lines %+v total %v; want %+v total %v", inv.Lines, inv.Total, want, round2(total))
	}
	for i, w := range want {
		l := inv.Lines[i]
		if l.AdditionID != w.addition || l.ChildAgreementID != w.child || math.Abs(l.Fraction-w.fraction) > 1e-9 || l.Amount != w.amount {
			t.Errorf("line %d: %+v, want %+v", i, l, w)
		}
	}
}

// A child agreement's lines are on its parent's invoice (marked) and on its own.
func TestInvoicePreviewChildAgreement(t *testing.T) {
	d := testData()
	d.Agreements = append(d.Agreements,
		billingAgreement(40, obj{"prorateFlag": true, "currency": obj{"id": 1, "currencyCode": "USD"}}),
		billingAgreement(41, obj{"parentAgreement": obj{"id": 40}, "prorateFlag": false,
			"nextInvoiceDate": "2026-12-01T00:00:00Z", "currency": obj{"id": 2, "currencyCode": "EUR"}}),
		billingAgreement(42, obj{"parentAgreement": obj{"id": 10}}), // another parent's child
	)
	d.Additions = []obj{
		{"id": 1, "agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 1.0, "unitPrice": 30.0, "effectiveDate": "2026-11-16T00:00:00Z"},
		{"id": 2, "agreementId": 41, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0, "effectiveDate": "2026-11-16T00:00:00Z"},
		{"id": 3, "agreementId": 42, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0},
	}
	s := New(Options{Data: d, Now: billingNowFn})
	parent, err := s.InvoicePreview(40, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// The child's line uses the parent's period (November) and the child's proration (none).
	checkLines(t, parent, []wantLine{{1, 0, 0.5, 15}, {2, 41, 1, 20}})
	if parent.Currency != "USD" {
		t.Errorf("currency %q", parent.Currency)
	}
	child, err := s.InvoicePreview(41, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, child, []wantLine{{2, 0, 1, 20}})
	if child.Currency != "EUR" || !child.PeriodStart.Equal(day("2026-12-01")) {
		t.Errorf("child invoice %+v", child)
	}
}

// Agreements without a recurring period bill nothing, and say why.
func TestInvoicePreviewNotBilled(t *testing.T) {
	for name, extra := range map[string]obj{
		"one time":      {"oneTimeFlag": true},
		"weekly":        {"billingCycle": obj{"id": 5, "name": "Weekly"}},
		"custom cycle":  {"billingCycle": obj{"id": 6, "name": "Every 4 weeks"}},
		"one time, too": {"oneTimeFlag": true, "billingCycle": obj{"id": 2, "name": "Monthly"}},
	} {
		t.Run(name, func(t *testing.T) {
			d := testData()
			d.Agreements = append(d.Agreements, billingAgreement(40, extra))
			d.Additions = []obj{{"id": 1, "agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 1.0, "unitPrice": 30.0}}
			inv, err := New(Options{Data: d, Now: billingNowFn}).InvoicePreview(40, time.Time{})
			if !errors.Is(err, ErrNotBilled) || inv.NotBilled == "" || inv.Total != 0 || len(inv.Lines) != 0 || !inv.PeriodStart.IsZero() || inv.AgreementID != 40 {
				t.Errorf("preview %+v, %v", inv, err)
			}
		})
	}
	if _, err := New(Options{Data: testData()}).InvoicePreview(99, time.Time{}); err == nil || errors.Is(err, ErrNotBilled) {
		t.Errorf("unknown agreement: %v", err)
	}
}
