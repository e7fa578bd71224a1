package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// catalogItemChecks checks every attribute of one catalog item against the store, except
// those given in override.
func catalogItemChecks(t *testing.T, address string, at func(string) tfjsonpath.Path, item storeRow, override map[string]knownvalue.Check) []statecheck.StateCheck {
	t.Helper()
	ref := func(field string) (int64, string) {
		m, _ := item[field].(map[string]any)
		return int64(simulator.Int(m["id"])), rowText(m, "name")
	}
	subID, sub := ref("subcategory")
	typeID, typ := ref("type")
	uomID, uom := ref("unitOfMeasure")
	want := map[string]knownvalue.Check{
		"id":                   knownvalue.Int64Exact(int64(simulator.Int(item["id"]))),
		"identifier":           knownvalue.StringExact(rowText(item, "identifier")),
		"description":          knownvalue.StringExact(rowText(item, "description")),
		"customer_description": knownvalue.StringExact(rowText(item, "customerDescription")),
		"inactive":             knownvalue.Bool(item["inactiveFlag"] == true),
		"subcategory":          knownvalue.StringExact(sub),
		"subcategory_id":       knownvalue.Int64Exact(subID),
		"product_type":         knownvalue.StringExact(typ),
		"product_type_id":      knownvalue.Int64Exact(typeID),
		"unit_of_measure":      knownvalue.StringExact(uom),
		"unit_of_measure_id":   knownvalue.Int64Exact(uomID),
		"product_class":        knownvalue.StringExact(rowText(item, "productClass")),
		"price":                knownvalue.Float64Exact(item["price"].(float64)),
		"cost":                 knownvalue.Float64Exact(item["cost"].(float64)),
		"taxable":              knownvalue.Bool(item["taxableFlag"] == true),
	}
	for attr, c := range override {
		want[attr] = c
	}
	var checks []statecheck.StateCheck
	for attr, c := range want {
		checks = append(checks, statecheck.ExpectKnownValue(address, at(attr), c))
	}
	return checks
}

func catalogItemByIdentifier(t *testing.T, srv *simulator.Server, identifier string) storeRow {
	t.Helper()
	for _, o := range srv.Sim.Store().List("catalog") {
		if rowText(o, "identifier") == identifier {
			return o
		}
	}
	t.Fatalf("no catalog item %q in the simulator", identifier)
	return nil
}

func TestAccCatalogItemDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	active := catalogItemByIdentifier(t, srv, "NL-CORE-USER")
	inactive := catalogItemByIdentifier(t, srv, "FW-APPLIANCE-100")
	config := provider + fmt.Sprintf(`
data "connectwise_catalog_item" "by_id" {
  id = %d
}
data "connectwise_catalog_item" "inactive" {
  identifier = %s
}
`, simulator.Int(active["id"]), hclString(strings.ToLower(rowText(inactive, "identifier"))))

	root := tfjsonpath.New[string]
	checks := catalogItemChecks(t, "data.connectwise_catalog_item.by_id", root, active, nil)
	// An inactive item is returned as such; what the user typed stays (ConnectWise matched
	// it ignoring case).
	checks = append(checks, catalogItemChecks(t, "data.connectwise_catalog_item.inactive", root, inactive, map[string]knownvalue.Check{
		"identifier": knownvalue.StringExact(strings.ToLower(rowText(inactive, "identifier"))),
		"inactive":   knownvalue.Bool(true),
	})...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
	expectNoWrites(t, srv)
}

func TestAccCatalogItemDataSourceErrors(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	// ConnectWise refuses duplicate identifiers, but a lookup must not pick one silently
	// if a site has them anyway: the store takes the twin without the API's checks.
	original := catalogItemByIdentifier(t, srv, "ACME-BACKUP-1TB")
	twin := map[string]any{}
	for k, v := range original {
		if k != "id" && k != "_info" {
			twin[k] = v
		}
	}
	twin["identifier"] = "acme-backup-1tb"
	twinID := srv.Sim.Store().Insert("catalog", twin)
	step := badDataSourceStep(provider, "connectwise_catalog_item")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`identifier = "NO-SUCH-SKU"`, `Catalog item not found[\s\S]*No catalog item with identifier "NO-SUCH-SKU"`),
			step(`id = 4242`, `No catalog item with id 4242`),
			step(`identifier = "Acme-Backup-1TB"`, fmt.Sprintf(`Several catalog items match[\s\S]*ID %d \("Acme Backup 1 TB"\), ID %d[\s\S]*Use id`, simulator.Int(original["id"]), twinID)),
			step("id = 300\n  identifier = \"NL-CORE-USER\"", `Invalid Attribute Combination[\s\S]*\[id,identifier\]`),
			step(``, `Exactly one of these attributes must be configured: \[id,identifier\]`),
		},
	})
	expectNoWrites(t, srv)
}
