# customers.tfquery.hcl, next to your configuration. On Terraform 1.14 and later:
#   terraform query                                          # review the candidates
#   terraform query -generate-config-out=mappings.tf         # write them as resource and import blocks
# Delete the blocks that do not apply (a company with several agreements has one candidate
# each, named "agreement 1 of 2 ..."), commit mappings.tf, and `terraform apply` imports
# the rest. The mappings are static from then on.
list "connectwise_customer_mapping" "customers" {
  provider         = connectwise
  include_resource = true # needed by -generate-config-out
  limit            = 10000 # Terraform's default is 100: set it above the companies you map

  config {
    integration_id   = "NordLayer" # connectwise_integration.nordlayer.id
    company_types    = ["Client"]
    company_statuses = ["Active"]
    agreement_types  = ["Managed Services"]

    # Company identifier (or record ID) → the vendor's organization ID. Companies that are
    # not here are left out.
    organizations = {
      AcmeDental = "org-1001"
      "19302"    = "org-1002"
    }
  }
}
