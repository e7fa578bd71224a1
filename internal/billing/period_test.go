package billing

import (
	"testing"
	"time"
)

func TestBillingPeriod(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	cest := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		name  string
		asOf  time.Time
		start string
		final bool
	}{
		{"mid-month: current month, incremental", at("2026-11-15T12:00:00Z"), "2026-11-01T00:00:00Z", false},
		{"last second of the month: current month", at("2026-11-30T23:59:59Z"), "2026-11-01T00:00:00Z", false},
		{"first instant of the 1st: previous month, final", at("2026-12-01T00:00:00Z"), "2026-11-01T00:00:00Z", true},
		{"last second of the 1st: previous month, final", at("2026-12-01T23:59:59Z"), "2026-11-01T00:00:00Z", true},
		{"the 2nd: current month", at("2026-12-02T00:00:00Z"), "2026-12-01T00:00:00Z", false},
		{"1st of January: December of the previous year", at("2027-01-01T06:00:00Z"), "2026-12-01T00:00:00Z", true},
		{"1st of March after a short February", at("2027-03-01T00:00:00Z"), "2027-02-01T00:00:00Z", true},
		{"the 1st in UTC but the 30th locally", time.Date(2026, 11, 30, 20, 0, 0, 0, est), "2026-11-01T00:00:00Z", true},
		{"the 1st locally but the 30th in UTC", time.Date(2026, 12, 1, 1, 0, 0, 0, cest), "2026-11-01T00:00:00Z", false},
		{"the 2nd locally but the 1st in UTC", time.Date(2026, 12, 2, 1, 0, 0, 0, cest), "2026-11-01T00:00:00Z", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BillingPeriod(tt.asOf)
			if !got.Start.Equal(at(tt.start)) || got.Start.Location() != time.UTC || got.Final != tt.final {
				t.Errorf("BillingPeriod(%s) = {%s %v}, want {%s %v}", tt.asOf, got.Start, got.Final, tt.start, tt.final)
			}
		})
	}
}

// TestPlanEffectiveDate checks that a created addition starts on the first day of the period,
// on both sides of a month boundary.
func TestPlanEffectiveDate(t *testing.T) {
	for _, tt := range []struct {
		asOf time.Time
		want string
	}{
		{at("2026-11-30T23:59:59Z"), "2026-11-01T00:00:00Z"},
		{at("2026-12-01T00:00:00Z"), "2026-11-01T00:00:00Z"},
		{at("2026-12-02T00:00:00Z"), "2026-12-01T00:00:00Z"},
		{time.Date(2026, 11, 30, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)), "2026-11-01T00:00:00Z"},
	} {
		in := base()
		in.Options.AsOf = tt.asOf
		got := Plan(in)
		if got[0].Kind != Create || !got[0].New.EffectiveDate.Equal(at(tt.want)) || got[0].New.EffectiveDate.Location() != time.UTC {
			t.Errorf("as_of %s: got %s, want a create effective %s", tt.asOf, dump(got[0]), tt.want)
		}
	}
}
