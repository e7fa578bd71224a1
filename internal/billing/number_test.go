package billing

import (
	"math"
	"testing"
)

func TestRound(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{
		{0.1 + 0.2, 0.3},
		{2.5, 2.5},
		{1.23456789, 1.2346},
		{1.23455, 1.2346}, // half away from zero (1.23455 is stored a hair above)
		{-0.00004, 0},
		{42, 42},
		{1e16, 1e16}, // too large to scale: unchanged
	} {
		if got := round(tt.in); got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
			t.Errorf("round(%v) = %v, want %v", tt.in, got, tt.want)
		}
		if got := round(round(tt.in)); got != round(tt.in) {
			t.Errorf("round is not idempotent at %v", tt.in)
		}
	}
	if !math.IsNaN(round(math.NaN())) || !math.IsInf(round(math.Inf(-1)), -1) {
		t.Error("round must leave NaN and infinities alone")
	}
	if formatValue(nil) != "unset" || formatValue("NoCharge") != "NoCharge" || formatValue(true) != "true" || formatValue(2.5) != "2.5" || formatValue(1) != "?" {
		t.Error("formatValue")
	}
}

func TestPlanNegativeLessIncluded(t *testing.T) {
	in := base()
	in.Products[0].LessIncluded = fp(-1)
	if got := Plan(in); got[0].Kind != Skip || got[0].Reason != "SKU core-license has a negative less_included: nothing is written" {
		t.Errorf("got %s", dump(got[0]))
	}
}
