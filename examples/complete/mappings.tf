# The customer mappings, as `terraform query -generate-config-out=mappings.tf` wrote them
# from customers.tfquery.hcl, after review: customers_6 (Northwind's second managed services
# agreement, 717) was deleted, and so were the import blocks once applied (they need
# Terraform 1.12; on an older Terraform the first apply creates these mappings instead).
# Static on purpose: nothing in ConnectWise adds or removes a mapping by itself.

resource "connectwise_customer_mapping" "customers_0" {
  provider          = connectwise
  agreement_id      = 719
  billing_cycle     = "Monthly"
  company_id        = 19311
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1003"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_1" {
  provider          = connectwise
  agreement_id      = 701
  billing_cycle     = "Monthly"
  company_id        = 19300
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1001"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_2" {
  provider          = connectwise
  agreement_id      = 727
  billing_cycle     = "Monthly"
  company_id        = 19318
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1005"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_3" {
  provider          = connectwise
  agreement_id      = 735
  billing_cycle     = "Monthly"
  company_id        = 19329
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1008"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_4" {
  provider          = connectwise
  agreement_id      = 738
  billing_cycle     = "Monthly"
  company_id        = 19331
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1009"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_5" {
  provider          = connectwise
  agreement_id      = 716
  billing_cycle     = "Monthly"
  company_id        = 19310
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1002"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_7" {
  provider          = connectwise
  agreement_id      = 733
  billing_cycle     = "Monthly"
  company_id        = 19327
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1007"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_8" {
  provider          = connectwise
  agreement_id      = 720
  billing_cycle     = "Monthly"
  company_id        = 19313
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1004"
  organization_name = null
  sync_enabled      = true
}

resource "connectwise_customer_mapping" "customers_9" {
  provider          = connectwise
  agreement_id      = 731
  billing_cycle     = "Monthly"
  company_id        = 19325
  integration_id    = "NordLayer"
  organization_id   = "nl-org-1006"
  organization_name = null
  sync_enabled      = true
}
