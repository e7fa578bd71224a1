package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// TestIntegrationUnderRoleVariants creates connectwise_integration with an all-All role
// under every spelling of /system/mySecurity a site may use (simulator variant
// security-ids), and with a role at My under both meanings of My (level-my). A guess
// about the listing never blocks: at most it warns, and the real calls decide.
func TestIntegrationUnderRoleVariants(t *testing.T) {
	clearProviderEnv(t)
	my := simulator.Levels{Inquire: "My", Add: "My", Edit: "My", Delete: "My"}
	myRole := simulator.Role{"Companies/Company Maintenance": my, "Finance/Agreements": my,
		"Procurement/Product Catalog": my, "System/Table Setup": my}
	cases := []struct {
		variant, value string
		role           simulator.Role
		warns          bool
	}{
		{"security-ids", "camel", simulator.FullRole(), false},
		{"security-ids", "underscored", simulator.FullRole(), false},
		{"security-ids", "names-only", simulator.FullRole(), false},
		{"security-ids", "absent", simulator.FullRole(), true},
		{"level-my", "grants", myRole, true},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.variant+"="+tc.value] = true
		t.Run(tc.variant+"="+tc.value, func(t *testing.T) {
			opts := simulator.Options{Role: tc.role}
			if err := opts.Variants.ParseVariant(tc.variant + "=" + tc.value); err != nil {
				t.Fatal(err)
			}
			srv := simulator.StartTest(t, opts)
			p := newProtocolResource(t, srv, "connectwise_integration")
			config := map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "NordLayer")}
			plan := p.planCreate(config)
			failOnErrors(t, plan.Diagnostics)
			applied := p.applyCreate(config, plan.PlannedState)
			failOnErrors(t, applied.Diagnostics)
			if got := attrOf(t, p.stateValue(applied.NewState), "id"); !got.Equal(tftypes.NewValue(tftypes.String, "NordLayer")) {
				t.Errorf("id = %v", got)
			}
			warnings := diagnosticsOf(append(plan.Diagnostics, applied.Diagnostics...), tfprotov6.DiagnosticSeverityWarning)
			if (len(warnings) > 0) != tc.warns {
				t.Errorf("warnings %v, want some: %v", warnings, tc.warns)
			}
			for _, w := range warnings {
				if !strings.Contains(w.Summary, "could not be fully confirmed") {
					t.Errorf("unexpected warning %q: %s", w.Summary, w.Detail)
				}
			}
		})
	}
	for _, d := range simulator.VariantDefs() {
		for _, v := range d.Values {
			if d.Name == simulator.VariantSecurityIDs && !covered[d.Name.String()+"="+v] {
				t.Errorf("security-ids=%s is not tested", v)
			}
		}
	}
}

// applyCreate applies a planned creation.
func (p *protocolResource) applyCreate(config map[string]tftypes.Value, planned *tfprotov6.DynamicValue) *tfprotov6.ApplyResourceChangeResponse {
	p.t.Helper()
	cfg := dynamicValue(p.t, p.schema, config)
	prior, err := tfprotov6.NewDynamicValue(p.schema.ValueType(), tftypes.NewValue(p.schema.ValueType(), nil))
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := p.server.ApplyResourceChange(p.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: p.typeName, PriorState: &prior, PlannedState: planned, Config: cfg,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}
