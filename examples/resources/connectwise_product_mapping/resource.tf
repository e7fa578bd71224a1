resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"

  catalog_defaults = {
    subcategory  = "SaaS Licences"
    product_type = "Non-Inventory"
  }
}

# Adopt an existing catalog item: destroying the mapping leaves the item alone.
resource "connectwise_product_mapping" "licence" {
  integration_id          = connectwise_integration.nordlayer.id
  vendor_sku              = "core-license"
  catalog_item_identifier = "NL-CORE-USER"

  # Fields the sync owns on each addition (unset fields are left as people set them).
  unit_price = 9
  currency   = "USD" # never written to an agreement in another currency

  # What the customer reads on the invoice (default: the item's customer description).
  invoice_description = "NordLayer Core, per user per month"
}

# Create a catalog item: destroying the mapping marks it inactive (invoices may use it).
resource "connectwise_product_mapping" "server" {
  integration_id       = connectwise_integration.nordlayer.id
  integration_defaults = connectwise_integration.nordlayer.defaults
  vendor_sku           = "dedicated-server"

  create_catalog_item = {
    identifier      = "NL-SERVER"
    description     = "NordLayer dedicated server"
    price           = 55
    cost            = 40
    unit_of_measure = "Server"
  }
}
