# Terraform 1.12 and later can import by identity.
import {
  to = connectwise_product_mapping.licence
  identity = {
    integration_id  = "NordLayer"
    vendor_sku      = "core-license"
    catalog_item_id = 301
  }
}
