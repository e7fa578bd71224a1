# State for the GitHub Actions pipelines: an HCP Terraform workspace in Local execution
# mode (Settings › General › Execution Mode: Local), so plans and syncs run on the GitHub
# runner and only the state, and its lock, live in HCP Terraform. The token comes from the
# TF_TOKEN_app_terraform_io environment variable (a repository secret).
#
# Any backend with locking works the same way, e.g. S3 with a lock file:
#   backend "s3" { bucket = "msp-terraform-state", key = "connectwise/billing.tfstate",
#                  region = "eu-central-1", use_lockfile = true }
# or azurerm (locks through a blob lease).
terraform {
  cloud {
    organization = "example-msp"
    workspaces {
      name = "connectwise-billing"
    }
  }
}
