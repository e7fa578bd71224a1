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

# The hand-over to the sync (../sync, Terraform >= 1.14): the mappings as this module last
# applied them, with every attribute the sync reads, so the sync bills exactly the customers
# and products in this state, with every setting they carry. The sync job writes them next
# to the sync module:
#   tofu -chdir=mappings output -json sync_mappings > sync/mappings.json
# A mapping that is in customers.json but not applied yet is not in the output, so it is
# not billed until `tofu apply` has created it.
# Sensitive only to keep the whole list out of every plan and apply log: `output -json`
# prints it.
output "sync_mappings" {
  sensitive = true
  value = {
    customers = [for c in local.customers : { for a in local.sync_customer_attributes : a => c[a] }]
    products  = [for p in local.products : { for a in local.sync_product_attributes : a => p[a] }]
  }
}
