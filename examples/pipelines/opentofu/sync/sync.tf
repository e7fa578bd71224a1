locals {
  # The mappings as OpenTofu applied them (../mappings, output sync_mappings). No default:
  # without the file the run fails, it never bills a list of its own.
  mappings  = jsondecode(file("${path.module}/mappings.json"))
  customers = local.mappings.customers
  products  = local.mappings.products
  # The same export as the mappings job's; on the 1st (UTC) the previous month's final
  # numbers (see the guide "Billing sync from CI").
  usage = jsondecode(file("${path.module}/usage.json"))
}

# Every hour: conflicts fail the job; a customer without usage is a warning.
action "connectwise_sync_usage" "hourly" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    fail_on     = ["conflict", "failed"]
    report_path = "sync-report.json"
  }
}

# On the 1st, before invoices are generated: nothing may be left out.
action "connectwise_sync_usage" "month_end" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    fail_on     = ["conflict", "skipped", "failed"]
    report_path = "month-end-report.json"
  }
}

# What the next sync would do, written nowhere (the mappings' plan shows the same as
# reconciliation warnings).
action "connectwise_sync_usage" "preview" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    dry_run     = true
    report_path = "preview-report.json"
  }
}
