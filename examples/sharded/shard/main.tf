# The mappings of one shard. Creating, changing or destroying any of them writes nothing to
# ConnectWise: they live in this shard's state, and the sync (sync.tf) bills what they say.

# The same integration in every shard: its ID is its name, so every shard's mappings and
# additions belong to one integration. Every product adopts an existing catalog item, so
# the API member needs no right to create catalog items.
resource "connectwise_integration" "this" {
  name             = var.integration
  creates_products = false
}

# Every shard maps every SKU of the site: a customer may use any of them.
resource "connectwise_product_mapping" "all" {
  for_each = var.products

  integration_id  = connectwise_integration.this.id
  vendor_sku      = each.key
  catalog_item_id = each.value.catalog_item_id
}

# Keyed by organization ID, so that a customer keeps its address when others are added or
# moved away, and a move between shards is one key out of one state and into another
# (import ID <integration>/<organization_id>/<agreement_id>). An organization listed twice
# in customers.json stops the plan (duplicate key).
resource "connectwise_customer_mapping" "all" {
  for_each = { for c in var.customers : c.organization_id => c }

  integration_id    = connectwise_integration.this.id
  organization_id   = each.key
  organization_name = each.value.organization_name
  company_id        = each.value.company_id
  agreement_id      = each.value.agreement_id
  sync_enabled      = each.value.sync_enabled
  billing_cycle     = each.value.billing_cycle
}

locals {
  customers = values(connectwise_customer_mapping.all)
  products  = values(connectwise_product_mapping.all)

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

  # The same lists as the configuration says them, every value known while planning: what
  # this shard is about to bill, for the guard (guard.tf) to check in a pull request's plan
  # before anything is applied.
  planned_mappings = {
    customers = [for c in var.customers : merge(c, { integration_id = var.integration })]
    products = [for sku, p in var.products : {
      integration_id          = var.integration
      vendor_sku              = sku
      catalog_item_id         = p.catalog_item_id
      catalog_item_identifier = p.catalog_item_identifier
    }]
  }
}
