terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# The keys come from the environment: CONNECTWISE_PUBLIC_KEY and CONNECTWISE_PRIVATE_KEY
# (in CI, the pipeline's secrets). Do not pass them through Terraform variables: Terraform
# stores variable values in cleartext in saved plan files (terraform plan -out).
provider "connectwise" {
  site_url   = "https://api-na.myconnectwise.net"
  company_id = "mycompany"
  client_id  = "8c4ea1f3-0b1e-4a4c-9d6a-2b3c4d5e6f70"
}
