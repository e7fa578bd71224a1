# A complete NordLayer-style billing integration. Credentials come from the environment:
# CONNECTWISE_SITE_URL, CONNECTWISE_COMPANY_ID, CONNECTWISE_PUBLIC_KEY,
# CONNECTWISE_PRIVATE_KEY and CONNECTWISE_CLIENT_ID.
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

provider "connectwise" {}

resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"

  catalog_defaults = {
    subcategory     = "SaaS Licences"
    product_type    = "Non-Inventory"
    unit_of_measure = "User"
  }
  bill_customer = "Billable"
}

# Licences: adopt the catalog item the MSP already sells.
resource "connectwise_product_mapping" "licence" {
  integration_id          = connectwise_integration.nordlayer.id
  vendor_sku              = "core-license"
  catalog_item_identifier = "NL-CORE-USER"
}

# Servers: create a catalog item for them (marked inactive if the mapping is destroyed).
resource "connectwise_product_mapping" "server" {
  integration_id       = connectwise_integration.nordlayer.id
  integration_defaults = connectwise_integration.nordlayer.defaults
  vendor_sku           = "dedicated-server"

  create_catalog_item = {
    identifier      = "NORDLAYER-SERVER"
    description     = "NordLayer dedicated server"
    price           = 55
    cost            = 40
    unit_of_measure = "Server"
  }
}

# The customer mappings are static, reviewed configuration: mappings.tf, written by the
# "Import companies" step (customers.tfquery.hcl, `terraform query`), and customers.tf, the
# list the sync and the reconciliation bill. A company or agreement added in ConnectWise is
# not picked up until a person runs the query again; an agreement cancelled there makes
# every plan warn about that customer, and never unmaps it.
locals {
  usage    = jsondecode(file("${path.module}/usage.json"))
  products = [connectwise_product_mapping.licence, connectwise_product_mapping.server]
}

output "mapped_customers" {
  value = { for m in local.customers : m.organization_id => "${m.company_name} / ${m.agreement_name}" }
}
