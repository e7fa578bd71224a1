terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}

# Credentials usually come from the environment in CI:
#   CONNECTWISE_SITE_URL, CONNECTWISE_COMPANY_ID, CONNECTWISE_PUBLIC_KEY,
#   CONNECTWISE_PRIVATE_KEY, CONNECTWISE_CLIENT_ID
provider "connectwise" {
  site_url    = "https://api-na.myconnectwise.net"
  company_id  = "mycompany"
  public_key  = var.connectwise_public_key
  private_key = var.connectwise_private_key
  client_id   = "8c4ea1f3-0b1e-4a4c-9d6a-2b3c4d5e6f70"
}

variable "connectwise_public_key" {
  type = string
}

variable "connectwise_private_key" {
  type      = string
  sensitive = true
}
