# One vendor's integration: checks the API member's security role and holds the defaults
# that product mappings and the sync use.
resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"

  catalog_defaults = {
    subcategory     = "SaaS Licences"
    product_type    = "Non-Inventory"
    unit_of_measure = "User"
  }

  bill_customer = "Billable"
  taxable       = false
}
