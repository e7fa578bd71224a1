package usagesync

import (
	"os"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// These measure the executor at the sizes the issue names. They take minutes, so they run
// only with CONNECTWISE_BENCH=1:
//
//	CONNECTWISE_BENCH=1 go test ./internal/usagesync -run 'Soak|Scale' -v -timeout 30m
func requireBench(t *testing.T) {
	t.Helper()
	if os.Getenv("CONNECTWISE_BENCH") == "" {
		t.Skip("set CONNECTWISE_BENCH=1 to run the soak and scale measurements")
	}
}

// 1,000 customers x 2 SKUs under seeded faults: 5% 5xx, 2% resets before handling, 2%
// resets after applying a write, and a burst of 429s.
func TestSoakThousandCustomersUnderFaults(t *testing.T) {
	requireBench(t)
	s := newSite(t, 1000, []string{"core-license", "dedicated-server"}, simulator.Options{})
	s.srv.Sim.SetFaults(simulator.Faults{Seed: 11, Error500: 0.025, Error503: 0.025, ResetBefore: 0.02, ResetAfterWrite: 0.02})
	s.srv.Sim.ThrottleNext(50, time.Second)
	u := s.usage(3, 0, 0)
	start := time.Now()
	runs := soak(t, s, u, 20)
	c := s.srv.Sim.Counters()
	t.Logf("SOAK: converged after %d invocations, %d requests (%d resets, status %v, %d sent inside a Retry-After window), %d applied writes, %s",
		runs, c.Total, c.Resets, c.ByStatus, c.InsideRetryAfter, c.Writes, time.Since(start).Round(time.Millisecond))
	s.checkBilled(t, u)
	// Reads are retried on 500 and the 429 burst is waited out, so what fails is an
	// ambiguous write whose read-back failed too: the next invocation finishes it.
	if runs > 2 {
		t.Errorf("converged after %d invocations, want at most 2", runs)
	}
	if c.InsideRetryAfter != 0 {
		t.Errorf("%d requests sent inside a Retry-After window", c.InsideRetryAfter)
	}
}

// 2,000 customers x 3 SKUs with 20 ms latency per request and 10% of quantities changed.
func TestScaleTwoThousandCustomers(t *testing.T) {
	requireBench(t)
	s := newSite(t, 2000, []string{"core-license", "premium-license", "dedicated-server"}, simulator.Options{})
	first := run(t, s, s.usage(3, 0, 0), Settings{MaxParallel: 8})
	fc := s.srv.Sim.Counters()
	createdOn := 0 // agreements the first sync created on: one read-back each
	for _, cu := range s.customers {
		if !s.cancelled[cu.AgreementID] {
			createdOn++
		}
	}
	firstFloor := batchedReads(fc) + createdOn + first.Summary.Created
	t.Logf("FIRST SYNC: %d requests for %d creates; floor (batched reads, one additions read per active agreement, one POST per create) %d, "+
		"read-backs %d (one per agreement created on): %.3f x (floor + read-backs)",
		fc.Total, first.Summary.Created, firstFloor, fc.ByRoute["GET /finance/agreements/{parentId}/additions"]-createdOn,
		float64(fc.Total)/float64(firstFloor+createdOn))
	if float64(fc.Total) > 1.02*float64(firstFloor+createdOn) {
		t.Errorf("first sync: %d requests, over 1.02 x %d", fc.Total, firstFloor+createdOn)
	}
	u := s.usage(3, 10, 1)
	s.srv.Sim.SetLatency(20 * time.Millisecond)
	s.srv.Sim.ResetCounters()
	start := time.Now()
	res := run(t, s, u, Settings{})
	elapsed := time.Since(start)
	c := s.srv.Sim.Counters()
	s.checkBilled(t, u)
	active := 0
	for _, cu := range s.customers {
		if !s.cancelled[cu.AgreementID] {
			active++
		}
	}
	agreementReads := batchedReads(c)
	floor := active + res.Summary.Updated + 2*res.Summary.Created // a create is read back

	t.Logf("SCALE: %d requests (%d agreement, company and catalog list calls, %d additions lists, %d PATCH, %d POST) for %d changes; floor (one additions read per active agreement + one write per change) %d; wall %s with max_parallel 4",
		c.Total, agreementReads, c.ByRoute["GET /finance/agreements/{parentId}/additions"],
		c.ByRoute["PATCH /finance/agreements/{parentId}/additions/{id}"], c.ByRoute["POST /finance/agreements/{parentId}/additions"],
		res.Summary.Updated+res.Summary.Created, floor, elapsed.Round(time.Millisecond))
	if extra := c.Total - floor - agreementReads; extra != 0 {
		t.Errorf("%d requests beyond the floor and the batched agreement, company and catalog reads", extra)
	}
}

// The reconciliation data source is this dry run: 2,000 customers x 3 SKUs with 20 ms
// latency must cost exactly the action's reads and nothing more.
func TestScaleReconciliationReads(t *testing.T) {
	requireBench(t)
	s := newSite(t, 2000, []string{"core-license", "premium-license", "dedicated-server"}, simulator.Options{})
	run(t, s, s.usage(3, 0, 0), Settings{MaxParallel: 8})
	u := s.usage(3, 10, 1)
	s.srv.Sim.SetLatency(20 * time.Millisecond)
	s.srv.Sim.ResetCounters()
	start := time.Now()
	res := run(t, s, u, Settings{DryRun: true})
	elapsed := time.Since(start)
	c := s.srv.Sim.Counters()
	agreementReads, additionReads := batchedReads(c), c.ByRoute["GET /finance/agreements/{parentId}/additions"]
	t.Logf("RECONCILE: %d requests (%d agreement, company and catalog list calls, %d additions lists), %d pending changes, %d writes, wall %s",
		c.Total, agreementReads, additionReads, res.Summary.Updated+res.Summary.Created, c.Writes, elapsed.Round(time.Millisecond))
	if c.Writes != 0 || c.Total != agreementReads+additionReads || additionReads != 1800 {
		t.Errorf("reads beyond the action's floor, or writes: %v", c.ByRoute)
	}
}

// batchedReads counts the id in (...) list calls of the load phase.
func batchedReads(c simulator.Counters) int {
	return c.ByRoute["GET /finance/agreements"] + c.ByRoute["GET /company/companies"] + c.ByRoute["GET /procurement/catalog"]
}
