package simulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed clock of most tests.
var testNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// testData is a small site: lookups plus a client, a deleted company, agreements in each
// state and a catalog.
func testData() *Dataset {
	d := DefaultLookups()
	d.Companies = []map[string]any{
		{"id": 1, "identifier": "Acme", "name": "Acme Dental", "status": map[string]any{"id": 1, "name": "Active"},
			"types": []any{map[string]any{"id": 1, "name": "Client"}}, "deletedFlag": false, "city": "Tampa"},
		{"id": 2, "identifier": "Gone", "name": "Gone Ltd", "status": map[string]any{"id": 2, "name": "Inactive"},
			"types": []any{map[string]any{"id": 2, "name": "Prospect"}}, "deletedFlag": true},
		{"id": 3, "identifier": "OBrien", "name": `O'Brien & "Sons"`, "status": map[string]any{"id": 1, "name": "Active"},
			"types": []any{map[string]any{"id": 1, "name": "Client"}, map[string]any{"id": 4, "name": "Partner"}}, "deletedFlag": false},
	}
	ag := func(id int, extra map[string]any) map[string]any {
		a := map[string]any{"id": id, "name": "MSP " + string(rune('A'+id-10)), "type": map[string]any{"id": 3, "name": "SaaS Resale"},
			"company": map[string]any{"id": 1, "identifier": "Acme", "name": "Acme Dental"},
			"contact": map[string]any{"id": 7, "name": "Pat"}, "startDate": "2025-01-01T00:00:00Z",
			"noEndingDateFlag": true, "cancelledFlag": false, "agreementStatus": "Active",
			"employeeCompRate": "Actual", "employeeCompNotExceed": "Billing", "invoicingCycle": "CalendarYear",
			"billTime": "Billable", "billExpenses": "Billable", "billProducts": "Billable"}
		for k, v := range extra {
			a[k] = v
		}
		return a
	}
	d.Agreements = []map[string]any{
		ag(10, nil),
		ag(11, map[string]any{"cancelledFlag": true, "agreementStatus": "Cancelled", "dateCancelled": "2025-03-01T00:00:00Z"}),
		ag(12, map[string]any{"noEndingDateFlag": false, "endDate": "2025-06-30T00:00:00Z", "agreementStatus": "Expired"}),
	}
	d.Catalog = []map[string]any{
		{"id": 20, "identifier": "NL-CORE-USER", "description": "NordLayer Core", "customerDescription": "NordLayer Core per user",
			"subcategory": map[string]any{"id": 1, "name": "SaaS Licences"}, "type": map[string]any{"id": 1, "name": "Non-Inventory"},
			"unitOfMeasure": map[string]any{"id": 2, "name": "User"}, "price": 9.0, "cost": 6.0, "inactiveFlag": false, "productClass": "NonInventory"},
		{"id": 21, "identifier": "OLD-ITEM", "description": "Old", "customerDescription": "Old item",
			"subcategory": map[string]any{"id": 1, "name": "SaaS Licences"}, "type": map[string]any{"id": 1, "name": "Non-Inventory"},
			"price": 1.0, "cost": 0.5, "inactiveFlag": true, "productClass": "NonInventory"},
	}
	d.Additions = []map[string]any{
		{"id": 30, "agreementId": 10, "product": map[string]any{"id": 20, "identifier": "NL-CORE-USER"}, "quantity": 5.0,
			"unitPrice": 9.0, "unitCost": 6.0, "billCustomer": "Billable", "agreementStatus": "Active", "extPrice": 45.0, "uom": "User"},
	}
	return d
}

// apiTest drives one simulator over real HTTP.
type apiTest struct {
	t      testing.TB
	srv    *Server
	client *http.Client
}

func newAPITest(t testing.TB, opts Options) *apiTest {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	if opts.Data == nil {
		opts.Data = testData()
	}
	srv := StartTest(t, opts)
	return &apiTest{t: t, srv: srv, client: &http.Client{Timeout: 10 * time.Second}}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r *result) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func (r *result) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

func (r *result) list(t testing.TB) []map[string]any {
	t.Helper()
	var l []map[string]any
	r.decode(t, &l)
	return l
}

func (r *result) envelope(t testing.TB) envelope {
	t.Helper()
	var e envelope
	r.decode(t, &e)
	return e
}

func basicAuth(company, public, private string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(company+"+"+public+":"+private))
}

// api calls {codebase}apis/3.0{path} with valid credentials; hdr are "Name: value" pairs
// that add or (with an empty value) remove headers.
func (a *apiTest) api(method, path string, body any, hdr ...string) *result {
	a.t.Helper()
	return a.raw(method, "/v2025_8/apis/3.0"+path, body, hdr...)
}

func (a *apiTest) raw(method, path string, body any, hdr ...string) *result {
	a.t.Helper()
	res, err := a.try(method, path, body, hdr...)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

func (a *apiTest) try(method, path string, body any, hdr ...string) (*result, error) {
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				a.t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", basicAuth(DefaultCompanyID, DefaultPublicKey, DefaultPrivateKey))
	req.Header.Set("clientId", DefaultClientID)
	req.Header.Set("Accept", "application/vnd.connectwise.com+json; version=2025.8")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ":")
		if v = strings.TrimSpace(v); v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &result{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

func wantStatus(t testing.TB, r *result, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

// wantError checks status, envelope code and, when field is set, an errors entry.
func wantError(t testing.TB, r *result, status int, code, errCode, field string) envelope {
	t.Helper()
	wantStatus(t, r, status)
	e := r.envelope(t)
	if e.Code != code {
		t.Fatalf("code %q, want %q; body %s", e.Code, code, r.body)
	}
	if errCode != "" {
		for _, fe := range e.Errors {
			if fe.Code == errCode && fe.Field == field {
				return e
			}
		}
		t.Fatalf("no errors entry {code:%q, field:%q}; body %s", errCode, field, r.body)
	}
	return e
}

func ids(objs []map[string]any) []int {
	out := make([]int, len(objs))
	for i, o := range objs {
		out[i], _ = intValue(o["id"])
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
