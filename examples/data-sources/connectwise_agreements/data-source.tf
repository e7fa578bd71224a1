data "connectwise_company" "acme" {
  identifier = "AcmeCorp"
}

# Active agreements of one company (statuses defaults to Active only).
data "connectwise_agreements" "acme" {
  company_id = data.connectwise_company.acme.id
  types      = ["Managed Services"]
}

output "acme_agreements" {
  value = { for a in data.connectwise_agreements.acme.agreements : a.name => a.id }
}
