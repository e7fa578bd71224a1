# A product mapping is imported as <integration>/<vendor SKU>/<catalog item ID>. An item
# this provider created is recognised by its integrationXRef and imported as created.
terraform import connectwise_product_mapping.licence NordLayer/core-license/301
