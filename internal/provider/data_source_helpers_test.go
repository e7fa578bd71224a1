package provider

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Helpers of the data source tests: expected results are computed from the simulator's
// store with ConnectWise's comparison rules (text ignores case), never guessed.

type storeRow = map[string]any

// storeIDs returns the IDs of the objects of a kind that keep accepts, in ID order.
func storeIDs(srv *simulator.Server, kind string, keep func(storeRow) bool) []int {
	var ids []int
	for _, o := range srv.Sim.Store().List(kind) {
		if keep(o) {
			ids = append(ids, simulator.Int(o["id"]))
		}
	}
	return ids
}

// rowRefIDs returns the IDs a reference field (or an array of references) points at.
func rowRefIDs(o storeRow, field string) []int {
	switch v := o[field].(type) {
	case map[string]any:
		return []int{simulator.Int(v["id"])}
	case []any:
		var ids []int
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				ids = append(ids, simulator.Int(m["id"]))
			}
		}
		return ids
	}
	return nil
}

func rowRefIn(o storeRow, field string, ids ...int) bool {
	for _, id := range rowRefIDs(o, field) {
		if slices.Contains(ids, id) {
			return true
		}
	}
	return false
}

func rowText(o storeRow, field string) string {
	s, _ := o[field].(string)
	return s
}

func rowTextContains(o storeRow, field, sub string) bool {
	return strings.Contains(strings.ToLower(rowText(o, field)), strings.ToLower(sub))
}

func rowTextEquals(o storeRow, field, s string) bool {
	return strings.EqualFold(rowText(o, field), s)
}

// storeLookupID finds the ID of a setup-table row by name, failing the test when absent.
func storeLookupID(t *testing.T, srv *simulator.Server, kind, name string) int {
	t.Helper()
	for _, o := range srv.Sim.Store().List(kind) {
		if rowText(o, "name") == name {
			return simulator.Int(o["id"])
		}
	}
	t.Fatalf("no %s named %q in the simulator", kind, name)
	return 0
}

// expectIDs checks a data source's ids attribute against the expected IDs, and that the
// expectation is not vacuous unless allowEmpty.
func expectIDs(t *testing.T, address string, ids []int, allowEmpty bool) statecheck.StateCheck {
	t.Helper()
	if len(ids) == 0 && !allowEmpty {
		t.Fatalf("%s: the fixture matches nothing; the test would prove nothing", address)
	}
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.Int64Exact(int64(id))
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
}

// hclString renders s as an HCL string literal. strconv.Quote's escapes (\" \\ \uXXXX)
// are HCL's too; template sequences are escaped separately.
func hclString(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

// readDataSourceAtProtocol configures a fresh provider against srv and returns a function
// that reads one data source with the given attributes, failing on error diagnostics.
func readDataSourceAtProtocol(t *testing.T, srv *simulator.Server) func(typeName string, attrs map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	ctx := context.Background()
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	return func(typeName string, attrs map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
		t.Helper()
		s, ok := schemas.DataSourceSchemas[typeName]
		if !ok {
			t.Fatalf("no data source %s", typeName)
		}
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
			TypeName: typeName, Config: dynamicValue(t, s, attrs),
		})
		if err != nil {
			t.Fatal(err)
		}
		failOnErrors(t, resp.Diagnostics)
		return resp
	}
}

func tfStringSet(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
}

// expectNoWrites fails the test when the simulator applied any write: data sources only read.
func expectNoWrites(t *testing.T, srv *simulator.Server) {
	t.Helper()
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("data sources made %d writes; they must only read", w)
	}
}

// expectRoutes checks the exact number of requests per route since the last reset, and
// that no other route was called.
func expectRoutes(t *testing.T, srv *simulator.Server, want map[string]int) {
	t.Helper()
	got := srv.Sim.Counters().ByRoute
	for route, n := range want {
		if got[route] != n {
			t.Errorf("%s: %d requests, want %d (all: %v)", route, got[route], n, got)
		}
	}
	for route, n := range got {
		if _, ok := want[route]; !ok && n > 0 {
			t.Errorf("unexpected requests: %s ×%d", route, n)
		}
	}
	t.Logf("requests: %v", got)
}

// errorPattern compiles an ExpectError pattern in which a space matches any run of
// whitespace: Terraform wraps long diagnostics at arbitrary spaces.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// badDataSourceStep returns a step builder for bad input to one data source type: each
// step's config is the provider block and that data source with the given body.
func badDataSourceStep(provider, typ string) func(body, want string) resource.TestStep {
	return func(body, want string) resource.TestStep {
		return resource.TestStep{
			Config:      provider + "data \"" + typ + "\" \"bad\" {\n" + body + "\n}\n",
			ExpectError: errorPattern(want),
		}
	}
}

// readTwice reads the config with its checks, expects an empty plan after the refresh, and
// plans once more on its own: a data source must not show a diff on the next plan.
func readTwice(config string, checks []statecheck.StateCheck) []resource.TestStep {
	return []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: checks,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
		{Config: config, PlanOnly: true},
	}
}
