package billing

import (
	"strings"
	"testing"
)

// TestPlanCalendarRules: the cases as Plan sees them. Each case is base() (one
// customer, one product, usage 42, no additions, mid-November) edited.
func TestPlanCalendarRules(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*Input)
		kind      Kind
		reason    string // part of the reason
		effective string // a create's effective date
	}{
		{"mid-month onboarding: dated the billing start, not the 1st", func(in *Input) {
			a := in.Agreements[17]
			a.StartDate, a.BillStartDate = atp("2026-11-15T00:00:00Z"), atp("2026-11-15T00:00:00Z")
			in.Agreements[17] = a
		}, Create, "create with quantity 42, effective 2026-11-15 (the agreement's startDate or billStartDate)", "2026-11-15"},
		{"free first month: skipped, naming billStartDate", func(in *Input) {
			a := in.Agreements[17]
			a.BillStartDate = atp("2026-12-01T00:00:00Z")
			in.Agreements[17] = a
		}, Skip, "agreement 17 (Acme Managed) starts billing on 2026-12-01 (billStartDate)", ""},
		{"invoiced, does not prorate: dated the next invoice date", func(in *Input) {
			a := in.Agreements[17]
			a.NextInvoiceDate = atp("2026-12-01T00:00:00Z")
			in.Agreements[17] = a
		}, Create, "create with quantity 42, effective 2026-12-01 (agreement 17 does not prorate and is invoiced up to 2026-11-30 (nextInvoiceDate): new additions start on that date, so this run's numbers go to the period December 2026)", "2026-12-01"},
		{"quarterly without the mapping's opt-in: skipped, naming billingCycle and billing_cycle", func(in *Input) {
			a := in.Agreements[17]
			a.BillingCycle = "Quarterly"
			in.Agreements[17] = a
		}, Skip, `agreement 17 (Acme Managed) bills Quarterly (billingCycle "Quarterly"), not Monthly as the customer mapping of organization org-1 allows (billing_cycle)`, ""},
		{"quarterly with the opt-in: the quarter's start", func(in *Input) {
			a := in.Agreements[17]
			a.BillingCycle = "Quarterly"
			in.Agreements[17] = a
			in.Customers[0].BillingCycle = CycleQuarterly
		}, Create, "create with quantity 42, effective 2026-10-01 (the start of the quarterly billing period 2026-10-01 to 2026-12-31 (Quarterly))", "2026-10-01"},
		{"the mapping allows yearly, the agreement is monthly: skipped", func(in *Input) {
			in.Customers[0].BillingCycle = CycleYearly
		}, Skip, "not Yearly as the customer mapping of organization org-1 allows (billing_cycle)", ""},
		{"one-time agreement: skipped", func(in *Input) {
			a := in.Agreements[17]
			a.OneTime = true
			in.Agreements[17] = a
		}, Skip, "one-time agreement (oneTimeFlag)", ""},
		{"a euro agreement and a dollar price: the SKU is skipped", func(in *Input) {
			a := in.Agreements[17]
			a.Currency = "EUR"
			in.Agreements[17] = a
			in.Products[0].UnitPrice, in.Products[0].Currency = fp(9), "USD"
		}, Skip, "agreement 17 (Acme Managed) is in EUR (currency) and the prices of SKU core-license are in USD", ""},
		{"a euro agreement and no owned price: the quantity is written", func(in *Input) {
			a := in.Agreements[17]
			a.Currency = "EUR"
			in.Agreements[17] = a
			in.Products[0].Currency = "USD"
		}, Create, "create with quantity 42", "2026-11-01"},
		{"the same currency: written", func(in *Input) {
			a := in.Agreements[17]
			a.Currency = "EUR"
			in.Agreements[17] = a
			in.Products[0].UnitPrice, in.Products[0].Currency = fp(9), "EUR"
		}, Create, "create with quantity 42", "2026-11-01"},
		{"a Bundle catalog item: skipped", func(in *Input) {
			in.CatalogItems[12] = CatalogItem{ID: 12, Identifier: "NL-BUNDLE", ProductClass: "Bundle"}
		}, Skip, "catalog item 12 (NL-BUNDLE) of SKU core-license is of product class Bundle (productClass)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			got := Plan(in)[0]
			if got.Kind != tt.kind || !strings.Contains(got.Reason, tt.reason) {
				t.Fatalf("got %s\nwant %s %q", dump(got), tt.kind, tt.reason)
			}
			if tt.kind == Create && day(got.New.EffectiveDate) != tt.effective {
				t.Errorf("effective %s, want %s", day(got.New.EffectiveDate), tt.effective)
			}
			if tt.kind == Skip && !strings.HasSuffix(got.Reason, "nothing is written") && !strings.HasSuffix(got.Reason, "nothing is written for this SKU") {
				t.Errorf("a skip says nothing is written: %q", got.Reason)
			}
		})
	}
}

// A product with prices and no currency is written while the run's agreements share one
// currency, and skipped on every agreement once they span two.
func TestPlanUndeclaredCurrency(t *testing.T) {
	in := twoCustomers()
	in.Products[0].UnitPrice = fp(9)
	if got := Summarize(Plan(in)); got.Create != 2 {
		t.Fatalf("one currency: %+v, want 2 creates", got)
	}
	a := in.Agreements[18]
	a.Currency = "EUR"
	in.Agreements[18] = a
	for _, ch := range Plan(in) {
		if ch.Kind != Skip || !strings.Contains(ch.Reason, "the agreements of this run are in EUR, USD and SKU core-license declares no currency") {
			t.Errorf("two currencies: %s", dump(ch))
		}
	}
	in.Products[0].UnitPrice = nil // quantities have no currency
	if got := Summarize(Plan(in)); got.Create != 2 {
		t.Errorf("two currencies, no owned price: %+v, want 2 creates", got)
	}
}

// A child agreement bills on its parent's invoice: the same product mapped on both is a
// conflict on both, and a product on only one of them is written.
func TestPlanParentAndChild(t *testing.T) {
	in := twoCustomers()
	a := in.Agreements[18]
	a.ParentID, a.ParentName = 17, "Acme Managed"
	in.Agreements[18] = a
	for _, ch := range Plan(in) {
		other := map[int]int{17: 18, 18: 17}[ch.AgreementID]
		if ch.Kind != Conflict || ch.Writes() || ch.RelatedAgreementID != other ||
			!strings.Contains(ch.Reason, "agreement 18 (Beta Managed) is a child of agreement 17 (Acme Managed) (parentAgreement)") {
			t.Errorf("parent and child: %s", dump(ch))
		}
	}
	in.Customers[0].SyncEnabled = false // the parent is not synced: the child bills alone
	for _, ch := range Plan(in) {
		if ch.OrganizationID == "org-2" && ch.Kind != Create {
			t.Errorf("child alone: %s", dump(ch))
		}
	}
}

// twoCustomers is base() with a second customer on agreement 18 of company 6, both in USD.
func twoCustomers() Input {
	in := base()
	in.Customers = append(in.Customers, Customer{OrganizationID: "org-2", OrganizationName: "Beta", CompanyID: 6, AgreementID: 18, SyncEnabled: true})
	in.Companies[6] = Company{ID: 6, Name: "Beta"}
	a := in.Agreements[17]
	a.Currency = "USD"
	in.Agreements[17] = a
	in.Agreements[18] = Agreement{ID: 18, CompanyID: 6, Name: "Beta Managed", Status: "Active", Currency: "USD"}
	in.Usage["org-2"] = map[string]float64{"core-license": 7}
	return in
}

// On an agreement that does not prorate and has invoiced up to the period the run writes, a
// change to an addition that started in an invoiced period ends it on the last invoiced day
// and adds its successor: accepted whether ConnectWise applies a PATCH there or refuses it.
func TestPlanInvoicedAdditionIsSplit(t *testing.T) {
	in := base()
	a := in.Agreements[17]
	a.NextInvoiceDate = atp("2026-12-01T00:00:00Z") // November is invoiced
	in.Agreements[17] = a
	live := add(100, 40)
	live.EffectiveDate, live.UnitPrice, live.Description = atp("2026-09-01T00:00:00Z"), fp(7.5), "Remote access"
	in.Additions[17] = []Addition{live}
	got := Plan(in)[0]
	if got.Kind != Update || got.Ends == nil || got.Ends.AdditionID != 100 || day(got.Ends.CancelledDate) != "2026-11-30" ||
		got.New == nil || day(got.New.EffectiveDate) != "2026-12-01" || got.New.Quantity != 42 || *got.New.UnitPrice != 7.5 ||
		got.New.Description != "Remote access" || got.WriteCount() != 2 {
		t.Fatalf("got %s ends %+v", dump(got), got.Ends)
	}
	if !strings.Contains(got.Reason, "quantity 40 → 42 from 2026-12-01 (agreement 17 does not prorate and is invoiced up to 2026-11-30: addition 100 ends on 2026-11-30") {
		t.Errorf("reason %q", got.Reason)
	}

	in.Usage["org-1"]["core-license"] = 0 // nothing used: the addition just ends
	if got := Plan(in)[0]; got.Ends == nil || got.New != nil || got.WriteCount() != 1 {
		t.Errorf("quantity 0: %s ends %+v", dump(got), got.Ends)
	}

	a.Prorate = true // a prorating agreement takes the PATCH
	in.Agreements[17] = a
	in.Usage["org-1"]["core-license"] = 42
	if got := Plan(in)[0]; got.Ends != nil || got.New != nil || got.Kind != Update {
		t.Errorf("prorating: %s", dump(got))
	}
}
