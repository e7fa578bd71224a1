# The "Import companies" step of the vendor console, on Terraform 1.14 and later:
#
#   terraform query                                     # review the candidates
#   terraform query -generate-config-out=new-mappings.tf
#
# Each candidate is one (company, agreement) pair: a company with several active managed
# services agreements gives one candidate each, named "agreement 1 of 2 ...": delete the
# blocks (and import blocks) that do not apply, add the rest to customers.tf, commit, and
# `terraform apply` imports them. Companies not in organizations.json are left out. The
# query maps nothing by itself, and nothing it finds later changes the committed mappings.
#
# mappings.tf was written this way. To import companies later, rename the list block (e.g.
# "customers_2027") and narrow organizations to the new companies: the generated resources
# (customers_2027_0, ...) then do not collide with the committed ones.
list "connectwise_customer_mapping" "customers" {
  provider         = connectwise
  include_resource = true
  # Without limit Terraform lists at most 100 candidates; set it above the number of
  # companies you map, or the query warns how many it cut off.
  limit = 10000

  config {
    integration_id   = "NordLayer"
    company_types    = ["Client"]
    company_statuses = ["Active"]
    agreement_types  = ["Managed Services"]
    # Which vendor organization each ConnectWise company is (exported from the vendor console),
    # keyed by company identifier.
    organizations = jsondecode(file("organizations.json"))
  }
}
