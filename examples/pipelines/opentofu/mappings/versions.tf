# The mappings for OpenTofu: the integration, the product and customer mappings and the
# billing reconciliation, applied by OpenTofu (1.12 or later; Terraform 1.11 or later runs it
# too). OpenTofu has no actions, so the usage push is the root module in ../sync, which a
# Terraform >= 1.14 job runs on the mappings this module applied: the pipeline hands them
# over with
#   tofu -chdir=mappings output -json sync_mappings > sync/mappings.json
# (outputs.tf). Copy the directory with ../sync next to it; .github/workflows in
# ../github-actions run both.
#
# On OpenTofu a source without a host means registry.opentofu.org: "mspkit/connectwise" is
# registry.opentofu.org/mspkit/connectwise.
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# Every setting from the job's environment: CONNECTWISE_SITE_URL, CONNECTWISE_COMPANY_ID,
# CONNECTWISE_PUBLIC_KEY, CONNECTWISE_PRIVATE_KEY and CONNECTWISE_CLIENT_ID, stored as CI
# secrets. Never through variables: saved plans hold variable values in cleartext.
provider "connectwise" {}
