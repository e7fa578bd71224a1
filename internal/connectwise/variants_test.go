package connectwise_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator/simtest"
)

// Where API-NOTES.md leaves a detail unconfirmed, the simulator offers every plausible
// answer as a variant, and the client must work under each. These tests run the
// affected paths once per value of a variant, the other variants at their defaults.

// variantTests names the test of each variant; TestEveryVariantIsTested keeps it whole.
var variantTests = map[simulator.VariantName]string{
	simulator.VariantSecurityIDs:              "TestVariantRoleCheck",
	simulator.VariantLevelMy:                  "TestVariantRoleCheck",
	simulator.VariantClientIDError:            "TestVariantClientIDError",
	simulator.VariantBadAuth:                  "TestVariantBadAuth",
	simulator.VariantArrayConditions:          "TestVariantArrayConditions",
	simulator.VariantAgreementStatusCondition: "TestVariantAgreementStatusCondition",
	simulator.VariantCodebaseForm:             "TestVariantCodebaseForm",
	simulator.VariantVersionHeader:            "TestVariantHeaders",
	simulator.VariantLinkHeader:               "TestVariantHeaders, TestListSurvivesRecordsLeavingTheFilter",
	simulator.VariantForwardOnly:              "TestListSurvivesRecordsLeavingTheFilter",
	simulator.VariantDateFields:               "TestVariantDateFields, usagesync.TestDateFieldsBillTheSameUnderEitherReading",
	simulator.VariantSiteTimeZone:             "TestVariantDateFields, usagesync.TestDateFieldsBillTheSameUnderEitherReading",
	// The billing variants change what an invoice bills and which PATCH is accepted, not
	// the client: the executor's month of runs is tested under each of them.
	simulator.VariantSameDayCancelled: "usagesync.TestMonthOfHourlyRuns, usagesync.TestConcurrentRunsBillOnce",
	simulator.VariantInvoicedUpdate:   "usagesync.TestMonthOfHourlyRuns",
}

func TestEveryVariantIsTested(t *testing.T) {
	for _, d := range simulator.VariantDefs() {
		if variantTests[d.Name] == "" {
			t.Errorf("variant %s has no client test", d.Name)
		}
	}
}

// forEachVariant runs fn once per value of the named variant, on a fresh simulator
// built from base with that value set.
func forEachVariant(t *testing.T, name simulator.VariantName, base simulator.Options, fn func(t *testing.T, value string, srv *simulator.Server)) {
	t.Helper()
	for _, d := range simulator.VariantDefs() {
		if d.Name != name {
			continue
		}
		for _, value := range d.Values {
			t.Run(name.String()+"="+value, func(t *testing.T) {
				opts := base
				if err := opts.Variants.Set(name, value); err != nil {
					t.Fatal(err)
				}
				fn(t, value, simulator.StartTest(t, opts))
			})
		}
		return
	}
	t.Fatalf("no variant %q", name)
}

// integrationNeeds is every permission the integration checks.
var integrationNeeds = func() []connectwise.Permission {
	var out []connectwise.Permission
	for _, f := range []connectwise.ModuleFunction{connectwise.CompanyMaintenance, connectwise.FinanceAgreements, connectwise.ProductCatalog, connectwise.TableSetup} {
		for _, l := range []connectwise.Level{connectwise.LevelInquire, connectwise.LevelAdd, connectwise.LevelEdit} {
			out = append(out, connectwise.Permission{Function: f, Level: l})
		}
	}
	return out
}()

func TestVariantRoleCheck(t *testing.T) {
	ctx := context.Background()
	all := simulator.Levels{Inquire: "All", Add: "All", Edit: "All", Delete: "All"}
	allAll := simulator.Role{"Companies/Company Maintenance": all, "Finance/Agreements": all,
		"Procurement/Product Catalog": all, "System/Table Setup": all}
	// An all-All role passes under every spelling; only a listing without the rows warns.
	forEachVariant(t, simulator.VariantSecurityIDs, simulator.Options{Role: allAll}, func(t *testing.T, value string, srv *simulator.Server) {
		rows, err := simtest.Client(t, srv.URL).System.MySecurity(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		check := connectwise.CheckRole(rows, integrationNeeds...)
		if !check.OK() || len(check.Uncertain) != 0 {
			t.Errorf("all-All role: %+v", check)
		}
		if unlisted := len(check.Unlisted) > 0; unlisted != (value == "absent") {
			t.Errorf("unlisted %v", check.Unlisted)
		}
	})
	// Level My warns whatever it means; the real call decides, and its 403 names the
	// permission.
	my := simulator.Role{"Companies/Company Maintenance": {Inquire: "My"}}
	forEachVariant(t, simulator.VariantLevelMy, simulator.Options{Role: my}, func(t *testing.T, value string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL)
		rows, err := c.System.MySecurity(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		need := connectwise.Permission{Function: connectwise.CompanyMaintenance, Level: connectwise.LevelInquire}
		if check := connectwise.CheckRole(rows, need); !check.OK() || len(check.Uncertain) != 1 {
			t.Errorf("level My: %+v", check)
		}
		_, err = c.Companies.All(ctx, nil)
		switch value {
		case "grants":
			if err != nil {
				t.Errorf("My grants, yet: %v", err)
			}
		default:
			if ae, ok := assertAPIError(t, "My denies", err, connectwise.ErrForbidden, 403); ok && ae.Permission != need.String() {
				t.Errorf("permission %q", ae.Permission)
			}
		}
	})
}

func TestVariantClientIDError(t *testing.T) {
	ctx := context.Background()
	forEachVariant(t, simulator.VariantClientIDError, simulator.Options{ClientID: simulator.DefaultClientID}, func(t *testing.T, value string, srv *simulator.Server) {
		_, err := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.ClientID = "11111111-2222-3333-4444-555555555555" }).System.Info(ctx)
		if err == nil {
			t.Fatal("an unregistered clientId was accepted")
		}
		// Named: a clientId rejection. Otherwise the error must still point at the clientId.
		named := strings.HasSuffix(value, "-named")
		if errors.Is(err, connectwise.ErrClientIDRejected) != named {
			t.Errorf("ErrClientIDRejected = %v, want %v: %v", !named, named, err)
		}
		if !strings.Contains(strings.ToLower(err.Error()), "clientid") {
			t.Errorf("the error does not mention the clientId: %v", err)
		}
		if value != "400-generic" && !errors.Is(err, connectwise.ErrUnauthorized) {
			t.Errorf("not ErrUnauthorized: %v", err)
		}
		// Bad keys are never reported as the clientId alone.
		_, err = simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.PrivateKey = "wrong" }).System.Info(ctx)
		if errors.Is(err, connectwise.ErrClientIDRejected) || !errors.Is(err, connectwise.ErrUnauthorized) || !strings.Contains(err.Error(), "private key") {
			t.Errorf("bad keys: %v", err)
		}
	})
}

func TestVariantBadAuth(t *testing.T) {
	ctx := context.Background()
	forEachVariant(t, simulator.VariantBadAuth, simulator.Options{IsCloud: true}, func(t *testing.T, value string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.PrivateKey = "wrong" })
		for range 3 {
			_, err := c.System.Info(ctx)
			if !errors.Is(err, connectwise.ErrUnauthorized) && !errors.Is(err, connectwise.ErrNotFound) {
				t.Fatalf("bad keys: %v", err)
			}
			if !strings.Contains(err.Error(), "private key") {
				t.Errorf("the error does not name the keys: %v", err)
			}
		}
		// One discovery, one re-discovery after the first 404 at most: no loop.
		if n := settled(srv).ByRoute[routeDiscovery]; n > 2 {
			t.Errorf("%d discoveries", n)
		}
		// A missing record stays a plain 404.
		_, err := simtest.Client(t, srv.URL).Companies.Get(ctx, 999)
		if !errors.Is(err, connectwise.ErrNotFound) || strings.Contains(err.Error(), "private key") {
			t.Errorf("missing record: %v", err)
		}
	})
}

func TestVariantArrayConditions(t *testing.T) {
	ctx := context.Background()
	forEachVariant(t, simulator.VariantArrayConditions, simulator.Options{Data: simulator.DemoData(5, 60)}, func(t *testing.T, value string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.MaxRetries = -1 })
		all, err := c.Companies.All(ctx, &connectwise.ListOptions{OrderBy: "id asc"})
		if err != nil {
			t.Fatal(err)
		}
		var want []int
		for _, co := range all {
			if !co.DeletedFlag && slices.ContainsFunc(co.Types, func(r connectwise.Reference) bool { return r.ID == 1 || r.ID == 4 }) {
				want = append(want, co.ID)
			}
		}
		opts := &connectwise.ListOptions{
			Conditions:      connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)),
			ChildConditions: connectwise.Field("types/id").In(connectwise.Int(1), connectwise.Int(4)),
			OrderBy:         "id asc",
		}
		resetCounters(srv)
		for round := range 2 { // the second round uses the form the first one learnt
			got, err := c.Companies.All(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int, len(got))
			for i, co := range got {
				ids[i] = co.ID
			}
			if !slices.Equal(ids, want) || len(want) == 0 {
				t.Errorf("round %d: %v, want %v", round, ids, want)
			}
			if n, err := c.Companies.CountWhere(ctx, opts); err != nil || n != len(want) {
				t.Errorf("round %d: count %d, %v; want %d", round, n, err, len(want))
			}
		}
		if refused, wantRefused := settled(srv).ByStatus[400], map[string]int{"conditions-only": 1}[value]; refused != wantRefused {
			t.Errorf("%d refusals, want %d", refused, wantRefused)
		}
	})
}

func TestVariantAgreementStatusCondition(t *testing.T) {
	ctx := context.Background()
	forEachVariant(t, simulator.VariantAgreementStatusCondition, simulator.Options{Data: simulator.DemoData(9, 60)}, func(t *testing.T, value string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL, func(cfg *connectwise.Config) { cfg.MaxRetries = -1 })
		all, err := c.Agreements.All(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		statuses := []string{connectwise.AgreementActive, connectwise.AgreementExpired}
		var want []int
		for _, a := range all {
			if slices.Contains(statuses, a.AgreementStatus) && !a.CancelledFlag {
				want = append(want, a.ID)
			}
		}
		cond := connectwise.And(
			connectwise.Field("agreementStatus").In(connectwise.String(statuses[0]), connectwise.String(statuses[1])),
			connectwise.Field("cancelledFlag").Eq(connectwise.Bool(false)))
		// Fields without agreementStatus: the client adds it when it filters itself.
		got, err := c.Agreements.All(ctx, &connectwise.ListOptions{Conditions: cond, Fields: []string{"id", "name"}, OrderBy: "id asc"})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]int, len(got))
		for i, a := range got {
			ids[i] = a.ID
		}
		if !slices.Equal(ids, want) || len(want) == 0 || len(want) == len(all) {
			t.Errorf("listed %v, want %v", ids, want)
		}
		if n, err := c.Agreements.CountWhere(ctx, &connectwise.ListOptions{Conditions: cond}); err != nil || n != len(want) {
			t.Errorf("count %d, %v; want %d", n, err, len(want))
		}
		// A status under "or" cannot be split off: an error, never an unfiltered list.
		either := connectwise.Or(connectwise.Field("agreementStatus").Eq(connectwise.String("Active")), connectwise.Field("id").Eq(connectwise.Int(1)))
		_, err = c.Agreements.All(ctx, &connectwise.ListOptions{Conditions: either})
		if (err != nil) != (value == "rejected") {
			t.Errorf("status under or: %v", err)
		}
	})
}

func TestVariantCodebaseForm(t *testing.T) {
	ctx := context.Background()
	forEachVariant(t, simulator.VariantCodebaseForm, simulator.Options{}, func(t *testing.T, value string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL)
		if _, err := c.System.Info(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"release": "v4_6_release/"}[value]
		if want == "" {
			want = "v2025_8/"
		}
		if c.Codebase() != want {
			t.Errorf("codebase %q, want %q", c.Codebase(), want)
		}
	})
}

func TestVariantHeaders(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, _ string, srv *simulator.Server) {
		c := simtest.Client(t, srv.URL)
		if _, err := c.System.Info(ctx); err != nil {
			t.Fatal(err)
		}
		// Pages of 7: with no Link header the client asks for page numbers itself.
		got, err := c.Companies.All(ctx, &connectwise.ListOptions{PageSize: 7})
		if err != nil || len(got) != 30 {
			t.Errorf("listed %d, %v; want 30", len(got), err)
		}
	}
	base := simulator.Options{Data: simulator.DemoData(3, 30)}
	forEachVariant(t, simulator.VariantVersionHeader, base, check)
	forEachVariant(t, simulator.VariantLinkHeader, base, check)
}

// TestVariantDateFields reads an agreement and its additions from sites that send
// date-only fields as UTC midnight or as their local midnight, in each site time zone:
// the client decodes the same days (dates.go), by ID and in lists.
func TestVariantDateFields(t *testing.T) {
	ctx := context.Background()
	data := simulator.DemoData(5, 10)
	stored := map[string]string{"startDate": "2026-11-01T00:00:00Z", "billStartDate": "2026-11-02T00:00:00Z",
		"nextInvoiceDate": "2026-12-01T00:00:00Z", "endDate": "2027-03-31T00:00:00Z"}
	ag := data.Agreements[0]
	for k, v := range stored {
		ag[k] = v
	}
	ag["noEndingDateFlag"] = false
	data.Additions = append(data.Additions, map[string]any{"id": 9001, "agreementId": ag["id"], "product": data.Catalog[0],
		"billCustomer": "Billable", "quantity": 1.0, "effectiveDate": "2026-11-01T00:00:00Z", "cancelledDate": "2027-01-31T00:00:00Z"})
	for _, zone := range simulator.VariantDefs() {
		if zone.Name != simulator.VariantSiteTimeZone {
			continue
		}
		for _, tz := range zone.Values {
			for _, reading := range []string{"utc-midnight", "local-midnight"} {
				t.Run(reading+" "+tz, func(t *testing.T) {
					opts := simulator.Options{Data: data}
					for name, value := range map[simulator.VariantName]string{simulator.VariantDateFields: reading, simulator.VariantSiteTimeZone: tz} {
						if err := opts.Variants.Set(name, value); err != nil {
							t.Fatal(err)
						}
					}
					c := simtest.Client(t, simulator.StartTest(t, opts).URL)
					id := simulator.Int(ag["id"])
					listed, err := c.Agreements.ListByIDs(ctx, []int{id}, connectwise.Condition{})
					if err != nil || len(listed) != 1 {
						t.Fatalf("listed %v, %v", listed, err)
					}
					for _, a := range listed {
						if a.StartDate != stored["startDate"] || a.BillStartDate != stored["billStartDate"] ||
							a.NextInvoiceDate != stored["nextInvoiceDate"] || a.EndDate != stored["endDate"] {
							t.Errorf("agreement dates %s %s %s %s, want %v", a.StartDate, a.BillStartDate, a.NextInvoiceDate, a.EndDate, stored)
						}
					}
					adds, err := c.Additions.All(ctx, id, nil)
					if err != nil {
						t.Fatal(err)
					}
					for _, a := range adds {
						if a.ID == 9001 && (a.EffectiveDate != "2026-11-01T00:00:00Z" || a.CancelledDate != "2027-01-31T00:00:00Z") {
							t.Errorf("addition dates %s %s", a.EffectiveDate, a.CancelledDate)
						}
					}
				})
			}
		}
	}
}
