# The usage push. Each action writes a JSON run report next to the configuration (the
# working directory of the job), which the pipelines keep as an artifact.

# Every hour: conflicts fail the job (someone must keep one addition); a customer without
# usage is a warning, as vendors report new organizations with a delay.
action "connectwise_sync_usage" "hourly" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    fail_on     = ["conflict", "failed"]
    report_path = "sync-report.json"
  }
}

# On the 1st, before invoices are generated: the final numbers of the previous month, and
# nothing may be left out.
action "connectwise_sync_usage" "month_end" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    fail_on     = ["conflict", "skipped", "failed"]
    report_path = "month-end-report.json"
  }
}

# What the next sync would do, written nowhere: run after the mappings are applied.
action "connectwise_sync_usage" "preview" {
  config {
    customers   = local.customers
    products    = local.products
    usage       = local.usage
    dry_run     = true
    report_path = "preview-report.json"
  }
}
