package simulator

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

// This file holds what the schema cannot say: references that must exist, unique
// identifiers, cancelled agreements, and the fields the server derives. The rules that
// come from how an agreement bills are in billing_rules.go.

// rulesCtx is one write being checked.
type rulesCtx struct {
	s      *Simulator
	v      *validator
	kind   string
	id     int            // 0 on create
	parent map[string]any // the agreement of an addition (presented)
	now    time.Time
}

// applyRules checks a complete object about to be stored and sets derived fields. It
// returns a response when the write must be refused.
func (s *Simulator) applyRules(c *apiCall, v *validator, obj map[string]any, parent map[string]any) *apiResponse {
	rc := &rulesCtx{s: s, v: v, kind: c.kind, id: c.id, parent: parent, now: s.now()}
	s.Variants().storedDates(c.kind, obj)
	switch c.kind {
	case "companies":
		rc.company(obj)
	case "agreements":
		rc.agreement(obj)
	case "additions":
		if resp := rc.addition(obj); resp != nil {
			return resp
		}
	case "catalog":
		rc.catalogItem(obj)
	case "subcategories":
		rc.ref(obj, "category", "categories", nameRef)
	}
	if len(v.errs) > 0 {
		return invalidObject(v.resource, v.errs)
	}
	return nil
}

// Reference fillers: what ConnectWise puts in a reference it returns.
func nameRef(t map[string]any) map[string]any {
	return map[string]any{"id": t["id"], "name": t["name"]}
}

func companyRef(t map[string]any) map[string]any {
	return map[string]any{"id": t["id"], "identifier": t["identifier"], "name": t["name"]}
}

func productRef(t map[string]any) map[string]any {
	return map[string]any{"id": t["id"], "identifier": t["identifier"]}
}

// ref checks that obj[field] references an existing record of kind and rewrites the
// reference with its names. A missing optional reference is fine; a missing required one
// was already reported by the required-field check.
func (rc *rulesCtx) ref(obj map[string]any, field, kind string, fill func(map[string]any) map[string]any) map[string]any {
	if _, present := obj[field]; !present {
		return nil
	}
	id, ok := refID(obj, field)
	if !ok {
		rc.v.fail("InvalidField", field, "%s must reference a record by id, e.g. {\"id\": 12}.", field)
		return nil
	}
	target, found := rc.s.store.Get(kind, id)
	if !found {
		rc.v.fail("InvalidField", field, "%s id %d does not exist.", field, id)
		return nil
	}
	obj[field] = fill(target)
	return target
}

// identifierTaken reports whether another record of kind already uses identifier
// (case-insensitive, as SQL Server compares).
func (rc *rulesCtx) identifierTaken(obj map[string]any) bool {
	ident, _ := obj["identifier"].(string)
	for _, o := range rc.s.store.List(rc.kind) {
		id, _ := intValue(o["id"])
		other, _ := o["identifier"].(string)
		if id != rc.id && strings.EqualFold(strings.TrimSpace(other), strings.TrimSpace(ident)) {
			return true
		}
	}
	return false
}

func (rc *rulesCtx) company(obj map[string]any) {
	if rc.identifierTaken(obj) {
		rc.v.fail("ObjectExists", "identifier", "A company with identifier %q already exists.", obj["identifier"])
	}
	if _, ok := obj["status"]; ok {
		rc.ref(obj, "status", "companyStatuses", nameRef)
	} else if st := rc.defaultStatus(); st != nil {
		obj["status"] = nameRef(st)
	}
	if types, ok := obj["types"].([]any); ok {
		for i, t := range types {
			holder := map[string]any{"types": t}
			if target := rc.ref(holder, "types", "companyTypes", nameRef); target != nil {
				types[i] = holder["types"]
			}
		}
	}
	if _, ok := obj["parentCompany"]; ok {
		rc.ref(obj, "parentCompany", "companies", companyRef)
	}
	if rc.id == 0 {
		obj["deletedFlag"] = false
	}
}

func (rc *rulesCtx) defaultStatus() map[string]any {
	var active map[string]any
	for _, st := range rc.s.store.List("companyStatuses") {
		if st["defaultFlag"] == true {
			return st
		}
		if n, _ := st["name"].(string); strings.EqualFold(n, "Active") {
			active = st
		}
	}
	return active
}

func (rc *rulesCtx) agreement(obj map[string]any) {
	rc.ref(obj, "company", "companies", companyRef)
	rc.ref(obj, "type", "agreementTypes", nameRef)
	if _, ok := obj["parentAgreement"]; ok {
		rc.ref(obj, "parentAgreement", "agreements", func(t map[string]any) map[string]any {
			return map[string]any{"id": t["id"], "name": t["name"]}
		})
	}
	if _, ok := obj["contact"]; ok {
		if _, hasID := refID(obj, "contact"); !hasID {
			rc.v.fail("InvalidField", "contact", "contact must reference a contact by id, e.g. {\"id\": 7}.")
		}
	}
	if obj["cancelledFlag"] == true {
		if _, ok := obj["dateCancelled"]; !ok {
			obj["dateCancelled"] = rc.now.UTC().Format(timeLayout)
		}
	}
	prev := ""
	if rc.id != 0 {
		if old, ok := rc.s.store.Get("agreements", rc.id); ok {
			prev, _ = old["agreementStatus"].(string)
		}
	}
	obj["agreementStatus"] = writeAgreementStatus(obj, prev, rc.now)
	rc.agreementBilling(obj)
}

// writeAgreementStatus is the status ConnectWise computes when an agreement is saved.
func writeAgreementStatus(obj map[string]any, prev string, now time.Time) string {
	switch {
	case obj["cancelledFlag"] == true:
		return "Cancelled"
	case endedBefore(obj, now):
		return "Expired"
	case prev == "Inactive":
		return "Inactive"
	}
	return "Active"
}

// presentAgreementStatus is the status shown on read: a person may have cancelled the
// agreement in the UI (cancelledFlag) or its end date may have passed since it was saved.
func presentAgreementStatus(obj map[string]any, now time.Time) string {
	stored, _ := obj["agreementStatus"].(string)
	switch {
	case obj["cancelledFlag"] == true:
		return "Cancelled"
	case stored == "Cancelled" || stored == "Inactive" || stored == "Expired":
		return stored
	case endedBefore(obj, now):
		return "Expired"
	}
	return "Active"
}

func endedBefore(obj map[string]any, now time.Time) bool {
	if obj["noEndingDateFlag"] == true {
		return false
	}
	end, ok := obj["endDate"].(string)
	if !ok {
		return false
	}
	t, err := time.Parse(timeLayout, end)
	return err == nil && t.Before(now)
}

// agreementClosed says why additions of an agreement cannot change ("" when they can).
func agreementClosed(ag map[string]any) string {
	switch {
	case ag["cancelledFlag"] == true || ag["agreementStatus"] == "Cancelled":
		return "cancelled"
	case ag["agreementStatus"] == "Expired":
		return "expired"
	}
	return ""
}

func (rc *rulesCtx) addition(obj map[string]any) *apiResponse {
	agID, _ := intValue(rc.parent["id"])
	if why := agreementClosed(rc.parent); why != "" {
		msg := fmt.Sprintf("Agreement %d is %s: its additions cannot be added or changed.", agID, why)
		return respond(http.StatusBadRequest, envelope{Code: "InvalidObject", Message: msg,
			Errors: []fieldError{{Code: "InvalidObject", Message: msg, Resource: rc.v.resource, Field: "agreementId"}}})
	}
	item := rc.ref(obj, "product", "catalog", productRef)
	obj["agreementId"] = float64(agID)
	if item != nil {
		// Like ConnectWise, an addition takes the catalog item's defaults for what it omits.
		for field, from := range map[string]string{"unitPrice": "price", "unitCost": "cost", "description": "description", "taxableFlag": "taxableFlag"} {
			if _, ok := obj[field]; !ok && item[from] != nil {
				obj[field] = item[from]
			}
		}
		if uom, ok := item["unitOfMeasure"].(map[string]any); ok && uom["name"] != nil {
			obj["uom"] = uom["name"]
		}
	}
	if _, ok := obj["quantity"]; !ok {
		obj["quantity"] = float64(1)
	}
	if _, ok := obj["lessIncluded"]; !ok {
		obj["lessIncluded"] = float64(0)
	}
	qty := num(obj["quantity"])
	obj["extPrice"] = round2(qty * num(obj["unitPrice"]))
	obj["extCost"] = round2(qty * num(obj["unitCost"]))
	obj["margin"] = round2(num(obj["extPrice"]) - num(obj["extCost"]))
	obj["agreementStatus"] = additionStatus(obj, rc.now)
	rc.additionBilling(obj, item)
	return nil
}

// additionStatus: an addition is Active until its cancelledDate has come.
func additionStatus(obj map[string]any, now time.Time) string {
	if cd, ok := obj["cancelledDate"].(string); ok {
		if t, err := time.Parse(timeLayout, cd); err == nil && !t.After(now) {
			return "Cancelled"
		}
	}
	if st, _ := obj["agreementStatus"].(string); st != "" && st != "Active" && st != "Cancelled" {
		return st
	}
	return "Active"
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func (rc *rulesCtx) catalogItem(obj map[string]any) {
	if rc.identifierTaken(obj) {
		rc.v.fail("ObjectExists", "identifier", "A catalog item with identifier %q already exists.", obj["identifier"])
	}
	if sub := rc.ref(obj, "subcategory", "subcategories", nameRef); sub != nil {
		if cat, ok := sub["category"].(map[string]any); ok {
			obj["category"] = map[string]any{"id": cat["id"], "name": cat["name"]}
		}
	}
	rc.ref(obj, "type", "productTypes", nameRef)
	rc.ref(obj, "unitOfMeasure", "unitOfMeasures", nameRef)
	rc.ref(obj, "manufacturer", "manufacturers", nameRef)
	rc.ref(obj, "vendor", "companies", companyRef)
	if _, ok := obj["productClass"]; !ok {
		obj["productClass"] = "NonInventory"
	}
	if _, ok := obj["inactiveFlag"]; !ok {
		obj["inactiveFlag"] = false
	}
}

// present is an object as the API returns it: derived statuses are brought up to date
// and nulls are left out (the schemas declare most fields non-nullable).
func (s *Simulator) present(kind string, obj map[string]any) map[string]any {
	now := s.now()
	switch kind {
	case "agreements":
		obj["agreementStatus"] = presentAgreementStatus(obj, now)
	case "additions":
		obj["agreementStatus"] = additionStatus(obj, now)
	}
	return stripNulls(obj).(map[string]any)
}

func stripNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e == nil {
				delete(t, k)
			} else {
				t[k] = stripNulls(e)
			}
		}
	case []any:
		for i, e := range t {
			t[i] = stripNulls(e)
		}
	}
	return v
}
