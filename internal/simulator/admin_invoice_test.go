package simulator

import (
	"net/http"
	"testing"
)

// Invoicing moves nextInvoiceDate by one cycle and the next invoice bills the next period.
func TestAdminInvoice(t *testing.T) {
	cases := []struct {
		name   string
		cycle  string
		starts []string // nextInvoiceDate before each of three invoices, then after
	}{
		{"monthly", "Monthly", []string{"2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01"}},
		{"quarterly", "Quarterly", []string{"2026-10-01", "2027-01-01", "2027-04-01", "2027-07-01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := billingData()
			d.Agreements = append(d.Agreements, billingAgreement(40, obj{"billingCycle": obj{"id": 9, "name": tc.cycle},
				"nextInvoiceDate": tc.starts[0], "currency": obj{"id": 1, "currencyCode": "USD"}}))
			d.Additions = append(d.Additions, obj{"id": 60, "agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable",
				"quantity": 3.0, "unitPrice": 10.0, "effectiveDate": "2025-01-01T00:00:00Z"})
			a := newAPITest(t, Options{Data: d, Now: billingNowFn})
			for i := 0; i < 3; i++ {
				var inv Invoice
				if st := a.admin("POST", "/agreements/40/invoice", "", &inv); st != http.StatusOK {
					t.Fatalf("invoice %d: status %d", i, st)
				}
				if dayString(inv.PeriodStart) != tc.starts[i] || dayString(inv.PeriodEnd) != tc.starts[i+1] || inv.Total != 30 || inv.Currency != "USD" {
					t.Errorf("invoice %d: %+v", i, inv)
				}
				ag, _ := a.srv.Sim.Store().Get("agreements", 40)
				if ag["nextInvoiceDate"] != tc.starts[i+1]+"T00:00:00Z" {
					t.Errorf("after invoice %d nextInvoiceDate = %v, want %s", i, ag["nextInvoiceDate"], tc.starts[i+1])
				}
			}
			var all []Invoice
			if st := a.admin("GET", "/invoices", "", &all); st != http.StatusOK || len(all) != 3 || dayString(all[2].PeriodStart) != tc.starts[2] {
				t.Errorf("GET /invoices %d: %+v", st, all)
			}
		})
	}
}

// Under invoiced-update=next-invoice, a quantity changed inside an invoiced period is
// billed from the next invoice on.
func TestAdminInvoiceBillsNewValues(t *testing.T) {
	a := newBillingTest(t, Variants{})
	a.srv.Sim.Store().Insert("additions", obj{"id": 50, "agreementId": agFixed, "product": obj{"id": 20},
		"billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0, "effectiveDate": "2026-11-15T00:00:00Z"})
	wantStatus(t, a.api("PATCH", "/finance/agreements/"+itoa(agFixed)+"/additions/50", []obj{{"op": "replace", "path": "quantity", "value": 5}}), http.StatusOK)
	var inv Invoice
	if st := a.admin("POST", "/agreements/"+itoa(agFixed)+"/invoice", "", &inv); st != http.StatusOK || inv.Total != 50 || dayString(inv.PeriodStart) != "2026-12-01" {
		t.Errorf("invoice %d: %+v", st, inv)
	}
}

func TestAdminInvoicePreview(t *testing.T) {
	d := billingData()
	d.Agreements = append(d.Agreements, billingAgreement(40, obj{"oneTimeFlag": true}))
	d.Additions = append(d.Additions, obj{"id": 60, "agreementId": agFixed, "product": obj{"id": 20}, "billCustomer": "Billable",
		"quantity": 3.0, "unitPrice": 10.0, "effectiveDate": "2026-11-15T00:00:00Z"})
	a := newAPITest(t, Options{Data: d, Now: billingNowFn})
	var inv Invoice
	if st := a.admin("GET", "/invoices/preview?agreementId=13", "", &inv); st != http.StatusOK || dayString(inv.PeriodStart) != "2026-12-01" || inv.Total != 30 {
		t.Errorf("preview %d: %+v", st, inv)
	}
	if st := a.admin("GET", "/invoices/preview?agreementId=13&periodStart=2026-11-01", "", &inv); st != http.StatusOK || dayString(inv.PeriodStart) != "2026-11-01" || inv.Total != 30 {
		t.Errorf("preview of November %d: %+v", st, inv)
	}
	var raw map[string]any
	a.admin("GET", "/invoices/preview?agreementId=13", "", &raw)
	for _, k := range []string{"agreementId", "periodStart", "periodEnd", "currency", "lines", "total"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("preview JSON has no %s: %v", k, raw)
		}
	}
	if line := raw["lines"].([]any)[0].(map[string]any); line["additionId"] != 60.0 || line["fraction"] != 1.0 || line["amount"] != 30.0 {
		t.Errorf("line JSON %v", line)
	}
	if st := a.admin("GET", "/invoices/preview?agreementId=40", "", &inv); st != http.StatusOK || inv.NotBilled == "" || len(inv.Lines) != 0 {
		t.Errorf("one-time preview %d: %+v", st, inv)
	}
	var all []Invoice
	if st := a.admin("GET", "/invoices/preview", "", &all); st != http.StatusOK || len(all) != 6 || all[5].AgreementID != 40 {
		t.Errorf("every preview %d: %d entries", st, len(all))
	}
	for path, want := range map[string]int{
		"/invoices/preview?agreementId=99":                      http.StatusNotFound,
		"/invoices/preview?agreementId=x":                       http.StatusBadRequest,
		"/invoices/preview?agreementId=13&periodStart=tomorrow": http.StatusBadRequest,
	} {
		if st := a.admin("GET", path, "", nil); st != want {
			t.Errorf("GET %s: %d, want %d", path, st, want)
		}
	}
	if len(a.srv.Sim.Invoices()) != 0 {
		t.Fatal("a preview recorded an invoice")
	}
	// A one-time agreement is invoiced once, for nothing.
	if st := a.admin("POST", "/agreements/40/invoice", "", &inv); st != http.StatusOK || inv.Total != 0 {
		t.Errorf("first one-time invoice %d: %+v", st, inv)
	}
	for path, want := range map[string]int{"/agreements/40/invoice": http.StatusBadRequest, "/agreements/99/invoice": http.StatusNotFound} {
		if st := a.admin("POST", path, "", nil); st != want {
			t.Errorf("POST %s: %d, want %d", path, st, want)
		}
	}
}
