package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// reconciliationLine is the part of a reconciliation line these tests read.
type reconciliationLine struct{ change, reason, period string }

// linesByOrgSKU reads the reconciliation's lines as "org/sku" → line.
func linesByOrgSKU(t *testing.T, state map[string]tftypes.Value) map[string]reconciliationLine {
	t.Helper()
	var list []tftypes.Value
	if err := state["lines"].As(&list); err != nil {
		t.Fatal(err)
	}
	out := map[string]reconciliationLine{}
	for _, l := range list {
		var obj map[string]tftypes.Value
		if err := l.As(&obj); err != nil {
			t.Fatal(err)
		}
		var org, sku, period string
		var line reconciliationLine
		_ = obj["organization_id"].As(&org)
		_ = obj["sku"].As(&sku)
		_ = obj["change"].As(&line.change)
		_ = obj["reason"].As(&line.reason)
		if !obj["period"].IsNull() {
			_ = obj["period"].As(&period)
		}
		line.period = period
		out[org+"/"+sku] = line
	}
	return out
}

// The three billing inputs reach the engine: customers[*].billing_cycle (absent is
// Monthly), products[*].currency and products[*].invoice_description. Each line names the
// period of its agreement's own cycle.
func TestSyncInputsCarryCycleCurrencyAndInvoiceText(t *testing.T) {
	clearProviderEnv(t)
	s := newSyncSite(t)
	st := s.srv.Sim.Store()
	quarterlyAgreement := simulator.Int(s.customers[0]["agreement_id"])
	dollarAgreement := simulator.Int(s.customers[1]["agreement_id"])
	if err := st.Update("agreements", quarterlyAgreement, map[string]any{"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Update("agreements", dollarAgreement, map[string]any{"currency": map[string]any{"id": 1, "currencyCode": "USD"}}); err != nil {
		t.Fatal(err)
	}
	const invoiceText = "NordLayer Core, per user this period"
	s.products[0]["invoice_description"] = invoiceText
	s.products[1]["currency"], s.products[1]["unit_price"] = "EUR", 50.0
	usage := map[string]map[string]float64{
		"org-0": {"core-license": 3, "dedicated-server": 1},
		"org-1": {"core-license": 4, "dedicated-server": 1},
		"org-2": {"core-license": 5, "dedicated-server": 1},
	}
	call := newActionCall(t, s.srv.URL)

	// billing_cycle absent: the quarterly agreement is skipped, naming the attribute.
	lines := linesByOrgSKU(t, reconcile(t, call, s.config(usage, nil)))
	if l := lines["org-0/core-license"]; l.change != "skip" || !strings.Contains(l.reason, `bills Quarterly (billingCycle "Quarterly"), not Monthly as the customer mapping of organization org-0 allows (billing_cycle)`) {
		t.Errorf("quarterly agreement without billing_cycle: %+v", l)
	}
	if l := lines["org-1/dedicated-server"]; l.change != "skip" ||
		!strings.Contains(l.reason, "is in USD (currency) and the prices of SKU dedicated-server are in EUR") {
		t.Errorf("EUR prices on a USD agreement: %+v", l)
	}
	if l := lines["org-1/core-license"]; l.change != "create" || l.period != "November 2026" {
		t.Errorf("core-license has no price, so the USD agreement takes its quantity: %+v", l)
	}

	// billing_cycle = "Quarterly": the line is judged over the agreement's quarter.
	s.customers[0]["billing_cycle"] = "Quarterly"
	cfg := s.config(usage, nil)
	lines = linesByOrgSKU(t, reconcile(t, call, cfg))
	if l := lines["org-0/core-license"]; l.change != "create" || l.period != "2026-10-01 to 2026-12-31 (Quarterly)" {
		t.Errorf("quarterly agreement with billing_cycle Quarterly: %+v", l)
	}

	_, diags := call.invoke(t, cfg)
	failOnErrors(t, diags)
	texts := 0
	for _, a := range st.List("additions") {
		ref, _ := a["product"].(map[string]any)
		if simulator.Int(ref["id"]) != s.coreItem {
			continue
		}
		texts++
		if a["description"] != invoiceText || a["invoiceDescription"] != invoiceText {
			t.Errorf("addition %v on agreement %v: description %q, invoiceDescription %q, want %q in both",
				a["id"], a["agreementId"], a["description"], a["invoiceDescription"], invoiceText)
		}
		if simulator.Int(a["agreementId"]) == quarterlyAgreement && a["effectiveDate"] != "2026-10-01T00:00:00Z" {
			t.Errorf("the quarterly agreement's addition is effective %v, want the quarter's first day", a["effectiveDate"])
		}
	}
	if texts != 3 {
		t.Errorf("%d core-license additions, want 3 (org-0, org-1, org-2)", texts)
	}
}

// A product mapped on a parent agreement and its child: the action reports the conflict on
// both, says the fix is in the mappings (not in the additions), and writes nothing on either.
func TestSyncUsageActionParentAndChild(t *testing.T) {
	s := newSyncSite(t)
	st := s.srv.Sim.Store()
	parent, child := simulator.Int(s.customers[0]["agreement_id"]), simulator.Int(s.customers[1]["agreement_id"])
	if err := st.Update("agreements", child, map[string]any{"parentAgreement": map[string]any{"id": parent, "name": "MSP - ACME0"}}); err != nil {
		t.Fatal(err)
	}
	usage := map[string]map[string]float64{"org-0": {"core-license": 3}, "org-1": {"core-license": 4}, "org-2": {"core-license": 5}}
	_, diags := newActionCall(t, s.srv.URL).invoke(t, s.config(usage, nil))
	failOnErrors(t, diags)
	var named []string
	for _, d := range diags {
		if d.Summary != "Additions need a person" {
			continue
		}
		named = append(named, d.Detail[:len("Organization org-0")])
		if !strings.Contains(d.Detail, "(parentAgreement)") || !strings.Contains(d.Detail, "set sync_enabled = false on the other one") ||
			strings.Contains(d.Detail, "set a cancelled date") {
			t.Errorf("the conflict's advice is not about the mappings:\n%s", d.Detail)
		}
	}
	// Both SKUs are mapped on both agreements: a conflict per line, whatever the usage says.
	if strings.Join(named, ",") != "Organization org-0,Organization org-0,Organization org-1,Organization org-1" {
		t.Errorf("conflicts reported for %v, want each SKU of org-0 and org-1", named)
	}
	q := s.additionQuantities()
	if q[parent] != 0 || q[child] != 0 || q[simulator.Int(s.customers[2]["agreement_id"])] != 5 {
		t.Errorf("billed quantities %v: nothing on the parent or the child, 5 on org-2's", q)
	}
}
