package connectwise

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTypedErrors(t *testing.T) {
	respond := map[int]func(w http.ResponseWriter){
		400: func(w http.ResponseWriter) {
			writeJSON(w, 400, map[string]any{"code": "InvalidObject", "message": "Addition object is invalid",
				"errors": []map[string]string{{"code": "MissingRequiredField", "message": "The product field is required.", "resource": "addition", "field": "product"}}})
		},
		401: func(w http.ResponseWriter) { writeEnvelope(w, 401, "Unauthorized", "Invalid credentials") },
		403: func(w http.ResponseWriter) {
			writeEnvelope(w, 403, "Forbidden", "You do not have permission to perform this action")
		},
		404: func(w http.ResponseWriter) { writeEnvelope(w, 404, "NotFound", "Addition recId 9 not found") },
		409: func(w http.ResponseWriter) { writeEnvelope(w, 409, "Conflict", "Record is in use") },
		429: func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "30")
			writeJSON(w, 429, map[string]string{"error": "ConnectWiseAPI", "message": "Too many requests. Please try again in 30 seconds."})
		},
		500: func(w http.ResponseWriter) {
			writeEnvelope(w, 500, "InternalServerError", "An unexpected error occurred")
		},
		503: func(w http.ResponseWriter) { writeEnvelope(w, 503, "ServiceUnavailable", "down") },
	}
	sentinels := []error{ErrValidation, ErrUnauthorized, ErrClientIDRejected, ErrForbidden, ErrNotFound, ErrConflict, ErrThrottled, ErrServer, ErrForeignAnswer}
	want := map[int][]error{400: {ErrValidation}, 401: {ErrUnauthorized}, 403: {ErrForbidden}, 404: {ErrNotFound},
		409: {ErrConflict}, 429: {ErrThrottled}, 500: {ErrServer}, 503: {ErrServer}}
	// A client per status: a 401 stops its client (breaker.go) and a 429 pauses it.
	for _, status := range []int{400, 401, 403, 404, 409, 500, 503, 429} {
		c, mux, _ := setup(t, func(cfg *Config) { cfg.MaxRetries = -1 })
		mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/7/additions", func(w http.ResponseWriter, r *http.Request) {
			respond[status](w)
		})
		_, err := c.Additions.Create(context.Background(), 7, &Addition{Product: Ref(1), BillCustomer: "Billable"})
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%d: error %T %v", status, err, err)
		}
		for _, s := range sentinels {
			wantIs := false
			for _, w := range want[status] {
				wantIs = wantIs || errors.Is(w, s)
			}
			if errors.Is(err, s) != wantIs {
				t.Errorf("%d: errors.Is(%v) = %v", status, s, !wantIs)
			}
		}
		msg := err.Error()
		if !strings.Contains(msg, "POST /finance/agreements/7/additions") || !strings.Contains(msg, fmt.Sprint(status)) || strings.Contains(msg, "127.0.0.1") {
			t.Errorf("%d: message %q", status, msg)
		}
		switch status {
		case 400:
			if len(ae.Errors) != 1 || !ae.HasFieldError("MissingRequiredField") || !strings.Contains(msg, "product: The product field is required (MissingRequiredField)") {
				t.Errorf("400: %+v / %s", ae, msg)
			}
		case 403:
			if ae.Permission != "Finance › Agreements: Add Level must be All" || !strings.Contains(msg, ae.Permission) {
				t.Errorf("403: %q / %s", ae.Permission, msg)
			}
		case 429:
			if ae.Code != "ConnectWiseAPI" || ae.RetryAfter != 30*time.Second || !strings.Contains(ae.Message, "Too many requests") {
				t.Errorf("429: %+v", ae)
			}
		}
		if got := ae.MayHaveApplied(); got != (status >= 500) || IsAmbiguousWrite(err) != got {
			t.Errorf("%d: MayHaveApplied %v", status, got)
		}
	}
}

func TestClientIDRejected(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		writeEnvelope(w, 401, "Unauthorized", "The ClientID header is missing or not registered.")
	})
	_, err := c.System.Info(context.Background())
	if !errors.Is(err, ErrClientIDRejected) || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
}

func TestRequiredPermission(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/company/companies", "Companies › Company Maintenance: Inquire Level must be All"},
		{"GET", "/company/companies/count?conditions=x", "Companies › Company Maintenance: Inquire Level must be All"},
		{"GET", "/v2025_8/apis/3.0/company/companies/12", "Companies › Company Maintenance: Inquire Level must be All"},
		{"GET", "/company/companies/types", "System › Table Setup: Inquire Level must be All"},
		{"GET", "/company/companies/statuses/3", "System › Table Setup: Inquire Level must be All"},
		{"POST", "/finance/agreements/5/additions", "Finance › Agreements: Add Level must be All"},
		{"PATCH", "/finance/agreements/5/additions/9", "Finance › Agreements: Edit Level must be All"},
		{"PUT", "/finance/agreements/5", "Finance › Agreements: Edit Level must be All"},
		{"DELETE", "/finance/agreements/5/additions/9", "Finance › Agreements: Delete Level must be All"},
		{"GET", "/finance/agreements/types", "System › Table Setup: Inquire Level must be All"},
		{"POST", "/procurement/catalog", "Procurement › Product Catalog: Add Level must be All"},
		{"GET", "/procurement/catalog/count", "Procurement › Product Catalog: Inquire Level must be All"},
		{"GET", "/procurement/unitOfMeasures", "System › Table Setup: Inquire Level must be All"},
		{"GET", "/procurement/subcategories/", "System › Table Setup: Inquire Level must be All"},
		{"GET", "/procurement/types/4", "System › Table Setup: Inquire Level must be All"},
	}
	for _, tt := range tests {
		got, ok := RequiredPermission(tt.method, tt.path)
		if !ok || got != tt.want {
			t.Errorf("RequiredPermission(%s %s) = %q, %v; want %q", tt.method, tt.path, got, ok, tt.want)
		}
	}
	for _, p := range []string{"/system/info", "/system/mySecurity", "/company/companiesx", "/login/companyinfo/x"} {
		if got, ok := RequiredPermission("GET", p); ok {
			t.Errorf("RequiredPermission(GET %s) = %q", p, got)
		}
	}
}

func TestCheckRole(t *testing.T) {
	rows := []SecurityPermission{
		{ModuleIdentifier: "Finance", ModuleName: "Finance", ModuleFunctionIdentifier: "Agreements", ModuleFunctionName: "Agreements", InquireLevel: "All", AddLevel: "My", EditLevel: "None", DeleteLevel: "None"},
		{ModuleName: "Companies", ModuleFunctionName: "Company Maintenance", InquireLevel: "All"},
	}
	check := CheckRole(rows,
		Permission{FinanceAgreements, LevelInquire}, Permission{FinanceAgreements, LevelAdd}, Permission{FinanceAgreements, LevelEdit},
		Permission{CompanyMaintenance, LevelInquire}, Permission{TableSetup, LevelInquire})
	names := func(ps []Permission) string {
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		return strings.Join(got, "|")
	}
	if got, want := names(check.Missing), "Finance › Agreements: Edit Level must be All"; got != want {
		t.Errorf("Missing = %q, want %q", got, want)
	}
	if got, want := names(check.Uncertain), "Finance › Agreements: Add Level must be All"; got != want {
		t.Errorf("Uncertain = %q, want %q", got, want)
	}
	if len(check.Unlisted) != 1 || check.Unlisted[0] != TableSetup {
		t.Errorf("Unlisted = %v, want Table Setup only", check.Unlisted)
	}
}

// TestCheckRoleRowSpellings: the identifiers' spelling is unconfirmed (API-NOTES.md), so
// a row matches by identifiers or by UI names, ignoring case, spaces and underscores.
func TestCheckRoleRowSpellings(t *testing.T) {
	need := []Permission{{CompanyMaintenance, LevelInquire}, {ProductCatalog, LevelAdd}, {TableSetup, LevelInquire}}
	row := func(mi, mn, fi, fn string) SecurityPermission {
		return SecurityPermission{ModuleIdentifier: mi, ModuleName: mn, ModuleFunctionIdentifier: fi, ModuleFunctionName: fn,
			InquireLevel: "All", AddLevel: "All", EditLevel: "All", DeleteLevel: "All"}
	}
	for name, rows := range map[string][]SecurityPermission{
		"camel identifiers": {row("Company", "Companies", "CompanyMaintenance", "Company Maintenance"),
			row("Procurement", "Procurement", "ProductCatalog", "Product Catalog"), row("System", "System", "TableSetup", "Table Setup")},
		"underscored identifiers": {row("Companies", "Companies", "Company_Maintenance", "Company Maintenance"),
			row("Procurement", "Procurement", "Product_Catalog", "Product Catalog"), row("System", "System", "Table_Setup", "Table Setup")},
		"names only": {row("", "Companies", "", "Company Maintenance"),
			row("", "Procurement", "", "Product Catalog"), row("", "System", "", "Table Setup")},
		"odd identifiers, UI names": {row("CO", "Companies", "X1", "Company Maintenance"),
			row("PR", "Procurement", "X2", "Product Catalog"), row("SY", "System", "X3", "Table Setup")},
		"identifiers only, other case": {row("company", "", "COMPANY_MAINTENANCE", ""),
			row("procurement", "", "product catalog", ""), row("SYSTEM", "", "table_setup", "")},
	} {
		check := CheckRole(rows, need...)
		if !check.OK() || len(check.Uncertain)+len(check.Unlisted) != 0 {
			t.Errorf("%s: %+v, want everything granted", name, check)
		}
	}
	if check := CheckRole(nil, need...); !check.OK() || len(check.Unlisted) != 3 {
		t.Errorf("no rows: %+v, want three unlisted functions and nothing missing", check)
	}
}

func TestRedirectIsReported(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET "+apiPrefix+"/system/info", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://login.example.com/", http.StatusFound)
	})
	_, err := c.System.Info(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || ae.Kind != KindUnexpected || !strings.Contains(err.Error(), "redirected to https://login.example.com/") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"5", 5 * time.Second, true},
		{"0", 0, true},
		{"99999", maxRetryAfter, true},
		{now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second, true},
		{now.Add(-10 * time.Second).Format(http.TimeFormat), 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), maxRetryAfter, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v", tt.in, got, ok)
		}
	}
}
