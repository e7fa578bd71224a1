package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const notVisibleText = "was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise)"

// A mapped company that the API member's Level or Location hides (with its agreements) is
// not called deleted: the refresh keeps the mapping and its last known names, records
// company_deleted = null (unknown) and agreement_status = NotFound, and the plan warns,
// with and without -refresh, that the company and agreement were not found or are not
// visible, never that they are in the recycle bin. A new mapping to it fails with the same
// words.
func TestCustomerMappingHiddenCompany(t *testing.T) {
	ctx := context.Background()
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	server := protocolServer(t)
	schema := configureProvider(ctx, t, server, srv.URL).ResourceSchemas[mappingType]
	config := map[string]tftypes.Value{
		"integration_id":    tftypes.NewValue(tftypes.String, mappingIntegr),
		"organization_id":   tftypes.NewValue(tftypes.String, "org-acme"),
		"organization_name": tftypes.NewValue(tftypes.String, "Acme Org"),
		"company_id":        tftypes.NewValue(tftypes.Number, big.NewFloat(float64(fx.acme))),
		"agreement_id":      tftypes.NewValue(tftypes.Number, big.NewFloat(float64(fx.managed))),
	}
	state := map[string]tftypes.Value{
		"id":                 tftypes.NewValue(tftypes.String, "NordLayer/org-acme"),
		"sync_enabled":       tftypes.NewValue(tftypes.Bool, true),
		"billing_cycle":      tftypes.NewValue(tftypes.String, "Monthly"),
		"company_identifier": tftypes.NewValue(tftypes.String, "ACME"),
		"company_name":       tftypes.NewValue(tftypes.String, "Acme Dental"),
		"company_deleted":    tftypes.NewValue(tftypes.Bool, false),
		"agreement_name":     tftypes.NewValue(tftypes.String, "Managed Services"),
		"agreement_status":   tftypes.NewValue(tftypes.String, "Active"),
	}
	for k, v := range config {
		state[k] = v
	}
	srv.Sim.SetHiddenCompanies(fx.acme)

	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: mappingType, CurrentState: dynamicValue(t, schema, state)})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, read.Diagnostics)
	if read.NewState == nil {
		t.Fatal("the refresh dropped the mapping from state")
	}
	refreshed := mappingDecode(t, schema, read.NewState)
	if refreshed["company_deleted"].IsNull() != true {
		t.Errorf("company_deleted = %v, want null: whether a hidden company is in the recycle bin cannot be known", refreshed["company_deleted"])
	}
	if got := mappingString(t, refreshed, "agreement_status"); got != "NotFound" {
		t.Errorf("agreement_status = %q, want NotFound", got)
	}
	if got := mappingString(t, refreshed, "company_name"); got != "Acme Dental" {
		t.Errorf("company_name = %q: the last known name must stay", got)
	}

	want := []string{
		`Usage sync skips organization "org-acme"`,
		fmt.Sprintf("agreement %d of organization org-acme %s", fx.managed, notVisibleText),
		"If the company and its agreement still exist in ConnectWise, let the API member see them",
		fmt.Sprintf(`company %d "Acme Dental" (ACME)`, fx.acme),
	}
	checkWarning := func(name string, diags []*tfprotov6.Diagnostic) {
		t.Helper()
		if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning {
			t.Fatalf("%s: want one warning, got %v", name, mappingDiagnostics(diags))
		}
		text := diags[0].Summary + "\n" + diags[0].Detail
		// The hidden company is as likely as a deleted one: letting the member see it comes
		// before remapping the customer.
		if see, remap := strings.Index(text, "let the API member see"), strings.Index(text, "map the customer to an active agreement"); see < 0 || remap < see {
			t.Errorf("%s: the warning should advise visibility first, then remapping:\n%s", name, text)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the warning lacks %q:\n%s", name, w, text)
			}
		}
		for _, bad := range []string{"is in the ConnectWise recycle bin", "deleted?", "has no company", "has no agreement"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: the warning says %q of a hidden company:\n%s", name, bad, text)
			}
		}
	}
	plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: mappingType, PriorState: read.NewState, ProposedNewState: read.NewState, Config: dynamicValue(t, schema, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkWarning("plan", plan.Diagnostics)
	if len(plan.RequiresReplace) != 0 {
		t.Errorf("a hidden company must not force a replacement: %v", plan.RequiresReplace)
	}

	// plan -refresh=false, in another provider process: the state alone says the same.
	fresh := protocolServer(t)
	configureProvider(ctx, t, fresh, srv.URL)
	noRefresh, err := fresh.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: mappingType, PriorState: read.NewState, ProposedNewState: read.NewState, Config: dynamicValue(t, schema, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkWarning("plan -refresh=false", noRefresh.Diagnostics)

	// A new mapping to the hidden company fails, naming both possibilities.
	create, err := fresh.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: mappingType, PriorState: nullMapping(schema), ProposedNewState: dynamicValue(t, schema, state),
		Config: dynamicValue(t, schema, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		fmt.Sprintf("Company %d %s, so organization %q (%q) cannot be mapped", fx.acme, notVisibleText, "org-acme", "Acme Org"),
		"the member's Level and Location (System › Members, API Members tab)",
	} {
		if !mappingHasError(create.Diagnostics, w) {
			t.Errorf("creating a mapping to a hidden company: no error with %q: %v", w, mappingDiagnostics(create.Diagnostics))
		}
	}
}

func nullMapping(schema *tfprotov6.Schema) *tfprotov6.DynamicValue {
	v, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
	if err != nil {
		panic(err)
	}
	return &v
}
