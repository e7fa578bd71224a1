# The mappings: changed by pull request, applied on the default branch with `tofu apply`.
resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"

  catalog_defaults = {
    subcategory     = "SaaS Licences"
    product_type    = "Non-Inventory"
    unit_of_measure = "User"
  }
}

resource "connectwise_product_mapping" "licence" {
  integration_id          = connectwise_integration.nordlayer.id
  vendor_sku              = "core-license"
  catalog_item_identifier = "NL-CORE-USER"
}

resource "connectwise_product_mapping" "server" {
  integration_id          = connectwise_integration.nordlayer.id
  vendor_sku              = "dedicated-server"
  catalog_item_identifier = "NL-DEDICATED-SERVER"
}

# One customer mapping per vendor organization, reviewed in customers.json.
resource "connectwise_customer_mapping" "all" {
  for_each = jsondecode(file("${path.module}/customers.json"))

  integration_id    = connectwise_integration.nordlayer.id
  organization_id   = each.key
  organization_name = each.value.name
  company_id        = each.value.company_id
  agreement_id      = each.value.agreement_id
  sync_enabled      = each.value.sync_enabled
}

locals {
  # What the reconciliation checks and the sync (../sync) bills: outputs.tf hands the same
  # two lists over.
  customers = values(connectwise_customer_mapping.all)
  products  = [connectwise_product_mapping.licence, connectwise_product_mapping.server]
  # Written by the pipeline's export step just before OpenTofu runs, as for the sync.
  usage = jsondecode(file("${path.module}/usage.json"))
}
