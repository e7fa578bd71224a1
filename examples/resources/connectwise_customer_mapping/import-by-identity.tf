# Terraform 1.12 and later can import by identity.
import {
  to = connectwise_customer_mapping.acme
  identity = {
    integration_id  = "NordLayer"
    organization_id = "org-1001"
    agreement_id    = 701
  }
}
