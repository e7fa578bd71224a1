// Every kind of response the simulator sends is validated against the embedded OpenAPI
// subset with kin-openapi, so the fake cannot drift from the published contract.

package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
)

func TestResponsesMatchOpenAPI(t *testing.T) {
	openapi3filter.RegisterBodyDecoder("application/vnd.connectwise.com+json", openapi3filter.JSONBodyDecoder)
	a := newAPITest(t, Options{Data: DemoData(1, 80), IsCloud: true})

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapiJSON)
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: a.srv.URL + "/v2025_8/apis/3.0"}}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("document: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	// A few records to address.
	sim := a.srv.Sim
	var activeAgreement, additionAgreement, additionID int
	for _, ag := range sim.Store().List("agreements") {
		if ag["agreementStatus"] == "Active" && activeAgreement == 0 {
			activeAgreement, _ = intValue(ag["id"])
		}
	}
	add := sim.Store().List("additions")[0]
	additionID, _ = intValue(add["id"])
	additionAgreement, _ = intValue(add["agreementId"])
	company, _ := intValue(sim.Store().List("companies")[0]["id"])
	item, _ := intValue(sim.Store().List("catalog")[0]["id"])

	check := func(method, path string, body any, wantStatus int) []byte {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, a.srv.URL+"/v2025_8/apis/3.0"+path, rd)
		req.Header.Set("Authorization", basicAuth(DefaultCompanyID, DefaultPublicKey, DefaultPrivateKey))
		req.Header.Set("clientId", DefaultClientID)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		respBody, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != wantStatus {
			t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, wantStatus, respBody)
		}
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s: no route in the document: %v", method, path, err)
		}
		opts := &openapi3filter.Options{ExcludeRequestBody: true, IncludeResponseStatus: true, MultiError: true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
			Status:                 resp.StatusCode,
			Header:                 resp.Header,
			Options:                opts,
		}
		in.SetBodyBytes(respBody)
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			msg := err.Error()
			if len(msg) > 3000 {
				msg = msg[:3000]
			}
			t.Errorf("%s %s: response does not match the document:\n%s", method, path, msg)
		}
		return respBody
	}
	id := itoa
	check("GET", "/system/info", nil, 200)
	check("GET", "/system/mySecurity", nil, 200)
	check("GET", "/company/companies?pageSize=1000", nil, 200)
	check("GET", "/company/companies/"+id(company), nil, 200)
	check("GET", "/company/companies/count", nil, 200)
	check("GET", "/company/companies?conditions="+url.QueryEscape("deletedFlag = false")+"&childConditions="+url.QueryEscape("types/id = 1"), nil, 200)
	check("GET", "/company/companies/count?childConditions="+url.QueryEscape("types/id in (1, 4)"), nil, 200)
	check("GET", "/company/companies/types", nil, 200)
	check("GET", "/company/companies/statuses", nil, 200)
	check("GET", "/company/companies/types/1", nil, 200)
	check("GET", "/finance/agreements?pageSize=1000", nil, 200)
	check("GET", "/finance/agreements/"+id(activeAgreement), nil, 200)
	check("GET", "/finance/agreements/count", nil, 200)
	check("GET", "/finance/agreements/types", nil, 200)
	check("GET", "/finance/agreements/"+id(additionAgreement)+"/additions", nil, 200)
	check("GET", "/finance/agreements/"+id(additionAgreement)+"/additions/"+id(additionID), nil, 200)
	check("GET", "/finance/agreements/"+id(additionAgreement)+"/additions/count", nil, 200)
	check("GET", "/procurement/catalog?pageSize=100", nil, 200)
	check("GET", "/procurement/catalog/"+id(item), nil, 200)
	check("GET", "/procurement/catalog/count", nil, 200)
	check("GET", "/procurement/categories", nil, 200)
	check("GET", "/procurement/subcategories/", nil, 200)
	check("GET", "/procurement/subcategories/1", nil, 200)
	check("GET", "/procurement/types", nil, 200)
	check("GET", "/procurement/unitOfMeasures", nil, 200)
	check("GET", "/procurement/manufacturers", nil, 200)

	created := check("POST", "/finance/agreements/"+id(activeAgreement)+"/additions",
		map[string]any{"product": map[string]any{"id": item}, "billCustomer": "Billable", "quantity": 4, "effectiveDate": "2026-01-01T00:00:00Z"}, 201)
	var c map[string]any
	_ = json.Unmarshal(created, &c)
	newID, _ := intValue(c["id"])
	check("PATCH", "/finance/agreements/"+id(activeAgreement)+"/additions/"+id(newID),
		[]map[string]any{{"op": "replace", "path": "quantity", "value": 6}}, 200)
	check("PUT", "/finance/agreements/"+id(activeAgreement)+"/additions/"+id(newID),
		map[string]any{"product": map[string]any{"id": item}, "billCustomer": "DoNotBill", "quantity": 1}, 200)
	check("POST", "/procurement/catalog", map[string]any{"identifier": "OAS-1", "description": "d", "customerDescription": "c",
		"subcategory": map[string]any{"id": 1}, "type": map[string]any{"id": 1}, "unitOfMeasure": map[string]any{"id": 2}}, 201)
	check("POST", "/company/companies", map[string]any{"identifier": "OasCo", "name": "OAS Co", "types": []any{map[string]any{"id": 1}}}, 201)
	check("DELETE", "/finance/agreements/"+id(activeAgreement)+"/additions/"+id(newID), nil, 204)
	if t.Failed() {
		t.Log("hint: the simulator must omit nulls and keep _info values strings")
	}
}
