# The module every shard instantiates (../shards/<name>/main.tf). A shard is one Terraform
# state holding its share of the site's customer mappings, so that plans, applies and syncs
# of tens of thousands of customers stay small, and run side by side within the site's
# request budget. The guide "Many customers: sharding and the site's request budget" says
# how to split them.
terraform {
  required_providers {
    connectwise = {
      source = "mspkit/connectwise"
    }
  }
}
