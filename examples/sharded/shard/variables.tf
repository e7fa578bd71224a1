# Everything a shard differs in comes in through these variables; the shard roots read them
# from reviewed files (customers.json per shard, ../site.json for the whole site).

variable "shard" {
  description = "This shard's name, as the other shards and the guard call it (e.g. \"customers-a-m\"); also its state's name."
  type        = string
}

variable "shards" {
  description = "The shards of the site whose states exist (applied at least once); this one may be among them. The guard reads the state of each other one: a shard left out is never checked against, and one listed before its first apply stops every other shard's plan (\"Unable to find remote state\"). So a new shard joins the list after its first apply."
  type        = list(string)
}

variable "integration" {
  description = "The vendor integration's name (e.g. \"NordLayer\"): the same in every shard, so the guard and the sync see one integration."
  type        = string
}

variable "products" {
  description = "Vendor SKU => the existing catalog item it is billed as, for the whole site. By ID, so that the guard sees the catalog item in a pull request's plan, before anything is applied."
  type = map(object({
    catalog_item_id         = number
    catalog_item_identifier = optional(string)
  }))
}

variable "customers" {
  description = "This shard's customers: one entry per vendor organization, each organization and each agreement in exactly one shard of the site."
  type = list(object({
    organization_id   = string
    organization_name = optional(string)
    company_id        = number
    agreement_id      = number
    sync_enabled      = optional(bool, true)
    billing_cycle     = optional(string, "Monthly") # the mapping's default, so the guard's copy matches the state's
  }))
}

variable "usage" {
  description = "Organization ID => SKU => quantity, the vendor export. The whole site's export will do: a shard bills only the organizations it maps."
  type        = map(map(number))
}

variable "state" {
  description = <<-EOT
    Where the shards keep their states, for the guard to read the other shards' mappings:
    the backend type of their backend.tf and its settings, with {shard} standing for a
    shard's name, e.g. { backend = "s3", config = { bucket = "msp-terraform-state",
    key = "connectwise/shards/{shard}.tfstate", region = "eu-central-1" } }. To try the
    shards on one machine without backend.tf: { backend = "local", config = { path =
    "../{shard}/terraform.tfstate" } }.
  EOT
  type = object({
    backend = string
    config  = map(string)
  })
}
