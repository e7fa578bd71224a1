# This shard's state, with locking: one key per shard in one bucket, so every shard plans,
# applies and syncs on its own, and the guard of every other shard finds it by name (the
# module's state setting in main.tf). Leave this file out to try the shards on one machine
# (the state is then local): set the module's state to the local backend as its
# description says.
terraform {
  backend "s3" {
    bucket       = "msp-terraform-state"
    key          = "connectwise/shards/customers-n-z.tfstate"
    region       = "eu-central-1"
    use_lockfile = true
  }
}
