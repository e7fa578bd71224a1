package usagesync

import (
	"fmt"
	"maps"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// A site whose agreements bill the way real ConnectWise agreements do: each case of
// "Bill the way ConnectWise agreements bill" is one customer on its own agreement. The
// simulator's clock is the run's as_of, so its rules (billing start, invoiced periods) and
// its invoice preview judge each run at the time it says it runs.

// calendarCase is one customer: its agreement's fields and whether the sync bills it.
type calendarCase struct {
	name      string
	agreement map[string]any // fields over a monthly, prorating, USD agreement invoiced to 30 November
	cycle     string         // the customer mapping's billing_cycle
	parent    string         // the name of the case whose agreement is this one's parent
	// bills says, per SKU, whether the customer is billed; nil: every SKU.
	bills map[string]bool
}

func calendarCases(seed int) []calendarCase {
	onboard := fmt.Sprintf("2026-11-%02dT00:00:00Z", 10+seed%15) // a mid-month onboarding day
	prorates := seed%2 == 1
	return []calendarCase{
		{name: "monthly, prorates", agreement: map[string]any{}},
		{name: "monthly, does not prorate, November invoiced", agreement: map[string]any{"prorateFlag": false}},
		{name: "mid-month onboarding", agreement: map[string]any{"startDate": onboard, "billStartDate": onboard, "prorateFlag": prorates}},
		{name: "free first month", agreement: map[string]any{"startDate": "2026-10-01T00:00:00Z", "billStartDate": "2026-12-01T00:00:00Z"},
			bills: map[string]bool{}},
		{name: "quarterly, opted in", cycle: billing.CycleQuarterly, agreement: map[string]any{
			"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}, "prorateFlag": prorates, "nextInvoiceDate": "2027-01-01T00:00:00Z"}},
		{name: "yearly, not opted in", agreement: map[string]any{"billingCycle": map[string]any{"id": 5, "name": "Yearly"},
			"nextInvoiceDate": "2027-01-01T00:00:00Z"}, bills: map[string]bool{}},
		{name: "euro agreement, dollar price", agreement: map[string]any{"currency": map[string]any{"id": 2, "currencyCode": "EUR", "name": "Euro"}},
			bills: map[string]bool{"dedicated-server": true}},
		{name: "one-time agreement", agreement: map[string]any{"oneTimeFlag": true}, bills: map[string]bool{}},
		{name: "parent", agreement: map[string]any{}, bills: map[string]bool{}},
		{name: "child of parent", parent: "parent", agreement: map[string]any{}, bills: map[string]bool{}},
	}
}

// clock is the simulated time: the simulator's Now and the run's as_of.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

type calendarSite struct {
	*site
	clock *clock
	cases []calendarCase
	price map[string]float64 // what each SKU bills per unit: the owned price, else the catalog item's
}

// corePrice is the owned price of core-license, in USD.
const corePrice = 9

func newCalendarSite(t testing.TB, seed int, v simulator.Variants) *calendarSite {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
	s := newSite(t, 0, []string{"core-license", "dedicated-server"}, simulator.Options{Now: clk.Now, Variants: v})
	cs := &calendarSite{site: s, clock: clk, cases: calendarCases(seed), price: map[string]float64{}}
	s.products[0].UnitPrice, s.products[0].Currency = new(float64(corePrice)), "USD"
	cs.price["core-license"] = corePrice
	item, _ := s.srv.Sim.Store().Get("catalog", s.products[1].CatalogItemID)
	cs.price["dedicated-server"] = item["price"].(float64)

	st := s.srv.Sim.Store()
	ids := map[string]int{}
	for i, c := range cs.cases {
		fields := maps.Clone(c.agreement)
		if c.parent != "" {
			if fields == nil {
				fields = map[string]any{}
			}
			fields["parentAgreement"] = map[string]any{"id": ids[c.parent], "name": c.parent}
		}
		var companyID int
		companyID, ids[c.name] = insertCalendarAgreement(st, fmt.Sprintf("CAL%03d", i), c.name, fields)
		s.customers = append(s.customers, billing.Customer{
			OrganizationID: fmt.Sprintf("org-%03d", i), OrganizationName: c.name,
			CompanyID: companyID, AgreementID: ids[c.name], SyncEnabled: true, BillingCycle: c.cycle,
		})
	}
	return cs
}

// insertCalendarAgreement stores a company and its active monthly agreement invoiced by
// calendar year from 2025 (next invoice 1 December 2026), with fields set over those.
func insertCalendarAgreement(st *simulator.Store, ident, name string, fields map[string]any) (companyID, agreementID int) {
	companyID = st.Insert("companies", map[string]any{
		"identifier": ident, "name": name, "status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": false,
	})
	ag := map[string]any{
		"name": name, "type": map[string]any{"id": 1, "name": "Managed Services"},
		"company": map[string]any{"id": companyID, "identifier": ident, "name": name},
		"contact": map[string]any{"id": 1}, "agreementStatus": "Active", "cancelledFlag": false,
		"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
		"billingCycle": map[string]any{"id": 2, "name": "Monthly"}, "invoicingCycle": "CalendarYear", "prorateFlag": true,
		"nextInvoiceDate": "2026-12-01T00:00:00Z", "currency": map[string]any{"id": 1, "currencyCode": "USD", "name": "US Dollar"},
	}
	maps.Copy(ag, fields)
	return companyID, st.Insert("agreements", ag)
}

func (cs *calendarSite) billed(i int, sku string) bool {
	b := cs.cases[i].bills
	return b == nil || b[sku]
}

// runAt runs the sync at as_of t, with the simulator's clock at t, and fails the test on any
// failed customer.
func (cs *calendarSite) runAt(t testing.TB, t0 time.Time, u billing.Usage) *Result {
	t.Helper()
	cs.clock.set(t0)
	req := Request{Customers: cs.customers, Products: cs.products, Usage: u,
		Options: billing.Options{AsOf: t0, IntegrationName: "NordLayer"}}
	res, err := Run(t.Context(), cs.client, req, Settings{MaxParallel: 4})
	if err != nil {
		t.Fatal(err)
	}
	for org, err := range res.Failed {
		t.Errorf("%s: %s failed: %v", t0.Format(time.RFC3339), org, err)
	}
	return res
}

// invoiceDue invoices every agreement whose next invoice date has come, as ConnectWise's
// invoicing does on the day.
func (cs *calendarSite) invoiceDue(t testing.TB) {
	t.Helper()
	for _, c := range cs.customers {
		ag, _ := cs.srv.Sim.Store().Get("agreements", c.AgreementID)
		next, ok := ag["nextInvoiceDate"].(string)
		if !ok || ag["oneTimeFlag"] == true {
			continue
		}
		if d := parseDate(next); d != nil && !d.After(cs.clock.Now()) {
			if _, err := cs.srv.Sim.InvoiceAgreement(c.AgreementID); err != nil {
				t.Fatalf("invoicing agreement %d: %v", c.AgreementID, err)
			}
		}
	}
}

// checkInvoices asserts what each customer's next invoice bills: usage × price for every SKU
// the sync bills, 0 for every one it skips. A child's lines are counted on its parent's
// invoice only.
func (cs *calendarSite) checkInvoices(t testing.TB, when string, u billing.Usage) {
	t.Helper()
	for i, c := range cs.customers {
		if cs.cases[i].parent != "" {
			continue
		}
		inv, err := cs.srv.Sim.InvoicePreview(c.AgreementID, time.Time{})
		if err != nil && cs.cases[i].agreement["oneTimeFlag"] != true {
			t.Errorf("%s: %s: preview: %v", when, cs.cases[i].name, err)
		}
		want := 0.0
		for _, p := range cs.products {
			if cs.billed(i, p.VendorSKU) {
				want += u[c.OrganizationID][p.VendorSKU] * cs.price[p.VendorSKU]
			}
		}
		if math.Abs(inv.Total-want) > 0.005 {
			t.Errorf("%s: %s: the invoice of %s to %s bills %.2f, want %.2f (usage × price): %+v",
				when, cs.cases[i].name, inv.PeriodStart.Format("2006-01-02"), inv.PeriodEnd.Format("2006-01-02"), inv.Total, want, inv.Lines)
		}
	}
}

// checkOneBilledAddition asserts that at most one addition per agreement and product bills
// a day not yet invoiced (on or after the agreement's next invoice date) at a quantity above
// 0. An addition ended on the last invoiced day keeps what was invoiced.
func (cs *calendarSite) checkOneBilledAddition(t testing.TB, when string) {
	t.Helper()
	type key struct{ agreement, product int }
	open := map[key][]int{}
	for _, a := range cs.srv.Sim.Store().List("additions") {
		agreementID := simulator.Int(a["agreementId"])
		ag, _ := cs.srv.Sim.Store().Get("agreements", agreementID)
		from := cs.clock.Now()
		if next, ok := ag["nextInvoiceDate"].(string); ok {
			from = *parseDate(next)
		}
		add := storedAddition(a)
		neverBilled := add.CancelledDate != nil && add.EffectiveDate != nil && !add.CancelledDate.After(*add.EffectiveDate)
		if add.Quantity == 0 || neverBilled || add.CancelledDate != nil && add.CancelledDate.Before(from) {
			continue
		}
		k := key{agreementID, add.ProductID}
		open[k] = append(open[k], add.ID)
	}
	for k, ids := range open {
		if len(ids) > 1 {
			t.Errorf("%s: agreement %d, catalog item %d: additions %v all bill", when, k.agreement, k.product, ids)
		}
	}
}

// usageWalk is a customer base whose counts move a little every few hours, from the seed.
type usageWalk struct {
	u    billing.Usage
	seed uint64
}

func newUsageWalk(cs *calendarSite, seed int) *usageWalk {
	w := &usageWalk{u: billing.Usage{}, seed: uint64(seed)*2654435761 + 1}
	for i, c := range cs.customers {
		w.u[c.OrganizationID] = map[string]float64{"core-license": float64(5 + i), "dedicated-server": float64(1 + i%3)}
	}
	return w
}

// step changes one count, now and then, by a small amount (never below 0).
func (w *usageWalk) step(cs *calendarSite) {
	w.seed = w.seed*6364136223846793005 + 1442695040888963407
	r := w.seed >> 33
	if r%5 != 0 {
		return
	}
	c := cs.customers[int(r/5)%len(cs.customers)]
	sku := cs.products[int(r/7)%len(cs.products)].VendorSKU
	q := w.u[c.OrganizationID][sku] + float64(int(r/11)%5) - 2
	w.u[c.OrganizationID][sku] = math.Max(0, q)
}

func (w *usageWalk) snapshot() billing.Usage {
	out := billing.Usage{}
	for org, skus := range w.u {
		out[org] = map[string]float64{}
		for sku, q := range skus {
			out[org][sku] = q
		}
	}
	return out
}
