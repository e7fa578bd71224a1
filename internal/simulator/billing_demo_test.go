package simulator

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// The demo's agreements carry billing setup, and the demo sync's writes (additions dated
// the 1st of the current month, any month after the demo's invoicing state) pass the
// billing rules.
func TestDemoDataBills(t *testing.T) {
	syncDay := time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC)
	a := newAPITest(t, Options{Data: DemoData(1, 30), Now: func() time.Time { return syncDay }})
	checked := 0
	for _, ag := range a.srv.Sim.Store().List("agreements") {
		if ag["agreementStatus"] != "Active" {
			continue
		}
		id, _ := intValue(ag["id"])
		inv, err := a.srv.Sim.InvoicePreview(id, time.Time{})
		if err != nil || inv.Currency != "USD" || dayString(inv.PeriodStart) != "2026-01-01" || dayString(inv.PeriodEnd) != "2026-02-01" {
			t.Errorf("agreement %d: preview %+v, %v", id, inv, err)
		}
		body := obj{"product": obj{"id": demoCatalogBase}, "billCustomer": "Billable", "quantity": 4.0, "effectiveDate": "2026-11-01T00:00:00Z"}
		wantStatus(t, a.api("POST", "/finance/agreements/"+itoa(id)+"/additions", body), http.StatusCreated)
		checked++
	}
	if checked == 0 {
		t.Fatal("no active demo agreement")
	}
}

// The billing variants are listed, default first, so every client test matrix runs them.
func TestBillingVariantsListed(t *testing.T) {
	want := map[VariantName][]string{
		VariantSameDayCancelled: {"bills-nothing", "bills-one-day"},
		VariantInvoicedUpdate:   {"next-invoice", "refused"},
	}
	for _, d := range VariantDefs() {
		if w, ok := want[d.Name]; ok {
			if !slices.Equal(d.Values, w) || d.Default() != w[0] {
				t.Errorf("%s: %v", d.Name, d.Values)
			}
			delete(want, d.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("not listed: %v", want)
	}
}
