package simulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestVariants checks, for every value of every variant, the answer that sets it apart
// from the others. The client's tests (internal/connectwise) check that the client
// copes with each.
func TestVariants(t *testing.T) {
	q := url.QueryEscape
	security := func(t *testing.T, a *apiTest) map[string]any {
		rows := a.api("GET", "/system/mySecurity?conditions="+q(`moduleFunctionName="Company Maintenance"`), nil).list(t)
		if len(rows) == 0 {
			return nil
		}
		return rows[0]
	}
	ids := func(moduleID, functionID string) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			row := security(t, a)
			if row == nil || row["moduleIdentifier"] != moduleID || row["moduleFunctionIdentifier"] != functionID || row["moduleName"] != "Companies" {
				t.Errorf("row %v; want identifiers %q/%q", row, moduleID, functionID)
			}
		}
	}
	noClientID := func(status int, named bool) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			r := a.api("GET", "/system/info", nil, "clientId:")
			wantStatus(t, r, status)
			if got := strings.Contains(r.envelope(t).Message, "clientId"); got != named {
				t.Errorf("message names clientId: %v, want %v: %s", got, named, r.body)
			}
			badKeys := a.api("GET", "/system/info", nil, "Authorization: "+basicAuth(DefaultCompanyID, DefaultPublicKey, "wrong"))
			if generic := status == http.StatusUnauthorized && !named; generic != (string(badKeys.body) == string(r.body)) {
				t.Errorf("bad keys %s, no clientId %s", badKeys.body, r.body)
			}
		}
	}
	list := func(path string, status int) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) { wantStatus(t, a.api("GET", path, nil), status) }
	}
	arrays := func(child, cond int) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			list("/company/companies?childConditions="+q("types/id=4"), child)(t, a)
			list("/company/companies?conditions="+q("types/id=4"), cond)(t, a)
		}
	}
	codebase := func(want string) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			if got := a.raw("GET", "/login/companyinfo/mspkit", nil).object(t)["Codebase"]; got != want {
				t.Errorf("Codebase %v, want %q", got, want)
			}
		}
	}
	header := func(name string, present bool) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			if got := a.api("GET", "/company/companies?pageSize=1", nil).header.Get(name) != ""; got != present {
				t.Errorf("%s present: %v, want %v", name, got, present)
			}
		}
	}
	forwardOnly := func(honoured bool) func(*testing.T, *apiTest) {
		return func(t *testing.T, a *apiTest) {
			fo := "pagination-type: forward-only"
			r := a.api("GET", "/company/companies?pageSize=1&pageId=1", nil, fo)
			next := r.header.Get("Link")
			if byNumber := strings.Contains(next, "?page=") || strings.Contains(next, "&page="); byNumber == honoured || len(r.list(t)) != 1 {
				t.Errorf("Link %q", next)
			}
			if id := r.list(t)[0]["id"]; (id == float64(2)) != honoured {
				t.Errorf("pageId=1 answered id %v", id)
			}
			if st := a.api("GET", "/company/companies?orderBy=name", nil, fo).status; (st == http.StatusBadRequest) != honoured {
				t.Errorf("orderBy with forward-only: status %d", st)
			}
		}
	}
	myRole := Role{permCompanies: {Inquire: "My"}}
	cases := map[string]func(*testing.T, *apiTest){
		"security-ids=camel":       ids("Company", "CompanyMaintenance"),
		"security-ids=underscored": ids("Companies", "Company_Maintenance"),
		"security-ids=names-only":  ids("", ""),
		"security-ids=absent": func(t *testing.T, a *apiTest) {
			if row := security(t, a); row != nil {
				t.Errorf("row %v, want none", row)
			}
			list("/company/companies", http.StatusOK)(t, a) // access is still granted
		},
		"level-my=denies": func(t *testing.T, a *apiTest) {
			a.srv.Sim.SetRole(myRole)
			list("/company/companies", http.StatusForbidden)(t, a)
		},
		"level-my=grants": func(t *testing.T, a *apiTest) {
			a.srv.Sim.SetRole(myRole)
			list("/company/companies", http.StatusOK)(t, a)
		},
		"clientid-error=401-named":         noClientID(http.StatusUnauthorized, true),
		"clientid-error=401-generic":       noClientID(http.StatusUnauthorized, false),
		"clientid-error=403-named":         noClientID(http.StatusForbidden, true),
		"clientid-error=403-generic":       noClientID(http.StatusForbidden, false),
		"clientid-error=400-named":         noClientID(http.StatusBadRequest, true),
		"clientid-error=400-generic":       noClientID(http.StatusBadRequest, false),
		"array-conditions=child-only":      arrays(http.StatusOK, http.StatusBadRequest),
		"array-conditions=conditions-only": arrays(http.StatusBadRequest, http.StatusOK),
		"array-conditions=both":            arrays(http.StatusOK, http.StatusOK),
		"codebase-form=slash":              codebase("v2025_8/"),
		"codebase-form=bare":               codebase("v2025_8"),
		"codebase-form=leading-slash":      codebase("/v2025_8/"),
		"codebase-form=release":            codebase("v4_6_release/"),
		"bad-auth=401": func(t *testing.T, a *apiTest) {
			wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: x"), 401)
		},
		"bad-auth=404": func(t *testing.T, a *apiTest) {
			wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: x"), 404)
		},
		"version-header=present":        header("api-current-version", true),
		"version-header=absent":         header("api-current-version", false),
		"agreement-status-condition=ok": list("/finance/agreements?conditions="+q(`agreementStatus="Active"`), http.StatusOK),
		"agreement-status-condition=rejected": func(t *testing.T, a *apiTest) {
			wantError(t, a.api("GET", "/finance/agreements?conditions="+q(`agreementStatus="Active"`), nil), 400, "InvalidCondition", "", "")
			list("/finance/agreements?conditions="+q(`cancelledFlag=false`), http.StatusOK)(t, a)
		},
		"link-header=present":              header("Link", true),
		"link-header=absent":               header("Link", false),
		"same-day-cancelled=bills-nothing": variantSameDayCancelled(0),
		"same-day-cancelled=bills-one-day": variantSameDayCancelled(20),
		"invoiced-update=next-invoice":     variantInvoicedUpdate(http.StatusOK),
		"invoiced-update=refused":          variantInvoicedUpdate(http.StatusBadRequest),
		"forward-only=honoured":            forwardOnly(true),
		"forward-only=ignored":             forwardOnly(false),
	}
	for name, check := range dateVariantCases {
		cases[name] = check
	}
	for _, d := range VariantDefs() {
		for _, value := range d.Values {
			name := d.Name.String() + "=" + value
			check, ok := cases[name]
			if !ok {
				t.Errorf("no test case for %s", name)
				continue
			}
			t.Run(name, func(t *testing.T) {
				var v Variants
				if err := v.ParseVariant(name); err != nil {
					t.Fatal(err)
				}
				check(t, newAPITest(t, Options{Variants: v}))
			})
		}
	}
}

func TestVariantsSetAndAdmin(t *testing.T) {
	var v Variants
	for _, bad := range []string{"security-ids", "nope=1", "security-ids=Camel", "bad-auth=403"} {
		if err := v.ParseVariant(bad); err == nil {
			t.Errorf("ParseVariant(%q) accepted", bad)
		}
	}
	if v.Get(VariantSecurityIDs) != "camel" || v.String() != "" {
		t.Errorf("defaults: %q %q", v.Get(VariantSecurityIDs), v.String())
	}
	a := newAPITest(t, Options{})
	if st := a.admin("PUT", "/variants", `{"bad-auth":"418"}`, nil); st != http.StatusBadRequest {
		t.Errorf("invalid variant: status %d", st)
	}
	if st := a.admin("PUT", "/variants", `{"bad-auth":"404","security-ids":"underscored"}`, nil); st != http.StatusNoContent {
		t.Fatalf("PUT /variants: status %d", st)
	}
	var got Variants
	a.admin("GET", "/variants", "", &got)
	if got.String() != "bad-auth=404,security-ids=underscored" {
		t.Errorf("GET /variants = %q", got.String())
	}
	wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: x"), http.StatusNotFound)
}
