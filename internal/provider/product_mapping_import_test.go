package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Import adopts an item as configuration does, so it follows the same rule: an inactive
// item is refused, by ID and by identity, with what to do, and nothing is imported or
// written. (An item that goes inactive after it was adopted is only a warning on later
// plans: TestAccProductMappingAdopt.)
func TestProductMappingImportRefusesInactiveItem(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	srv.Sim.ResetCounters()
	byIdentity := p.identityValue(map[string]tftypes.Value{
		"integration_id":  tftypes.NewValue(tftypes.String, "NordLayer"),
		"vendor_sku":      tftypes.NewValue(tftypes.String, "core-license"),
		"catalog_item_id": tftypes.NewValue(tftypes.Number, 313),
	})
	for name, req := range map[string]*tfprotov6.ImportResourceStateRequest{
		"by ID":       {TypeName: p.typeName, ID: "NordLayer/core-license/313"},
		"by identity": {TypeName: p.typeName, Identity: byIdentity},
	} {
		resp, err := p.server.ImportResourceState(p.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		errs := diagnosticsOf(resp.Diagnostics, tfprotov6.DiagnosticSeverityError)
		if len(errs) != 1 || errs[0].Summary != "Catalog item inactive" {
			t.Fatalf("%s: want one error, got:\n%s", name, diagnosticsText(resp.Diagnostics))
		}
		for _, want := range []string{"Catalog item 313 (LEGACY-VPN-USER", "is inactive in ConnectWise", "Reactivate it", `import vendor SKU "core-license" with an active item's catalog_item_id`} {
			if !strings.Contains(errs[0].Detail, want) {
				t.Errorf("%s: detail %q lacks %q", name, errs[0].Detail, want)
			}
		}
		if len(resp.ImportedResources) != 0 {
			t.Errorf("%s: imported %d resources", name, len(resp.ImportedResources))
		}
	}
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("the imports wrote %d times", w)
	}
}

// An inactive item that this mapping created (it carries the mapping's marker) is imported
// as created: the next apply reactivates it, as it would have before the import.
func TestProductMappingImportTakesBackItsOwnInactiveItem(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	id := srv.Sim.Store().Insert("catalog", map[string]any{
		"identifier": "TF-NL-CORE", "description": "NordLayer Core", "customerDescription": "NordLayer Core",
		"productClass": "NonInventory", "inactiveFlag": true, "price": 9.0, "cost": 4.0,
		"integrationXRef": catalogXRefMarker("NordLayer", "core-license"),
	})
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	resp, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: p.typeName, ID: fmt.Sprintf("NordLayer/core-license/%d", id),
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, resp.Diagnostics)
	state, err := resp.ImportedResources[0].State.Unmarshal(p.schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var managed, active bool
	if err := attrOf(t, state, "managed").As(&managed); err != nil || !managed {
		t.Errorf("managed = %v (%v), want true", managed, err)
	}
	if err := attrOf(t, state, "catalog_item_active").As(&active); err != nil || active {
		t.Errorf("catalog_item_active = %v (%v), want false until the next apply", active, err)
	}
}

// Terraform 1.12+ imports by identity; the CLI on PATH (1.11) skips this test.
func TestAccProductMappingImportByIdentity(t *testing.T) {
	clearProviderEnv(t)
	_, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	config := provider + integrationHCL(``) +
		mappingHCL("core", "core-license", `catalog_item_id = 300`) +
		mappingHCL("server", "dedicated-server", `
  create_catalog_item = {
    identifier   = "TF-NL-SERVER"
    description  = "NordLayer dedicated server"
    subcategory  = "Servers"
    product_type = "Non-Inventory"
  }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(coreAddress, map[string]knownvalue.Check{
						"integration_id": knownvalue.StringExact("NordLayer"), "vendor_sku": knownvalue.StringExact("core-license"),
						"catalog_item_id": knownvalue.Int64Exact(300),
					}),
				},
			},
			{Config: config, ResourceName: coreAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: serverAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				Config: config + mappingHCL("other", "other-license", `catalog_item_id = 301`) + `
import {
  to       = connectwise_product_mapping.other
  identity = { integration_id = "NordLayer", vendor_sku = "other-license", catalog_item_id = 1.5 }
}
`,
				PlanOnly:    true,
				ExpectError: messagePattern("Invalid import identity", "identity catalog_item_id must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got 1.5."),
			},
		},
	})
}

func TestProductMappingImportByIdentityProtocol(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	created := srv.Sim.Store().Insert("catalog", map[string]any{
		"identifier": "TF-NL-SERVER", "description": "NordLayer dedicated server", "customerDescription": "Server",
		"subcategory": map[string]any{"id": 4, "name": "Servers"}, "type": map[string]any{"id": 1, "name": "Non-Inventory"},
		"productClass": "NonInventory", "price": 55.0, "inactiveFlag": false,
		"integrationXRef": catalogXRefMarker("NordLayer", "dedicated-server"),
	})
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	identity := func(sku string, item int) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"integration_id":  tftypes.NewValue(tftypes.String, "NordLayer"),
			"vendor_sku":      tftypes.NewValue(tftypes.String, sku),
			"catalog_item_id": tftypes.NewValue(tftypes.Number, item),
		}
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

	// An item without this mapping's marker is adopted.
	adopted := p.stateValue(p.importByIdentity(identity("core-license", 300)).State)
	if got := attrOf(t, adopted, "managed"); !got.Equal(tftypes.NewValue(tftypes.Bool, false)) {
		t.Errorf("item 300: managed = %v", got)
	}
	if got := attrOf(t, adopted, "id"); !got.Equal(str("NordLayer/core-license")) {
		t.Errorf("id = %v", got)
	}

	// An item with it is imported as created, its create block filled from ConnectWise.
	imported := p.importByIdentity(identity("dedicated-server", created))
	state := p.stateValue(imported.State)
	if got := attrOf(t, state, "managed"); !got.Equal(tftypes.NewValue(tftypes.Bool, true)) {
		t.Fatalf("created item: managed = %v", got)
	}
	block := attrOf(t, state, "create_catalog_item")
	for name, want := range map[string]tftypes.Value{
		"identifier": str("TF-NL-SERVER"), "customer_description": str("Server"), "subcategory": str("Servers"),
		"product_type": str("Non-Inventory"), "price": tftypes.NewValue(tftypes.Number, 55),
	} {
		if got := attrOf(t, block, name); !got.Equal(want) {
			t.Errorf("create_catalog_item.%s = %v, want %v", name, got, want)
		}
	}
	read := p.read(imported.State, imported.Identity)
	failOnErrors(t, read.Diagnostics)
	if !p.stateValue(read.NewState).Equal(state) {
		t.Errorf("Read after import changed the state:\n%v\n%v", p.stateValue(read.NewState), state)
	}

	// Half an identity is refused.
	resp, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: p.typeName, ID: "NordLayer/300",
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagnosticsOf(resp.Diagnostics, tfprotov6.DiagnosticSeverityError); len(errs) != 1 || !strings.Contains(errs[0].Detail, "<integration_id>/<vendor_sku>/<catalog_item_id>") {
		t.Errorf("want one error explaining the import ID, got %v", resp.Diagnostics)
	}
	if c := srv.Sim.Counters(); c.Writes != 0 {
		t.Errorf("import wrote to ConnectWise: %v", c.ByRoute)
	}
}

// An identity's catalog_item_id that is no catalog item ID gets the provider's own error,
// not the framework's "always an error in the provider"; one stored while catalog_item_id
// was an Int64 (an int64 on the wire) still imports, and the identity written back is the same.
func TestProductMappingImportByBadIdentityProtocol(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	stored := map[string]tftypes.Value{
		"integration_id":  tftypes.NewValue(tftypes.String, "NordLayer"),
		"vendor_sku":      tftypes.NewValue(tftypes.String, "core-license"),
		"catalog_item_id": tftypes.NewValue(tftypes.Number, int64(300)),
	}
	imported := p.importStoredIdentity(stored, "catalog_item_id")
	if got := attrOf(t, p.stateValue(imported.State), "catalog_item_id"); !got.Equal(tftypes.NewValue(tftypes.Number, 300)) {
		t.Errorf("catalog_item_id = %v", got)
	}

	expectBadIdentitiesRefused(t, p, stored, "catalog_item_id", "a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300")
	if c := srv.Sim.Counters(); c.Writes != 0 {
		t.Errorf("import wrote to ConnectWise: %v", c.ByRoute)
	}
}

func TestParseProductMappingImportID(t *testing.T) {
	got, ok := parseProductMappingImportID("Check/Point/core-license/300")
	if !ok || got.IntegrationID.ValueString() != "Check/Point" || got.VendorSKU.ValueString() != "core-license" || numberInt64(got.CatalogItemID) != 300 {
		t.Errorf("parse = %v, %v", got, ok)
	}
	for _, bad := range []string{"", "NordLayer", "NordLayer/300", "NordLayer/core/x", "/core/300", "NordLayer//300", "NordLayer/core/-1"} {
		if _, ok := parseProductMappingImportID(bad); ok {
			t.Errorf("%q should not parse", bad)
		}
	}
}
