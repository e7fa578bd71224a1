# The usage push (Terraform 1.14 or later; delete this file on older Terraform and on
# OpenTofu, which has no actions: there the sync is examples/pipelines/opentofu/sync, fed by
# the output sync_mappings of main.tf).
#   terraform apply -invoke=action.connectwise_sync_usage.preview   # dry run, writes nothing
#   terraform apply -invoke=action.connectwise_sync_usage.hourly    # from the hourly pipeline
action "connectwise_sync_usage" "hourly" {
  config {
    customers = local.customers
    products  = local.products
    usage     = local.usage
  }
}

action "connectwise_sync_usage" "preview" {
  config {
    customers = local.customers
    products  = local.products
    usage     = local.usage
    dry_run   = true
  }
}
