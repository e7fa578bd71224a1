package usagesync

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// A POST that times out while the server is still applying it: the read-back cannot see it
// yet, so the executor must not POST again in this run (that would be a second addition).
func TestTimedOutCreateIsNotRepeated(t *testing.T) {
	var posts atomic.Int32
	mux := http.NewServeMux()
	respond := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "application/vnd.connectwise.com+json; version=2025.8")
		_, _ = w.Write([]byte(body))
	}
	mux.HandleFunc("GET /v2025_8/apis/3.0/finance/agreements", func(w http.ResponseWriter, _ *http.Request) {
		respond(w, `[{"id":1,"name":"A","company":{"id":1},"agreementStatus":"Active"}]`)
	})
	mux.HandleFunc("GET /v2025_8/apis/3.0/company/companies", func(w http.ResponseWriter, _ *http.Request) {
		respond(w, `[{"id":1,"name":"C","deletedFlag":false}]`)
	})
	mux.HandleFunc("GET /v2025_8/apis/3.0/procurement/catalog", func(w http.ResponseWriter, _ *http.Request) {
		respond(w, `[{"id":5,"identifier":"I"}]`)
	})
	mux.HandleFunc("GET /v2025_8/apis/3.0/finance/agreements/1/additions", func(w http.ResponseWriter, _ *http.Request) {
		respond(w, `[]`) // the slow POST has not landed yet
	})
	mux.HandleFunc("POST /v2025_8/apis/3.0/finance/agreements/1/additions", func(w http.ResponseWriter, _ *http.Request) {
		posts.Add(1)
		time.Sleep(300 * time.Millisecond)
		w.WriteHeader(http.StatusCreated)
		respond(w, `{"id":9,"product":{"id":5},"quantity":3}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client, err := connectwise.New(connectwise.Config{
		SiteURL: srv.URL, CompanyID: "mspkit", PublicKey: "p", PrivateKey: "k", ClientID: "6f1b7a0e-3c2d-4e5f-8a9b-0c1d2e3f4a5b",
		Codebase: "v2025_8/", RequestsPerMinute: -1, RequestTimeout: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), client, Request{
		Customers: []billing.Customer{{OrganizationID: "org", CompanyID: 1, AgreementID: 1, SyncEnabled: true}},
		Products:  []billing.Product{{VendorSKU: "sku", CatalogItemID: 5}},
		Usage:     billing.Usage{"org": {"sku": 3}},
		Options:   billing.Options{AsOf: asOf},
	}, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("the create was POSTed %d times, want exactly 1", n)
	}
	if err := res.Failed["org"]; err == nil || !strings.Contains(err.Error(), "next run reads the additions") {
		t.Errorf("the customer should fail with an explanation, got %v", err)
	}
}
