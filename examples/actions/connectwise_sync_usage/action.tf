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

# Trigger style: sync whenever the usage input changes, as part of terraform apply.
resource "terraform_data" "usage" {
  input = sha1(jsonencode(local.usage))

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.connectwise_sync_usage.hourly]
    }
  }
}
