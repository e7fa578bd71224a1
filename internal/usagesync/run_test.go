package usagesync

import (
	"context"
	"strings"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func run(t testing.TB, s *site, u billing.Usage, settings Settings) *Result {
	t.Helper()
	res, err := Run(context.Background(), s.client, s.request(u), settings)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRunCreatesUpdatesAndIsIdempotent(t *testing.T) {
	s := newSite(t, 30, []string{"core-license", "dedicated-server"}, simulator.Options{})
	u := s.usage(5, 0, 0)
	var progress []string
	res := run(t, s, u, Settings{Progress: func(l string) { progress = append(progress, l) }})
	s.checkBilled(t, u)
	if res.Summary.Created != 27*2 || res.Summary.Skipped != 3*2 || res.Summary.Failed != 0 {
		t.Errorf("first run summary %+v", res.Summary)
	}
	if len(progress) != 27+1 || !strings.Contains(progress[len(progress)-1], "created 54") {
		t.Errorf("want one line per changed customer and a summary, got %d lines, last %q", len(progress), progress[len(progress)-1])
	}
	for _, c := range s.srv.Sim.Store().List("additions") {
		// The invoice line is the catalog item's text, never a word about Terraform.
		if d, _ := c["description"].(string); d == "" || strings.Contains(d, "Terraform") {
			t.Errorf("created addition's description %q is not the catalog item's invoice text", d)
		}
	}

	// The same input again: zero writes.
	s.srv.Sim.ResetCounters()
	res = run(t, s, u, Settings{})
	if w := s.srv.Sim.Counters().Writes; w != 0 || res.Summary.Unchanged != 54 {
		t.Errorf("second run wrote %d times, summary %+v", w, res.Summary)
	}

	// A change for every third customer: only those are patched, with only the quantity.
	u2 := s.usage(5, 3, 2)
	s.srv.Sim.ResetCounters()
	res = run(t, s, u2, Settings{})
	s.checkBilled(t, u2)
	c := s.srv.Sim.Counters()
	if res.Summary.Updated != 9*2 || c.ByRoute["PATCH /finance/agreements/{parentId}/additions/{id}"] != 18 || c.ByRoute["POST /finance/agreements/{parentId}/additions"] != 0 {
		t.Errorf("update run: summary %+v, routes %v", res.Summary, c.ByRoute)
	}
}

func TestDryRunWritesNothingAndMatchesTheRealRun(t *testing.T) {
	s := newSite(t, 20, []string{"core-license"}, simulator.Options{})
	run(t, s, s.usage(3, 0, 0), Settings{})
	u := s.usage(3, 4, 5) // some updates
	delete(u, s.customers[2].OrganizationID)

	s.srv.Sim.ResetCounters()
	dry := run(t, s, u, Settings{DryRun: true})
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Fatalf("dry run wrote %d times", w)
	}
	full := run(t, s, u, Settings{})
	if len(dry.Lines) != len(full.Lines) {
		t.Fatalf("dry run has %d lines, real run %d", len(dry.Lines), len(full.Lines))
	}
	for i := range dry.Lines {
		d, r := dry.Lines[i], full.Lines[i]
		if d.Kind != r.Kind || d.Reason != r.Reason || d.OrganizationID != r.OrganizationID || d.SKU != r.SKU {
			t.Errorf("line %d: dry run %s %s %q, real run %s %s %q", i, d.OrganizationID, d.Kind, d.Reason, r.OrganizationID, r.Kind, r.Reason)
		}
	}
	if dry.Summary != full.Summary {
		t.Errorf("summaries differ: dry %+v real %+v", dry.Summary, full.Summary)
	}
	if !strings.Contains(dry.SummaryLine(), "dry run (nothing written)") {
		t.Errorf("summary line %q", dry.SummaryLine())
	}
}

// Every write is applied and then its connection is reset: the client cannot tell whether
// a POST landed. The executor must look each one up and never POST it again.
func TestAmbiguousCreatesAreLookedUpNotRepeated(t *testing.T) {
	s := newSite(t, 10, []string{"core-license", "dedicated-server"}, simulator.Options{})
	s.srv.Sim.SetFaults(simulator.Faults{Seed: 7, ResetAfterWrite: 1})
	u := s.usage(4, 0, 0)
	res := run(t, s, u, Settings{})
	c := s.srv.Sim.Counters()
	if posts := c.ByRoute["POST /finance/agreements/{parentId}/additions"]; posts != 18 {
		t.Errorf("want exactly one POST per missing addition (18), got %d", posts)
	}
	if res.Summary.Created != 18 || res.Summary.Failed != 0 {
		t.Errorf("summary %+v failed %v", res.Summary, res.Failed)
	}
	s.checkBilled(t, u)
}

// Connections reset before the server handles them, resets after a write, 5xx answers and
// a throttling burst: a run may fail some customers, but repeated runs converge to exactly
// the usage with no duplicate addition and nothing written to a cancelled agreement.
func TestFaultsConvergeWithoutDuplicates(t *testing.T) {
	s := newSite(t, 60, []string{"core-license", "dedicated-server"}, simulator.Options{})
	s.srv.Sim.SetFaults(simulator.Faults{Seed: 3, Error500: 0.05, Error503: 0.05, ResetBefore: 0.05, ResetAfterWrite: 0.05})
	s.srv.Sim.ThrottleNext(5, 0)
	u := s.usage(2, 0, 0)
	runs := soak(t, s, u, 10)
	t.Logf("converged after %d runs", runs)
}

// soak runs the sync until ConnectWise bills exactly the usage, checking after every run
// that no duplicate exists and no cancelled agreement was written. It returns the runs
// needed.
func soak(t testing.TB, s *site, u billing.Usage, maxRuns int) int {
	t.Helper()
	for i := 1; i <= maxRuns; i++ {
		res, err := Run(context.Background(), s.client, s.request(u), Settings{})
		if err != nil {
			t.Logf("run %d could not plan: %v", i, err)
		} else {
			t.Logf("run %d: %s", i, res.SummaryLine())
		}
		b := s.billingState(u)
		if len(b.duplicates)+len(b.cancelledWrites) > 0 {
			t.Fatalf("after run %d: duplicates %v, cancelled agreements written %v", i, b.duplicates, b.cancelledWrites)
		}
		if b.exact() {
			return i
		}
	}
	t.Fatalf("ConnectWise does not bill the usage after %d runs: %v", maxRuns, s.billingState(u).mismatches)
	return 0
}

// A product whose catalog item does not exist, and one whose item was made inactive after
// the plan: both are skipped with the engine's reason, found by the batched catalog read in
// the load phase (before: every create for them failed with a 400 and a "run again").
func TestMissingOrInactiveCatalogItemIsSkippedNotPosted(t *testing.T) {
	s := newSite(t, 12, []string{"core-license", "premium-license"}, simulator.Options{})
	inactive := s.products[1]
	if err := s.srv.Sim.Store().Update("catalog", inactive.CatalogItemID, map[string]any{"inactiveFlag": true}); err != nil {
		t.Fatal(err)
	}
	s.products = append(s.products, billing.Product{VendorSKU: "ghost", CatalogItemID: 999999})
	u := s.usage(1, 0, 0)
	res := run(t, s, u, Settings{})
	if len(res.Failed) != 0 {
		t.Fatalf("nothing should fail: %v", res.Failed)
	}
	posts := s.srv.Sim.Counters().ByRoute["POST /finance/agreements/{parentId}/additions"]
	if posts != 11 || res.Summary.Created != 11 {
		t.Errorf("want 11 creates for the active item only, got %d POSTs, summary %+v", posts, res.Summary)
	}
	for _, l := range res.Lines {
		switch {
		case l.SKU == "ghost" && !strings.HasPrefix(l.Reason, "catalog item 999999 of SKU ghost was not found (deleted?)"),
			l.SKU == "premium-license" && !strings.Contains(l.Reason, "of SKU premium-license is inactive: nothing is written"):
			t.Errorf("%s %s: %s %q", l.OrganizationID, l.SKU, l.Kind, l.Reason)
		}
	}
	for _, a := range s.srv.Sim.Store().List("additions") {
		if id := simulator.Int(a["product"].(map[string]any)["id"]); id != s.products[0].CatalogItemID {
			t.Errorf("addition %v written for catalog item %d", a["id"], id)
		}
	}
}
