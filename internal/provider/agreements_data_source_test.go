package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// statusIn keeps agreements whose status is one of statuses.
func statusIn(statuses ...string) func(storeRow) bool {
	return func(o storeRow) bool { return slices.Contains(statuses, rowText(o, "agreementStatus")) }
}

// companyWithStatuses finds a company having agreements of every status given.
func companyWithStatuses(t *testing.T, srv *simulator.Server, statuses ...string) int {
	t.Helper()
	seen := map[int][]string{}
	for _, a := range srv.Sim.Store().List("agreements") {
		c := rowRefIDs(a, "company")[0]
		seen[c] = append(seen[c], rowText(a, "agreementStatus"))
	}
	for _, a := range srv.Sim.Store().List("agreements") {
		c := rowRefIDs(a, "company")[0]
		ok := true
		for _, s := range statuses {
			ok = ok && slices.Contains(seen[c], s)
		}
		if ok {
			return c
		}
	}
	t.Fatalf("no company has agreements with statuses %v", statuses)
	return 0
}

func TestAccAgreementsDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	saas := storeLookupID(t, srv, "agreementTypes", "SaaS Resale")
	block := storeLookupID(t, srv, "agreementTypes", "Block Time")
	managed := storeLookupID(t, srv, "agreementTypes", "Managed Services")
	where := func(keep ...func(storeRow) bool) []int {
		return storeIDs(srv, "agreements", func(o storeRow) bool {
			for _, k := range keep {
				if !k(o) {
					return false
				}
			}
			return true
		})
	}
	active := statusIn("Active")
	ofType := func(ids ...int) func(storeRow) bool {
		return func(o storeRow) bool { return rowRefIn(o, "type", ids...) }
	}
	ofCompany := func(id int) func(storeRow) bool { return func(o storeRow) bool { return rowRefIn(o, "company", id) } }
	named := func(s string) func(storeRow) bool {
		return func(o storeRow) bool { return rowTextEquals(o, "name", s) }
	}
	containing := func(s string) func(storeRow) bool {
		return func(o storeRow) bool { return rowTextContains(o, "name", s) }
	}
	// A company whose agreements are all cancelled or expired: by default it has none.
	ended := companyWithStatuses(t, srv, "Cancelled", "Expired")
	endedName := ""
	for _, a := range srv.Sim.Store().List("agreements") {
		if rowRefIn(a, "company", ended) && rowText(a, "agreementStatus") == "Cancelled" {
			endedName = rowText(a, "name")
		}
	}

	type query struct {
		name, body string
		want       []int
		allowEmpty bool
	}
	queries := []query{
		{"default", ``, where(active), false},
		{"every_status", `statuses = ["Active", "Cancelled", "Expired", "Inactive"]`, where(), false},
		{"ended", `statuses = ["Cancelled", "Expired"]`, where(statusIn("Cancelled", "Expired")), false},
		{"company", fmt.Sprintf(`company_id = %d`, ended), where(active, ofCompany(ended)), true},
		{"company_ended", fmt.Sprintf("company_id = %d\n  statuses = [\"Cancelled\", \"Expired\"]", ended),
			where(statusIn("Cancelled", "Expired"), ofCompany(ended)), false},
		{"saas", `types = ["SaaS Resale"]`, where(active, ofType(saas)), false},
		{"saas_by_id", fmt.Sprintf(`types = ["%d"]`, saas), where(active, ofType(saas)), false},
		{"block_or_managed", fmt.Sprintf(`types = ["block time", "%d"]`, managed), where(active, ofType(block, managed)), false},
		{"name_cancelled", "name = " + hclString(strings.ToLower(endedName)) + "\n  statuses = [\"Cancelled\"]",
			where(statusIn("Cancelled"), named(endedName)), false},
		{"name_active_only", "name = " + hclString(endedName), where(active, named(endedName)), true},
		{"contains_quote", `name_contains = "\"Sons\""`, where(active, containing(`"Sons"`)), false},
		{"contains_star", `name_contains = "r*t"`, where(active, containing(`r*t`)), false},
		{"contains_backslash", "name_contains = \"k\\\\S\"\n  statuses = [\"Cancelled\", \"Expired\"]",
			where(statusIn("Cancelled", "Expired"), containing(`k\S`)), false},
		{"contains_unicode", `name_contains = "STRASSE"`, where(active, containing("STRASSE")), true},
		{"contains_unicode_exact", `name_contains = "Straße"`, where(active, containing("Straße")), false},
	}
	var config strings.Builder
	config.WriteString(provider)
	var checks []statecheck.StateCheck
	for _, q := range queries {
		fmt.Fprintf(&config, "data \"connectwise_agreements\" %q {\n  %s\n}\n", q.name, q.body)
		checks = append(checks, expectIDs(t, "data.connectwise_agreements."+q.name, q.want, q.allowEmpty))
	}
	// One element in full.
	first := where(statusIn("Cancelled"), named(endedName))[0]
	stored, _ := srv.Sim.Store().Get("agreements", first)
	company, _ := srv.Sim.Store().Get("companies", ended)
	el := func(attr string) tfjsonpath.Path { return tfjsonpath.New("agreements").AtSliceIndex(0).AtMapKey(attr) }
	addr := "data.connectwise_agreements.name_cancelled"
	checks = append(checks,
		statecheck.ExpectKnownValue(addr, el("id"), knownvalue.Int64Exact(int64(first))),
		statecheck.ExpectKnownValue(addr, el("name"), knownvalue.StringExact(endedName)),
		statecheck.ExpectKnownValue(addr, el("company_id"), knownvalue.Int64Exact(int64(ended))),
		statecheck.ExpectKnownValue(addr, el("company_identifier"), knownvalue.StringExact(rowText(company, "identifier"))),
		statecheck.ExpectKnownValue(addr, el("company_name"), knownvalue.StringExact(rowText(company, "name"))),
		statecheck.ExpectKnownValue(addr, el("type_id"), knownvalue.Int64Exact(int64(rowRefIDs(stored, "type")[0]))),
		statecheck.ExpectKnownValue(addr, el("type"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(addr, el("status"), knownvalue.StringExact("Cancelled")),
		statecheck.ExpectKnownValue(addr, el("cancelled"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(addr, el("start_date"), knownvalue.StringExact(rowText(stored, "startDate"))),
		statecheck.ExpectKnownValue(addr, el("end_date"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, el("no_ending_date"), knownvalue.Bool(true)),
	)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    readTwice(config.String(), checks),
	})
	expectNoWrites(t, srv)
}

func TestAccAgreementsDataSourceBadInput(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	step := badDataSourceStep(provider, "connectwise_agreements")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`types = ["Managed Services", "Retainer"]`, `Unknown agreement type[\s\S]*no agreement type "Retainer"[\s\S]*"Block Time" \(ID 2\)[\s\S]*"SaaS Resale" \(ID 3\)`),
			step(`statuses = ["Open"]`, `statuses "Open" is not accepted: use one of[\s\S]*"Active"[\s\S]*"Cancelled"[\s\S]*"Expired"[\s\S]*"Inactive"`),
			step(`statuses = []`, `statuses[\s\S]*at least 1`),
			step(`company_id = -3`, `company_id must be a ConnectWise company ID, a whole number of 1 or more, e.g. 250; got -3`),
			step(`name_contains = ""`, `name_contains is blank`),
		},
	})
	expectNoWrites(t, srv)
}
