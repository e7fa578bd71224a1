package simulator

import (
	"testing"
	"time"
)

// billingNow is the clock of the billing tests: November 2026, after the billing start
// (Nov 15) and before the Next Invoice Date (Dec 1) of billingData's agreements.
var billingNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// Agreements and items of billingData.
const (
	agFixed    = 13 // does not prorate; bills from 2026-11-15; invoiced up to 2026-12-01
	agProrated = 14 // the same, prorating
	itemBundle = 22
)

// billingAgreement is testData's agreement 10 under another id, with extra fields.
func billingAgreement(id int, extra obj) obj {
	a := deepCopy(testData().Agreements[0]).(obj)
	a["id"], a["name"] = id, "Billing "+itoa(id)
	for k, v := range extra {
		a[k] = v
	}
	return a
}

// billingData is testData plus the agreements of the billing rules and a Bundle item.
func billingData() *Dataset {
	d := testData()
	invoiced := obj{"billingCycle": obj{"id": 2, "name": "Monthly"}, "billStartDate": "2026-11-15T00:00:00Z",
		"nextInvoiceDate": "2026-12-01T00:00:00Z", "currency": obj{"id": 1, "currencyCode": "USD"}}
	fixed, prorated := deepCopy(invoiced).(obj), deepCopy(invoiced).(obj)
	fixed["prorateFlag"], prorated["prorateFlag"] = false, true
	d.Agreements = append(d.Agreements, billingAgreement(agFixed, fixed), billingAgreement(agProrated, prorated))
	bundle := deepCopy(d.Catalog[0]).(obj)
	bundle["id"], bundle["identifier"], bundle["productClass"] = itemBundle, "M365-BUNDLE", "Bundle"
	d.Catalog = append(d.Catalog, bundle)
	return d
}

func billingNowFn() time.Time { return billingNow }

// newBillingTest is an API test over billingData at billingNow.
func newBillingTest(t *testing.T, v Variants) *apiTest {
	return newAPITest(t, Options{Data: billingData(), Now: billingNowFn, Variants: v})
}

// addition is an addition body for product 20 effective on day ("" = no effectiveDate).
func addition(day string) obj {
	b := obj{"product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0}
	if day != "" {
		b["effectiveDate"] = day + "T00:00:00Z"
	}
	return b
}

func day(s string) time.Time {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// variantSameDayCancelled checks what an addition cancelled on its effective day bills
// on a non-prorating agreement (for TestVariants, at testNow).
func variantSameDayCancelled(want float64) func(*testing.T, *apiTest) {
	return func(t *testing.T, a *apiTest) {
		st := a.srv.Sim.Store()
		st.Insert("agreements", billingAgreement(40, obj{"prorateFlag": false}))
		st.Insert("additions", obj{"agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0,
			"unitPrice": 10.0, "effectiveDate": "2026-01-10T00:00:00Z", "cancelledDate": "2026-01-10T00:00:00Z"})
		if inv, err := a.srv.Sim.InvoicePreview(40, time.Time{}); err != nil || inv.Total != want {
			t.Errorf("preview %+v, %v; want total %v", inv, err, want)
		}
	}
}

// variantInvoicedUpdate checks the answer to a quantity change of an addition in a
// period a non-prorating agreement has invoiced (for TestVariants, at testNow).
func variantInvoicedUpdate(status int) func(*testing.T, *apiTest) {
	return func(t *testing.T, a *apiTest) {
		st := a.srv.Sim.Store()
		st.Insert("agreements", billingAgreement(40, obj{"prorateFlag": false, "nextInvoiceDate": "2026-02-01T00:00:00Z"}))
		id := st.Insert("additions", obj{"agreementId": 40, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 2.0,
			"unitPrice": 10.0, "effectiveDate": "2026-01-05T00:00:00Z"})
		ops := []obj{{"op": "replace", "path": "quantity", "value": 3}}
		wantStatus(t, a.api("PATCH", "/finance/agreements/40/additions/"+itoa(id), ops), status)
	}
}
