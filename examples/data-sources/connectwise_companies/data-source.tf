# Active clients, as a vendor console's "Import companies" screen filters them.
data "connectwise_companies" "clients" {
  types    = ["Client"]
  statuses = ["Active"]
}

output "client_identifiers" {
  value = [for c in data.connectwise_companies.clients.companies : c.identifier]
}
