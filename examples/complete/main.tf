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

# The "Import companies" step: active clients, and their active managed services agreements.
data "connectwise_companies" "clients" {
  types    = ["Client"]
  statuses = ["Active"]
}

data "connectwise_agreements" "managed" {
  types = ["Managed Services"]
}

locals {
  # Which vendor organization each ConnectWise company is (exported from the vendor console).
  organization_of = jsondecode(file("${path.module}/organizations.json"))
  # First active managed services agreement of each company.
  agreement_of = { for a in data.connectwise_agreements.managed.agreements : tostring(a.company_id) => a.id... }
  usage        = jsondecode(file("${path.module}/usage.json"))
  products     = [connectwise_product_mapping.licence, connectwise_product_mapping.server]
}

resource "connectwise_customer_mapping" "all" {
  for_each = {
    for c in data.connectwise_companies.clients.companies : local.organization_of[c.identifier] => c
    if contains(keys(local.organization_of), c.identifier) && contains(keys(local.agreement_of), tostring(c.id))
  }

  integration_id    = connectwise_integration.nordlayer.id
  organization_id   = each.key
  organization_name = each.value.name
  company_id        = each.value.id
  agreement_id      = local.agreement_of[tostring(each.value.id)][0]
}

output "mapped_customers" {
  value = { for org, m in connectwise_customer_mapping.all : org => "${m.company_name} / ${m.agreement_name}" }
}
