data "connectwise_company" "acme" {
  identifier = "AcmeCorp"
}

data "connectwise_agreement" "managed" {
  company_id = data.connectwise_company.acme.id
  name       = "Managed Services - Acme Corp"
}

output "managed_agreement_status" {
  value = data.connectwise_agreement.managed.status
}
