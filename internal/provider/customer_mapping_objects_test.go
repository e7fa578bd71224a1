package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// mappingPair is one customer mapping's company and agreement.
type mappingPair struct{ company, agreement int }

// activeMappings returns n mappings of the site: active agreements of live companies,
// taken every step-th so that a small n is spread over the whole site.
func activeMappings(t *testing.T, srv *simulator.Server, n, step int) []mappingPair {
	t.Helper()
	deleted := map[int]bool{}
	for _, c := range srv.Sim.Store().List("companies") {
		if c["deletedFlag"] == true {
			deleted[int(c["id"].(float64))] = true
		}
	}
	var all []mappingPair
	for _, a := range srv.Sim.Store().List("agreements") {
		company := int(a["company"].(map[string]any)["id"].(float64))
		if a["agreementStatus"] == "Active" && a["cancelledFlag"] != true && !deleted[company] {
			all = append(all, mappingPair{company, int(a["id"].(float64))})
		}
	}
	var out []mappingPair
	for i := 0; i < len(all) && len(out) < n; i += step {
		out = append(out, all[i])
	}
	if len(out) < n {
		t.Fatalf("the site has %d usable mappings at step %d, want %d", len(out), step, n)
	}
	return out
}

// readMappings reads the mappings' objects as a Terraform refresh does: 10 at a time
// (Terraform's -parallelism), each through loadMappingObjects, and checks every name
// against the site.
func readMappings(t *testing.T, srv *simulator.Server, d *providerData, pairs []mappingPair) {
	t.Helper()
	names := map[string]string{}
	for _, kind := range []string{"companies", "agreements"} {
		for _, o := range srv.Sim.Store().List(kind) {
			names[fmt.Sprintf("%s/%v", kind, o["id"])] = o["name"].(string)
		}
	}
	work := make(chan mappingPair)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for p := range work {
				o, diags := loadMappingObjects(context.Background(), d, int64(p.company), int64(p.agreement))
				switch {
				case diags.HasError():
					t.Errorf("mapping %v: %v", p, diags)
				case o.company == nil || o.agreement == nil:
					t.Errorf("mapping %v: not found: %+v", p, o)
				case o.company.Name != names[fmt.Sprintf("companies/%d", p.company)] ||
					o.agreement.Name != names[fmt.Sprintf("agreements/%d", p.agreement)] ||
					o.agreement.Company == nil || o.agreement.Company.ID != p.company || o.agreement.AgreementStatus != "Active":
					t.Errorf("mapping %v: read %+v, %+v", p, *o.company, *o.agreement)
				}
			}
		})
	}
	for _, p := range pairs {
		work <- p
	}
	close(work)
	wg.Wait()
}

// measureMappingReads reads the mappings in a new provider process and returns the requests.
func measureMappingReads(t *testing.T, srv *simulator.Server, pairs []mappingPair) (*providerData, simulator.Counters) {
	t.Helper()
	clearProviderEnv(t)
	d := newProviderData(clientForTest(t, srv.URL, testPrivateKey), nil, nil)
	srv.Sim.ResetCounters()
	readMappings(t, srv, d, pairs)
	c := srv.Sim.Counters()
	t.Logf("%d mappings: %d requests %v", len(pairs), c.Total, c.ByRoute)
	return d, c
}

// A plan of many mappings costs what listing costs: 300 mappings read in a couple of
// by-ID calls, one count and one page per kind, not 0.2 requests per mapping.
func TestMappingReadsListWhenMany(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 400)})
	pairs := activeMappings(t, srv, 300, 1)
	d, c := measureMappingReads(t, srv, pairs)
	if c.Total > 8 {
		t.Errorf("300 mappings cost %d requests, want at most 8 (by ID, count, one page, per kind): %v", c.Total, c.ByRoute)
	}
	for _, route := range []string{"GET /company/companies/count", "GET /finance/agreements/count"} {
		if c.ByRoute[route] != 1 {
			t.Errorf("%s: %d requests, want 1", route, c.ByRoute[route])
		}
	}
	// The refresh's ModifyPlan, and a second read, cost nothing.
	srv.Sim.ResetCounters()
	readMappings(t, srv, d, pairs)
	if n := srv.Sim.Counters().Total; n != 0 {
		t.Errorf("second read of the same mappings: %d requests", n)
	}
}

// A small plan keeps the by-ID path: one call per kind, no count, no listing.
func TestMappingReadsSmallPlanByID(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 400)})
	pairs := activeMappings(t, srv, 8, 1)
	if _, c := measureMappingReads(t, srv, pairs); c.Total != 2 {
		t.Errorf("8 mappings: %d requests %v, want 2 (one by-ID call per kind)", c.Total, c.ByRoute)
	}
}

// A site with 20,000 companies where the plan maps 50 must not list all 20,000: listing
// would cost 20 pages per kind, the by-ID calls cost about 5.
func TestMappingReadsDoNotListLargeSite(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 20000)})
	pairs := activeMappings(t, srv, 50, 300)
	_, c := measureMappingReads(t, srv, pairs)
	for _, route := range []string{"GET /company/companies", "GET /finance/agreements"} {
		if c.ByRoute[route] > 10 {
			t.Errorf("%s: %d requests for 50 mappings: the whole collection was listed", route, c.ByRoute[route])
		}
	}
}

// The listing works under every variant of the unconfirmed API details that touch lists:
// the site may refuse childConditions or agreementStatus conditions (the listing sends
// neither), and may send no Link header (two pages: the pager asks for page 2 itself).
func TestMappingReadsUnderListVariants(t *testing.T) {
	for _, v := range []struct{ name, value string }{
		{"array-conditions", "child-only"}, {"array-conditions", "conditions-only"}, {"array-conditions", "both"},
		{"agreement-status-condition", "ok"}, {"agreement-status-condition", "rejected"},
		{"link-header", "present"}, {"link-header", "absent"},
	} {
		t.Run(v.name+"="+v.value, func(t *testing.T) {
			opts := simulator.Options{Data: simulator.DemoData(1, 1200)}
			if err := opts.Variants.ParseVariant(v.name + "=" + v.value); err != nil {
				t.Fatal(err)
			}
			srv := simulator.StartTest(t, opts)
			pairs := activeMappings(t, srv, 300, 3)
			_, c := measureMappingReads(t, srv, pairs)
			if c.Total > 10 || c.ByRoute["GET /company/companies/count"] != 1 {
				t.Errorf("%d requests %v, want a count and two pages per kind", c.Total, c.ByRoute)
			}
		})
	}
}
