package connectwise_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

// shiftSite is a site of n companies, none in the recycle bin, each with one Active
// agreement (agreement i belongs to company i).
func shiftSite(n int) *simulator.Dataset {
	d := simulator.DefaultLookups()
	for i := 1; i <= n; i++ {
		out := entering(i) // starts outside the filters, enters them mid-walk
		status := "Active"
		if out {
			status = "Cancelled"
		}
		d.Companies = append(d.Companies, map[string]any{
			"id": i, "identifier": fmt.Sprintf("C%05d", i), "name": fmt.Sprintf("Company %d", i),
			"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": out,
		})
		d.Agreements = append(d.Agreements, map[string]any{
			"id": i, "name": fmt.Sprintf("Agreement %d", i), "company": map[string]any{"id": i},
			"type": map[string]any{"id": 1}, "agreementStatus": status, "cancelledFlag": out,
			"startDate": "2026-01-01T00:00:00Z", "noEndingDateFlag": true,
		})
	}
	return d
}

// entering says whether record i is one of the 10 (ids 50 to 59, on the first page) that
// start outside the filters and enter them after page 2 (restored from the recycle bin,
// reopened).
func entering(i int) bool { return i >= 50 && i < 60 }

// walkTally counts a walk of a list against the records that stayed in its filter.
type walkTally struct {
	skipped, duplicated int
	missing             []int
}

func tally(got []int, stayed map[int]bool) walkTally {
	var w walkTally
	seen := map[int]int{}
	for _, id := range got {
		seen[id]++
		if seen[id] == 2 {
			w.duplicated++
		}
	}
	for id := range stayed {
		if seen[id] == 0 {
			w.skipped++
			if len(w.missing) < 5 {
				w.missing = append(w.missing, id)
			}
		}
	}
	return w
}

// leaving returns the 25 ids, all on the first page, that leave the filter after page 1.
// The walk has already passed them, so on a page-number walk every later record moves up
// 25 places, onto a page already read; the 10 that enter after page 2 move every later
// record down 10 places, onto the page read next.
func leaving() []int {
	var out []int
	for i := 0; i < 25; i++ {
		out = append(out, 100+i*30)
	}
	return out
}

// TestListSurvivesRecordsLeavingTheFilter walks 2,500 companies (deletedFlag = False) and
// 2,500 agreements (agreementStatus = Active) while 25 of each leave the filter after the
// first page and 10 enter it after the second, under each paging answer a site may give:
// every record that stayed in the filter comes exactly once, and no record twice.
func TestListSurvivesRecordsLeavingTheFilter(t *testing.T) {
	const n = 2500
	cases := []struct {
		name     string
		variants map[simulator.VariantName]string
	}{
		{"forward-only honoured", nil},
		{"forward-only ignored", map[simulator.VariantName]string{simulator.VariantForwardOnly: "ignored"}},
		{"forward-only honoured, no Link header", map[simulator.VariantName]string{simulator.VariantLinkHeader: "absent"}},
		{"forward-only ignored, no Link header", map[simulator.VariantName]string{simulator.VariantForwardOnly: "ignored", simulator.VariantLinkHeader: "absent"}},
	}
	lists := []struct {
		name, route, kind string
		leave, enter      map[string]any
		walk              func(*connectwise.Client) ([]int, error)
	}{
		{"companies", "/company/companies", "companies", map[string]any{"deletedFlag": true}, map[string]any{"deletedFlag": false},
			func(c *connectwise.Client) ([]int, error) {
				rows, err := c.Companies.All(context.Background(), &connectwise.ListOptions{
					Conditions: connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)), OrderBy: "id asc"})
				ids := make([]int, len(rows))
				for i, r := range rows {
					ids[i] = r.ID
				}
				return ids, err
			}},
		{"agreements", "/finance/agreements", "agreements",
			map[string]any{"cancelledFlag": true, "agreementStatus": "Cancelled"}, map[string]any{"cancelledFlag": false, "agreementStatus": "Active"},
			func(c *connectwise.Client) ([]int, error) {
				rows, err := c.Agreements.All(context.Background(), &connectwise.ListOptions{
					Conditions: connectwise.Field("agreementStatus").Eq(connectwise.String(connectwise.AgreementActive)),
					Fields:     []string{"id", "name"}})
				ids := make([]int, len(rows))
				for i, r := range rows {
					ids[i] = r.ID
				}
				return ids, err
			}},
	}
	for _, tc := range cases {
		for _, l := range lists {
			t.Run(tc.name+"/"+l.name, func(t *testing.T) {
				opts := simulator.Options{Data: shiftSite(n)}
				for k, v := range tc.variants {
					if err := opts.Variants.Set(k, v); err != nil {
						t.Fatal(err)
					}
				}
				srv := simulator.StartTest(t, opts)
				left := leaving()
				var entered []int
				stayed := map[int]bool{}
				for i := 1; i <= n; i++ {
					if entering(i) {
						entered = append(entered, i)
					} else {
						stayed[i] = true
					}
				}
				for _, id := range left {
					delete(stayed, id)
				}
				if err := srv.Sim.AddPageMutation(simulator.PageMutation{Route: l.route, AfterPage: 1, Kind: l.kind, IDs: left, Fields: l.leave}); err != nil {
					t.Fatal(err)
				}
				if err := srv.Sim.AddPageMutation(simulator.PageMutation{Route: l.route, AfterPage: 2, Kind: l.kind, IDs: entered, Fields: l.enter}); err != nil {
					t.Fatal(err)
				}
				got, err := l.walk(simtest.Client(t, srv.URL))
				if err != nil {
					t.Fatal(err)
				}
				if w := tally(got, stayed); w.skipped != 0 || w.duplicated != 0 {
					t.Errorf("%d listed: %d of the %d that stayed in the filter skipped (e.g. %v), %d duplicated",
						len(got), w.skipped, len(stayed), w.missing, w.duplicated)
				}
			})
		}
	}
}
