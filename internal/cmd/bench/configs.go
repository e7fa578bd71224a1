package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The configurations a plan of N mappings is measured with. All of them map the same
// customers in the same layout (mappingBlocks) and reference an integration the way the
// mappings do, so that Terraform's own work for the for_each expression or the blocks and
// for the dependencies is the same in each: only the resource type differs.

// customersLocals is the customers map every configuration iterates over: one entry per
// mapping, keyed by organization ID, with the company and the agreement.
func customersLocals(mappings []mapping) string {
	var b strings.Builder
	b.WriteString("locals {\n  customers = {\n")
	for i, m := range mappings {
		fmt.Fprintf(&b, "    %q = { company_id = %d, agreement_id = %d }\n", customerKey(i), m.company, m.agreement)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// Layouts of the mappings in a configuration: layoutForEach iterates over the locals map
// (as the sync's configuration does); layoutStatic writes one block per mapping, as
// `terraform query -generate-config-out` writes them and examples/complete keeps them.
const (
	layoutForEach = "for_each"
	layoutStatic  = "static"
)

// forEachName is the mappings' resource in the for_each layout.
const forEachName = "all"

// customerKey is the i-th mapping's organization ID, its key in the customers map.
func customerKey(i int) string { return fmt.Sprintf("org-%05d", i) }

// blockName is the i-th mapping's resource name in the static layout.
func blockName(i int) string { return fmt.Sprintf("org_%05d", i) }

// mappingBlocks maps each of the customers with a resource of this type in the layout:
// body gives one mapping's arguments from expressions for its key, company and agreement.
func mappingBlocks(layout string, mappings []mapping, resourceType string, body func(key, company, agreement string) string) string {
	if layout == layoutForEach {
		return customersLocals(mappings) + fmt.Sprintf("\nresource %q %q {\n  for_each = local.customers\n", resourceType, forEachName) +
			body("each.key", "each.value.company_id", "each.value.agreement_id") + "}\n"
	}
	var b strings.Builder
	for i, m := range mappings {
		fmt.Fprintf(&b, "\nresource %q %q {\n", resourceType, blockName(i))
		b.WriteString(body(strconv.Quote(customerKey(i)), strconv.Itoa(m.company), strconv.Itoa(m.agreement)))
		b.WriteString("}\n")
	}
	return b.String()
}

// mappingArguments are a customer mapping's arguments (ours or the floor provider's, which
// share a schema), its integration_id taken from integration.
func mappingArguments(integration string) func(key, company, agreement string) string {
	return func(key, company, agreement string) string {
		return fmt.Sprintf("  integration_id  = %s\n  organization_id = %s\n  company_id      = %s\n  agreement_id    = %s\n",
			integration, key, company, agreement)
	}
}

// dataArguments stand for a mapping in the terraform_data baseline: the same values and the
// same reference to the integration.
func dataArguments(key, company, agreement string) string {
	return fmt.Sprintf("  input = [terraform_data.integration.output, %s, %s, %s]\n", key, company, agreement)
}

// ourMappings maps each of the customers with our provider.
func ourMappings(layout string, mappings []mapping) string {
	return mappingBlocks(layout, mappings, "connectwise_customer_mapping", mappingArguments("connectwise_integration.bench.id"))
}

// providerConfig is our provider's: an integration, a product mapping and the mappings.
func providerConfig(layout string, mappings []mapping, item int) string {
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

`, item) + ourMappings(layout, mappings)
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
func baselineConfig(layout string, mappings []mapping, item int) string {
	return dataHead(item) + mappingBlocks(layout, mappings, "terraform_data", dataArguments)
}

// floorConfig maps the customers with the floor provider (internal/cmd/floorprovider):
// the mappings' schema in a provider process that does no work.
func floorConfig(layout string, mappings []mapping, item int) string {
	return `terraform {
  required_providers {
    floor = { source = "mspkit/floor" }
  }
}

provider "floor" {}

` + dataHead(item) + mappingBlocks(layout, mappings, "floor_customer_mapping", mappingArguments("terraform_data.integration.output"))
}

func writeConfig(dir, text string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o600)
}
