# Every customer mapping the sync and the reconciliation bill. When you import companies
# (customers.tfquery.hcl), add the new mappings here: a mapping left out of this list is
# never billed.
locals {
  customers = [
    connectwise_customer_mapping.customers_0,
    connectwise_customer_mapping.customers_1,
    connectwise_customer_mapping.customers_2,
    connectwise_customer_mapping.customers_3,
    connectwise_customer_mapping.customers_4,
    connectwise_customer_mapping.customers_5,
    connectwise_customer_mapping.customers_7,
    connectwise_customer_mapping.customers_8,
    connectwise_customer_mapping.customers_9,
  ]
}
