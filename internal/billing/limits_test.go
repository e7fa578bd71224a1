package billing

import (
	"strings"
	"testing"
	"time"
)

func TestAsOfProblem(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		asOf string
		want string // "" when accepted
	}{
		{"2026-12-03T08:00:00Z", ""},
		{"2026-12-01T06:00:00Z", ""}, // the final run for November, a little late
		{"2026-11-01T00:00:00Z", ""}, // the first instant of the previous month
		{"2026-12-04T08:00:00Z", ""}, // a clock a day ahead
		{"2026-10-31T23:59:59Z", "before 1 November 2026"},
		{"2026-12-04T08:00:01Z", "more than 24 hours after now"},
		{"2099-12-01T00:30:00Z", "a created addition would start in November 2099"},
		{"1999-01-01T00:00:00Z", "before 1 November 2026"},
	} {
		asOf, err := time.Parse(time.RFC3339, tc.asOf)
		if err != nil {
			t.Fatal(err)
		}
		got := AsOfProblem(asOf, now)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("AsOfProblem(%s) = %q, want %q", tc.asOf, got, tc.want)
		}
	}
	// January: the previous month is December of the year before.
	if got := AsOfProblem(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)); got != "" {
		t.Errorf("a run on 2 January for December: %q", got)
	}
}

func TestQuantityProblem(t *testing.T) {
	for q, want := range map[float64]string{
		0: "", 0.0001: "", 12.5: "", MaxQuantity: "",
		-1: "from 0 to 1000000", MaxQuantity + 1: "from 0 to 1000000", 1e300: "got 1e+300",
		0.0000001: "rounds to 0", 0.00004: "rounds to 0",
	} {
		got := QuantityProblem(q)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("QuantityProblem(%v) = %q, want %q", q, got, want)
		}
	}
}
