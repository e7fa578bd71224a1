package simulator

import (
	"strings"
	"time"
)

// This file holds the rules that come from how an agreement bills: an addition cannot
// start before billing does, cannot reach back into a period a non-prorating agreement
// has already invoiced, and cannot be a Bundle. Each applies only when the agreement (or
// catalog item) carries the field, so sites without billing setup behave as before.

// agreementBilling checks nextInvoiceDate, a plain string in the schema, and stores it
// in the wire form so every reader sees one format.
func (rc *rulesCtx) agreementBilling(obj map[string]any) {
	raw, present := obj["nextInvoiceDate"]
	if !present {
		return
	}
	t, ok := parseDay(raw)
	if !ok {
		rc.v.fail("UnsupportedFormat", "nextInvoiceDate", "nextInvoiceDate must be a UTC date yyyy-MM-ddTHH:mm:ssZ (got %q).", raw)
		return
	}
	obj["nextInvoiceDate"] = t.Format(timeLayout)
}

// additionBilling applies the billing rules to an addition about to be stored; item is
// its catalog item (nil when the product reference is already in error).
func (rc *rulesCtx) additionBilling(obj, item map[string]any) {
	var old map[string]any // nil on a create
	if rc.id != 0 {
		old, _ = rc.s.store.Get("additions", rc.id)
	}
	billStart, hasBillStart := parseDay(rc.parent["billStartDate"])
	defaulted := false
	if _, present := obj["effectiveDate"]; !present && hasBillStart {
		// ConnectWise fills in a missing effective date with one that bills; a date the
		// client did not send is never the reason for a refusal.
		obj["effectiveDate"] = laterDay(dayOf(rc.now), billStart).Format(timeLayout)
		defaulted = true
	}
	eff, hasEff := parseDay(obj["effectiveDate"])
	next, invoiced := rc.invoicedUpTo()
	if hasEff && !defaulted && effectiveDateChanged(obj, old) {
		if hasBillStart && eff.Before(billStart) {
			rc.v.fail("InvalidField", "effectiveDate", "Effective date %s is before the agreement's billing start date %s.",
				dayString(eff), dayString(billStart))
		}
		if invoiced && eff.Before(next) {
			rc.v.fail("InvalidField", "effectiveDate", "The agreement does not prorate and the period is already invoiced: "+
				"the effective date must be on or after the Next Invoice Date %s.", dayString(next))
		}
	}
	if invoiced && old != nil && (!hasEff || eff.Before(next)) {
		rc.invoicedUpdate(obj, old, next)
	}
	if item != nil && (old == nil || productOf(old) != productOf(obj)) {
		if class, _ := item["productClass"].(string); strings.EqualFold(class, "Bundle") {
			rc.v.fail("InvalidField", "product", "Bundle class products cannot be used as agreement additions.")
		}
	}
}

// invoicedUpTo is the agreement's Next Invoice Date when the days before it are closed
// to additions: a prorating agreement bills a late addition's days on the next invoice,
// one that does not prorate has nothing to bill them with.
func (rc *rulesCtx) invoicedUpTo() (time.Time, bool) {
	if rc.parent["prorateFlag"] == true {
		return time.Time{}, false
	}
	return parseDay(rc.parent["nextInvoiceDate"])
}

// invoicedUpdate is variant invoiced-update=refused: on such an agreement the quantity
// and price of an addition in an invoiced period are what was billed, so changing them
// is refused; ending the addition (cancelledDate, with or without quantity 0) is not.
func (rc *rulesCtx) invoicedUpdate(obj, old map[string]any, next time.Time) {
	if rc.s.variant(VariantInvoicedUpdate) != "refused" {
		return
	}
	field := ""
	switch {
	case num(obj["unitPrice"]) != num(old["unitPrice"]):
		field = "unitPrice"
	case num(obj["quantity"]) != num(old["quantity"]):
		if _, ending := obj["cancelledDate"]; ending && num(obj["quantity"]) == 0 {
			return
		}
		field = "quantity"
	default:
		return
	}
	rc.v.fail("InvalidField", field, "The agreement does not prorate and the period is already invoiced: the %s of an addition "+
		"effective before the Next Invoice Date %s cannot change. Cancel the addition and add a new one effective on or after %s.",
		field, dayString(next), dayString(next))
}

// effectiveDateChanged: a create sets the date; an update changes it when the day differs.
func effectiveDateChanged(obj, old map[string]any) bool {
	if old == nil {
		return true
	}
	was, hadOld := parseDay(old["effectiveDate"])
	now, hasNew := parseDay(obj["effectiveDate"])
	return hadOld != hasNew || !was.Equal(now)
}

func productOf(a map[string]any) int {
	id, _ := refID(a, "product")
	return id
}

func laterDay(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
