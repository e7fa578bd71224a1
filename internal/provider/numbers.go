package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
)

// Numbers a user types are declared as Number, never Int64 or Float64: the framework turns
// `1.5` for an Int64 attribute, or `1/0` (+Inf) for a Float64 one, into a "Value Conversion
// Error ... always an error in the provider" before any validator runs. As Number every
// value reaches these validators, which name the attribute and say what is accepted. The
// same holds for an import block's identity, which ImportState checks with the same rules.

// numberRule is what one numeric attribute accepts.
type numberRule struct {
	whole    bool    // a whole number (else any finite number)
	min, max float64 // inclusive bounds
	accepted string  // e.g. "a whole number from 1 to 6000, e.g. 600"
	// problem, when set, replaces the checks above: one of billing's input rules, so that
	// a resource accepts exactly what the sync accepts.
	problem func(float64) string
}

// Billing's bounds as schema rules (declared once, in internal/billing).
var (
	amountRule   = numberRule{problem: billing.AmountProblem, accepted: fmt.Sprintf("a number from 0 to %d", billing.MaxAmount)}
	quantityRule = numberRule{problem: billing.QuantityProblem, accepted: fmt.Sprintf("a number from 0 to %d", billing.MaxQuantity)}
)

// wholeNumber accepts whole numbers from min to max.
func wholeNumber(minimum, maximum, example int64) numberRule {
	return numberRule{whole: true, min: float64(minimum), max: float64(maximum),
		accepted: fmt.Sprintf("a whole number from %d to %d, e.g. %d", minimum, maximum, example)}
}

// recordID accepts a ConnectWise record ID: a whole number of 1 or more.
func recordID(what string, example int64) numberRule {
	return numberRule{whole: true, min: 1, max: math.MaxInt64,
		accepted: fmt.Sprintf("a ConnectWise %s ID, a whole number of 1 or more, e.g. %d", what, example)}
}

// The IDs a mapping is keyed on, one rule each for the resource attribute, its import
// identity, the data source and the sync inputs.
var (
	agreementIDRule   = recordID("agreement", 4012)
	catalogItemIDRule = recordID("catalog item", 300)
)

// check returns the error diagnostic for v at p, or nil when v is accepted (null and
// unknown values are accepted: required-ness is checked elsewhere).
func (r numberRule) check(p path.Path, v types.Number) diag.Diagnostic {
	if msg := r.problemWith(p.String(), v); msg != "" {
		return diag.NewAttributeErrorDiagnostic(p, "Invalid "+p.String(), msg)
	}
	return nil
}

// requiredProblem is problemWith for a value that must be set, such as an import identity's
// ID (Terraform lets a null through to the provider there).
func (r numberRule) requiredProblem(name string, v types.Number) string {
	if v.IsNull() || v.IsUnknown() {
		return fmt.Sprintf("%s is required: it must be %s.", name, r.accepted)
	}
	return r.problemWith(name, v)
}

// problemWith says what is wrong with v, naming it name, or "" when v is accepted (null and
// unknown included). An import identity is not configuration, so its check names the
// attribute its own way.
func (r numberRule) problemWith(name string, v types.Number) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	f := v.ValueBigFloat()
	if r.problem != nil {
		x, _ := f.Float64() // ±Inf beyond float64's range: the rule refuses it
		if msg := r.problem(x); msg != "" {
			return fmt.Sprintf("%s %s.", name, msg)
		}
		return ""
	}
	if r.accepts(f) {
		return ""
	}
	return fmt.Sprintf("%s must be %s; got %s.", name, r.accepted, formatBigFloat(f))
}

func (r numberRule) accepts(f *big.Float) bool {
	if f == nil || f.IsInf() {
		return false
	}
	if r.whole && !f.IsInt() {
		return false
	}
	x, _ := f.Float64()
	return !math.IsInf(x, 0) && x >= r.min && x <= r.max
}

func formatBigFloat(f *big.Float) string {
	if f == nil {
		return "null"
	}
	if f.IsInt() && !f.IsInf() {
		return f.Text('f', 0)
	}
	return f.Text('g', -1)
}

// Validators returns the rule as a schema validator.
func (r numberRule) validators() []validator.Number { return []validator.Number{r} }

func (r numberRule) Description(context.Context) string         { return r.accepted }
func (r numberRule) MarkdownDescription(context.Context) string { return r.accepted }

func (r numberRule) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if d := r.check(req.Path, req.ConfigValue); d != nil {
		resp.Diagnostics.Append(d)
	}
}

// numberInt64 returns a validated whole number (0 when null or unknown).
func numberInt64(v types.Number) int64 {
	if v.IsNull() || v.IsUnknown() {
		return 0
	}
	i, _ := v.ValueBigFloat().Int64()
	return i
}

// numberFloat64Pointer returns a validated number, nil when null or unknown.
func numberFloat64Pointer(v types.Number) *float64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	f, _ := v.ValueBigFloat().Float64()
	return &f
}

func int64Number(i int64) types.Number { return types.NumberValue(new(big.Float).SetInt64(i)) }

func float64Number(f float64) types.Number { return types.NumberValue(big.NewFloat(f)) }

func float64PointerNumber(f *float64) types.Number {
	if f == nil {
		return types.NumberNull()
	}
	return float64Number(*f)
}
