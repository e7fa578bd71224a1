# Billing drift in every plan: each pending change or conflict becomes a warning naming the
# customer, the SKU and old → new.
data "connectwise_billing_reconciliation" "now" {
  customers = local.customers
  products  = local.products
  usage     = local.usage
}

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
