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

locals {
  # The attributes the sync reads: the action's customers and products inputs take these
  # and ignore the rest. Only these go out: the others (agreement_status, company_name, ...)
  # change when a plan refreshes them, and an output that changes makes a plan non-empty.
  sync_customer_attributes = [
    "integration_id", "organization_id", "organization_name", "company_id", "agreement_id", "sync_enabled", "billing_cycle",
  ]
  sync_product_attributes = [
    "integration_id", "vendor_sku", "catalog_item_id", "catalog_item_identifier", "unit_price", "unit_cost",
    "less_included", "bill_customer", "taxable", "currency", "invoice_description", "integration_defaults",
  ]
}

# On OpenTofu, which has no actions (delete sync.tf there): what the sync bills, handed to the
# sync module of examples/pipelines/opentofu, which Terraform >= 1.14 runs beside it:
#   tofu output -json sync_mappings > sync/mappings.json
# Sensitive only to keep the whole list out of every plan and apply log.
output "sync_mappings" {
  sensitive = true
  value = {
    customers = [for c in local.customers : { for a in local.sync_customer_attributes : a => c[a] }]
    products  = [for p in local.products : { for a in local.sync_product_attributes : a => p[a] }]
  }
}
