package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The configurations a plan of N mappings is measured with. All of them map the same
// customers from the same locals block (customersLocals) and reference an integration the
// way the mappings do, so that Terraform's own work for the for_each expression and the
// dependencies is the same in each: only the resource type differs.

// customersLocals is the customers map every configuration iterates over: one entry per
// mapping, keyed by organization ID, with the company and the agreement.
func customersLocals(mappings []mapping) string {
	var b strings.Builder
	b.WriteString("locals {\n  customers = {\n")
	for i, m := range mappings {
		fmt.Fprintf(&b, "    \"org-%05d\" = { company_id = %d, agreement_id = %d }\n", i, m.company, m.agreement)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// mappingBlock maps each of the customers with a resource of this type (ours or the floor
// provider's, which share a schema), its integration_id taken from integration.
func mappingBlock(resourceType, integration string) string {
	return fmt.Sprintf(`
resource %q "all" {
  for_each        = local.customers
  integration_id  = %s
  organization_id = each.key
  company_id      = each.value.company_id
  agreement_id    = each.value.agreement_id
}
`, resourceType, integration)
}

// mappingsResource maps each of the customers with our provider.
var mappingsResource = mappingBlock("connectwise_customer_mapping", "connectwise_integration.bench.id")

// providerConfig is our provider's: an integration, a product mapping and the mappings.
func providerConfig(mappings []mapping, item int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    connectwise = { source = "mspkit/connectwise" }
  }
}

provider "connectwise" {}

resource "connectwise_integration" "bench" {
  name = "Bench"
}

resource "connectwise_product_mapping" "licence" {
  integration_id  = connectwise_integration.bench.id
  vendor_sku      = "core-license"
  catalog_item_id = %d
}

`, item) + customersLocals(mappings) + mappingsResource
}

// dataHead stands for the integration and the product mapping in the configurations that
// have no ConnectWise provider.
func dataHead(item int) string {
	return fmt.Sprintf(`resource "terraform_data" "integration" {
  input = "Bench"
}

resource "terraform_data" "product" {
  input = [terraform_data.integration.output, "core-license", %d]
}

`, item)
}

// baselineConfig is providerConfig with terraform_data in place of each resource: what
// Terraform alone costs for this configuration, with no provider process.
func baselineConfig(mappings []mapping, item int) string {
	return dataHead(item) + customersLocals(mappings) + `
resource "terraform_data" "all" {
  for_each = local.customers
  input    = [terraform_data.integration.output, each.key, each.value.company_id, each.value.agreement_id]
}
`
}

// floorConfig maps the customers with the floor provider (internal/cmd/floorprovider):
// the mappings' schema in a provider process that does no work.
func floorConfig(mappings []mapping, item int) string {
	return `terraform {
  required_providers {
    floor = { source = "mspkit/floor" }
  }
}

provider "floor" {}

` + dataHead(item) + customersLocals(mappings) + mappingBlock("floor_customer_mapping", "terraform_data.integration.output")
}

func writeConfig(dir, text string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o600)
}
