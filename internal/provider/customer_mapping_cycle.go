package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The customer mapping's billing_cycle: the one agreement billing cycle the mapping lets the
// sync bill. Usage is reported per month; writing it to a quarterly or yearly agreement is
// a choice a person makes per customer, never a default.

const descBillingCycle = "The agreement billing cycle the vendor's usage may be billed on: `Monthly` (the default), " +
	"`Bi-Monthly`, `Quarterly`, `Semi-Annual` or `Yearly`, as ConnectWise's Billing Cycle setup names them. The " +
	"usage sync writes to the agreement only when its billing cycle (`billingCycle`) is this one, so a yearly " +
	"agreement is never billed monthly numbers unasked: a mapping to an agreement on another cycle makes every plan " +
	"warn, and the sync skips it. Each run carries, for the agreement, the billing period of its own cycle that holds " +
	"`as_of`, and on the first day of a period the final numbers of the period that just ended: with `Quarterly`, a " +
	"run on 15 November writes the current numbers of October–December, the run on 1 January its final numbers " +
	"(see \"Which period a run bills\" in the `connectwise_sync_usage` documentation). The usage you pass is written " +
	"as the quantity of that period. Changed in place; nothing in ConnectWise is written. An imported mapping gets " +
	"`Monthly` (the import ID and identity do not carry a cycle): set the attribute in the configuration and apply."

// billingCycleCheck is the rule of billing_cycle: one of billing.Cycles, spelled as
// ConnectWise spells it, with billing.CycleProblem's message (which names the spelling
// meant, e.g. "Quarterly" for "quarterly").
func billingCycleCheck(s string) error {
	if s == "" {
		return fmt.Errorf("billing_cycle must not be empty: use one of %s, or leave it unset for %s", quotedCycles(), billing.CycleMonthly)
	}
	if msg := billing.CycleProblem(s); msg != "" {
		return errors.New("billing_cycle " + msg)
	}
	return nil
}

var billingCycleValidator = stringCheck{"one of " + quotedCycles(), billingCycleCheck}

func quotedCycles() string {
	q := make([]string, len(billing.Cycles))
	for i, c := range billing.Cycles {
		q[i] = fmt.Sprintf("%q", c)
	}
	return strings.Join(q, ", ")
}

func billingCycleAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, Computed: true,
		Default:             stringdefault.StaticString(billing.CycleMonthly),
		MarkdownDescription: descBillingCycle,
		Validators:          []validator.String{billingCycleValidator},
	}
}

// allowedCycle is the cycle the sync would be allowed to bill for the mapping m. While the
// configuration's value is unknown (known at apply), the agreement's own cycle stands in, so
// a plan never warns about a mismatch it cannot know yet.
func allowedCycle(m *customerMappingModel, a *connectwise.Agreement) string {
	switch {
	case !m.BillingCycle.IsUnknown():
		return m.BillingCycle.ValueString()
	case a != nil && a.BillingCycle != nil:
		return billing.CanonicalCycle(a.BillingCycle.Name)
	}
	return ""
}

// agreementCycle is the recurring cycle the agreement bills on, canonical ("Quarterly"), or
// "" when it has none the sync can bill by (one-time, not recurring, weekly). An agreement
// read without billingCycle is Monthly, as the sync has always billed it.
func agreementCycle(a *connectwise.Agreement) string {
	if a == nil || a.OneTimeFlag || a.BillOneTimeFlag {
		return ""
	}
	if a.BillingCycle == nil || a.BillingCycle.Name == "" {
		return billing.CycleMonthly
	}
	return billing.CanonicalCycle(a.BillingCycle.Name)
}

// fillBillingCycle gives a mapping stored before billing_cycle existed (null) its default,
// so that refreshing such a state plans no change.
func (m *customerMappingModel) fillBillingCycle() {
	if m.BillingCycle.IsNull() {
		m.BillingCycle = types.StringValue(billing.CycleMonthly)
	}
}
