package provider

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// insertBundleItem adds an active catalog item of product class Bundle, identifier
// M365-BUNDLE, as a site that sells bundles has one, and returns its ID.
func insertBundleItem(t *testing.T, srv *simulator.Server) int {
	t.Helper()
	return srv.Sim.Store().Insert("catalog", map[string]any{
		"identifier": "M365-BUNDLE", "description": "Microsoft 365 bundle", "customerDescription": "Microsoft 365 bundle",
		"productClass": "Bundle", "inactiveFlag": false, "price": 30.0, "cost": 20.0,
	})
}

// Import by ID onto a Bundle item is refused with the reason, and nothing is imported.
func TestProductMappingImportRefusesBundle(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	bundle := insertBundleItem(t, srv)
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	resp, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: p.typeName, ID: fmt.Sprintf("NordLayer/core-license/%d", bundle),
	})
	if err != nil {
		t.Fatal(err)
	}
	errs := diagnosticsOf(resp.Diagnostics, tfprotov6.DiagnosticSeverityError)
	if len(errs) != 1 || errs[0].Summary != "Catalog item is a Bundle" ||
		!strings.Contains(errs[0].Detail, "does not take Bundle class products as agreement additions") ||
		!strings.Contains(errs[0].Detail, `Import vendor SKU "core-license" with a non-Bundle item's catalog_item_id`) {
		t.Errorf("want one Bundle error, got:\n%s", diagnosticsText(resp.Diagnostics))
	}
	if len(resp.ImportedResources) != 0 {
		t.Errorf("imported %d resources", len(resp.ImportedResources))
	}

	// The same import onto an item that is not a Bundle succeeds: the refusal is the class's.
	ok, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: p.typeName, ID: "NordLayer/core-license/300"})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, ok.Diagnostics)
}

// An adopted item that becomes a Bundle under an unchanged mapping is a warning naming the
// SKU, as an item that goes inactive is: one product must not block every plan.
func TestProductMappingAdoptedItemTurnedBundleWarns(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 5)})
	p := newProtocolResource(t, srv, "connectwise_product_mapping")
	config := map[string]tftypes.Value{
		"integration_id":  tftypes.NewValue(tftypes.String, "NordLayer"),
		"vendor_sku":      tftypes.NewValue(tftypes.String, "core-license"),
		"catalog_item_id": tftypes.NewValue(tftypes.Number, big.NewFloat(300)),
	}
	planned := p.planCreate(config)
	failOnErrors(t, planned.Diagnostics)
	if err := srv.Sim.Store().Update("catalog", 300, map[string]any{"productClass": "Bundle"}); err != nil {
		t.Fatal(err)
	}
	// The next plan runs in a new provider process, as every Terraform command does; the
	// state of the applied mapping is its plan (nothing in it is unknown for an adopted item).
	p = newProtocolResource(t, srv, "connectwise_product_mapping")
	cfg := dynamicValue(t, p.schema, config)
	plan, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: p.typeName, PriorState: planned.PlannedState, ProposedNewState: planned.PlannedState, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	warnings := diagnosticsOf(plan.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if errs := diagnosticsOf(plan.Diagnostics, tfprotov6.DiagnosticSeverityError); len(errs) != 0 || len(warnings) != 1 {
		t.Fatalf("want one warning and no error, got:\n%s", diagnosticsText(plan.Diagnostics))
	}
	for _, want := range []string{"is of product class Bundle", "Map the SKU to a non-Bundle item"} {
		if !strings.Contains(warnings[0].Detail, want) {
			t.Errorf("warning lacks %q: %s", want, warnings[0].Detail)
		}
	}
	if warnings[0].Summary != `Usage sync skips SKU "core-license"` {
		t.Errorf("summary %q", warnings[0].Summary)
	}
}
