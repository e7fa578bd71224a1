package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func TestAccCatalogItemsDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	saas := storeLookupID(t, srv, "subcategories", "SaaS Licences")
	backup := storeLookupID(t, srv, "subcategories", "Backup")
	networking := storeLookupID(t, srv, "subcategories", "Networking")
	// An item with awkward text, to prove the contains filters quote it.
	awkward := map[string]any{}
	for k, v := range catalogItemByIdentifier(t, srv, "ONBOARDING-FEE") {
		if k != "id" && k != "_info" {
			awkward[k] = v
		}
	}
	awkward["identifier"] = `QA*"ODD"\SKU`
	awkward["description"] = `Übergabe "Premium" \ 50% *Setup*`
	srv.Sim.Store().Insert("catalog", awkward)

	activeOnly := func(o storeRow) bool { return o["inactiveFlag"] != true }
	where := func(keep ...func(storeRow) bool) []int {
		return storeIDs(srv, "catalog", func(o storeRow) bool {
			for _, k := range keep {
				if !k(o) {
					return false
				}
			}
			return true
		})
	}
	idContains := func(s string) func(storeRow) bool {
		return func(o storeRow) bool { return rowTextContains(o, "identifier", s) }
	}
	descContains := func(s string) func(storeRow) bool {
		return func(o storeRow) bool { return rowTextContains(o, "description", s) }
	}
	inSub := func(ids ...int) func(storeRow) bool {
		return func(o storeRow) bool { return rowRefIn(o, "subcategory", ids...) }
	}

	type query struct {
		name, body string
		want       []int
	}
	queries := []query{
		{"default", ``, where(activeOnly)},
		{"everything", `include_inactive = true`, where()},
		{"nordlayer", `identifier_contains = "nl-"`, where(activeOnly, idContains("nl-"))},
		{"nordlayer_all", "identifier_contains = \"NL-\"\n  include_inactive = true", where(idContains("nl-"))},
		{"backup", `description_contains = "BACKUP"`, where(activeOnly, descContains("backup"))},
		{"saas_or_backup", fmt.Sprintf(`subcategories = ["saas licences", "%d"]`, backup), where(activeOnly, inSub(saas, backup))},
		{"networking", `subcategories = ["Networking"]`, where(activeOnly, inSub(networking))},
		{"networking_all", "subcategories = [\"Networking\"]\n  include_inactive = true", where(inSub(networking))},
		{"star_quote", `identifier_contains = "*\"ODD\"\\"`, where(activeOnly, idContains(`*"ODD"\`))},
		{"unicode", `description_contains = "übergabe \"premium\" \\ 50% *"`, where(activeOnly, descContains(`Übergabe "Premium" \ 50% *`))},
	}
	var config strings.Builder
	config.WriteString(provider)
	var checks []statecheck.StateCheck
	for _, q := range queries {
		fmt.Fprintf(&config, "data \"connectwise_catalog_items\" %q {\n  %s\n}\n", q.name, q.body)
		// An empty networking result with inactive items excluded is the point of that query.
		checks = append(checks, expectIDs(t, "data.connectwise_catalog_items."+q.name, q.want, q.name == "networking"))
	}
	if len(where(activeOnly)) == len(where()) {
		t.Fatal("the demo catalog has no inactive item")
	}
	// Elements carry the same attributes as connectwise_catalog_item (one mapping).
	first := where(activeOnly)[0]
	item, _ := srv.Sim.Store().Get("catalog", first)
	checks = append(checks, catalogItemChecks(t, "data.connectwise_catalog_items.default",
		func(attr string) tfjsonpath.Path { return tfjsonpath.New("items").AtSliceIndex(0).AtMapKey(attr) }, item, nil)...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    readTwice(config.String(), checks),
	})
	expectNoWrites(t, srv)
}

func TestAccCatalogItemsDataSourceBadInput(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	step := badDataSourceStep(provider, "connectwise_catalog_items")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`subcategories = ["SaaS Licences", "Licenses"]`,
				`Unknown subcategory[\s\S]*no subcategory "Licenses"[\s\S]*"Backup" in Cloud Services \(ID 3\)[\s\S]*"SaaS Licences" in Cloud Services \(ID 1\)`),
			step(`subcategories = []`, `subcategories[\s\S]*at least 1`),
			step(`identifier_contains = ""`, `identifier_contains is blank`),
		},
	})
	expectNoWrites(t, srv)
}
