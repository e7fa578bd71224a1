# State of the mappings, with locking: S3 with a lock file here (OpenTofu 1.10 or later);
# any backend OpenTofu supports works the same way. To try the module on your machine first
# (e.g. against the simulator), leave this file out: the state is then local. The credentials come from the job's
# environment (e.g. an OIDC role), never from this file. If you encrypt the state with
# OpenTofu's state encryption, the hand-over still works: `tofu output` decrypts it.
terraform {
  backend "s3" {
    bucket       = "msp-terraform-state"
    key          = "connectwise/mappings.tfstate"
    region       = "eu-central-1"
    use_lockfile = true
  }
}
