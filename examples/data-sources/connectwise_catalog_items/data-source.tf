# Browse the catalog before choosing which items to adopt.
data "connectwise_catalog_items" "nordlayer" {
  identifier_contains = "NL-"
}

output "nordlayer_items" {
  value = { for i in data.connectwise_catalog_items.nordlayer.items : i.identifier => i.description }
}
