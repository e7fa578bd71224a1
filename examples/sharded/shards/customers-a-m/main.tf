# Shard customers-a-m: one root module and one state (backend.tf) per shard. Plan,
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

# The site's request budget (TF_VAR_... in the pipelines, the same in both workflows):
# ConnectWise throttles a site at about 1,000 requests a minute, for all its integrations
# together, so give this integration only what the others leave. Every job that may call
# the site at the same time takes a share: the mappings workflow's jobs share
# mappings_requests_per_minute, the sync's shards share the rest.
variable "site_requests_per_minute" {
  description = "Requests a minute this integration may make to the site, every job of both workflows together."
  type        = number
  default     = 600
}

variable "mappings_requests_per_minute" {
  description = "The mappings workflow's part of site_requests_per_minute, all its jobs that run at once together (plans and applies: batched reads, no writes)."
  type        = number
  default     = 100
}

variable "shards_at_once" {
  description = "How many sync jobs run at the same time (billing-sync.yml's max-parallel, one run at a time)."
  type        = number
  default     = 2

  validation {
    condition     = var.shards_at_once >= 1 && floor((var.site_requests_per_minute - var.mappings_requests_per_minute) / var.shards_at_once) >= 1
    error_message = "shards_at_once must be at least 1, and at most site_requests_per_minute - mappings_requests_per_minute."
  }
}

variable "mapping_jobs_at_once" {
  description = "How many mappings jobs run at the same time (mappings.yml: one plan and one apply, max-parallel 1 each)."
  type        = number
  default     = 2

  validation {
    condition     = var.mapping_jobs_at_once >= 1 && floor(var.mappings_requests_per_minute / var.mapping_jobs_at_once) >= 1
    error_message = "mapping_jobs_at_once must be at least 1, and at most mappings_requests_per_minute."
  }
}

variable "job" {
  description = "Which workflow runs this root, hence which share it takes: \"sync\" (billing-sync.yml, and a sync or preview you run yourself) or \"mappings\" (mappings.yml)."
  type        = string
  default     = "sync"

  validation {
    condition     = contains(["sync", "mappings"], var.job)
    error_message = "job must be \"sync\" or \"mappings\"."
  }
}

locals {
  requests_per_minute = (var.job == "mappings"
    ? floor(var.mappings_requests_per_minute / var.mapping_jobs_at_once)
    : floor((var.site_requests_per_minute - var.mappings_requests_per_minute) / var.shards_at_once)
  )
}

# Credentials from the job's environment (CONNECTWISE_SITE_URL, _COMPANY_ID, _PUBLIC_KEY,
# _PRIVATE_KEY, _CLIENT_ID), never from variables. The rate is this job's share, so that
# every job that may run at once stays within the site's budget together: with the
# defaults, (600 - 100) / 2 = 250 a minute for a sync job, 100 / 2 = 50 for a mappings job.
provider "connectwise" {
  requests_per_minute = local.requests_per_minute
}

locals {
  site = jsondecode(file("${path.module}/../../site.json"))
}

module "shard" {
  source = "../../shard"

  shard       = "customers-a-m"
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
