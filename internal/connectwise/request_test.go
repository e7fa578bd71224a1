package connectwise

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestHeadersAndBodies(t *testing.T) {
	c, mux, _ := setup(t, func(cfg *Config) { cfg.UserAgent = "terraform-provider-connectwise/1.2.3 Terraform/1.11.4" })
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte("mspkit+pubkey123:s3cr3t-Private-Key"))
	check := func(r *http.Request, body bool) {
		t.Helper()
		if r.Header.Get("Authorization") != wantAuth {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		if r.Header.Get("clientId") != testClientID || r.Header.Get("User-Agent") != "terraform-provider-connectwise/1.2.3 Terraform/1.11.4" ||
			r.Header.Get("Accept") != "application/vnd.connectwise.com+json; version=2025.8" {
			t.Errorf("headers %v", r.Header)
		}
		if got := r.Header.Get("Content-Type"); (got == "application/json") != body {
			t.Errorf("%s Content-Type %q", r.Method, got)
		}
	}
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/5/additions", func(w http.ResponseWriter, r *http.Request) {
		check(r, true)
		b, _ := io.ReadAll(r.Body)
		if want := `{"product":{"id":12},"quantity":0,"billCustomer":"Billable","effectiveDate":"2026-11-01T00:00:00Z","taxableFlag":false}`; string(b) != want {
			t.Errorf("POST body\n got %s\nwant %s", b, want)
		}
		writeJSON(w, 201, map[string]any{"id": 9, "agreementId": 5, "product": map[string]any{"id": 12, "identifier": "core"}, "quantity": 0, "_info": map[string]string{"lastUpdated": "2026-11-01T00:00:00Z"}})
	})
	mux.HandleFunc("PATCH "+apiPrefix+"/finance/agreements/5/additions/9", func(w http.ResponseWriter, r *http.Request) {
		check(r, true)
		b, _ := io.ReadAll(r.Body)
		if want := `[{"op":"replace","path":"quantity","value":42},{"op":"replace","path":"product","value":{"id":13}}]`; string(b) != want {
			t.Errorf("PATCH body %s", b)
		}
		writeJSON(w, 200, map[string]any{"id": 9, "quantity": 42})
	})
	mux.HandleFunc("DELETE "+apiPrefix+"/finance/agreements/5/additions/9", func(w http.ResponseWriter, r *http.Request) {
		check(r, false)
		w.WriteHeader(http.StatusNoContent)
	})
	ctx := context.Background()
	a, err := c.Additions.Create(ctx, 5, &Addition{Product: Ref(12), Quantity: Float64(0), BillCustomer: BillCustomerBillable,
		EffectiveDate: "2026-11-01T00:00:00Z", TaxableFlag: BoolPtr(false)})
	if err != nil || a.ID != 9 || a.Product.Identifier != "core" || a.Quantity == nil || *a.Quantity != 0 || a.Info["lastUpdated"] == "" {
		t.Fatalf("Create: %+v, %v", a, err)
	}
	a, err = c.Additions.Patch(ctx, 5, 9, []PatchOp{Replace("quantity", 42), Replace("product", Reference{ID: 13})})
	if err != nil || *a.Quantity != 42 {
		t.Fatalf("Patch: %+v, %v", a, err)
	}
	if _, err := c.do(ctx, apiRequest{method: http.MethodDelete, path: itemPath(additionsPath(5), 9)}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDiscoveryIsLazyAndOnce(t *testing.T) {
	var h hits
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Codebase = "" })
	mux.HandleFunc("GET /login/companyinfo/mspkit", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		if r.Header.Get("Authorization") != "" || r.Header.Get("clientId") != testClientID {
			t.Errorf("discovery headers %v", r.Header)
		}
		writeJSON(w, 200, map[string]any{"CompanyName": "MSP Kit", "Codebase": "v2025_8/", "VersionCode": "v2025.8", "VersionNumber": "v4.6.0", "CompanyID": "mspkit", "IsCloud": true, "SiteUrl": "api-na.myconnectwise.net"})
	})
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"version": "v2025.8", "isCloud": true, "serverTimeZone": "Eastern Standard Time", "cloudRegion": "NA"})
	})
	if c.BaseURL() != "" {
		t.Errorf("BaseURL before discovery: %q", c.BaseURL())
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			info, err := c.System.Info(context.Background())
			if err != nil || info.Version != "v2025.8" || info.CloudRegion != "NA" {
				t.Errorf("Info: %+v %v", info, err)
			}
		})
	}
	wg.Wait()
	if n := h.get("GET /login/companyinfo/mspkit"); n != 1 {
		t.Errorf("%d discoveries", n)
	}
	if !strings.HasSuffix(c.BaseURL(), "/v2025_8/apis/3.0") {
		t.Errorf("BaseURL %q", c.BaseURL())
	}
	info, err := c.Discover(context.Background())
	if err != nil || info.CompanyName != "MSP Kit" || !info.IsCloud || info.Codebase != "v2025_8/" {
		t.Errorf("Discover: %+v %v", info, err)
	}
}

func TestDiscoveryUnknownCompany(t *testing.T) {
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Codebase = ""; cfg.CompanyID = "nosuch" })
	mux.HandleFunc("GET /login/companyinfo/nosuch", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "null")
	})
	_, err := c.System.Info(context.Background())
	if !errors.Is(err, ErrUnknownCompany) || !strings.Contains(err.Error(), `"nosuch"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestRediscoveryAfter404(t *testing.T) {
	var h hits
	codebase := "v2025_8/"
	var mu sync.Mutex
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Codebase = "" })
	mux.HandleFunc("GET /login/companyinfo/mspkit", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		mu.Lock()
		defer mu.Unlock()
		writeJSON(w, 200, map[string]any{"Codebase": codebase})
	})
	serve := func(cb string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			h.add(r)
			mu.Lock()
			defer mu.Unlock()
			if cb != codebase {
				writeEnvelope(w, 404, "NotFound", "The requested URL was not found")
				return
			}
			writeJSON(w, 200, []map[string]any{{"id": 1, "name": "Acme"}})
		}
	}
	mux.HandleFunc("GET /v2025_8/apis/3.0/company/companies", serve("v2025_8/"))
	mux.HandleFunc("GET /v2026_1/apis/3.0/company/companies", serve("v2026_1/"))
	ctx := context.Background()
	if _, err := c.Companies.All(ctx, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	codebase = "v2026_1/"
	mu.Unlock()
	all, err := c.Companies.All(ctx, nil)
	if err != nil || len(all) != 1 || c.Codebase() != "v2026_1/" {
		t.Fatalf("after the move: %v %v %q", all, err, c.Codebase())
	}
	if h.get("GET /login/companyinfo/mspkit") != 2 || h.get("GET /v2025_8/apis/3.0/company/companies") != 2 || h.get("GET /v2026_1/apis/3.0/company/companies") != 1 {
		t.Errorf("requests: %v", h.n)
	}
}

func TestNoRediscoveryWhenPinnedOrUnchanged(t *testing.T) {
	var h hits
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Codebase = "" })
	mux.HandleFunc("GET /login/companyinfo/mspkit", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		writeJSON(w, 200, map[string]any{"Codebase": "v2025_8/"})
	})
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		writeEnvelope(w, 404, "NotFound", "Company recId 5 not found")
	})
	ctx := context.Background()
	for range 3 {
		if _, err := c.Companies.Get(ctx, 5); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	}
	// One initial discovery, one re-discovery (unchanged, so no repeat),
	// then none within rediscoverEvery.
	if h.get("GET /login/companyinfo/mspkit") != 2 || h.get("GET "+apiPrefix+"/company/companies/5") != 3 {
		t.Errorf("requests: %v", h.n)
	}

	c, mux, _ = setup(t) // pinned codebase
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", func(w http.ResponseWriter, r *http.Request) {
		writeEnvelope(w, 404, "NotFound", "Company recId 5 not found")
	})
	if _, err := c.Companies.Get(ctx, 5); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
}

func TestLogsNeverCarrySecrets(t *testing.T) {
	log := &recLogger{}
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Logger = log; cfg.Codebase = "" })
	mux.HandleFunc("GET /login/companyinfo/mspkit", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"Codebase": "v2025_8/"})
	})
	n := 0
	mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/5/additions", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests."})
			return
		}
		writeJSON(w, 201, map[string]any{"id": 9})
	})
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		// A careless server echoing the request header must not leak it either.
		writeEnvelope(w, 401, "Unauthorized", "Bad credentials: "+r.Header.Get("Authorization"))
	})
	ctx := context.Background()
	if _, err := c.Additions.Create(ctx, 5, &Addition{Product: Ref(1), BillCustomer: "Billable"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.System.Info(ctx)
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), testPrivate) || strings.Contains(err.Error(), "Basic ") {
		t.Fatalf("err = %v", err)
	}
	lines := log.all()
	if testing.Verbose() {
		for _, l := range lines {
			t.Log(l)
		}
	}
	joined := strings.Join(lines, "\n")
	auth := base64.StdEncoding.EncodeToString([]byte("mspkit+pubkey123:s3cr3t-Private-Key"))
	for _, secret := range []string{testPrivate, auth} {
		if strings.Contains(joined, secret) {
			t.Errorf("log carries a secret:\n%s", joined)
		}
	}
	for _, want := range []string{"DEBUG connectwise: request", "attempt:2", "status:429", "connectwise: retrying request", "reason:throttled (429)",
		`TRACE connectwise: request body`, `"billCustomer":"Billable"`, "TRACE connectwise: response body", "status:401", "clientId:" + testClientID} {
		if !strings.Contains(joined, want) {
			t.Errorf("log lacks %q:\n%s", want, joined)
		}
	}
}

func TestResponseBodyLogTruncated(t *testing.T) {
	log := &recLogger{}
	c, mux, _ := setup(t, func(cfg *Config) { cfg.Logger = log })
	mux.HandleFunc("GET "+apiPrefix+"/company/companies", func(w http.ResponseWriter, r *http.Request) {
		var items []map[string]any
		for i := range 200 {
			items = append(items, map[string]any{"id": i + 1, "name": strings.Repeat("n", 50)})
		}
		writeJSON(w, 200, items)
	})
	if _, err := c.Companies.All(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, l := range log.all() {
		if len(l) > maxLoggedBody+1000 {
			t.Errorf("log line of %d bytes", len(l))
		}
	}
}
