resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"
}

data "connectwise_company" "acme" {
  identifier = "AcmeCorp"
}

data "connectwise_agreement" "acme" {
  company_id = data.connectwise_company.acme.id
  name       = "Managed Services - Acme Corp"
}

# Bill the vendor organization org-1001 on Acme's managed services agreement.
resource "connectwise_customer_mapping" "acme" {
  integration_id    = connectwise_integration.nordlayer.id
  organization_id   = "org-1001"
  organization_name = "Acme Corp"
  company_id        = data.connectwise_company.acme.id
  agreement_id      = data.connectwise_agreement.acme.id
  sync_enabled      = true
}
