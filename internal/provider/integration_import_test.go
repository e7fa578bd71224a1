package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Terraform 1.12+ imports by identity; the CLI on PATH (1.11) skips this test.
func TestAccIntegrationImportByIdentity(t *testing.T) {
	clearProviderEnv(t)
	_, provider := startSimulator(t, simulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: provider + integrationHCL(``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(integrationAddress, map[string]knownvalue.Check{"name": knownvalue.StringExact("NordLayer")}),
				},
			},
			{
				Config:          provider + integrationHCL(``),
				ResourceName:    integrationAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
