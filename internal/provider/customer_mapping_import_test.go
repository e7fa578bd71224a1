package provider

import (
	"context"
	"fmt"
	"math/big"
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

// Import by identity needs Terraform 1.12; the CLI on PATH may be older, so
// TestCustomerMappingImportByIdentityProtocol covers the same path at the protocol level.
func TestAccCustomerMappingImportByIdentity(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	fx := insertMappingFixtures(t, srv)
	config := mappingConfig(provider, "org-acme", "", fx.acme, fx.managed, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(mappingResource, map[string]knownvalue.Check{
						"integration_id":  knownvalue.StringExact(mappingIntegr),
						"organization_id": knownvalue.StringExact("org-acme"),
						"agreement_id":    knownvalue.Int64Exact(int64(fx.managed)),
					}),
				},
			},
			{
				Config:          config,
				ResourceName:    mappingResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          config,
				ResourceName:    mappingResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   fmt.Sprintf("NordLayer/org-acme/%d", fx.managed),
			},
			{
				Config: config + fmt.Sprintf(`
import {
  to       = %[1]s.beta
  identity = { integration_id = %[2]q, organization_id = "org-beta", agreement_id = 1.5 }
}
resource %[1]q "beta" {
  integration_id  = %[2]q
  organization_id = "org-beta"
  company_id      = %[3]d
  agreement_id    = %[4]d
}
`, mappingType, mappingIntegr, fx.beta, fx.betaManaged),
				PlanOnly:    true,
				ExpectError: messagePattern("Invalid import identity", "identity agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."),
			},
		},
	})
}

func TestCustomerMappingImportByIdentityProtocol(t *testing.T) {
	ctx := context.Background()
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	idType := ids.IdentitySchemas[mappingType].ValueType()
	identity := func(org string, agreementID int) *tfprotov6.ResourceIdentityData {
		v := tftypes.NewValue(idType, map[string]tftypes.Value{
			"integration_id":  tftypes.NewValue(tftypes.String, mappingIntegr),
			"organization_id": tftypes.NewValue(tftypes.String, org),
			"agreement_id":    tftypes.NewValue(tftypes.Number, big.NewFloat(float64(agreementID))),
		})
		dv, err := tfprotov6.NewDynamicValue(idType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
	}

	resp, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: mappingType, Identity: identity("org-acme", fx.managed)})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, resp.Diagnostics)
	if len(resp.ImportedResources) != 1 {
		t.Fatalf("want one imported resource, got %d", len(resp.ImportedResources))
	}
	imported := mappingDecode(t, schemas.ResourceSchemas[mappingType], resp.ImportedResources[0].State)
	if got := mappingString(t, imported, "id"); got != "NordLayer/org-acme" {
		t.Errorf("id = %q", got)
	}
	var companyID big.Float
	if err := imported["company_id"].As(&companyID); err != nil || companyID.Cmp(big.NewFloat(float64(fx.acme))) != 0 {
		t.Errorf("company_id = %v (%v), want %d from the agreement", &companyID, err, fx.acme)
	}
	if got := mappingString(t, imported, "agreement_name"); got != "Managed Services" {
		t.Errorf("agreement_name = %q", got)
	}
	if resp.ImportedResources[0].Identity == nil {
		t.Error("the import returned no identity")
	}

	resp, err = server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: mappingType, Identity: identity("org/acme", fx.managed)})
	if err != nil {
		t.Fatal(err)
	}
	if !mappingHasError(resp.Diagnostics, `identity organization_id "org/acme" contains "/"`) {
		t.Errorf("an organization ID with / must be refused: %v", mappingDiagnostics(resp.Diagnostics))
	}
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("import wrote %d times", w)
	}
}

// An identity's agreement_id that is no agreement ID gets the provider's own error, not
// the framework's "always an error in the provider"; one stored while agreement_id was an
// Int64 (an int64 on the wire) still imports, and the identity written back is the same.
func TestCustomerMappingImportByBadIdentityProtocol(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	p := newProtocolResource(t, srv, mappingType)
	stored := map[string]tftypes.Value{
		"integration_id":  tftypes.NewValue(tftypes.String, mappingIntegr),
		"organization_id": tftypes.NewValue(tftypes.String, "org-acme"),
		"agreement_id":    tftypes.NewValue(tftypes.Number, int64(fx.managed)),
	}
	imported := p.importStoredIdentity(stored, "agreement_id")
	if got := mappingString(t, mappingDecode(t, p.schema, imported.State), "agreement_name"); got != "Managed Services" {
		t.Errorf("agreement_name = %q", got)
	}

	expectBadIdentitiesRefused(t, p, stored, "agreement_id", "a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012")
	if c := srv.Sim.Counters(); c.Writes != 0 {
		t.Errorf("import wrote to ConnectWise: %v", c.ByRoute)
	}
}

func TestParseCustomerMappingImportID(t *testing.T) {
	for _, tc := range []struct {
		in, integration, org string
		agreement            int64
		err                  string
	}{
		{in: "NordLayer/org-1/17", integration: "NordLayer", org: "org-1", agreement: 17},
		{in: "Check Point/SASE/3f2a-77/5", integration: "Check Point/SASE", org: "3f2a-77", agreement: 5},
		{in: "NordLayer/org-1", err: "use <integration_id>/<organization_id>/<agreement_id>"},
		{in: "NordLayer/org-1/x", err: `"x" is not an agreement ID`},
		{in: "NordLayer//17", err: "organization_id is blank: write the vendor's ID"},
		{in: "/org-1/17", err: "integration_id is blank: write the integration's name"},
		{in: "NordLayer/ /17", err: "organization_id is blank"},
		{in: "NordLayer/org-1/0", err: "agreement_id must be"},
	} {
		got, err := parseCustomerMappingImportID(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got.IntegrationID.ValueString() != tc.integration || got.OrganizationID.ValueString() != tc.org || numberInt64(got.AgreementID) != tc.agreement {
			t.Errorf("%q: got %v %v %v, %v", tc.in, got.IntegrationID, got.OrganizationID, got.AgreementID, err)
		}
	}
}
