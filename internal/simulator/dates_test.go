package simulator

import (
	"testing"
)

// dateVariant checks a site's date-only fields under the given zone and reading: what an
// agreement's startDate (stored 2025-01-01, in winter) and an addition's effectiveDate
// written as the site's own form (2026-11-01) look like on the wire, that the write is
// stored as the day, and the zone /system/info names.
func dateVariant(zone, reading, wantStart, wantEffective, wantZoneName string) func(*testing.T, *apiTest) {
	return func(t *testing.T, a *apiTest) {
		var v Variants
		for name, value := range map[VariantName]string{VariantSiteTimeZone: zone, VariantDateFields: reading} {
			if err := v.Set(name, value); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.srv.Sim.SetVariants(v); err != nil {
			t.Fatal(err)
		}
		if got := a.api("GET", "/finance/agreements/10", nil).object(t)["startDate"]; got != wantStart {
			t.Errorf("startDate %v, want %s", got, wantStart)
		}
		for _, sent := range []string{"2026-11-01T00:00:00Z", wantEffective} {
			r := a.api("PATCH", "/finance/agreements/10/additions/30", []map[string]any{{"op": "replace", "path": "effectiveDate", "value": sent}})
			wantStatus(t, r, 200)
			if got := r.object(t)["effectiveDate"]; got != wantEffective {
				t.Errorf("wrote %s: answered effectiveDate %v, want %s", sent, got, wantEffective)
			}
			if stored, _ := a.srv.Sim.Store().Get("additions", 30); stored["effectiveDate"] != "2026-11-01T00:00:00Z" {
				t.Errorf("wrote %s: stored %v, want the day 2026-11-01T00:00:00Z", sent, stored["effectiveDate"])
			}
		}
		if got := a.api("GET", "/system/info", nil).object(t)["serverTimeZone"]; got != wantZoneName {
			t.Errorf("serverTimeZone %v, want %s", got, wantZoneName)
		}
	}
}

// dateVariantCases are the variants test's cases for date-fields and site-time-zone.
var dateVariantCases = map[string]func(*testing.T, *apiTest){
	"date-fields=utc-midnight": dateVariant("America/New_York", "utc-midnight",
		"2025-01-01T00:00:00Z", "2026-11-01T00:00:00Z", "Eastern Standard Time"),
	"date-fields=local-midnight": dateVariant("America/New_York", "local-midnight",
		"2025-01-01T05:00:00Z", "2026-11-01T04:00:00Z", "Eastern Standard Time"), // EST in January, EDT until 2 am on 1 November
	"site-time-zone=America/New_York": dateVariant("America/New_York", "local-midnight",
		"2025-01-01T05:00:00Z", "2026-11-01T04:00:00Z", "Eastern Standard Time"),
	"site-time-zone=Australia/Sydney": dateVariant("Australia/Sydney", "local-midnight",
		"2024-12-31T13:00:00Z", "2026-10-31T13:00:00Z", "AUS Eastern Standard Time"), // AEDT, UTC+11
	"site-time-zone=Pacific/Auckland": dateVariant("Pacific/Auckland", "local-midnight",
		"2024-12-31T11:00:00Z", "2026-10-31T11:00:00Z", "New Zealand Standard Time"), // NZDT, UTC+13
	"site-time-zone=Pacific/Honolulu": dateVariant("Pacific/Honolulu", "local-midnight",
		"2025-01-01T10:00:00Z", "2026-11-01T10:00:00Z", "Hawaiian Standard Time"), // HST, UTC-10
}
