# The usage push of this shard's customers (Terraform 1.14 or later). A shard root invokes
# them through the module, e.g.
#   terraform apply -invoke=module.shard.action.connectwise_sync_usage.hourly
# Each writes its JSON run report into the shard root (Terraform's working directory),
# which the pipeline keeps as an artifact. On Terraform older than 1.14, delete this file:
# the mappings and the guard work from Terraform 1.11.
terraform {
  required_version = ">= 1.14.0"
}

# Every hour: conflicts fail the job (someone must keep one addition); a customer without
# usage is a warning, as vendors report new organizations with a delay.
action "connectwise_sync_usage" "hourly" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = var.usage
    fail_on     = ["conflict", "failed"]
    report_path = "sync-report.json"
  }
}

# On the 1st, before invoices are generated: the final numbers of the previous month, and
# nothing may be left out. Every shard must have passed it before anyone invoices.
action "connectwise_sync_usage" "month_end" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = var.usage
    fail_on     = ["conflict", "skipped", "failed"]
    report_path = "month-end-report.json"
  }
}

# What the next sync of this shard would do, written nowhere: run after the mappings are
# applied, and after a customer moved in.
action "connectwise_sync_usage" "preview" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = var.usage
    dry_run     = true
    report_path = "preview-report.json"
  }
}
