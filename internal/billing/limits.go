package billing

import (
	"fmt"
	"math"
	"time"
)

// Input bounds, declared once: the action, the reconciliation data source and the product
// mapping resource hold their inputs to these, so a value one accepts the others accept.
const (
	// MaxQuantity bounds a usage quantity and a less-included amount (units per customer
	// and SKU in one billing period).
	MaxQuantity = 1_000_000
	// MaxAmount bounds a unit price and a unit cost, in the agreement's currency.
	MaxAmount = 1_000_000
	// MaxAsOfAhead is how far in the future as_of may be: a runner's clock a little ahead
	// of ConnectWise's is fine, a typo in the year is not.
	MaxAsOfAhead = 24 * time.Hour
)

// QuantityProblem returns why q cannot be a quantity, or "": it must be finite, from 0 to
// MaxQuantity, and a quantity above 0 must not round to 0 at Decimals places (it would
// silently bill nothing).
func QuantityProblem(q float64) string {
	switch {
	case !finite(q) || q < 0 || q > MaxQuantity:
		return fmt.Sprintf("must be a number from 0 to %d, e.g. 12; got %s", MaxQuantity, formatNumber(q))
	case q > 0 && round(q) == 0:
		return fmt.Sprintf("is %s, which rounds to 0 at the %d decimals ConnectWise keeps: write 0 to bill nothing, or a quantity of at least %s",
			formatNumber(q), Decimals, formatNumber(math.Pow10(-Decimals)))
	}
	return ""
}

// AmountProblem returns why v cannot be a unit price or unit cost, or "".
func AmountProblem(v float64) string {
	if !finite(v) || v < 0 || v > MaxAmount {
		return fmt.Sprintf("must be a number from 0 to %d, e.g. 12.5; got %s", MaxAmount, formatNumber(v))
	}
	return ""
}

// AsOfProblem returns why asOf is outside the window a run accepts at now, or "": at most
// MaxAsOfAhead in the future, and not before the first day of the month before now's (the
// latest final run a pipeline can be late for). allow_any_as_of lifts both bounds.
func AsOfProblem(asOf, now time.Time) string {
	now = now.UTC()
	earliest := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	latest := now.Add(MaxAsOfAhead)
	switch {
	case asOf.After(latest):
		return fmt.Sprintf("is %s, more than %g hours after now (%s): a created addition would start in %s. Use the time of the run, "+
			"or set allow_any_as_of = true if this is deliberate", asOf.UTC().Format(time.RFC3339), MaxAsOfAhead.Hours(), now.Format(time.RFC3339), BillingPeriod(asOf))
	case asOf.Before(earliest):
		return fmt.Sprintf("is %s, before %s: a run may be late for the previous month's final numbers, but not older. "+
			"Use the time of the run, or set allow_any_as_of = true to correct an older month deliberately", asOf.UTC().Format(time.RFC3339), earliest.Format("2 January 2006"))
	}
	return ""
}
