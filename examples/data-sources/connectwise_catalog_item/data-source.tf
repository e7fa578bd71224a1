# Look up an existing product to adopt in a product mapping.
data "connectwise_catalog_item" "licence" {
  identifier = "NL-CORE-USER"
}

output "licence_price" {
  value = data.connectwise_catalog_item.licence.price
}
