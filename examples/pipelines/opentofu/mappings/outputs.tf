# The hand-over to the sync (../sync, Terraform >= 1.14): the mappings as this module last
# applied them, whole, so the sync bills exactly the customers and products in this state,
# with every setting they carry. The sync job writes them next to the sync module:
#   tofu -chdir=mappings output -json sync_mappings > sync/mappings.json
# A mapping that is in customers.json but not applied yet is not in the output, so it is
# not billed until `tofu apply` has created it.
# Sensitive only to keep the whole list out of every plan and apply log: `output -json`
# prints it.
output "sync_mappings" {
  sensitive = true
  value = {
    customers = local.customers
    products  = local.products
  }
}
