package usagesync

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// TestConcurrentRunsBillOnce: two runs started together, as two Terraform states would, each
// with its own client and nothing shared, on 14 customers at 300 ms a request; nothing forces
// the race but the latency. Whether ConnectWise bills an addition for the one day it is
// effective is unconfirmed, so under both answers: exactly one addition per agreement and
// product has a quantity above 0, and each customer's next invoice bills its usage × price
// once. Half the agreements do not prorate and are invoiced, so their additions start on the
// next invoice date.
func TestConcurrentRunsBillOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs at 300 ms a request: not in -short")
	}
	for _, same := range []string{"bills-nothing", "bills-one-day"} {
		t.Run("same-day-cancelled="+same, func(t *testing.T) {
			t.Parallel()
			var v simulator.Variants
			if err := v.Set(simulator.VariantSameDayCancelled, same); err != nil {
				t.Fatal(err)
			}
			clk := &clock{now: time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC)}
			s := newSite(t, 14, []string{"core-license", "dedicated-server"}, simulator.Options{Now: clk.Now, Variants: v})
			st := s.srv.Sim.Store()
			for i, c := range s.customers {
				fields := map[string]any{"nextInvoiceDate": "2026-12-01T00:00:00Z", "prorateFlag": i%2 == 0}
				if err := st.Update("agreements", c.AgreementID, fields); err != nil {
					t.Fatal(err)
				}
			}
			cs := &calendarSite{site: s, clock: clk, price: map[string]float64{}}
			for _, c := range s.customers {
				bills := map[string]bool{"core-license": true, "dedicated-server": true}
				if s.cancelled[c.AgreementID] {
					bills = map[string]bool{}
				}
				cs.cases = append(cs.cases, calendarCase{name: c.OrganizationName, bills: bills})
			}
			for _, p := range s.products {
				item, _ := st.Get("catalog", p.CatalogItemID)
				cs.price[p.VendorSKU] = item["price"].(float64)
			}
			u := s.usage(4, 0, 0)
			s.srv.Sim.SetLatency(300 * time.Millisecond)

			var wg sync.WaitGroup
			results := make([]*Result, 2)
			for i := range results {
				client := newClient(t, s.srv.URL) // a state of its own: nothing in common but ConnectWise
				wg.Go(func() {
					res, err := Run(t.Context(), client, Request{Customers: s.customers, Products: s.products, Usage: u,
						Options: billing.Options{AsOf: clk.Now(), IntegrationName: "NordLayer"}}, Settings{MaxParallel: 4})
					if err != nil {
						t.Error(err)
						return
					}
					results[i] = res
				})
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			s.srv.Sim.SetLatency(0)
			creates := s.srv.Sim.Counters().ByRoute["POST /finance/agreements/{parentId}/additions"]
			ended := results[0].Summary.DuplicatesEnded + results[1].Summary.DuplicatesEnded
			t.Logf("%d POSTs for %d additions; duplicates ended: %d", creates, 2*(len(s.customers)-len(s.cancelled)), ended)
			if ended == 0 {
				t.Fatal("no race happened: the test proves nothing (raise the latency)")
			}
			for _, r := range results {
				for org, err := range r.Failed {
					t.Errorf("%s failed: %v", org, err)
				}
			}
			cs.checkOneBilledAddition(t, "after two runs at once")
			cs.checkInvoices(t, "after two runs at once", u)

			// The ended duplicates bill nothing: quantity 0, cancelled on their effective date.
			for _, a := range st.List("additions") {
				add := storedAddition(a)
				if add.CancelledDate != nil && (add.Quantity != 0 || !add.CancelledDate.Equal(*add.EffectiveDate)) {
					t.Errorf("addition %d was ended with quantity %v, %s", add.ID, add.Quantity, fmt.Sprint(a["cancelledDate"]))
				}
			}
		})
	}
}

// A first sync reads each agreement's additions back once, after all of its creates on it,
// not once per create: the race check costs one read per agreement created on.
func TestFirstSyncReadsEachAgreementBackOnce(t *testing.T) {
	s := newSite(t, 40, []string{"core-license", "premium-license", "dedicated-server"}, simulator.Options{})
	res := run(t, s, s.usage(3, 0, 0), Settings{MaxParallel: 4})
	c := s.srv.Sim.Counters()
	active := len(s.customers) - len(s.cancelled)
	reads := c.ByRoute["GET /finance/agreements/{parentId}/additions"]
	if res.Summary.Created != 3*active || c.ByRoute["POST /finance/agreements/{parentId}/additions"] != 3*active {
		t.Fatalf("created %d, POSTs %d, want %d", res.Summary.Created, c.ByRoute["POST /finance/agreements/{parentId}/additions"], 3*active)
	}
	if reads != 2*active { // the load's read and one read-back per agreement
		t.Errorf("%d additions reads for %d agreements created on: want %d (one to plan, one back)", reads, active, 2*active)
	}
	if floor := batchedReads(c) + 2*active + 3*active; c.Total != floor {
		t.Errorf("%d requests, want exactly %d", c.Total, floor)
	}
}
