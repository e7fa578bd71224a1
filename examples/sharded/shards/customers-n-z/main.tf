# Shard customers-n-z: one root module and one state (backend.tf) per shard. Plan,
# apply and sync it from this directory; ../../github-actions runs every shard in a matrix.
# To add a shard, copy this directory with its own name, backend.tf key and an empty
# customers.json ([]), apply it once, then add its name to ../../site.json (before its
# first apply the other shards' guards could not read its state).
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# The site's request budget, shared by the shards that run at once (TF_VAR_... in the
# pipelines): ConnectWise throttles a site at about 1,000 requests a minute, for all its
# integrations together, so give this integration only what the others leave.
variable "site_requests_per_minute" {
  description = "Requests a minute this integration may make to the site, all shards together."
  type        = number
  default     = 600
}

variable "shards_at_once" {
  description = "How many shards run at the same time (the sync matrix's max-parallel)."
  type        = number
  default     = 2

  validation {
    condition     = var.shards_at_once >= 1 && floor(var.site_requests_per_minute / var.shards_at_once) >= 1
    error_message = "shards_at_once must be at least 1, and at most site_requests_per_minute."
  }
}

# Credentials from the job's environment (CONNECTWISE_SITE_URL, _COMPANY_ID, _PUBLIC_KEY,
# _PRIVATE_KEY, _CLIENT_ID), never from variables. The rate is this shard's share, so
# that the shards running at once stay within the site's budget together.
provider "connectwise" {
  requests_per_minute = floor(var.site_requests_per_minute / var.shards_at_once)
}

locals {
  site = jsondecode(file("${path.module}/../../site.json"))
}

module "shard" {
  source = "../../shard"

  shard       = "customers-n-z"
  shards      = local.site.shards
  integration = local.site.integration
  products    = local.site.products
  customers   = jsondecode(file("${path.module}/customers.json")) # reviewed in pull requests
  usage       = jsondecode(file("${path.module}/usage.json"))     # written by the export step
  # The states of backend.tf, for the guard: {shard} stands for each shard's name.
  state = {
    backend = "s3"
    config  = { bucket = "msp-terraform-state", key = "connectwise/shards/{shard}.tfstate", region = "eu-central-1" }
  }
}

# Read by the other shards' guards from this shard's state: keep the name.
output "sync_mappings" {
  sensitive = true
  value     = module.shard.sync_mappings
}

output "customer_count" {
  value = module.shard.customer_count
}
