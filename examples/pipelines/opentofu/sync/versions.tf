# The usage push for a mappings module that OpenTofu applies (../mappings): OpenTofu has no
# actions, so this root module, run by Terraform >= 1.14, holds them. It manages nothing:
# it bills the mappings that ../mappings applied, which the job writes here just before
# each run:
#   tofu -chdir=mappings output -json sync_mappings > sync/mappings.json
# and the usage export, usage.json. The actions' JSON reports are written next to them.
#
# No backend: the module has no resources, so its state holds nothing to keep (the local
# default is thrown away with the job). Two runs at once still bill each customer once
# (the sync reads back what it created and ends a duplicate); the workflow's concurrency
# group keeps them apart anyway.
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# Actions (connectwise_sync_usage) need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14.0"
}

# The same CONNECTWISE_* settings as the mappings job, from CI secrets.
provider "connectwise" {}
