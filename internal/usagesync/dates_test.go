package usagesync

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// dateReadings are the forms a site may send date-only fields in: UTC midnight, or the
// site's local midnight in UTC for a zone west of UTC with the US daylight saving change
// on 1 November 2026 (New York), zones east of UTC in summer time (Sydney, UTC+11;
// Auckland, UTC+13) and one far west (Honolulu, UTC-10).
func dateReadings(t testing.TB) map[string]simulator.Variants {
	out := map[string]simulator.Variants{"utc-midnight": {}}
	for _, zone := range []string{"America/New_York", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu"} {
		var v simulator.Variants
		if err := v.Set(simulator.VariantDateFields, "local-midnight"); err != nil {
			t.Fatal(err)
		}
		if err := v.Set(simulator.VariantSiteTimeZone, zone); err != nil {
			t.Fatal(err)
		}
		out["local-midnight "+zone] = v
	}
	return out
}

// dateEdgeCases are customers whose calendars turn on the days around 1 November 2026,
// each with the additions ConnectWise already holds for core-license (effective, cancelled).
var dateEdgeCases = []struct {
	name      string
	agreement map[string]any
	cycle     string
	additions [][2]string
}{
	{"starts 31 October", map[string]any{"startDate": "2026-10-31T00:00:00Z", "billStartDate": "2026-10-31T00:00:00Z"}, "", nil},
	{"starts 1 November", map[string]any{"startDate": "2026-11-01T00:00:00Z", "billStartDate": "2026-11-01T00:00:00Z"}, "", nil},
	{"starts 2 November", map[string]any{"startDate": "2026-11-02T00:00:00Z", "billStartDate": "2026-11-02T00:00:00Z", "prorateFlag": false}, "", nil},
	{"invoiced to 1 November", map[string]any{"prorateFlag": false, "nextInvoiceDate": "2026-11-01T00:00:00Z"}, "", nil},
	{"invoiced to 2 November", map[string]any{"prorateFlag": false, "nextInvoiceDate": "2026-11-02T00:00:00Z"}, "", nil},
	{"contract quarters from 31 October", map[string]any{"invoicingCycle": "ContractYear", "billStartDate": "2026-10-31T00:00:00Z",
		"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}, "nextInvoiceDate": "2027-01-31T00:00:00Z"}, billing.CycleQuarterly, nil},
	{"ends 1 November", map[string]any{"noEndingDateFlag": false, "endDate": "2026-11-01T00:00:00Z"}, "", nil},
	{"addition from 1 November", map[string]any{}, "", [][2]string{{"2026-11-01T00:00:00Z", ""}}},
	{"addition from 2 November", map[string]any{}, "", [][2]string{{"2026-11-02T00:00:00Z", ""}}},
	{"addition ended 31 October", map[string]any{}, "", [][2]string{{"2026-10-01T00:00:00Z", "2026-10-31T00:00:00Z"}}},
	{"addition ended 1 November", map[string]any{}, "", [][2]string{{"2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"}}},
	{"addition from 1 December", map[string]any{}, "", [][2]string{{"2026-12-01T00:00:00Z", ""}}},
}

// newDateSite is the calendar site (calendar_site_test.go) with the date edge customers.
func newDateSite(t testing.TB, v simulator.Variants) *calendarSite {
	t.Helper()
	cs := newCalendarSite(t, 1, v)
	st := cs.srv.Sim.Store()
	for i, c := range dateEdgeCases {
		companyID, agreementID := insertCalendarAgreement(st, fmt.Sprintf("DAY%03d", i), c.name, c.agreement)
		for _, a := range c.additions {
			add := map[string]any{"agreementId": agreementID, "product": map[string]any{"id": cs.products[0].CatalogItemID},
				"billCustomer": "Billable", "quantity": 3.0, "unitPrice": float64(corePrice), "effectiveDate": a[0], "agreementStatus": "Active"}
			if a[1] != "" {
				add["cancelledDate"] = a[1]
			}
			st.Insert("additions", add)
		}
		cs.customers = append(cs.customers, billing.Customer{
			OrganizationID: fmt.Sprintf("day-%03d", i), OrganizationName: c.name,
			CompanyID: companyID, AgreementID: agreementID, SyncEnabled: true, BillingCycle: c.cycle,
		})
	}
	return cs
}

// storedDays is every addition the site holds, by agreement, without the IDs (the runs
// create in parallel, so IDs come in any order).
func (cs *calendarSite) storedDays() string {
	var out []string
	for _, a := range cs.srv.Sim.Store().List("additions") {
		product, _ := a["product"].(map[string]any)
		out = append(out, fmt.Sprintf("agreement %v product %v qty %v effective %v cancelled %v",
			a["agreementId"], product["id"], a["quantity"], a["effectiveDate"], a["cancelledDate"]))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// planText is what a run decided, one line per change: everything a user sees of it.
func planText(res *Result) []string {
	var out []string
	for _, l := range res.Lines {
		s := fmt.Sprintf("%s %s: %s [%s] addition %d billed %s desired %s", l.OrganizationID, l.SKU, l.Kind, l.Period, l.AdditionID, qty(l.Billed), qty(l.Desired))
		if l.New != nil {
			s += " new from " + l.New.EffectiveDate.Format(time.RFC3339)
		}
		if l.Ends != nil {
			s += fmt.Sprintf(" ends %d on %s", l.Ends.AdditionID, l.Ends.CancelledDate.Format(time.RFC3339))
		}
		out = append(out, s+fmt.Sprintf(" fields %v conflicts %v: %s", l.Fields, l.ConflictIDs, l.Reason))
	}
	return out
}

func qty(q *float64) string {
	if q == nil {
		return "-"
	}
	return fmt.Sprint(*q)
}

// TestDateFieldsBillTheSameUnderEitherReading runs the sync around the US daylight saving
// change (1 November 2026) on sites that send date-only fields as UTC midnight or as their
// local midnight, east and west of UTC: every run decides the same changes (periods,
// standings, effective dates, reasons), the real run writes the same additions, and a
// second run writes nothing.
func TestDateFieldsBillTheSameUnderEitherReading(t *testing.T) {
	asOfs := []time.Time{
		time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC),
	}
	writeAt := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	type outcome struct {
		plans  [][]string
		stored string
	}
	results := map[string]outcome{}
	readings := dateReadings(t)
	for name, v := range readings {
		cs := newDateSite(t, v)
		u := newUsageWalk(cs, 1).snapshot()
		var o outcome
		for _, at := range asOfs {
			cs.clock.set(at)
			req := Request{Customers: cs.customers, Products: cs.products, Usage: u, Options: billing.Options{AsOf: at, IntegrationName: "NordLayer"}}
			res, err := Run(t.Context(), cs.client, req, Settings{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			o.plans = append(o.plans, planText(res))
		}
		cs.runAt(t, writeAt, u)
		cs.srv.Sim.ResetCounters()
		cs.runAt(t, writeAt.Add(time.Hour), u)
		if w := cs.srv.Sim.Counters().Writes; w != 0 {
			t.Errorf("%s: a second run wrote %d times", name, w)
		}
		o.stored = cs.storedDays()
		results[name] = o
	}
	base := results["utc-midnight"]
	for name, o := range results {
		if name == "utc-midnight" {
			continue
		}
		differ := 0
		for i, plan := range o.plans {
			want := base.plans[i]
			for j := range max(len(plan), len(want)) {
				got, w := "(none)", "(none)"
				if j < len(plan) {
					got = plan[j]
				}
				if j < len(want) {
					w = want[j]
				}
				if got != w {
					differ++
					if differ <= 6 {
						t.Errorf("%s, as of %s:\n got %s\nwant %s", name, asOfs[i].Format(time.RFC3339), got, w)
					}
				}
			}
		}
		if differ > 0 {
			t.Errorf("%s: %d of the runs' lines differ from the UTC-midnight site's", name, differ)
		}
		if o.stored != base.stored {
			t.Errorf("%s: the additions written differ from the UTC-midnight site's:\n%s\nwant\n%s", name, o.stored, base.stored)
		}
	}
}
