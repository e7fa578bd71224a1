# A customer mapping is imported as <integration>/<organization ID>/<agreement ID>; the
# company is read from the agreement.
terraform import connectwise_customer_mapping.acme NordLayer/org-1001/701
