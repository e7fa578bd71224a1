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

data "connectwise_agreement" "globex" {
  company_id = 19320
  name       = "Managed Services - Globex (billed quarterly)"
}

# Globex's agreement bills quarterly: the sync writes to it only because the mapping opts in.
# Each run then carries the agreement's quarter (final numbers on the quarter's first day after).
resource "connectwise_customer_mapping" "globex" {
  integration_id  = connectwise_integration.nordlayer.id
  organization_id = "org-1002"
  company_id      = 19320
  agreement_id    = data.connectwise_agreement.globex.id
  billing_cycle   = "Quarterly"
}
