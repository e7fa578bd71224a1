package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// admin calls the admin API and decodes a JSON answer into out (when non-nil).
func (a *apiTest) admin(method, path, body string, out any) int {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.srv.AdminURL+path, strings.NewReader(body))
	resp, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("admin %s %s: %v (%s)", method, path, err, b)
		}
	}
	return resp.StatusCode
}

func TestAdminEndpoints(t *testing.T) {
	a := newAPITest(t, Options{})
	a.api("GET", "/system/info", nil)
	var c Counters
	if st := a.admin("GET", "/counters", "", &c); st != 200 || c.Total != 1 || c.ByRoute["GET /system/info"] != 1 {
		t.Fatalf("counters %d %+v", st, c)
	}
	if st := a.admin("POST", "/counters/reset", "", nil); st != 204 || a.srv.Sim.Counters().Total != 0 {
		t.Fatal("counters reset")
	}

	// Store: dump, list, get, hand edit, insert, delete.
	var dump Dataset
	if st := a.admin("GET", "/store", "", &dump); st != 200 || len(dump.Companies) != 3 || len(dump.Additions) != 1 {
		t.Fatalf("dump %d: %d companies", st, len(dump.Companies))
	}
	var list []map[string]any
	if st := a.admin("GET", "/store/agreements", "", &list); st != 200 || len(list) != 3 {
		t.Fatalf("list %d %d", st, len(list))
	}
	var rec map[string]any
	if st := a.admin("GET", "/store/agreements/10", "", &rec); st != 200 || rec["name"] != "MSP A" {
		t.Fatalf("get %d %v", st, rec)
	}
	// A hand edit bypasses validation (a person in the UI), and the API shows it.
	if st := a.admin("PATCH", "/store/agreements/10", `{"cancelledFlag":true,"name":"`+strings.Repeat("x", 150)+`"}`, &rec); st != 200 {
		t.Fatalf("patch %d", st)
	}
	if got := a.api("GET", "/finance/agreements/10", nil).object(t); got["agreementStatus"] != "Cancelled" {
		t.Fatalf("after hand edit %v", got["agreementStatus"])
	}
	if rec["_info"].(map[string]any)["updatedBy"] != uiMember {
		t.Fatalf("_info %v", rec["_info"])
	}
	if st := a.admin("POST", "/store/companies", `{"identifier":"Hand","name":"Hand made"}`, &rec); st != 201 || rec["id"] == nil {
		t.Fatalf("insert %d %v", st, rec)
	}
	if st := a.admin("DELETE", "/store/companies/2", "", nil); st != 204 {
		t.Fatalf("delete %d", st)
	}
	if st := a.admin("GET", "/store/companies/2", "", nil); st != 404 {
		t.Fatalf("get deleted %d", st)
	}
	if st := a.admin("GET", "/store/widgets", "", nil); st != 404 {
		t.Fatalf("unknown kind %d", st)
	}
	if st := a.admin("PATCH", "/store/companies/1", `not json`, nil); st != 400 {
		t.Fatalf("bad json %d", st)
	}

	// The dump loads back.
	var raw json.RawMessage
	a.admin("GET", "/store", "", &raw)
	path := filepath.Join(t.TempDir(), "dump.json")
	_ = os.WriteFile(path, raw, 0o600)
	d, err := LoadDataset(path)
	if err != nil || len(d.Companies) != 3 {
		t.Fatalf("LoadDataset of the dump: %v", err)
	}

	// Faults, role, codebase, latency, throttle, rate.
	if st := a.admin("PUT", "/faults", `{"seed":3,"error500":1}`, nil); st != 204 {
		t.Fatalf("faults %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 500)
	if st := a.admin("PUT", "/faults", `{"error500":2}`, nil); st != 400 {
		t.Fatalf("bad faults %d", st)
	}
	a.admin("PUT", "/faults", `{"slow":1,"slowDelay":"30ms"}`, nil)
	start := time.Now()
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("slowDelay not applied")
	}
	a.admin("PUT", "/faults", `{}`, nil)

	if st := a.admin("PUT", "/role", `{"Finance/Agreements":{"inquire":"All","add":"None","edit":"All","delete":"None"}}`, nil); st != 204 {
		t.Fatalf("role %d", st)
	}
	wantStatus(t, a.api("GET", "/finance/agreements", nil), 200)
	wantStatus(t, a.api("POST", "/finance/agreements/10/additions", additionBody(20, 1)), 403)
	wantStatus(t, a.api("GET", "/company/companies", nil), 403)
	a.admin("PUT", "/role", `null`, nil)
	wantStatus(t, a.api("GET", "/company/companies", nil), 200)

	if st := a.admin("PUT", "/codebase", `{"codebase":"v2026_1/"}`, nil); st != 204 {
		t.Fatalf("codebase %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 404)
	wantStatus(t, a.raw("GET", "/v2026_1/apis/3.0/system/info", nil), 200)
	a.admin("PUT", "/codebase", `{"codebase":"v2025_8/"}`, nil)
	if st := a.admin("PUT", "/codebase", `{}`, nil); st != 400 {
		t.Fatalf("empty codebase %d", st)
	}

	if st := a.admin("PUT", "/latency", `{"latency":"40ms"}`, nil); st != 204 {
		t.Fatalf("latency %d", st)
	}
	start = time.Now()
	a.api("GET", "/system/info", nil)
	if time.Since(start) < 40*time.Millisecond {
		t.Fatal("latency not applied")
	}
	a.admin("PUT", "/latency", `{"latency":"0s"}`, nil)
	if st := a.admin("PUT", "/latency", `{"latency":"soon"}`, nil); st != 400 {
		t.Fatalf("bad latency %d", st)
	}

	if st := a.admin("POST", "/throttle", `{"count":1,"retryAfterSeconds":7}`, nil); st != 204 {
		t.Fatalf("throttle %d", st)
	}
	r := a.api("GET", "/system/info", nil)
	if r.status != 429 || r.header.Get("Retry-After") != "7" {
		t.Fatalf("throttled: %d %q", r.status, r.header.Get("Retry-After"))
	}
	a.admin("PUT", "/rate", `{"requestsPerMinute":1}`, nil)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	wantStatus(t, a.api("GET", "/system/info", nil), 429)
	a.admin("PUT", "/rate", `{"requestsPerMinute":0}`, nil)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)

	// The admin API is not the API: no auth, not counted.
	before := a.srv.Sim.Counters().Total
	a.admin("GET", "/store/companies", "", nil)
	if a.srv.Sim.Counters().Total != before {
		t.Fatal("admin calls are counted")
	}
}

// GET / lists the admin calls; each listed call is one the mux serves.
func TestAdminIndexListsServedEndpoints(t *testing.T) {
	mux := New(Options{}).adminMux().(*http.ServeMux)
	for _, e := range adminEndpoints {
		method, pattern, _ := strings.Cut(e, " ")
		path := strings.NewReplacer("{kind}", "catalog", "{id}", "1").Replace(pattern)
		_, got := mux.Handler(httptest.NewRequest(method, path, nil))
		if got != e {
			t.Errorf("%s is served by %q", e, got)
		}
	}
}
