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

// mappingConfigValues is the configuration of a mapping of org-acme to the given agreement
// of Acme, with billing_cycle when cycle is not "".
func mappingConfigValues(fx mappingFixtures, agreementID int, cycle string) map[string]tftypes.Value {
	config := map[string]tftypes.Value{
		"integration_id":  tftypes.NewValue(tftypes.String, mappingIntegr),
		"organization_id": tftypes.NewValue(tftypes.String, "org-acme"),
		"company_id":      tftypes.NewValue(tftypes.Number, big.NewFloat(float64(fx.acme))),
		"agreement_id":    tftypes.NewValue(tftypes.Number, big.NewFloat(float64(agreementID))),
	}
	if cycle != "" {
		config["billing_cycle"] = tftypes.NewValue(tftypes.String, cycle)
	}
	return config
}

// A state written before billing_cycle existed (the attribute absent from its JSON) reads
// back with the default and plans no change: no schema version bump is needed.
func TestCustomerMappingStateWithoutBillingCycle(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	p := newProtocolResource(t, srv, mappingType)
	old := fmt.Sprintf(`{"id":"NordLayer/org-acme","integration_id":"NordLayer","organization_id":"org-acme",`+
		`"organization_name":null,"company_id":%d,"agreement_id":%d,"sync_enabled":true,"company_identifier":"ACME",`+
		`"company_name":"Acme Dental","company_deleted":false,"agreement_name":"Managed Services","agreement_status":"Active"}`,
		fx.acme, fx.managed)
	upgraded, err := p.server.UpgradeResourceState(p.ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: mappingType, Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(old)},
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, upgraded.Diagnostics)
	read := p.read(upgraded.UpgradedState, nil)
	failOnErrors(t, read.Diagnostics)
	if got := mappingString(t, mappingDecode(t, p.schema, read.NewState), "billing_cycle"); got != "Monthly" {
		t.Errorf("billing_cycle after the refresh = %q, want the default Monthly", got)
	}
	plan, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: mappingType, PriorState: read.NewState, ProposedNewState: read.NewState,
		Config: dynamicValue(t, p.schema, mappingConfigValues(fx, fx.managed, "")),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Diagnostics) != 0 {
		t.Errorf("diagnostics: %s", diagnosticsText(plan.Diagnostics))
	}
	planned, prior := p.stateValue(plan.PlannedState), p.stateValue(read.NewState)
	if !planned.Equal(prior) {
		t.Errorf("the plan changes the refreshed state:\nprior   %v\nplanned %v", prior, planned)
	}
}

// A quarterly agreement under a mapping that leaves billing_cycle unset warns; setting
// billing_cycle = "Quarterly" is an in-place update without a warning that writes nothing.
func TestCustomerMappingBillingCycleOptIn(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	if err := quarterly(srv.Sim.Store(), fx); err != nil {
		t.Fatal(err)
	}
	p := newProtocolResource(t, srv, mappingType)
	created := p.planCreate(mappingConfigValues(fx, fx.managed, ""))
	failOnErrors(t, created.Diagnostics) // a new mapping is checked for status, not warned about
	applied, err := p.server.ApplyResourceChange(p.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: mappingType, PriorState: emptyState(t, p), PlannedState: created.PlannedState,
		Config: dynamicValue(t, p.schema, mappingConfigValues(fx, fx.managed, "")),
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, applied.Diagnostics)

	plan := func(cycle string) *tfprotov6.PlanResourceChangeResponse {
		t.Helper()
		config := dynamicValue(t, p.schema, mappingConfigValues(fx, fx.managed, cycle))
		proposed := p.stateValue(applied.NewState)
		if cycle != "" {
			proposed = withAttr(t, proposed, "billing_cycle", tftypes.NewValue(tftypes.String, cycle))
		}
		dv, err := tfprotov6.NewDynamicValue(p.schema.ValueType(), proposed)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: mappingType, PriorState: applied.NewState, ProposedNewState: &dv, Config: config,
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}

	unset := plan("")
	warnings := diagnosticsOf(unset.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if len(unset.Diagnostics) != 1 || len(warnings) != 1 || warnings[0].Summary != `Usage sync skips organization "org-acme"` ||
		!strings.Contains(warnings[0].Detail, `set billing_cycle = "Quarterly"`) {
		t.Errorf("billing_cycle unset on a quarterly agreement: want one warning advising billing_cycle, got:\n%s", diagnosticsText(unset.Diagnostics))
	}

	optIn := plan("Quarterly")
	if len(optIn.Diagnostics) != 0 {
		t.Errorf("billing_cycle = \"Quarterly\" on a quarterly agreement: want no diagnostics, got:\n%s", diagnosticsText(optIn.Diagnostics))
	}
	if len(optIn.RequiresReplace) != 0 {
		t.Errorf("billing_cycle must change in place: replace %v", optIn.RequiresReplace)
	}
	if got := mappingString(t, mappingDecode(t, p.schema, optIn.PlannedState), "billing_cycle"); got != "Quarterly" {
		t.Errorf("planned billing_cycle = %q", got)
	}
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("the mapping wrote to ConnectWise %d times", w)
	}
}

// A mapping to a child agreement warns once, naming the parent; a mapping to an agreement
// without a parent does not.
func TestCustomerMappingChildAgreementWarning(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	if err := srv.Sim.Store().Update("agreements", fx.security, map[string]any{
		"parentAgreement": map[string]any{"id": fx.managed, "name": "Managed Services"},
	}); err != nil {
		t.Fatal(err)
	}
	p := newProtocolResource(t, srv, mappingType)
	child := p.planCreate(mappingConfigValues(fx, fx.security, ""))
	warnings := diagnosticsOf(child.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	want := fmt.Sprintf("Agreement %d bills on the invoice of its parent agreement %d (Managed Services): do not map the same products on the parent.",
		fx.security, fx.managed)
	if len(child.Diagnostics) != 1 || len(warnings) != 1 || !strings.Contains(warnings[0].Detail, want) {
		t.Errorf("want one warning saying %q, got:\n%s", want, diagnosticsText(child.Diagnostics))
	}
	if parent := p.planCreate(mappingConfigValues(fx, fx.managed, "")); len(parent.Diagnostics) != 0 {
		t.Errorf("an agreement without a parent: want no diagnostics, got:\n%s", diagnosticsText(parent.Diagnostics))
	}
}

// The list leaves a quarterly agreement out by default; include_unbillable lists it with a
// generated billing_cycle = "Quarterly" that its display name announces.
func TestCustomerMappingListBillingCycles(t *testing.T) {
	ctx := context.Background()
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	if err := srv.Sim.Store().Update("agreements", fx.security, map[string]any{"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}}); err != nil {
		t.Fatal(err)
	}
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	attrs := func(unbillable bool) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"organizations":      stringMap(map[string]string{"ACME": "org-acme"}),
			"agreement_types":    stringList("Managed Services"),
			"include_unbillable": tftypes.NewValue(tftypes.Bool, unbillable),
		}
	}
	cycles := func(run listRun) map[string]string {
		out := map[string]string{}
		for _, res := range run.results {
			out[res.DisplayName] = mappingString(t, mappingDecode(t, schemas.ResourceSchemas[mappingType], res.Resource), "billing_cycle")
		}
		return out
	}

	byDefault := cycles(listMappings(ctx, t, server, schemas, attrs(false), true, 0))
	if len(byDefault) != 1 {
		t.Fatalf("by default only the monthly agreement is a candidate, got %v", byDefault)
	}
	for name, cycle := range byDefault {
		if !strings.Contains(name, fmt.Sprintf("agreement %d ", fx.managed)) || cycle != "Monthly" {
			t.Errorf("candidate %q with billing_cycle %q, want agreement %d with Monthly", name, cycle, fx.managed)
		}
	}

	all := cycles(listMappings(ctx, t, server, schemas, attrs(true), true, 0))
	quarterlyName := fmt.Sprintf(`agreement %d "Security Bundle" → org-acme [agreement 2 of 4 for this company: keep one] `+
		`[bills Quarterly: the generated mapping sets billing_cycle = "Quarterly"; review]`, fx.security)
	found := false
	for name, cycle := range all {
		switch {
		case strings.Contains(name, quarterlyName):
			found = true
			if cycle != "Quarterly" || strings.Contains(name, "skipped by the sync") {
				t.Errorf("%q: billing_cycle %q, want Quarterly and no skip", name, cycle)
			}
		case cycle != "Monthly":
			t.Errorf("%q: billing_cycle %q, want Monthly", name, cycle)
		}
	}
	if !found {
		t.Errorf("no candidate named %q in %v", quarterlyName, all)
	}
}

// emptyState is the null prior state of a resource being created.
func emptyState(t *testing.T, p *protocolResource) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(p.schema.ValueType(), tftypes.NewValue(p.schema.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// withAttr returns the object v with attribute name replaced.
func withAttr(t *testing.T, v tftypes.Value, name string, value tftypes.Value) tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	attrs[name] = value
	return tftypes.NewValue(v.Type(), attrs)
}
