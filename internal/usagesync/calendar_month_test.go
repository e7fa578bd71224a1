package usagesync

import (
	"fmt"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// calendarVariants are the simulator's answers to what is unconfirmed about billing: every
// combination of them.
func calendarVariants(t testing.TB) []simulator.Variants {
	var out []simulator.Variants
	for _, same := range []string{"bills-nothing", "bills-one-day"} {
		for _, update := range []string{"next-invoice", "refused"} {
			var v simulator.Variants
			if err := v.Set(simulator.VariantSameDayCancelled, same); err != nil {
				t.Fatal(err)
			}
			if err := v.Set(simulator.VariantInvoicedUpdate, update); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
	}
	return out
}

// TestMonthOfHourlyRuns runs the sync every hour from 2 November to the end of 1 December,
// the usage moving as it goes, on a site with one customer per kind of agreement calendar.
// ConnectWise invoices its agreements at noon on 1 December. Under every variant and seed:
// no write is refused, the invoice each customer gets next bills exactly usage × price for
// what the sync bills and 0 for what it skips (checked before and after the invoicing), at
// most one addition per agreement and product bills, and a repeated run writes nothing.
func TestMonthOfHourlyRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("a month of hourly runs: not in -short")
	}
	for _, v := range calendarVariants(t) {
		for seed := 1; seed <= 2; seed++ {
			t.Run(fmt.Sprintf("%s/seed-%d", v, seed), func(t *testing.T) {
				t.Parallel()
				cs := newCalendarSite(t, seed, v)
				walk := newUsageWalk(cs, seed)
				start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
				end := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
				runs := 0
				for at := start; at.Before(end); at = at.Add(time.Hour) {
					if at.Equal(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)) {
						cs.clock.set(at)
						cs.checkInvoices(t, "before the December invoices", walk.snapshot())
						cs.invoiceDue(t)
					}
					walk.step(cs)
					cs.runAt(t, at, walk.snapshot())
					runs++
					if t.Failed() {
						t.Fatalf("stopped at %s", at.Format(time.RFC3339))
					}
				}
				c := cs.srv.Sim.Counters()
				if c.ByStatus[400] != 0 || c.ByStatus[409] != 0 {
					t.Errorf("refused writes: %d answers 400, %d answers 409", c.ByStatus[400], c.ByStatus[409])
				}
				u := walk.snapshot()
				cs.checkInvoices(t, "after the last run", u)
				cs.checkOneBilledAddition(t, "after the last run")

				cs.srv.Sim.ResetCounters()
				again := cs.runAt(t, end.Add(-time.Hour), u)
				if w := cs.srv.Sim.Counters().Writes; w != 0 {
					t.Errorf("a repeated run wrote %d times: %s", w, again.SummaryLine())
				}
				t.Logf("%d hourly runs, %d requests, %d writes, final: %s", runs, c.Total, c.Writes, again.SummaryLine())
			})
		}
	}
}
