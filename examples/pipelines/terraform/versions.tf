# The root module the pipelines in ../github-actions and ../gitlab-ci run. Copy it to
# terraform/ in your repository, with the backend.tf of your CI next to it. The mappings
# and the sync action live in one module, with one state: `-invoke` reads the mappings'
# attributes from that state (a job without it fails with "Partially applied
# configuration ... contains unknown values").
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# Actions (connectwise_sync_usage) need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14.0"
}

# Every setting from the job's environment: CONNECTWISE_SITE_URL, CONNECTWISE_COMPANY_ID,
# CONNECTWISE_PUBLIC_KEY, CONNECTWISE_PRIVATE_KEY and CONNECTWISE_CLIENT_ID, stored as CI
# secrets. Never through Terraform variables: saved plans hold variable values in cleartext.
provider "connectwise" {}
