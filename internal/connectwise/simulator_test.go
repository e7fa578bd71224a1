package connectwise_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

// Counter keys of the simulator (route templates of the OpenAPI document).
const (
	routeCompanies   = "GET /company/companies"
	routeDiscovery   = "GET /login/companyinfo/{companyId}"
	routeAddAddition = "POST /finance/agreements/{parentId}/additions"
	routePatchAdd    = "PATCH /finance/agreements/{parentId}/additions/{id}"
)

// openAgreement finds an active agreement and an active catalog item of
// the demo data.
func openAgreement(t *testing.T, c *connectwise.Client) (agreementID, productID int) {
	t.Helper()
	ctx := context.Background()
	ags, err := c.Agreements.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("agreementStatus").Eq(connectwise.String(connectwise.AgreementActive))})
	if err != nil || len(ags) == 0 {
		t.Fatalf("active agreements: %d, %v", len(ags), err)
	}
	item, err := c.Catalog.GetByIdentifier(ctx, "NL-CORE-USER")
	if err != nil {
		t.Fatalf("catalog item: %v", err)
	}
	return ags[0].ID, item.ID
}

func TestSimulatorServices(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(7, 50), IsCloud: true})
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()

	info, err := c.System.Info(ctx)
	if err != nil || info.Version == "" || !info.IsCloud {
		t.Fatalf("Info: %+v, %v", info, err)
	}
	if c.Codebase() != "v2025_8/" || !strings.HasSuffix(c.BaseURL(), "/v2025_8/apis/3.0") {
		t.Errorf("codebase %q base %q", c.Codebase(), c.BaseURL())
	}
	rows, err := c.System.MySecurity(ctx, nil)
	if err != nil || len(rows) == 0 {
		t.Fatalf("MySecurity: %d, %v", len(rows), err)
	}
	need := []connectwise.Permission{{Function: connectwise.FinanceAgreements, Level: connectwise.LevelAdd}, {Function: connectwise.TableSetup, Level: connectwise.LevelInquire}}
	if missing := connectwise.CheckRole(rows, need...).Missing; len(missing) != 0 {
		t.Errorf("full role misses %v", missing)
	}

	companies, err := c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)), OrderBy: "name asc"})
	if err != nil || len(companies) == 0 || companies[0].Status == nil || len(companies[0].Types) == 0 {
		t.Fatalf("companies: %d, %v", len(companies), err)
	}
	n, err := c.Companies.CountWhere(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("deletedFlag").Eq(connectwise.Bool(false))})
	if err != nil || n != len(companies) {
		t.Errorf("Count = %d, %v; listed %d", n, err, len(companies))
	}
	co, err := c.Companies.Get(ctx, companies[0].ID)
	if err != nil || co.Name != companies[0].Name || co.Info["lastUpdated"] == "" {
		t.Errorf("Get: %+v, %v", co, err)
	}
	ids := []int{companies[0].ID, companies[1].ID, 999999}
	byID, err := c.Companies.ListByIDs(ctx, ids, connectwise.Condition{})
	if err != nil || len(byID) != 2 {
		t.Errorf("ListByIDs: %d, %v", len(byID), err)
	}

	agID, productID := openAgreement(t, c)
	ags, err := c.Agreements.ListByIDs(ctx, []int{agID}, connectwise.Condition{})
	if err != nil || len(ags) != 1 || ags[0].Company == nil || ags[0].Company.ID == 0 || ags[0].Type == nil {
		t.Fatalf("agreement: %+v, %v", ags, err)
	}
	ag := ags[0]
	if got, err := c.Agreements.ListByIDs(ctx, []int{agID}, connectwise.Field("company/id").Eq(connectwise.Int(ag.Company.ID))); err != nil || len(got) != 1 {
		t.Errorf("agreements by id: %d, %v", len(got), err)
	}

	add, err := c.Additions.Create(ctx, agID, &connectwise.Addition{Product: connectwise.Ref(productID), Quantity: connectwise.Float64(0),
		BillCustomer: connectwise.BillCustomerBillable, EffectiveDate: connectwise.FormatDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))})
	if err != nil || add.ID == 0 || add.Quantity == nil || *add.Quantity != 0 || add.AgreementStatus != "Active" {
		t.Fatalf("Create addition: %+v, %v", add, err)
	}
	add, err = c.Additions.Patch(ctx, agID, add.ID, []connectwise.PatchOp{connectwise.Replace("quantity", 42)})
	if err != nil || *add.Quantity != 42 {
		t.Fatalf("Patch addition: %+v, %v", add, err)
	}
	adds, err := c.Additions.All(ctx, agID, &connectwise.ListOptions{Conditions: connectwise.Field("product/id").Eq(connectwise.Int(productID))})
	if err != nil || len(adds) < 1 {
		t.Errorf("list additions %d, %v", len(adds), err)
	}

	for name, svc := range map[string]*connectwise.LookupService{
		"company types": c.CompanyTypes, "company statuses": c.CompanyStatuses, "agreement types": c.AgreementTypes,
		"categories": c.Procurement.Categories, "subcategories": c.Procurement.Subcategories, "product types": c.Procurement.ProductTypes,
		"units": c.Procurement.UnitOfMeasures, "manufacturers": c.Procurement.Manufacturers,
	} {
		rows, err := svc.All(ctx, nil)
		if err != nil || len(rows) == 0 {
			t.Errorf("%s: %d, %v", name, len(rows), err)
		}
	}
	subs, _ := c.Procurement.Subcategories.All(ctx, nil)
	if subs[0].Category == nil || subs[0].Category.ID == 0 {
		t.Errorf("subcategory without category: %+v", subs[0])
	}
	types, _ := c.Procurement.ProductTypes.All(ctx, nil)

	item, err := c.Catalog.Create(ctx, &connectwise.CatalogItem{Identifier: "TF-TEST-1", Description: "Terraform test", CustomerDescription: "Terraform test item",
		Subcategory: connectwise.Ref(subs[0].ID), Type: connectwise.Ref(types[0].ID), Price: connectwise.Float64(10), TaxableFlag: connectwise.BoolPtr(false)})
	if err != nil || item.ID == 0 || item.Price == nil || *item.Price != 10 {
		t.Fatalf("Create catalog item: %+v, %v", item, err)
	}
	item, err = c.Catalog.Patch(ctx, item.ID, []connectwise.PatchOp{connectwise.Replace("inactiveFlag", true)})
	if err != nil || !item.InactiveFlag {
		t.Fatalf("Patch catalog item: %+v, %v", item, err)
	}
	if got, err := c.Catalog.ListByIDs(ctx, []int{item.ID, productID}, connectwise.Field("inactiveFlag").Eq(connectwise.Bool(true))); err != nil || len(got) != 1 || got[0].ID != item.ID {
		t.Errorf("catalog ListByIDs: %+v, %v", got, err)
	}
	if n, err := c.Catalog.CountWhere(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("identifier").Eq(connectwise.String("TF-TEST-1"))}); err != nil || n != 1 {
		t.Errorf("catalog count %d, %v", n, err)
	}
}

func TestSimulatorTypedErrors(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(3, 20), ClientID: simulator.DefaultClientID})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.MaxRetries = -1 })
	ctx := context.Background()
	agID, productID := openAgreement(t, c)

	// 404
	_, err := c.Companies.Get(ctx, 1)
	assertAPIError(t, "404", err, connectwise.ErrNotFound, 404)

	// 401 bad credentials
	bad := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.PrivateKey = "wrong" })
	_, err = bad.System.Info(ctx)
	assertAPIError(t, "401", err, connectwise.ErrUnauthorized, 401)
	if errors.Is(err, connectwise.ErrClientIDRejected) {
		t.Errorf("bad keys reported as clientId: %v", err)
	}

	// 401 clientId
	other := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.ClientID = "11111111-2222-3333-4444-555555555555" })
	_, err = other.System.Info(ctx)
	assertAPIError(t, "401 clientId", err, connectwise.ErrClientIDRejected, 401)
	if !errors.Is(err, connectwise.ErrUnauthorized) {
		t.Errorf("clientId rejection is not ErrUnauthorized: %v", err)
	}

	// 403 names the permission
	srv.Sim.SetRole(simulator.Role{
		"Finance/Agreements":            {Inquire: "All", Add: "None", Edit: "All", Delete: "None"},
		"Procurement/Product Catalog":   {Inquire: "All"},
		"Companies/Company Maintenance": {Inquire: "All"},
		"System/Table Setup":            {Inquire: "My"},
	})
	_, err = c.Additions.Create(ctx, agID, &connectwise.Addition{Product: connectwise.Ref(productID), BillCustomer: "Billable"})
	if ae, ok := assertAPIError(t, "403", err, connectwise.ErrForbidden, 403); ok && (ae.Permission != "Finance › Agreements: Add Level must be All" || !strings.Contains(err.Error(), ae.Permission)) {
		t.Errorf("403 permission %q in %v", ae.Permission, err)
	}
	_, err = c.Procurement.Subcategories.All(ctx, nil)
	if ae, ok := assertAPIError(t, "403 lookup", err, connectwise.ErrForbidden, 403); ok && ae.Permission != "System › Table Setup: Inquire Level must be All" {
		t.Errorf("403 lookup permission %q", ae.Permission)
	}
	rows, err := c.System.MySecurity(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := connectwise.CheckRole(rows,
		connectwise.Permission{Function: connectwise.FinanceAgreements, Level: connectwise.LevelAdd},
		connectwise.Permission{Function: connectwise.FinanceAgreements, Level: connectwise.LevelEdit},
		connectwise.Permission{Function: connectwise.TableSetup, Level: connectwise.LevelInquire})
	if missing := check.Missing; len(missing) != 1 || missing[0].String() != "Finance › Agreements: Add Level must be All" {
		t.Errorf("missing %v", missing)
	}
	// Table Setup at My: the simulator refuses it, but whether a real site does is
	// unconfirmed, so the role check only warns.
	if u := check.Uncertain; len(u) != 1 || u[0].String() != "System › Table Setup: Inquire Level must be All" {
		t.Errorf("uncertain %v", u)
	}
	srv.Sim.SetRole(nil)

	// 400: missing required field
	_, err = c.Additions.Create(ctx, agID, &connectwise.Addition{BillCustomer: "Billable", Quantity: connectwise.Float64(1)})
	if ae, ok := assertAPIError(t, "400 missing", err, connectwise.ErrValidation, 400); ok && !ae.HasFieldError("MissingRequiredField") {
		t.Errorf("400 missing field: %+v", ae)
	}
	// 400: duplicate catalog identifier
	subs, _ := c.Procurement.Subcategories.All(ctx, nil)
	types, _ := c.Procurement.ProductTypes.All(ctx, nil)
	_, err = c.Catalog.Create(ctx, &connectwise.CatalogItem{Identifier: "NL-CORE-USER", Description: "dup", CustomerDescription: "dup",
		Subcategory: connectwise.Ref(subs[0].ID), Type: connectwise.Ref(types[0].ID)})
	if ae, ok := assertAPIError(t, "400 duplicate", err, connectwise.ErrValidation, 400); ok && !ae.HasFieldError("ObjectExists") {
		t.Errorf("400 duplicate: %+v", ae)
	}

	// 429 (retries disabled)
	srv.Sim.ThrottleNext(1, 5*time.Second)
	_, err = c.System.Info(ctx)
	if ae, ok := assertAPIError(t, "429", err, connectwise.ErrThrottled, 429); ok && ae.RetryAfter != 5*time.Second {
		t.Errorf("429 RetryAfter %v", ae.RetryAfter)
	}

	// 5xx: a GET 500 is retried MaxRetries times and then reported; a POST
	// 500 or 503 is sent once and is ambiguous.
	retrying := simtest.Client(t, srv.URL)
	srv.Sim.SetFaults(simulator.Faults{Error500: 1})
	resetCounters(srv)
	_, err = retrying.Companies.All(ctx, nil)
	assertAPIError(t, "500", err, connectwise.ErrServer, 500)
	if got := settled(srv).ByRoute[routeCompanies]; got != 1+connectwise.DefaultMaxRetries {
		t.Errorf("GET 500: %d requests, want %d", got, 1+connectwise.DefaultMaxRetries)
	}
	for status, f := range map[int]simulator.Faults{500: {Error500: 1}, 503: {Error503: 1}} {
		srv.Sim.SetFaults(f)
		resetCounters(srv)
		_, err = retrying.Additions.Create(ctx, agID, &connectwise.Addition{Product: connectwise.Ref(productID), BillCustomer: "Billable"})
		assertAPIError(t, "POST 5xx", err, connectwise.ErrServer, status)
		if !connectwise.IsAmbiguousWrite(err) || settled(srv).ByRoute[routeAddAddition] != 1 {
			t.Errorf("POST %d: ambiguous %v, %d requests", status, connectwise.IsAmbiguousWrite(err), settled(srv).ByRoute[routeAddAddition])
		}
	}
	srv.Sim.SetFaults(simulator.Faults{})
	// 409 is not produced by the simulator; TestTypedErrors covers it with httptest.
}

// assertAPIError checks err and returns a copy of the *APIError (a copy,
// so that it is not itself an error value the linters want checked).
func assertAPIError(t *testing.T, name string, err, sentinel error, status int) (connectwise.APIError, bool) {
	t.Helper()
	var ae *connectwise.APIError
	if !errors.As(err, &ae) || !errors.Is(err, sentinel) || ae.StatusCode != status {
		t.Errorf("%s: err = %v; want %v with status %d", name, err, sentinel, status)
		return connectwise.APIError{}, false
	}
	return *ae, true
}

func TestSimulatorPaging(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(11, 2500)})
	c := simtest.Client(t, srv.URL)
	resetCounters(srv)
	all, err := c.Companies.All(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cnt := settled(srv)
	if len(all) != 2500 || cnt.ByRoute[routeCompanies] != 3 {
		t.Fatalf("%d companies in %d requests (%v)", len(all), cnt.ByRoute[routeCompanies], cnt.ByRoute)
	}
	seen := map[int]bool{}
	for _, co := range all {
		if seen[co.ID] {
			t.Fatalf("company %d twice", co.ID)
		}
		seen[co.ID] = true
	}
}

func TestSimulatorConditionEscaping(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{})
	names := []string{
		`O'Brien & "Sons" Ltd`,
		`Back\Slash IT`,
		`Back\\Slash IT`,
		`Ends with backslash\`,
		`Star*Tech`,
		`StarXTech`,
		`Star`,
		`100% "quoted" \ mix *`,
		`Müller Straße GmbH`,
		`東京ソリューションズ株式会社`,
		`emoji 🚀 ltd`,
		`a = "b" or name = "x"`,
		`close) or (1=1`,
	}
	for i, n := range names {
		srv.Sim.Store().Insert("companies", map[string]any{"identifier": "C" + string(rune('A'+i)), "name": n, "deletedFlag": false})
	}
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()
	for _, n := range names {
		got, err := c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("name").Eq(connectwise.String(n))})
		if err != nil || len(got) != 1 || got[0].Name != n {
			t.Errorf("name = %q: %d results %v", n, len(got), err)
		}
		if cnt, err := c.Companies.CountWhere(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("name").Eq(connectwise.String(n))}); err != nil || cnt != 1 {
			t.Errorf("count name = %q: %d, %v", n, cnt, err)
		}
	}
	// * is literal in =, a wildcard in like.
	like, err := c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("name").Like("Star*")})
	if err != nil || len(like) != 3 {
		t.Errorf("like Star*: %d, %v", len(like), err)
	}
	contains, err := c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("name").Contains(`"Sons"`)})
	if err != nil || len(contains) != 1 {
		t.Errorf(`contains "Sons": %d, %v`, len(contains), err)
	}
	not, err := c.Companies.CountWhere(ctx, &connectwise.ListOptions{Conditions: connectwise.Not(connectwise.Or(connectwise.Field("name").Like("Star*"), connectwise.Field("name").Contains("\\")))})
	if err != nil || not != len(names)-3-4 {
		t.Errorf("not(...) = %d, %v", not, err)
	}
	// A value that cannot be quoted fails before any request.
	resetCounters(srv)
	if _, err := c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("name").Eq(connectwise.String("a\nb"))}); err == nil {
		t.Error("newline accepted")
	}
	if settled(srv).Total != 0 {
		t.Errorf("a request was sent: %+v", settled(srv))
	}
}

// A company's types are an array: the simulator, like ConnectWise, searches
// them with childConditions only.
func TestSimulatorChildConditions(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(5, 120)})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.MaxRetries = -1 })
	ctx := context.Background()
	all, err := c.Companies.All(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	hasType := func(co connectwise.Company, ids ...int) bool {
		for _, ty := range co.Types {
			for _, id := range ids {
				if ty.ID == id {
					return true
				}
			}
		}
		return false
	}
	types, err := c.CompanyTypes.All(ctx, nil)
	if err != nil || len(types) < 2 {
		t.Fatalf("company types: %v, %v", types, err)
	}
	for _, ty := range types {
		var want []int
		var wantLive int
		for _, co := range all {
			if hasType(co, ty.ID) {
				want = append(want, co.ID)
				if !co.DeletedFlag {
					wantLive++
				}
			}
		}
		child := connectwise.Field("types/id").Eq(connectwise.Int(ty.ID))
		got, err := c.Companies.All(ctx, &connectwise.ListOptions{ChildConditions: child, OrderBy: "id asc"})
		if err != nil {
			t.Fatalf("type %d: %v", ty.ID, err)
		}
		var gotIDs []int
		for _, co := range got {
			gotIDs = append(gotIDs, co.ID)
		}
		if !slices.Equal(gotIDs, want) {
			t.Errorf("type %d (%s): got %v, want %v", ty.ID, ty.Name, gotIDs, want)
		}
		live := &connectwise.ListOptions{Conditions: connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)), ChildConditions: child}
		if n, err := c.Companies.CountWhere(ctx, live); err != nil || n != wantLive {
			t.Errorf("type %d: CountWhere = %d, %v; want %d", ty.ID, n, err, wantLive)
		}
	}
	// Several types, by name, with conditions beside.
	named := &connectwise.ListOptions{
		Conditions:      connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)),
		ChildConditions: connectwise.Field("types/name").In(connectwise.String(types[0].Name), connectwise.String(types[1].Name)),
	}
	got, err := c.Companies.All(ctx, named)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, co := range all {
		if !co.DeletedFlag && hasType(co, types[0].ID, types[1].ID) {
			want++
		}
	}
	if len(got) != want || want == 0 {
		t.Errorf("two types by name: %d companies, want %d", len(got), want)
	}

	// An array in conditions is a 400 InvalidCondition, as on a real site (the client
	// moves only ChildConditions between the two parameters).
	_, err = c.Companies.All(ctx, &connectwise.ListOptions{Conditions: connectwise.Field("types/id").Eq(connectwise.Int(1))})
	if ae, ok := assertAPIError(t, "types/id in conditions", err, connectwise.ErrValidation, 400); ok &&
		(ae.Code != "InvalidCondition" || !strings.Contains(ae.Message, "childConditions")) {
		t.Errorf("types/id in conditions: %+v", ae)
	}
	// A plain field in childConditions is refused too; the client's fallback then sends
	// it in conditions, so the filter still applies.
	if n, err := c.Companies.CountWhere(ctx, &connectwise.ListOptions{ChildConditions: connectwise.Field("name").Eq(connectwise.String("x"))}); err != nil || n != 0 {
		t.Errorf("name in childConditions: %d, %v", n, err)
	}
}

func TestSimulatorRetryAfterHonoured(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{})
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()
	if _, err := c.System.Info(ctx); err != nil { // discovery out of the way
		t.Fatal(err)
	}
	srv.Sim.ThrottleNext(1, time.Second)
	start := time.Now()
	if _, err := c.System.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 950*time.Millisecond || d > 5*time.Second {
		t.Errorf("waited %v for a Retry-After of 1 s", d)
	}
	if got := settled(srv).ByStatus[429]; got != 1 {
		t.Errorf("%d answers 429", got)
	}
}

func TestSimulatorResetAfterPostIsNotRepeated(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(5, 20)})
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()
	agID, productID := openAgreement(t, c)
	before := len(srv.Sim.Store().List("additions"))
	resetCounters(srv)
	srv.Sim.SetFaults(simulator.Faults{ResetAfterWrite: 1})
	_, err := c.Additions.Create(ctx, agID, &connectwise.Addition{Product: connectwise.Ref(productID), Quantity: connectwise.Float64(3), BillCustomer: "Billable"})
	srv.Sim.SetFaults(simulator.Faults{})
	var ce *connectwise.ConnectionError
	if !connectwise.IsAmbiguousWrite(err) || !errors.As(err, &ce) || !ce.MayHaveApplied {
		t.Fatalf("err = %v; want an ambiguous write", err)
	}
	// The simulator counts a reset request once its handler returns, which
	// may be just after the client saw the reset.
	cnt := waitCounters(srv, func(c simulator.Counters) bool { return c.Resets > 0 })
	if cnt.ByRoute[routeAddAddition] != 1 || cnt.Resets != 1 {
		t.Errorf("POSTs %d, resets %d", cnt.ByRoute[routeAddAddition], cnt.Resets)
	}
	if after := len(srv.Sim.Store().List("additions")); after != before+1 {
		t.Errorf("additions %d -> %d; want exactly one more", before, after)
	}
}

// The simulator records a request once its handler has returned, which
// may be just after the client got the answer: read and reset counters
// only once they have stopped moving.
func settled(srv *simulator.Server) simulator.Counters {
	prev := srv.Sim.Counters()
	for {
		time.Sleep(20 * time.Millisecond)
		cur := srv.Sim.Counters()
		if cur.Total == prev.Total && cur.Resets == prev.Resets {
			return cur
		}
		prev = cur
	}
}

func resetCounters(srv *simulator.Server) {
	settled(srv)
	srv.Sim.ResetCounters()
}

func waitCounters(srv *simulator.Server, ok func(simulator.Counters) bool) simulator.Counters {
	deadline := time.Now().Add(2 * time.Second)
	for {
		c := srv.Sim.Counters()
		if ok(c) || time.Now().After(deadline) {
			return c
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSimulatorPatchRetriedAfter503(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(5, 20)})
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()
	agID, productID := openAgreement(t, c)
	add, err := c.Additions.Create(ctx, agID, &connectwise.Addition{Product: connectwise.Ref(productID), Quantity: connectwise.Float64(1), BillCustomer: "Billable"})
	if err != nil {
		t.Fatal(err)
	}
	resetCounters(srv)
	srv.Sim.SetFaults(simulator.Faults{Error503: 1})
	// The injected 503 carries Retry-After: 1; lift the fault once it was
	// served, so the retry succeeds.
	go func() {
		for srv.Sim.Counters().ByStatus[503] == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		srv.Sim.SetFaults(simulator.Faults{})
	}()
	add, err = c.Additions.Patch(ctx, agID, add.ID, []connectwise.PatchOp{connectwise.Replace("quantity", 7)})
	if err != nil || add.Quantity == nil || *add.Quantity != 7 {
		t.Fatalf("Patch: %+v, %v", add, err)
	}
	cnt := settled(srv)
	if cnt.ByRoute[routePatchAdd] != 2 || cnt.ByStatus[503] != 1 {
		t.Errorf("PATCH requests %d, 503s %d", cnt.ByRoute[routePatchAdd], cnt.ByStatus[503])
	}
}

func TestSimulatorCancelDuringBackoff(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.RetryWaitMax = time.Minute })
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.Sim.ThrottleNext(1, 30*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	time.AfterFunc(200*time.Millisecond, func() { cancelled = time.Now(); cancel() })
	_, err := c.System.Info(ctx)
	returned := time.Now()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if cancelled.IsZero() {
		t.Fatal("returned before the cancellation")
	}
	if d := returned.Sub(cancelled); d > 100*time.Millisecond {
		t.Errorf("returned %v after the cancellation", d)
	}
}

func TestSimulatorCodebaseRediscovery(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(2, 30)})
	c := simtest.Client(t, srv.URL)
	ctx := context.Background()
	if _, err := c.Companies.All(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if c.Codebase() != "v2025_8/" {
		t.Fatalf("codebase %q", c.Codebase())
	}
	resetCounters(srv)
	srv.Sim.SetCodebase("v2026_1/")
	all, err := c.Companies.All(ctx, nil)
	if err != nil || len(all) != 30 {
		t.Fatalf("after the move: %d, %v", len(all), err)
	}
	if c.Codebase() != "v2026_1/" || !strings.Contains(c.BaseURL(), "/v2026_1/apis/3.0") {
		t.Errorf("codebase %q", c.Codebase())
	}
	cnt := settled(srv)
	if cnt.ByRoute[routeDiscovery] != 1 || cnt.ByRoute[routeCompanies] != 2 || cnt.ByStatus[404] != 1 {
		t.Errorf("counters %v %v", cnt.ByRoute, cnt.ByStatus)
	}
	// A pinned codebase is never re-discovered.
	pinned := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.Codebase = "v2025_8/" })
	resetCounters(srv)
	if _, err := pinned.Companies.All(ctx, nil); !errors.Is(err, connectwise.ErrNotFound) {
		t.Errorf("pinned old codebase: %v", err)
	}
	if settled(srv).ByRoute[routeDiscovery] != 0 {
		t.Error("pinned codebase re-discovered")
	}
}

func TestSimulatorUnknownCompany(t *testing.T) {
	srv := simulator.StartTest(t, simulator.Options{})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.CompanyID = "nosuchco" })
	_, err := c.System.Info(context.Background())
	if !errors.Is(err, connectwise.ErrUnknownCompany) || !strings.Contains(err.Error(), "nosuchco") {
		t.Fatalf("err = %v", err)
	}
}

func TestSimulatorTLS(t *testing.T) {
	srv := simulator.StartTestTLS(t, simulator.Options{})
	c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.CACertPEM = srv.CertPEM })
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	c = simtest.Client(t, srv.URL)
	_, err := c.System.Info(context.Background())
	var ce *connectwise.ConnectionError
	if !errors.As(err, &ce) || !ce.IsTLS() {
		t.Fatalf("without the CA: %v", err)
	}
}

func TestSimulatorUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	cfg := simtest.Config("http://" + addr)
	cfg.RequestsPerMinute, cfg.MaxRetries, cfg.RetryWaitMin, cfg.RetryWaitMax = 0, 1, time.Millisecond, time.Millisecond
	c, err := connectwise.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.System.Info(context.Background())
	var ce *connectwise.ConnectionError
	if !errors.As(err, &ce) || !ce.IsUnreachable() || connectwise.IsAmbiguousWrite(err) {
		t.Fatalf("err = %v", err)
	}
}

// BenchmarkListCompanies5000 lists 5,000 companies from a simulator with
// 20 ms latency per request. The client-side rate limiter is off so the
// figure is the client's, not the limiter's.
func BenchmarkListCompanies5000(b *testing.B) {
	srv := simulator.StartTest(b, simulator.Options{Data: simulator.DemoData(1, 5000), Latency: 20 * time.Millisecond})
	c := simtest.Client(b, srv.URL)
	ctx := context.Background()
	if _, err := c.Discover(ctx); err != nil {
		b.Fatal(err)
	}
	resetCounters(srv)
	b.ResetTimer()
	for b.Loop() {
		all, err := c.Companies.All(ctx, nil)
		if err != nil || len(all) != 5000 {
			b.Fatalf("%d, %v", len(all), err)
		}
	}
	b.StopTimer()
	requests := settled(srv).Total
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
}
