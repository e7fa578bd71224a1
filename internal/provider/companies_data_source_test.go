package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// awkward company names of the demo data: quotes, a backslash, the like wildcard, Unicode.
var awkwardCompanyNames = []string{
	`O'Brien & "Sons" Ltd`,
	`Back\Slash IT Services`,
	`Star*Tech Solutions`,
	`Müller Straße GmbH`,
	`東京ソリューションズ株式会社`,
	`Café Crème Networks`,
}

func TestAccCompaniesDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	client := storeLookupID(t, srv, "companyTypes", "Client")
	vendor := storeLookupID(t, srv, "companyTypes", "Vendor")
	active := storeLookupID(t, srv, "companyStatuses", "Active")
	notApproved := storeLookupID(t, srv, "companyStatuses", "Not-Approved")
	creditHold := storeLookupID(t, srv, "companyStatuses", "Credit Hold")
	live := func(o storeRow) bool { return o["deletedFlag"] != true }
	where := func(keep func(storeRow) bool) []int {
		return storeIDs(srv, "companies", func(o storeRow) bool { return live(o) && keep(o) })
	}
	everything := storeIDs(srv, "companies", func(storeRow) bool { return true })
	deletedName := ""
	for _, o := range srv.Sim.Store().List("companies") {
		if !live(o) {
			deletedName = rowText(o, "name")
			break
		}
	}
	if deletedName == "" {
		t.Fatal("the demo data has no company in the recycle bin")
	}

	type query struct {
		name, body string
		want       []int
		allowEmpty bool
	}
	queries := []query{
		{"all", ``, where(func(storeRow) bool { return true }), false},
		{"with_deleted", `include_deleted = true`, everything, false},
		{"clients", `types = ["Client"]`, where(func(o storeRow) bool { return rowRefIn(o, "types", client) }), false},
		{"clients_by_id", fmt.Sprintf(`types = ["%d"]`, client), where(func(o storeRow) bool { return rowRefIn(o, "types", client) }), false},
		{"client_or_vendor", fmt.Sprintf(`types = ["client", "%d"]`, vendor), where(func(o storeRow) bool { return rowRefIn(o, "types", client, vendor) }), false},
		{"active_clients", `
  types    = ["Client"]
  statuses = ["Active"]`, where(func(o storeRow) bool { return rowRefIn(o, "types", client) && rowRefIn(o, "status", active) }), false},
		{"held_or_unapproved", fmt.Sprintf(`statuses = ["%d", "credit hold"]`, notApproved),
			where(func(o storeRow) bool { return rowRefIn(o, "status", notApproved, creditHold) }), false},
		{"identifier", `identifier = "startechsolutions"`, where(func(o storeRow) bool { return rowTextEquals(o, "identifier", "StarTechSolutions") }), false},
		{"deleted_by_name", "name = " + hclString(deletedName), nil, true},
		{"deleted_by_name_included", "include_deleted = true\n  name = " + hclString(deletedName),
			storeIDs(srv, "companies", func(o storeRow) bool { return rowTextEquals(o, "name", deletedName) }), false},
		{"star_contains", `name_contains = "r*t"`, where(func(o storeRow) bool { return rowTextContains(o, "name", "r*t") }), false},
	}
	for i, n := range awkwardCompanyNames {
		exact := func(o storeRow) bool { return rowTextEquals(o, "name", n) }
		queries = append(queries, query{fmt.Sprintf("awkward_%d", i), "name = " + hclString(strings.ToUpper(n)), where(exact), false})
		// A distinctive middle part of each awkward name: the quote, the backslash, the *...
		part := []string{`"Sons"`, `k\S`, `r*T`, `ler Straß`, `ソリューション`, `é Crè`}[i]
		queries = append(queries, query{fmt.Sprintf("awkward_contains_%d", i), "name_contains = " + hclString(part),
			where(func(o storeRow) bool { return rowTextContains(o, "name", part) }), false})
	}

	var config strings.Builder
	config.WriteString(provider)
	var checks []statecheck.StateCheck
	for _, q := range queries {
		fmt.Fprintf(&config, "data \"connectwise_companies\" %q {\n  %s\n}\n", q.name, q.body)
		checks = append(checks, expectIDs(t, "data.connectwise_companies."+q.name, q.want, q.allowEmpty))
	}
	for i := range awkwardCompanyNames {
		if n := len(queries[len(queries)-2*len(awkwardCompanyNames)+2*i].want); n != 1 {
			t.Fatalf("awkward name %d matches %d companies in the store, want 1", i, n)
		}
	}
	// One element in full: the shape users feed to for_each.
	obrien := where(func(o storeRow) bool { return rowTextEquals(o, "name", awkwardCompanyNames[0]) })[0]
	stored, _ := srv.Sim.Store().Get("companies", obrien)
	el := func(attr string) tfjsonpath.Path { return tfjsonpath.New("companies").AtSliceIndex(0).AtMapKey(attr) }
	checks = append(checks,
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("id"), knownvalue.Int64Exact(int64(obrien))),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("name"), knownvalue.StringExact(awkwardCompanyNames[0])),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("identifier"), knownvalue.StringExact(rowText(stored, "identifier"))),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("status"), knownvalue.StringExact("Active")),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("status_id"), knownvalue.Int64Exact(int64(active))),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("types"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Client")})),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("type_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(int64(client))})),
		statecheck.ExpectKnownValue("data.connectwise_companies.awkward_0", el("deleted"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue("data.connectwise_companies.deleted_by_name_included", tfjsonpath.New("companies").AtSliceIndex(0).AtMapKey("deleted"), knownvalue.Bool(true)),
	)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config.String(),
				ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			// A second plan of the same configuration changes nothing.
			{Config: config.String(), PlanOnly: true},
		},
	})
	expectNoWrites(t, srv)
}

func TestAccCompaniesDataSourceBadInput(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	step := badDataSourceStep(provider, "connectwise_companies")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`types = ["Client", "Customer"]`, `Unknown company type[\s\S]*no company type "Customer"[\s\S]*"Client" \(ID 1\)[\s\S]*"Vendor"`),
			step(`types = ["99"]`, `no company type "99"[\s\S]*"Prospect"`),
			step(`statuses = ["Archived"]`, `Unknown company status[\s\S]*"Archived"[\s\S]*"Credit Hold" \(ID 4\)`),
			step(`types = []`, `types[\s\S]*at least 1`),
			step(`name = ""`, `name is blank: write the text to search for`),
			step(`name_contains = "Acme\nCorp"`, `control character`),
		},
	})
	expectNoWrites(t, srv)
}

// A site with 2500 companies lists them all in three 1000-item pages.
func TestAccCompaniesDataSourceLargeSite(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 2500)})
	all := storeIDs(srv, "companies", func(storeRow) bool { return true })
	if len(all) != 2500 {
		t.Fatalf("store has %d companies", len(all))
	}
	const list = "GET /company/companies"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: srv.Sim.ResetCounters,
			Config:    provider + `data "connectwise_companies" "all" { include_deleted = true }`,
			Check: func(*terraform.State) error {
				if got := srv.Sim.Counters().ByRoute[list]; got != 3 {
					return fmt.Errorf("%s: %d requests for one read, want 3 (%v)", list, got, srv.Sim.Counters().ByRoute)
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectIDs(t, "data.connectwise_companies.all", all, false),
				statecheck.ExpectKnownValue("data.connectwise_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(2500)),
			},
		}},
	})
}

// The request cost of reads, measured at the protocol: the lookup tables once per provider
// process, then one list request per 1000 companies.
func TestCompaniesDataSourceRequestCount(t *testing.T) {
	clearProviderEnv(t)
	t.Run("filtered", func(t *testing.T) {
		srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 30)})
		read := readDataSourceAtProtocol(t, srv)
		filtered := map[string]tftypes.Value{
			"types":    tfStringSet("Client", "4"),
			"statuses": tfStringSet("Active", "Credit Hold"),
		}
		srv.Sim.ResetCounters()
		read("connectwise_companies", filtered)
		expectRoutes(t, srv, map[string]int{
			"GET /company/companies/types":    1,
			"GET /company/companies/statuses": 1,
			"GET /company/companies":          1,
		})
		if total := srv.Sim.Counters().Total; total != 3 {
			t.Errorf("one filtered read cost %d requests, want 3", total)
		}

		srv.Sim.ResetCounters()
		read("connectwise_companies", filtered)
		expectRoutes(t, srv, map[string]int{"GET /company/companies": 1}) // the lookups are cached
	})
	t.Run("large", func(t *testing.T) {
		srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 2500)})
		read := readDataSourceAtProtocol(t, srv)
		srv.Sim.ResetCounters()
		read("connectwise_companies", map[string]tftypes.Value{"include_deleted": tftypes.NewValue(tftypes.Bool, true)})
		expectRoutes(t, srv, map[string]int{"GET /company/companies": 3})

		// A filtered read pays one page per 1000 matches, whatever the site's size.
		client := storeLookupID(t, srv, "companyTypes", "Client")
		active := storeLookupID(t, srv, "companyStatuses", "Active")
		n := len(storeIDs(srv, "companies", func(o storeRow) bool {
			return o["deletedFlag"] != true && rowRefIn(o, "types", client) && rowRefIn(o, "status", active)
		}))
		srv.Sim.ResetCounters()
		resp := read("connectwise_companies", map[string]tftypes.Value{
			"types": tfStringSet("Client"), "statuses": tfStringSet("Active"),
		})
		expectRoutes(t, srv, map[string]int{
			"GET /company/companies/types":    1,
			"GET /company/companies/statuses": 1,
			"GET /company/companies":          (n + 999) / 1000,
		})
		t.Logf("%d active clients of 2500 companies", n)
		if resp.State == nil {
			t.Fatal("no state")
		}
	})
}
