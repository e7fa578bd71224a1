package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
