package billing

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Decimals is the precision at which quantities, prices, costs and less-included amounts are
// compared and written: values equal after rounding to this many decimals are equal, so
// float noise (0.1+0.2) never causes a write, and the value written is the rounded one.
const Decimals = 4

var scale = math.Pow10(Decimals)

// round rounds x to Decimals, half away from zero; -0 becomes 0. Values too large to scale
// are returned as they are.
func round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
		return x
	}
	r := math.Round(x*scale) / scale
	if r == 0 {
		return 0
	}
	return r
}

func roundPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	r := round(*p)
	return &r
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// formatNumber writes a number the way a person reads it: 42, 2.5, 0.3.
func formatNumber(x float64) string {
	if math.Abs(x) >= 1e15 { // 1e+300, not three hundred digits
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// formatValue formats a FieldChange value for a reason.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "unset"
	case float64:
		return formatNumber(v)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	default:
		return "?"
	}
}

// billCustomerValues are the values of an addition's billCustomer.
var billCustomerValues = []string{"Billable", "DoNotBill", "NoCharge"}

// defaultBillCustomer is written on create when the product does not own billCustomer.
const defaultBillCustomer = "Billable"

func validBillCustomer(s string) bool { return slices.Contains(billCustomerValues, s) }

func joinInts(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ", ")
}
