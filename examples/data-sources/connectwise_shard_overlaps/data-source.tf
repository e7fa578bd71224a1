# One shard (here "eu") of a billing setup split across Terraform states, each running
# connectwise_sync_usage with its own mappings.

# What this shard's sync runs with, published for the other shards' guards. In a real
# configuration: values(connectwise_customer_mapping.all) and
# values(connectwise_product_mapping.all), as examples/complete builds them.
locals {
  sync_mappings = {
    customers = [
      { integration_id = "NordLayer", organization_id = "org-17", company_id = 250, agreement_id = 40017 },
      { integration_id = "NordLayer", organization_id = "org-18", company_id = 251, agreement_id = 40018 },
    ]
    products = [
      { integration_id = "NordLayer", vendor_sku = "core-license", catalog_item_id = 501 },
    ]
  }
}

output "sync_mappings" {
  sensitive = true
  value     = local.sync_mappings
}

# Another shard's mappings, from its state (read it from the backend it uses).
data "terraform_remote_state" "us" {
  backend = "local"
  config = {
    path = "${path.module}/../us/terraform.tfstate"
  }
}

# Each overlap is a plan warning and an element of `overlaps`; the plan still succeeds, so
# one shard's mistake never stops every shard's billing. To stop this shard's plan instead,
# add to this block:
#   lifecycle {
#     postcondition {
#       condition     = length(self.overlaps) == 0
#       error_message = join("\n", self.overlaps[*].reason)
#     }
#   }
data "connectwise_shard_overlaps" "all" {
  shards = {
    eu = local.sync_mappings
    us = data.terraform_remote_state.us.outputs.sync_mappings
  }
}

# Or report them in a check block, which HCP Terraform's health checks also run.
check "billed_from_one_shard" {
  assert {
    condition     = length(data.connectwise_shard_overlaps.all.overlaps) == 0
    error_message = join("\n", data.connectwise_shard_overlaps.all.overlaps[*].reason)
  }
}
