variable "customers" {
  description = "values(connectwise_customer_mapping.all) in a real configuration."
  type = list(object({
    organization_id = string
    company_id      = number
    agreement_id    = number
  }))
}

variable "products" {
  description = "values(connectwise_product_mapping.all) in a real configuration."
  type = list(object({
    integration_id  = string
    vendor_sku      = string
    catalog_item_id = number
  }))
}

# What ConnectWise bills next to what the vendor reports, and the change the sync would make.
data "connectwise_billing_reconciliation" "now" {
  customers = var.customers
  products  = var.products
  usage     = jsondecode(file("${path.module}/usage.json"))
}

# Every pending change becomes a plan warning naming the customer and SKU. The data source
# stays at the top level: nested in the check, Terraform would re-read it during apply and
# `terraform plan -detailed-exitcode` would never report an empty plan.
check "billing_matches_usage" {
  assert {
    condition = data.connectwise_billing_reconciliation.now.in_sync
    error_message = join("\n", [
      for l in data.connectwise_billing_reconciliation.now.lines :
      "${l.organization_id} (${coalesce(l.company_name, "?")}) ${l.sku}: ${l.reason}"
      if contains(["create", "update", "conflict"], l.change)
    ])
  }
}
