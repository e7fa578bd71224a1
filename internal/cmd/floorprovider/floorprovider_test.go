package main

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// servers are both modes, each behind the protocol as Terraform sees it.
func servers(t *testing.T) map[string]tfprotov6.ProviderServer {
	t.Helper()
	framework, err := providerserver.NewProtocol6WithError(newFrameworkProvider())()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]tfprotov6.ProviderServer{"framework": framework, "protocol": protocolServer{}}
}

// object is a floor_customer_mapping with these values over the configuration's.
func object(t *testing.T, over map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	values := map[string]tftypes.Value{}
	for _, a := range attributes {
		values[a.name] = tftypes.NewValue(a.typ, nil)
	}
	values["integration_id"] = tftypes.NewValue(tftypes.String, "int-1")
	values["organization_id"] = tftypes.NewValue(tftypes.String, "org-00001")
	values["company_id"] = tftypes.NewValue(tftypes.Number, big.NewFloat(19300))
	values["agreement_id"] = tftypes.NewValue(tftypes.Number, big.NewFloat(4))
	for k, v := range over {
		values[k] = v
	}
	dv, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func null(t *testing.T) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func decode(t *testing.T, dv *tfprotov6.DynamicValue, diags []*tfprotov6.Diagnostic) map[string]tftypes.Value {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
	v, err := dv.Unmarshal(objectType)
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]tftypes.Value
	if err := v.As(&values); err != nil {
		t.Fatal(err)
	}
	return values
}

func TestSchema(t *testing.T) {
	for mode, s := range servers(t) {
		resp, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		got := resp.ResourceSchemas[resourceType]
		if got == nil || len(got.Block.Attributes) != 12 {
			t.Fatalf("%s: %s is %+v, want 12 attributes", mode, resourceType, got)
		}
		for _, a := range got.Block.Attributes {
			if a.Name == "sync_enabled" && (!a.Optional || !a.Computed || !a.Type.Is(tftypes.Bool)) {
				t.Errorf("%s: sync_enabled is %+v, want an optional and computed bool", mode, a)
			}
		}
	}
}

func TestPlanOfAnUnchangedObjectChangesNothing(t *testing.T) {
	state := object(t, map[string]tftypes.Value{
		"id":                 tftypes.NewValue(tftypes.String, "int-1/org-00001"),
		"sync_enabled":       tftypes.NewValue(tftypes.Bool, true),
		"company_identifier": tftypes.NewValue(tftypes.String, "C0001"),
		"company_name":       tftypes.NewValue(tftypes.String, "Company"),
		"company_deleted":    tftypes.NewValue(tftypes.Bool, false),
		"agreement_name":     tftypes.NewValue(tftypes.String, "Agreement"),
		"agreement_status":   tftypes.NewValue(tftypes.String, "Active"),
	})
	want := decode(t, state, nil)
	for mode, s := range servers(t) {
		resp, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: resourceType, PriorState: state, ProposedNewState: state, Config: object(t, nil),
		})
		if err != nil {
			t.Fatal(err)
		}
		got := decode(t, resp.PlannedState, resp.Diagnostics)
		for name, v := range want {
			if !got[name].Equal(v) {
				t.Errorf("%s: planned %s = %v, want %v", mode, name, got[name], v)
			}
		}
	}
}

func TestCreate(t *testing.T) {
	config := object(t, nil)
	for mode, s := range servers(t) {
		plan, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: resourceType, PriorState: null(t), ProposedNewState: config, Config: config,
		})
		if err != nil {
			t.Fatal(err)
		}
		planned := decode(t, plan.PlannedState, plan.Diagnostics)
		if planned["id"].IsKnown() || planned["agreement_status"].IsKnown() {
			t.Errorf("%s: planned id %v and agreement_status %v, want both unknown", mode, planned["id"], planned["agreement_status"])
		}
		if !planned["sync_enabled"].Equal(tftypes.NewValue(tftypes.Bool, true)) {
			t.Errorf("%s: planned sync_enabled = %v, want true", mode, planned["sync_enabled"])
		}
		applied, err := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
			TypeName: resourceType, PriorState: null(t), PlannedState: plan.PlannedState, Config: config,
		})
		if err != nil {
			t.Fatal(err)
		}
		state := decode(t, applied.NewState, applied.Diagnostics)
		if !state["id"].Equal(tftypes.NewValue(tftypes.String, "int-1/org-00001")) ||
			!state["company_name"].Equal(tftypes.NewValue(tftypes.String, "Company")) {
			t.Errorf("%s: state %v", mode, state)
		}
	}
}
