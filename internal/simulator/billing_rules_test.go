package simulator

import (
	"net/http"
	"strings"
	"testing"
)

// TestBillingRulesOnCreate: each refusal beside the allowed cases around it.
func TestBillingRulesOnCreate(t *testing.T) {
	withProduct := func(b obj, id int) obj { b["product"] = obj{"id": id}; return b }
	withTime := func(b obj, ts string) obj { b["effectiveDate"] = ts; return b }
	cases := []struct {
		name      string
		agreement int
		body      obj
		field     string // "" = created
		message   string
	}{
		{"before billing start", agProrated, addition("2026-11-01"), "effectiveDate",
			"Effective date 2026-11-01 is before the agreement's billing start date 2026-11-15."},
		{"on billing start", agProrated, addition("2026-11-15"), "", ""},
		{"billing start compares days", agProrated, withTime(addition(""), "2026-11-15T23:00:00Z"), "", ""},
		{"invoiced, not prorating", agFixed, addition("2026-11-20"), "effectiveDate",
			"The agreement does not prorate and the period is already invoiced: the effective date must be on or after the Next Invoice Date 2026-12-01."},
		{"invoiced, last second of the day before", agFixed, withTime(addition(""), "2026-11-30T23:59:59Z"), "effectiveDate", "Next Invoice Date 2026-12-01"},
		{"invoiced, prorating", agProrated, addition("2026-11-20"), "", ""},
		{"on next invoice date", agFixed, addition("2026-12-01"), "", ""},
		{"after next invoice date", agFixed, addition("2027-01-15"), "", ""},
		{"no effective date is defaulted, not refused", agFixed, addition(""), "", ""},
		{"bundle", agFixed, withProduct(addition("2026-12-01"), itemBundle), "product",
			"Bundle class products cannot be used as agreement additions."},
		{"bundle without billing setup", 10, withProduct(addition("2026-12-01"), itemBundle), "product", "Bundle"},
		{"no billing setup, any date", 10, addition("2020-01-01"), "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newBillingTest(t, Variants{})
			r := a.api("POST", "/finance/agreements/"+itoa(tc.agreement)+"/additions", tc.body)
			if tc.field == "" {
				wantStatus(t, r, http.StatusCreated)
				return
			}
			e := wantError(t, r, http.StatusBadRequest, "InvalidObject", "InvalidField", tc.field)
			if e.Message != "addition object is invalid" || len(e.Errors) != 1 || !strings.Contains(e.Errors[0].Message, tc.message) ||
				e.Errors[0].Resource != "addition" {
				t.Errorf("envelope %+v, want one error containing %q", e, tc.message)
			}
		})
	}
}

// A missing effective date becomes the later of today and the billing start.
func TestDefaultEffectiveDate(t *testing.T) {
	a := newBillingTest(t, Variants{})
	got := a.api("POST", "/finance/agreements/"+itoa(agFixed)+"/additions", addition("")).object(t)
	if got["effectiveDate"] != "2026-11-20T00:00:00Z" {
		t.Errorf("effectiveDate %v, want today 2026-11-20", got["effectiveDate"])
	}
	if err := a.srv.Sim.Store().Update("agreements", agFixed, obj{"billStartDate": "2027-02-01T00:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	got = a.api("POST", "/finance/agreements/"+itoa(agFixed)+"/additions", addition("")).object(t)
	if got["effectiveDate"] != "2027-02-01T00:00:00Z" {
		t.Errorf("effectiveDate %v, want the billing start 2027-02-01", got["effectiveDate"])
	}
	// Without billing setup nothing is filled in, as before.
	if got := a.api("POST", "/finance/agreements/10/additions", addition("")).object(t); got["effectiveDate"] != nil {
		t.Errorf("effectiveDate %v on an agreement without billStartDate", got["effectiveDate"])
	}
}

// TestBillingRulesOnUpdate: updates of an addition effective inside the invoiced period
// (2026-11-15, before the Next Invoice Date), under both invoiced-update variants.
func TestBillingRulesOnUpdate(t *testing.T) {
	patch := func(kv ...any) []obj {
		var ops []obj
		for i := 0; i < len(kv); i += 2 {
			ops = append(ops, obj{"op": "replace", "path": kv[i], "value": kv[i+1]})
		}
		return ops
	}
	type want struct{ nextInvoice, refused string } // "" = accepted, else the refused field
	cases := []struct {
		name      string
		agreement int
		effective string
		ops       []obj
		want      want
	}{
		{"quantity", agFixed, "2026-11-15", patch("quantity", 7), want{"", "quantity"}},
		{"unit price", agFixed, "2026-11-15", patch("unitPrice", 12.5), want{"", "unitPrice"}},
		{"quantity of an addition without effective date", agFixed, "", patch("quantity", 7), want{"", "quantity"}},
		{"cancelled date only", agFixed, "2026-11-15", patch("cancelledDate", "2026-11-30T00:00:00Z"), want{"", ""}},
		{"quantity 0 with cancelled date", agFixed, "2026-11-15", patch("quantity", 0, "cancelledDate", "2026-11-30T00:00:00Z"), want{"", ""}},
		{"quantity 3 with cancelled date", agFixed, "2026-11-15", patch("quantity", 3, "cancelledDate", "2026-11-30T00:00:00Z"), want{"", "quantity"}},
		{"description", agFixed, "2026-11-15", patch("description", "renamed"), want{"", ""}},
		{"effective date into the invoiced period", agFixed, "2026-12-01", patch("effectiveDate", "2026-11-20T00:00:00Z"), want{"effectiveDate", "effectiveDate"}},
		{"effective date out of it, with quantity", agFixed, "2026-11-15", patch("effectiveDate", "2026-12-01T00:00:00Z", "quantity", 7), want{"", ""}},
		{"effective date before billing start", agProrated, "2026-11-20", patch("effectiveDate", "2026-11-14T00:00:00Z"), want{"effectiveDate", "effectiveDate"}},
		{"quantity after the next invoice date", agFixed, "2026-12-01", patch("quantity", 7), want{"", ""}},
		{"quantity on a prorating agreement", agProrated, "2026-11-15", patch("quantity", 7), want{"", ""}},
		{"product to a bundle", agFixed, "2026-12-01", patch("product", obj{"id": itemBundle}), want{"product", "product"}},
	}
	for _, tc := range cases {
		for _, variant := range []string{"next-invoice", "refused"} {
			t.Run(tc.name+"/"+variant, func(t *testing.T) {
				var v Variants
				if err := v.Set(VariantInvoicedUpdate, variant); err != nil {
					t.Fatal(err)
				}
				a := newBillingTest(t, v)
				// Stored as a person would have: the rules are about the update only.
				a.srv.Sim.Store().Insert("additions", obj{"id": 50, "agreementId": tc.agreement, "product": obj{"id": 20},
					"billCustomer": "Billable", "quantity": 2.0, "unitPrice": 10.0})
				if tc.effective != "" {
					_ = a.srv.Sim.Store().Update("additions", 50, obj{"effectiveDate": tc.effective + "T00:00:00Z"})
				}
				r := a.api("PATCH", "/finance/agreements/"+itoa(tc.agreement)+"/additions/50", tc.ops)
				field := tc.want.nextInvoice
				if variant == "refused" {
					field = tc.want.refused
				}
				if field == "" {
					wantStatus(t, r, http.StatusOK)
					return
				}
				e := wantError(t, r, http.StatusBadRequest, "InvalidObject", "InvalidField", field)
				if variant == "refused" && tc.want.nextInvoice == "" && !strings.Contains(e.Errors[0].Message, "Cancel the addition and add a new one effective on or after 2026-12-01") {
					t.Errorf("message %q does not say what to do", e.Errors[0].Message)
				}
			})
		}
	}
}

// A PUT that moves the effective date is checked like a PATCH.
func TestBillingRulesOnReplace(t *testing.T) {
	a := newBillingTest(t, Variants{})
	created := a.api("POST", "/finance/agreements/"+itoa(agFixed)+"/additions", addition("2026-12-01")).object(t)
	path := "/finance/agreements/" + itoa(agFixed) + "/additions/" + itoa(Int(created["id"]))
	wantError(t, a.api("PUT", path, addition("2026-11-16")), http.StatusBadRequest, "InvalidObject", "InvalidField", "effectiveDate")
	wantStatus(t, a.api("PUT", path, addition("2026-12-02")), http.StatusOK)
}

// nextInvoiceDate is a plain string in the schema: a date-only value is stored in the
// wire form, anything else is refused.
func TestNextInvoiceDateFormat(t *testing.T) {
	a := newBillingTest(t, Variants{})
	set := func(v string) *result {
		return a.api("PATCH", "/finance/agreements/10", []obj{{"op": "replace", "path": "nextInvoiceDate", "value": v}})
	}
	if got := set("2026-12-01").object(t)["nextInvoiceDate"]; got != "2026-12-01T00:00:00Z" {
		t.Errorf("nextInvoiceDate stored as %v", got)
	}
	if got := set("2027-01-01T00:00:00Z").object(t)["nextInvoiceDate"]; got != "2027-01-01T00:00:00Z" {
		t.Errorf("nextInvoiceDate stored as %v", got)
	}
	wantError(t, set("12/01/2026"), http.StatusBadRequest, "UnsupportedFormat", "UnsupportedFormat", "nextInvoiceDate")
}
