# Terraform 1.12 and later can import by identity.
import {
  to = connectwise_integration.nordlayer
  identity = {
    name = "NordLayer"
  }
}
