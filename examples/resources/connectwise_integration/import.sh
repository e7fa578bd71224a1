# An integration is imported by its name.
terraform import connectwise_integration.nordlayer NordLayer
