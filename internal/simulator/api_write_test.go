package simulator

import (
	"strings"
	"testing"
)

type obj = map[string]any

func additionBody(product int, qty float64) obj {
	return obj{"product": obj{"id": product}, "billCustomer": "Billable", "quantity": qty, "unitPrice": 9.5,
		"effectiveDate": "2026-01-01T00:00:00Z"}
}

func TestCreateAddition(t *testing.T) {
	a := newAPITest(t, Options{})
	r := a.api("POST", "/finance/agreements/10/additions", additionBody(20, 3))
	wantStatus(t, r, 201)
	got := r.object(t)
	want := obj{"agreementId": 10.0, "agreementStatus": "Active", "extPrice": 28.5, "uom": "User", "quantity": 3.0,
		"unitCost": 6.0, "billCustomer": "Billable"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if p := got["product"].(obj); p["identifier"] != "NL-CORE-USER" {
		t.Errorf("product %v", p)
	}
	info := got["_info"].(obj)
	for _, k := range []string{"lastUpdated", "updatedBy", "dateEntered"} {
		if info[k] == nil || info[k] == "" {
			t.Errorf("_info.%s missing: %v", k, info)
		}
	}
	if info["lastUpdated"] != "2026-01-15T12:00:00Z" {
		t.Errorf("lastUpdated %v", info["lastUpdated"])
	}
	// Read-only fields in a POST body are ignored, not stored.
	b := additionBody(20, 2)
	b["extPrice"], b["agreementId"], b["id"] = 1.0, 99, 5
	got = a.api("POST", "/finance/agreements/10/additions", b).object(t)
	if got["extPrice"] != 19.0 || got["agreementId"] != 10.0 || got["id"] == 5.0 {
		t.Errorf("read-only fields taken from the body: %v", got)
	}
	// Nothing stops a second addition for the same product (as in ConnectWise).
	wantStatus(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 3)), 201)
	// A cancelledDate in the past makes a Cancelled addition.
	b = additionBody(20, 1)
	b["cancelledDate"] = "2026-01-15T12:00:00Z"
	if st := a.api("POST", "/finance/agreements/10/additions", b).object(t)["agreementStatus"]; st != "Cancelled" {
		t.Errorf("status with cancelledDate now: %v", st)
	}
	b["cancelledDate"] = "2026-02-01T00:00:00Z"
	if st := a.api("POST", "/finance/agreements/10/additions", b).object(t)["agreementStatus"]; st != "Active" {
		t.Errorf("status with future cancelledDate: %v", st)
	}
}

func TestAdditionValidation(t *testing.T) {
	a := newAPITest(t, Options{})
	post := func(body any) *result {
		t.Helper()
		return a.api("POST", "/finance/agreements/10/additions", body)
	}
	e := wantError(t, post(obj{"quantity": 1}), 400, "InvalidObject", "MissingRequiredField", "product")
	wantError(t, post(obj{"quantity": 1}), 400, "InvalidObject", "MissingRequiredField", "billCustomer")
	if e.Errors[0].Resource != "addition" {
		t.Errorf("resource %q", e.Errors[0].Resource)
	}
	wantError(t, post(obj{"product": obj{"id": 20}, "billCustomer": nil}), 400, "InvalidObject", "MissingRequiredField", "billCustomer")

	b := additionBody(20, 1)
	b["billCustomer"] = "Yes"
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "billCustomer")
	b = additionBody(20, 1)
	b["billCustomer"] = "billable" // enums are case-sensitive
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "billCustomer")
	wantError(t, post(additionBody(999, 1)), 400, "InvalidObject", "InvalidField", "product")
	wantError(t, post(obj{"product": obj{"identifier": "NL-CORE-USER"}, "billCustomer": "Billable"}), 400, "InvalidObject", "InvalidField", "product")
	b = additionBody(20, 1)
	b["quantity"] = "five"
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "quantity")
	b = additionBody(20, 1)
	b["taxableFlag"] = "true"
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "taxableFlag")
	b = additionBody(20, 1)
	b["serialNumber"] = strings.Repeat("x", 51)
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "serialNumber")
	b["serialNumber"] = strings.Repeat("é", 50)
	wantStatus(t, post(b), 201)
	b = additionBody(20, 1)
	b["quantitiy"] = 4                                                       //nolint:misspell // deliberately unknown field name
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "quantitiy") //nolint:misspell // deliberately unknown field name
	b = additionBody(20, 1)
	b["product"] = obj{"id": 20, "name": "x"}
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "product/name")
	b = additionBody(20, 1)
	b["product"] = obj{"id": 20.5}
	wantError(t, post(b), 400, "InvalidObject", "InvalidField", "product/id")
	for _, d := range []string{"2026-01-01", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00+00:00", "2026-13-01T00:00:00Z", "01/02/2026"} {
		b = additionBody(20, 1)
		b["effectiveDate"] = d
		wantError(t, post(b), 400, "UnsupportedFormat", "UnsupportedFormat", "effectiveDate")
	}
	// A bad date among other errors: the envelope is InvalidObject with both entries.
	b = additionBody(20, 1)
	b["effectiveDate"], b["quantity"] = "soon", "x"
	wantError(t, post(b), 400, "InvalidObject", "UnsupportedFormat", "effectiveDate")

	wantError(t, a.api("POST", "/finance/agreements/10/additions", `{"product":`), 400, "InvalidObject", "", "")
	wantError(t, a.api("POST", "/finance/agreements/10/additions", `[]`), 400, "InvalidObject", "", "")
	wantError(t, a.api("POST", "/finance/agreements/10/additions", `{} {}`), 400, "InvalidObject", "", "")
	wantError(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1), "Content-Type:"), 415, "UnsupportedMediaType", "", "")
	wantError(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1), "Content-Type: text/plain"), 415, "UnsupportedMediaType", "", "")
	wantStatus(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1), "Content-Type: application/json; charset=utf-8"), 201)
}

func TestClosedAgreements(t *testing.T) {
	a := newAPITest(t, Options{})
	for ag, word := range map[string]string{"11": "cancelled", "12": "expired"} {
		e := wantError(t, a.api("POST", "/finance/agreements/"+ag+"/additions", additionBody(20, 1)), 400, "InvalidObject", "", "")
		if !strings.Contains(e.Message, word) {
			t.Errorf("agreement %s: message %q", ag, e.Message)
		}
	}
	// Additions of a closed agreement cannot be changed either.
	id := a.srv.Sim.Store().Insert("additions", obj{"agreementId": 11, "product": obj{"id": 20}, "billCustomer": "Billable", "quantity": 1.0})
	path := "/finance/agreements/11/additions/" + itoa(id)
	wantError(t, a.api("PATCH", path, []obj{{"op": "replace", "path": "quantity", "value": 2}}), 400, "InvalidObject", "", "")
	wantError(t, a.api("PUT", path, additionBody(20, 2)), 400, "InvalidObject", "", "")
	// Cancelling through the API closes the agreement for additions.
	r := a.api("PATCH", "/finance/agreements/10", []obj{{"op": "replace", "path": "cancelledFlag", "value": true}})
	wantStatus(t, r, 200)
	if got := r.object(t); got["agreementStatus"] != "Cancelled" || got["dateCancelled"] == nil {
		t.Fatalf("after cancel: %v", got)
	}
	e := wantError(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1)), 400, "InvalidObject", "", "")
	if !strings.Contains(e.Message, "cancelled") {
		t.Fatalf("message %q", e.Message)
	}
}

func TestPatchAddition(t *testing.T) {
	a := newAPITest(t, Options{})
	patch := func(ops ...obj) *result {
		t.Helper()
		return a.api("PATCH", "/finance/agreements/10/additions/30", ops)
	}
	r := patch(obj{"op": "replace", "path": "quantity", "value": 42})
	wantStatus(t, r, 200)
	if got := r.object(t); got["quantity"] != 42.0 || got["extPrice"] != 378.0 {
		t.Fatalf("after patch: %v", got)
	}
	r = patch(obj{"op": "replace", "path": "/unitPrice", "value": 10}, obj{"op": "add", "path": "serialNumber", "value": "SN1"})
	if got := r.object(t); got["extPrice"] != 420.0 || got["serialNumber"] != "SN1" {
		t.Fatalf("after patch: %v", got)
	}
	wantStatus(t, patch(obj{"op": "remove", "path": "serialNumber"}), 200)
	if a.api("GET", "/finance/agreements/10/additions/30", nil).object(t)["serialNumber"] != nil {
		t.Fatal("remove did not remove")
	}
	// Reference fields are replaced whole.
	r = patch(obj{"op": "replace", "path": "product", "value": obj{"id": 21}})
	if got := r.object(t)["product"].(obj); got["id"] != 21.0 || got["identifier"] != "OLD-ITEM" {
		t.Fatalf("product after patch: %v", got)
	}
	cases := []struct {
		op    obj
		field string
		code  string
	}{
		{obj{"op": "replace", "path": "Quantity", "value": 1}, "Quantity", "InvalidField"},
		{obj{"op": "replace", "path": "nope", "value": 1}, "nope", "InvalidField"},
		{obj{"op": "replace", "path": "id", "value": 1}, "id", "InvalidField"},
		{obj{"op": "replace", "path": "_info", "value": obj{}}, "_info", "InvalidField"},
		{obj{"op": "replace", "path": "extPrice", "value": 1}, "extPrice", "InvalidField"},
		{obj{"op": "replace", "path": "agreementId", "value": 11}, "agreementId", "InvalidField"},
		{obj{"op": "replace", "path": "product/id", "value": 20}, "product/id", "InvalidField"},
		{obj{"op": "replace", "path": "quantity", "value": "x"}, "quantity", "InvalidField"},
		{obj{"op": "replace", "path": "quantity"}, "quantity", "InvalidField"},
		{obj{"op": "move", "path": "quantity", "value": 1}, "quantity", "InvalidField"},
		{obj{"op": "Replace", "path": "quantity", "value": 1}, "quantity", "InvalidField"},
		{obj{"op": "replace", "path": "billCustomer", "value": "Sometimes"}, "billCustomer", "InvalidField"},
		{obj{"op": "replace", "path": "product", "value": obj{"id": 999}}, "product", "InvalidField"},
		{obj{"op": "replace", "path": "product", "value": 20}, "product", "InvalidField"},
		{obj{"op": "remove", "path": "billCustomer"}, "billCustomer", "MissingRequiredField"},
		{obj{"op": "replace", "path": "billCustomer", "value": nil}, "billCustomer", "MissingRequiredField"},
	}
	for _, c := range cases {
		r := patch(c.op)
		wantError(t, r, 400, "InvalidObject", c.code, c.field)
	}
	wantError(t, patch(obj{"op": "replace", "path": "effectiveDate", "value": "2026-01-01"}), 400, "UnsupportedFormat", "UnsupportedFormat", "effectiveDate")
	wantError(t, a.api("PATCH", "/finance/agreements/10/additions/30", obj{"op": "replace", "path": "quantity", "value": 1}), 400, "InvalidObject", "", "")
	wantError(t, a.api("PATCH", "/finance/agreements/10/additions/30", `[{"op":"replace","path":"quantity","value":1,"from":"x"}]`), 400, "InvalidObject", "", "")
	// A failed PATCH applies nothing, even its valid operations.
	before := a.api("GET", "/finance/agreements/10/additions/30", nil).object(t)["quantity"]
	wantStatus(t, patch(obj{"op": "replace", "path": "quantity", "value": 7}, obj{"op": "replace", "path": "nope", "value": 1}), 400)
	if after := a.api("GET", "/finance/agreements/10/additions/30", nil).object(t)["quantity"]; after != before {
		t.Fatalf("partial patch applied: %v -> %v", before, after)
	}
	wantError(t, a.api("PATCH", "/finance/agreements/10/additions/999", []obj{{"op": "replace", "path": "quantity", "value": 1}}), 404, "NotFound", "", "")
}

func TestPutAndDeleteAddition(t *testing.T) {
	a := newAPITest(t, Options{})
	wantStatus(t, a.api("PATCH", "/finance/agreements/10/additions/30", []obj{{"op": "replace", "path": "serialNumber", "value": "SN"}}), 200)
	// PUT replaces every writable field: serialNumber, left out, is reset.
	r := a.api("PUT", "/finance/agreements/10/additions/30", additionBody(20, 4))
	wantStatus(t, r, 200)
	got := r.object(t)
	if got["serialNumber"] != nil || got["quantity"] != 4.0 || got["id"] != 30.0 || got["agreementId"] != 10.0 || got["extPrice"] != 38.0 {
		t.Fatalf("after PUT: %v", got)
	}
	wantError(t, a.api("PUT", "/finance/agreements/10/additions/30", obj{"quantity": 1}), 400, "InvalidObject", "MissingRequiredField", "product")
	wantStatus(t, a.api("DELETE", "/finance/agreements/10/additions/30", nil), 204)
	wantError(t, a.api("GET", "/finance/agreements/10/additions/30", nil), 404, "NotFound", "", "")
	wantError(t, a.api("DELETE", "/finance/agreements/10/additions/30", nil), 404, "NotFound", "", "")
}

func TestCatalogRules(t *testing.T) {
	a := newAPITest(t, Options{})
	item := func(ident string) obj {
		return obj{"identifier": ident, "description": "New item", "customerDescription": "New item for customers",
			"subcategory": obj{"id": 2}, "type": obj{"id": 1}, "unitOfMeasure": obj{"id": 2}, "manufacturer": obj{"id": 1},
			"price": 5, "cost": 3}
	}
	r := a.api("POST", "/procurement/catalog", item("NL-NEW"))
	wantStatus(t, r, 201)
	got := r.object(t)
	if got["productClass"] != "NonInventory" || got["inactiveFlag"] != false ||
		got["subcategory"].(obj)["name"] != "Security" || got["category"].(obj)["name"] != "Cloud Services" ||
		got["manufacturer"].(obj)["name"] != "NordLayer" {
		t.Fatalf("created item: %v", got)
	}
	id := itoa(Int(got["id"]))
	wantError(t, a.api("POST", "/procurement/catalog", item("nl-new")), 400, "InvalidObject", "ObjectExists", "identifier")
	wantError(t, a.api("POST", "/procurement/catalog", item(" NL-CORE-USER")), 400, "InvalidObject", "ObjectExists", "identifier")
	wantError(t, a.api("PATCH", "/procurement/catalog/"+id, []obj{{"op": "replace", "path": "identifier", "value": "NL-Core-User"}}), 400, "InvalidObject", "ObjectExists", "identifier")
	// Its own identifier is not a duplicate.
	wantStatus(t, a.api("PATCH", "/procurement/catalog/"+id, []obj{{"op": "replace", "path": "identifier", "value": "NL-NEW"}, {"op": "replace", "path": "inactiveFlag", "value": true}}), 200)
	for _, f := range []string{"identifier", "description", "subcategory", "type", "customerDescription"} {
		wantError(t, a.api("POST", "/procurement/catalog", obj{"price": 1}), 400, "InvalidObject", "MissingRequiredField", f)
	}
	for field, val := range map[string]any{"subcategory": obj{"id": 999}, "type": obj{"id": 999}, "unitOfMeasure": obj{"id": 999},
		"manufacturer": obj{"id": 999}, "productClass": "Gadget", "identifier": strings.Repeat("x", 76), "price": "cheap"} {
		b := item("X-" + field)
		b[field] = val
		wantError(t, a.api("POST", "/procurement/catalog", b), 400, "InvalidObject", "InvalidField", field)
	}
	b := item("BLANK")
	b["identifier"] = "  "
	wantError(t, a.api("POST", "/procurement/catalog", b), 400, "InvalidObject", "MissingRequiredField", "identifier")
	wantError(t, a.api("PATCH", "/procurement/catalog/"+id, []obj{{"op": "replace", "path": "category", "value": obj{"id": 1}}}), 400, "InvalidObject", "InvalidField", "category")
}

func TestCompanyAndAgreementWrites(t *testing.T) {
	a := newAPITest(t, Options{})
	r := a.api("POST", "/company/companies", obj{"identifier": "NewCo", "name": "New Co", "types": []obj{{"id": 1}}})
	wantStatus(t, r, 201)
	c := r.object(t)
	if c["status"].(obj)["name"] != "Active" || c["types"].([]any)[0].(obj)["name"] != "Client" || c["deletedFlag"] != false {
		t.Fatalf("company %v", c)
	}
	wantError(t, a.api("POST", "/company/companies", obj{"identifier": "newco", "name": "x"}), 400, "InvalidObject", "ObjectExists", "identifier")
	wantError(t, a.api("POST", "/company/companies", obj{"identifier": strings.Repeat("a", 31), "name": "x"}), 400, "InvalidObject", "InvalidField", "identifier")
	wantError(t, a.api("POST", "/company/companies", obj{"identifier": "Y", "name": "x", "numberOfEmployees": 3.5}), 400, "InvalidObject", "InvalidField", "numberOfEmployees")
	wantError(t, a.api("POST", "/company/companies", obj{"identifier": "Y", "name": "x", "types": []obj{{"id": 77}}}), 400, "InvalidObject", "InvalidField", "types")
	wantError(t, a.api("POST", "/company/companies", obj{"identifier": "Y", "name": "x", "mobileGuid": "nope"}), 400, "InvalidObject", "InvalidField", "mobileGuid")

	id := itoa(Int(c["id"]))
	ag := obj{"name": "New agreement", "type": obj{"id": 3}, "company": obj{"id": c["id"]}, "contact": obj{"id": 5}}
	r = a.api("POST", "/finance/agreements", ag)
	wantStatus(t, r, 201)
	if got := r.object(t); got["agreementStatus"] != "Active" || got["company"].(obj)["identifier"] != "NewCo" || got["type"].(obj)["name"] != "SaaS Resale" {
		t.Fatalf("agreement %v", got)
	}
	for _, f := range []string{"name", "type", "company", "contact"} {
		wantError(t, a.api("POST", "/finance/agreements", obj{}), 400, "InvalidObject", "MissingRequiredField", f)
	}
	ag["company"] = obj{"id": 4040}
	wantError(t, a.api("POST", "/finance/agreements", ag), 400, "InvalidObject", "InvalidField", "company")
	// Required On Updates: a PUT without billTime is refused.
	ag["company"] = obj{"id": 1}
	wantError(t, a.api("PUT", "/finance/agreements/10", ag), 400, "InvalidObject", "MissingRequiredField", "billTime")

	// DELETE sends a company to the recycle bin.
	wantStatus(t, a.api("DELETE", "/company/companies/"+id, nil), 204)
	if got := a.api("GET", "/company/companies/"+id, nil).object(t); got["deletedFlag"] != true || got["dateDeleted"] == nil {
		t.Fatalf("deleted company %v", got)
	}
	wantStatus(t, a.api("DELETE", "/company/companies/"+id, nil), 404)
	// DELETE of an agreement takes its additions.
	wantStatus(t, a.api("DELETE", "/finance/agreements/10", nil), 204)
	if _, ok := a.srv.Sim.Store().Get("additions", 30); ok {
		t.Fatal("addition of a deleted agreement survived")
	}
}

func TestLookupWrites(t *testing.T) {
	a := newAPITest(t, Options{})
	r := a.api("POST", "/procurement/subcategories", obj{"name": "VPN", "category": obj{"id": 1}})
	wantStatus(t, r, 201)
	if r.object(t)["category"].(obj)["name"] != "Cloud Services" {
		t.Fatalf("subcategory %s", r.body)
	}
	wantError(t, a.api("POST", "/procurement/subcategories/", obj{"name": "VPN"}), 400, "InvalidObject", "MissingRequiredField", "category")
	wantError(t, a.api("POST", "/procurement/subcategories/", obj{"name": "VPN", "category": obj{"id": 99}}), 400, "InvalidObject", "InvalidField", "category")
	wantStatus(t, a.api("POST", "/procurement/unitOfMeasures", obj{"name": "Seat"}), 201)
	wantStatus(t, a.api("PATCH", "/company/companies/types/1", []obj{{"op": "replace", "path": "name", "value": "Customer"}}), 200)
	wantStatus(t, a.api("DELETE", "/procurement/manufacturers/3", nil), 204)
	wantError(t, a.api("POST", "/finance/agreements/types", obj{"name": "X"}), 400, "InvalidObject", "MissingRequiredField", "billTime")
}
