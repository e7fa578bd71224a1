# Mappings live in code; the usage comes from the vendor (e.g. an export job writes usage.json).
resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"
}

resource "connectwise_product_mapping" "licence" {
  integration_id          = connectwise_integration.nordlayer.id
  vendor_sku              = "core-license"
  catalog_item_identifier = "NL-CORE-USER"
}

resource "connectwise_customer_mapping" "acme" {
  integration_id    = connectwise_integration.nordlayer.id
  organization_id   = "org-1001"
  organization_name = "Acme Corp"
  company_id        = 19300
  agreement_id      = 701
}

locals {
  usage = jsondecode(file("${path.module}/usage.json"))
}

# Pipeline style: run it every hour from CI with
#   terraform apply -invoke=action.connectwise_sync_usage.hourly
# and set dry_run = true in pull requests to see old → new without writing.
action "connectwise_sync_usage" "hourly" {
  config {
    customers = [connectwise_customer_mapping.acme]
    products  = [connectwise_product_mapping.licence]
    usage     = local.usage
  }
}

# Trigger style (Terraform 1.16 or later): sync whenever the usage changes, as part of
# terraform apply. A new usage hash replaces terraform_data.usage, whose creation runs the
# sync. If the sync fails (a customer could not be written), on_failure = taint marks the
# instance, so the next apply replaces it and runs the sync again until every customer is
# billed, even when the usage has not changed since.
#
# On Terraform 1.14 and 1.15, action_trigger has no on_failure, and a trigger on the usage
# hash alone is not re-run after a failure (the triggering resource is saved before the
# action runs). There, give terraform_data an input that changes while writes are pending:
#   pending = data.connectwise_billing_reconciliation.usage.pending_changes > 0 ? plantimestamp() : "none"
# (the action's page, "Running it"). Keep the scheduled -invoke as well on every version:
# a trigger runs only when someone applies.
resource "terraform_data" "usage" {
  triggers_replace = sha1(jsonencode(local.usage))

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.connectwise_sync_usage.hourly]
      on_failure = taint
    }
  }
}
