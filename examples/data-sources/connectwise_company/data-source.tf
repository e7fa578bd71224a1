data "connectwise_company" "acme" {
  identifier = "AcmeCorp"
}

output "acme_company_id" {
  value = data.connectwise_company.acme.id
}
