# What this shard bills, as its state holds it: the other shards' guards read it from this
# shard's state (terraform_remote_state), and `terraform output -json sync_mappings` hands
# it to anything else that needs it. A mapping merged in git but not applied yet is not in
# it. Sensitive only to keep thousands of customers out of every plan and apply log.
output "sync_mappings" {
  sensitive = true
  value = {
    customers = [for c in local.customers : { for a in local.sync_customer_attributes : a => c[a] }]
    products  = [for p in local.products : { for a in local.sync_product_attributes : a => p[a] }]
  }
}

# How many customers this shard maps and how many it bills: the figures the request budget
# is worked out from (the guide's "Each shard's share of the budget").
output "customer_count" {
  value = {
    mapped       = length(local.customers)
    sync_enabled = length([for c in local.customers : c if c.sync_enabled])
  }
}
