package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Demo catalog items (simulator/demo.go): 300 NL-CORE-USER, 301 NL-PREMIUM-USER,
// 302 NL-DEDICATED-SERVER (active); 313 LEGACY-VPN-USER, 314 NL-TEAMS-LEGACY (inactive).
// Setup tables: subcategory 1 "SaaS Licences", 3 "Backup", 4 "Servers"; product type 1
// "Non-Inventory"; units of measure 2 "User", 3 "Server".

const (
	coreAddress   = "connectwise_product_mapping.core"
	serverAddress = "connectwise_product_mapping.server"
)

// nordLayerWithDefaults is the integration whose defaults mappings take.
var nordLayerWithDefaults = integrationHCL(`
  catalog_defaults = {
    subcategory     = "SaaS Licences"
    product_type    = "Non-Inventory"
    unit_of_measure = "User"
  }`)

// mappingHCL is a product mapping of the NordLayer integration.
func mappingHCL(name, sku, body string) string {
	return fmt.Sprintf(`
resource "connectwise_product_mapping" %q {
  integration_id = connectwise_integration.nordlayer.id
  vendor_sku     = %q
  %s
}
`, name, sku, body)
}

const withDefaults = "integration_defaults = connectwise_integration.nordlayer.defaults\n"

// catalogRow finds a catalog item of the simulator's store by identifier.
func catalogRow(t *testing.T, srv *simulator.Server, identifier string) map[string]any {
	t.Helper()
	for _, o := range srv.Sim.Store().List("catalog") {
		if strings.EqualFold(fmt.Sprint(o["identifier"]), identifier) {
			return o
		}
	}
	return nil
}

func refIDOf(o map[string]any, field string) any {
	if ref, ok := o[field].(map[string]any); ok {
		return ref["id"]
	}
	return nil
}

// expectCatalogItem checks fields of a stored catalog item (numbers as float64).
func expectCatalogItem(t *testing.T, srv *simulator.Server, identifier string, want map[string]any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		o := catalogRow(t, srv, identifier)
		if o == nil {
			return fmt.Errorf("no catalog item %q in the store", identifier)
		}
		for field, w := range want {
			got := o[field]
			switch field {
			case "subcategory", "type", "unitOfMeasure":
				got = refIDOf(o, field)
			}
			if fmt.Sprint(got) != fmt.Sprint(w) {
				return fmt.Errorf("catalog item %q: %s = %v, want %v", identifier, field, got, w)
			}
		}
		return nil
	}
}

func mappingStateID(address string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s not in state", address)
		}
		return rs.Primary.ID + "/" + rs.Primary.Attributes["catalog_item_id"], nil
	}
}

func TestAccProductMappingAdopt(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	server, _ := srv.Sim.Store().Get("catalog", 302)
	adopted := func(corePrice, coreItem string) string {
		return provider + nordLayerWithDefaults +
			mappingHCL("core", "core-license", coreItem+"\n  unit_price = "+corePrice+"\n  bill_customer = \"Billable\"") +
			mappingHCL("server", "dedicated-server", withDefaults+`  catalog_item_identifier = "nl-dedicated-server"`)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error { // adopted items are left alone
			for _, ident := range []string{"NL-PREMIUM-USER", "NL-DEDICATED-SERVER"} {
				if o := catalogRow(t, srv, ident); o == nil || o["inactiveFlag"] == true {
					return fmt.Errorf("destroying the mapping changed adopted item %s: %v", ident, o)
				}
			}
			return checkWrites(srv, 0)
		},
		Steps: []resource.TestStep{
			{ // Adopt by ID and by identifier (any case): nothing is written.
				Config: adopted("9", "catalog_item_id = 300"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("id"), knownvalue.StringExact("NordLayer/core-license")),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("catalog_item_identifier"), knownvalue.StringExact("NL-CORE-USER")),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("catalog_item_description"), knownvalue.StringExact("NordLayer Core licence")),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("managed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("catalog_item_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("create_catalog_item"), knownvalue.Null()),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("catalog_item_id"), knownvalue.Int64Exact(302)),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("catalog_item_identifier"), knownvalue.StringExact("nl-dedicated-server")),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("catalog_item_description"), knownvalue.StringExact("NordLayer dedicated server")),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("integration_defaults").AtMapKey("subcategory_id"), knownvalue.Int64Exact(1)),
				},
				Check: expectWrites(srv, 0),
			},
			{ // Addition settings change in place, still without a write.
				Config: adopted("10", "catalog_item_id = 300"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectWrites(srv, 0),
			},
			{ // Adopting another item replaces the mapping.
				Config: adopted("10", "catalog_item_identifier = \"NL-PREMIUM-USER\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("catalog_item_id"), knownvalue.Int64Exact(301)),
				},
				Check: expectWrites(srv, 0),
			},
			{ // The same item by ID instead of identifier is no change at all.
				Config:   adopted("10", "catalog_item_id = 301"),
				PlanOnly: true,
			},
			{
				Config:                  adopted("10", "catalog_item_id = 301"),
				ResourceName:            coreAddress,
				ImportState:             true,
				ImportStateId:           "NordLayer/core-license/301",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"unit_price", "bill_customer", "catalog_item_identifier"},
			},
			{
				Config:                  adopted("10", "catalog_item_id = 301"),
				ResourceName:            serverAddress,
				ImportState:             true,
				ImportStateIdFunc:       mappingStateID(serverAddress),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"integration_defaults", "catalog_item_identifier"},
			},
			{ // Drift: someone deactivates the adopted item. The plan is empty (the refresh
				// records it) and warns, naming SKU and item (TestAccBillingParity reads
				// the warning); the sync skips the SKU.
				PreConfig: func() {
					if err := srv.Sim.Store().Update("catalog", 301, map[string]any{"inactiveFlag": true}); err != nil {
						t.Fatal(err)
					}
				},
				Config:   adopted("10", "catalog_item_id = 301"),
				PlanOnly: true,
			},
			{ // Drift: someone deletes the other one: the same.
				PreConfig: func() {
					if err := srv.Sim.Store().Update("catalog", 301, map[string]any{"inactiveFlag": false}); err != nil {
						t.Fatal(err)
					}
					srv.Sim.Store().Delete("catalog", 302)
				},
				Config:   adopted("10", "catalog_item_id = 301"),
				PlanOnly: true,
			},
			{ // A new mapping to a missing item is still refused before any write.
				Config:      adopted("10", "catalog_item_id = 301") + mappingHCL("extra", "extra-sku", `  catalog_item_id = 302`),
				ExpectError: messagePattern("Catalog item not found", `Vendor SKU "extra-sku"`, "catalog item 302", "does not exist"),
			},
			{ // Put back, the plan is empty again and nothing was ever written.
				PreConfig: func() { srv.Sim.Store().Insert("catalog", server) },
				Config:    adopted("10", "catalog_item_id = 301"),
				PlanOnly:  true,
			},
		},
	})
}

func TestAccProductMappingCreate(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	core := func(description, price string) string {
		return mappingHCL("core", "core-license", withDefaults+fmt.Sprintf(`
  create_catalog_item = {
    identifier  = "TF-NL-CORE"
    description = %q
    price       = %s
    cost        = 6
  }`, description, price))
	}
	server := mappingHCL("server", "dedicated-server", withDefaults+`
  create_catalog_item = {
    identifier      = "TF-NL-SERVER"
    description     = "NordLayer dedicated server (Terraform)"
    product_class   = "Service"
    taxable         = true
    subcategory     = "Servers"
    unit_of_measure = "3"
  }`)
	config := provider + nordLayerWithDefaults + core("NordLayer Core (Terraform)", "9.5") + server
	updated := provider + nordLayerWithDefaults + core("NordLayer Core, per user", "12") + server
	var coreID any
	update := func(fields map[string]any) func() {
		return func() {
			o := catalogRow(t, srv, "TF-NL-CORE")
			coreID = o["id"]
			if err := srv.Sim.Store().Update("catalog", simulator.Int(o["id"]), fields); err != nil {
				t.Fatal(err)
			}
		}
	}
	restored := map[string]any{"description": "NordLayer Core, per user", "price": 12, "inactiveFlag": false, "subcategory": 1}
	expectUpdate := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			// Destroy marks created items inactive, never deletes them.
			if err := expectCatalogItem(t, srv, "TF-NL-SERVER", map[string]any{"inactiveFlag": true})(s); err != nil {
				return err
			}
			if err := expectCatalogItem(t, srv, "TF-NL-CORE", map[string]any{"inactiveFlag": true})(s); err != nil {
				return err
			}
			return checkWrites(srv, 10)
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("managed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("catalog_item_identifier"), knownvalue.StringExact("TF-NL-CORE")),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("create_catalog_item").AtMapKey("subcategory"), knownvalue.StringExact("SaaS Licences")),
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("create_catalog_item").AtMapKey("customer_description"), knownvalue.StringExact("NordLayer Core (Terraform)")),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("create_catalog_item").AtMapKey("subcategory"), knownvalue.StringExact("Servers")),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("create_catalog_item").AtMapKey("product_type"), knownvalue.StringExact("Non-Inventory")),
					statecheck.ExpectKnownValue(serverAddress, tfjsonpath.New("create_catalog_item").AtMapKey("unit_of_measure"), knownvalue.StringExact("3")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCatalogItem(t, srv, "TF-NL-CORE", map[string]any{
						"integrationXRef": "tf:NordLayer/core-license", "description": "NordLayer Core (Terraform)",
						"customerDescription": "NordLayer Core (Terraform)", "price": 9.5, "cost": 6, "productClass": "NonInventory",
						"subcategory": 1, "type": 1, "unitOfMeasure": 2, "inactiveFlag": false,
					}),
					expectCatalogItem(t, srv, "TF-NL-SERVER", map[string]any{
						"integrationXRef": "tf:NordLayer/dedicated-server", "productClass": "Service", "taxableFlag": true,
						"subcategory": 4, "type": 1, "unitOfMeasure": 3,
					}),
					expectWrites(srv, 2),
				),
			},
			{ // Update in place: one PATCH of the changed fields.
				Config:           updated,
				ConfigPlanChecks: expectUpdate,
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCatalogItem(t, srv, "TF-NL-CORE", map[string]any{
						"description": "NordLayer Core, per user", "customerDescription": "NordLayer Core, per user", "price": 12, "cost": 6,
					}),
					expectWrites(srv, 3),
				),
			},
			{ // Drift: edited by hand in ConnectWise; the plan puts it back.
				PreConfig:        update(map[string]any{"description": "Edited by hand", "price": 1.0}),
				Config:           updated,
				ConfigPlanChecks: expectUpdate,
				Check:            resource.ComposeAggregateTestCheckFunc(expectCatalogItem(t, srv, "TF-NL-CORE", restored), expectWrites(srv, 4)),
			},
			{ // Drift: deactivated or moved in ConnectWise.
				PreConfig:        update(map[string]any{"inactiveFlag": true, "subcategory": map[string]any{"id": 3, "name": "Backup"}}),
				Config:           updated,
				ConfigPlanChecks: expectUpdate,
				Check:            resource.ComposeAggregateTestCheckFunc(expectCatalogItem(t, srv, "TF-NL-CORE", restored), expectWrites(srv, 5)),
			},
			{
				Config:                  updated,
				ResourceName:            coreAddress,
				ImportState:             true,
				ImportStateIdFunc:       mappingStateID(coreAddress),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"integration_defaults"},
			},
			{
				Config:            updated,
				ResourceName:      serverAddress,
				ImportState:       true,
				ImportStateIdFunc: mappingStateID(serverAddress),
				ImportStateVerify: true,
				// Written as the ID "3"; import can only show the name, "Server".
				ImportStateVerifyIgnore: []string{"integration_defaults", "create_catalog_item.unit_of_measure"},
			},
			{ // Deleted in ConnectWise: the plan creates it again.
				PreConfig: func() {
					srv.Sim.Store().Delete("catalog", simulator.Int(catalogRow(t, srv, "TF-NL-CORE")["id"]))
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectCatalogItem(t, srv, "TF-NL-CORE", restored), expectWrites(srv, 6)),
			},
			{ // Destroying a mapping marks its item inactive.
				PreConfig: func() { coreID = catalogRow(t, srv, "TF-NL-CORE")["id"] },
				Config:    provider + nordLayerWithDefaults + server,
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCatalogItem(t, srv, "TF-NL-CORE", map[string]any{"inactiveFlag": true}),
					expectWrites(srv, 7),
				),
			},
			{ // Mapped again with the same identifier: the item carries this mapping's
				// marker, so it is taken over and reactivated, not created twice.
				Config: updated,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if id := catalogRow(t, srv, "TF-NL-CORE")["id"]; fmt.Sprint(id) != fmt.Sprint(coreID) {
							return fmt.Errorf("item %v was not taken over (now %v)", coreID, id)
						}
						return nil
					},
					expectCatalogItem(t, srv, "TF-NL-CORE", restored),
					expectWrites(srv, 8),
				),
			},
			{ // Adopting the created item instead releases it: no replacement, no write.
				Config: provider + nordLayerWithDefaults + mappingHCL("core", "core-license", `catalog_item_identifier = "TF-NL-CORE"`) + server,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("managed"), knownvalue.Bool(false)),
				},
				Check: expectWrites(srv, 8),
			},
			{ // Back to the create block: adopt to create replaces the mapping, and the item
				// (already as described) is taken over again without a write.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(coreAddress, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(coreAddress, tfjsonpath.New("managed"), knownvalue.Bool(true)),
				},
				Check: expectWrites(srv, 8),
			},
		},
	})
}

func TestAccProductMappingBadInputs(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	bundle := insertBundleItem(t, srv)
	bad := func(sku, body string) string {
		return provider + nordLayerWithDefaults + mappingHCL("core", sku, body)
	}
	create := func(extra string) string {
		return withDefaults + `
  create_catalog_item = {
    identifier  = "TF-NL-CORE"
    description = "NordLayer Core"
    ` + extra + `
  }`
	}
	exactlyOne := messagePattern("Exactly one of these attributes must be configured", "catalog_item_id", "catalog_item_identifier", "create_catalog_item")
	steps := []resource.TestStep{
		{Config: bad("core-license", `catalog_item_id = 99999`),
			ExpectError: messagePattern("Catalog item not found", `Vendor SKU "core-license"`, "catalog item 99999", "create_catalog_item")},
		{Config: bad("core-license", `catalog_item_id = 313`),
			ExpectError: messagePattern("Catalog item inactive", `Vendor SKU "core-license"`, "catalog item 313", "LEGACY-VPN-USER", "Reactivate it")},
		{Config: bad("core-license", `catalog_item_identifier = "nl-teams-legacy"`),
			ExpectError: messagePattern("Catalog item inactive", "catalog item 314", "NL-TEAMS-LEGACY")},
		{Config: bad("core-license", "catalog_item_id = 300\n  catalog_item_identifier = \"NL-CORE-USER\""), ExpectError: exactlyOne},
		{Config: bad("core-license", "catalog_item_id = 300\n"+create("")), ExpectError: exactlyOne},
		{Config: bad("core-license", `unit_price = 3`), ExpectError: exactlyOne},
		{Config: bad("core-license", create("price = -1")), ExpectError: messagePattern("create_catalog_item.price must be a number from 0 to 1000000", "got -1")},
		{Config: bad("core-license", "catalog_item_id = 300\n  unit_price = -0.5"), ExpectError: messagePattern("unit_price must be a number from 0 to 1000000", "got -0.5")},
		{Config: bad("core-license", "catalog_item_id = 300\n  bill_customer = \"Sometimes\""),
			ExpectError: messagePattern("bill_customer", "is not accepted: use one of", "Billable", "DoNotBill", "NoCharge")},
		{Config: bad("core-license", create(`product_class = "Gadget"`)),
			ExpectError: messagePattern("Invalid create_catalog_item.product_class", `"Gadget" is not accepted: use one of`, `"NonInventory"`)},
		{Config: bad("core-license", create(`product_class = "Bundle"`)),
			ExpectError: messagePattern("Invalid create_catalog_item.product_class", `"Bundle" is not accepted`, "does not take Bundle class products as agreement additions")},
		{Config: bad("core-license", fmt.Sprintf("catalog_item_id = %d", bundle)),
			ExpectError: messagePattern("Catalog item is a Bundle", `Vendor SKU "core-license" is mapped by catalog_item_id`, fmt.Sprintf("catalog item %d (M365-BUNDLE", bundle),
				"does not take Bundle class products as agreement additions", "Adopt or create a non-Bundle item")},
		{Config: bad("core-license", `catalog_item_identifier = "m365-bundle"`),
			ExpectError: messagePattern("Catalog item is a Bundle", "mapped by catalog_item_identifier", "Adopt or create a non-Bundle item")},
		{Config: bad("core-license", "catalog_item_id = 300\n  currency = \"usd\""),
			ExpectError: messagePattern("Invalid currency", `currency "usd" is not accepted`, `"USD"`)},
		{Config: bad("core-license", "catalog_item_id = 300\n  invoice_description = \"   \""),
			ExpectError: messagePattern("Invalid invoice_description", "invoice_description is blank")},
		{Config: bad("", `catalog_item_id = 300`), ExpectError: messagePattern("vendor_sku is blank")},
		{Config: bad("core/license", `catalog_item_id = 300`), ExpectError: messagePattern(`vendor_sku "core/license" contains "/"`)},
		{Config: bad("core-license", create(`subcategory = "Nope"`)),
			ExpectError: messagePattern("Unknown subcategory", `no subcategory "Nope" in ConnectWise; use one of:`, `"Servers" in Hardware (ID 4)`)},
		{Config: bad("core-license", strings.Replace(create(""), "TF-NL-CORE", "nl-core-user", 1)),
			ExpectError: messagePattern("Catalog identifier already used", "ID 300", `catalog_item_identifier = "NL-CORE-USER"`)},
		{Config: provider + nordLayerWithDefaults + mappingHCL("core", "core-license", `
  create_catalog_item = {
    identifier  = "TF-NL-CORE"
    description = "NordLayer Core"
    unit_of_measure = "User"
  }`),
			ExpectError: messagePattern("No subcategory for the new catalog item", `vendor SKU "core-license"`, "create_catalog_item.subcategory", "integration_defaults")},
		{Config: provider + nordLayerWithDefaults + `
resource "connectwise_product_mapping" "core" {
  integration_id       = "Check Point SASE"
  integration_defaults = connectwise_integration.nordlayer.defaults
  vendor_sku           = "core-license"
  catalog_item_id      = 300
}`, ExpectError: messagePattern("Defaults of another integration", `"NordLayer"`, `"Check Point SASE"`)},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	steps = append(steps, resource.TestStep{ // nothing above may have written
		PreConfig: func() {
			if err := checkWrites(srv, 0); err != nil {
				t.Error(err)
			}
		},
		Config:   provider,
		PlanOnly: true,
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: steps})
}
