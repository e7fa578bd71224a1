package provider

import (
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Two pipelines at once, each with its own state and its own provider process, invoke the
// sync over the same 13 customers (literal lists), at 300 ms a request, as an hourly job
// overlapping a manual run would. Half the agreements do not prorate and are invoiced, so
// their additions start on the next invoice date. ConnectWise must then bill each customer
// once: exactly one addition per agreement and product with a quantity above 0, and each
// agreement's next invoice is usage × price.
func TestAccSyncUsageActionTwoStatesAtOnce(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	clearProviderEnv(t)
	asOf := time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC) // the configs' as_of
	s := newSyncSiteWith(t, simulator.Options{Now: func() time.Time { return asOf }})
	st := s.srv.Sim.Store()
	s.customers = s.customers[:3] // the active ones
	for i := range 10 {
		ident := fmt.Sprintf("RACE%d", i)
		company := st.Insert("companies", map[string]any{"identifier": ident, "name": "Race " + ident, "deletedFlag": false,
			"status": map[string]any{"id": 1, "name": "Active"}})
		agreement := st.Insert("agreements", map[string]any{"name": "MSP - " + ident, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company": map[string]any{"id": company, "identifier": ident, "name": "Race " + ident}, "contact": map[string]any{"id": 1},
			"agreementStatus": "Active", "cancelledFlag": false, "startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true})
		s.customers = append(s.customers, map[string]any{
			"integration_id": "NordLayer", "organization_id": fmt.Sprintf("org-r%d", i), "organization_name": "Race " + ident,
			"company_id": company, "agreement_id": agreement, "sync_enabled": true,
		})
	}
	usage := map[string]map[string]float64{}
	for i, c := range s.customers {
		ag := simulator.Int(c["agreement_id"])
		if err := st.Update("agreements", ag, map[string]any{"nextInvoiceDate": "2026-12-01T00:00:00Z", "prorateFlag": i%2 == 0}); err != nil {
			t.Fatal(err)
		}
		usage[c["organization_id"].(string)] = map[string]float64{"core-license": float64(3 + i), "dedicated-server": float64(1 + i%2)}
	}

	config := providerBlock(s.srv.URL, "") + s.actionConfig(usage)
	clis := []*terraformCLI{newTerraformCLI(t, tf, config), newTerraformCLI(t, tf, config)}
	for _, cli := range clis {
		cli.run("init", "-input=false")
	}
	s.srv.Sim.SetLatency(300 * time.Millisecond)
	var wg sync.WaitGroup
	for _, cli := range clis {
		wg.Go(func() {
			if out, code := cli.exec("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.now"); code != 0 {
				t.Errorf("terraform apply -invoke: exit code %d\n%s", code, out)
			}
		})
	}
	wg.Wait()
	s.srv.Sim.SetLatency(0)
	posts := s.srv.Sim.Counters().ByRoute["POST /finance/agreements/{parentId}/additions"]
	t.Logf("%d POSTs for %d additions", posts, 2*len(s.customers))
	if posts <= 2*len(s.customers) {
		t.Fatalf("the two runs did not race (%d POSTs): the test proves nothing", posts)
	}

	price := map[int]float64{}
	for _, id := range []int{s.coreItem, s.serverItem} {
		item, _ := st.Get("catalog", id)
		price[id] = item["price"].(float64)
	}
	billing := map[[2]int]int{}
	for _, a := range st.List("additions") {
		q, _ := a["quantity"].(float64)
		cancelled, _ := a["cancelledDate"].(string)
		if q > 0 && (cancelled == "" || cancelled >= "2026-12-01") {
			billing[[2]int{simulator.Int(a["agreementId"]), simulator.Int(a["product"].(map[string]any)["id"])}]++
		}
	}
	for _, c := range s.customers {
		ag := simulator.Int(c["agreement_id"])
		org := c["organization_id"].(string)
		for _, item := range []int{s.coreItem, s.serverItem} {
			if n := billing[[2]int{ag, item}]; n != 1 {
				t.Errorf("%s: agreement %d, catalog item %d: %d additions bill, want 1", org, ag, item, n)
			}
		}
		inv, err := s.srv.Sim.InvoicePreview(ag, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := usage[org]["core-license"]*price[s.coreItem] + usage[org]["dedicated-server"]*price[s.serverItem]
		if math.Abs(inv.Total-want) > 0.005 {
			t.Errorf("%s: the next invoice bills %.2f, want %.2f: %+v", org, inv.Total, want, inv.Lines)
		}
	}
}
