# The guard: each organization and each agreement in exactly one shard. Two shards that map
# one agreement both sync it; they write the same addition, so the customer is still billed
# once, but two shards now own one customer, and removing it from one of them no longer
# stops its billing. The guard finds that in the plan of the pull request that would cause
# it, before it is applied: this shard as its configuration says it, against every other
# shard as its state holds it.

# The other shards' mappings, as they last applied them. Every shard in var.shards must have
# a state: terraform_remote_state fails on a missing one ("Unable to find remote state"),
# whatever its defaults say. So a new shard is applied once before it joins site.json's
# shards; the defaults cover a shard applied by an older version of this module, without
# the output.
data "terraform_remote_state" "other" {
  for_each = toset([for s in var.shards : s if s != var.shard])

  backend = var.state.backend
  config  = { for k, v in var.state.config : k => replace(v, "{shard}", each.key) }
  defaults = {
    sync_mappings = { customers = [], products = [] }
  }
}

# One warning per overlap (an agreement in two shards, an organization in two shards, a
# child agreement and its parent in two shards with one catalog item), each naming the
# shards and the agreement. It reads the mapped agreements (in batches, for their names and
# parent agreements) and writes nothing.
data "connectwise_shard_overlaps" "all" {
  shards = merge(
    { for name, state in data.terraform_remote_state.other : name => state.outputs.sync_mappings },
    { (var.shard) = local.planned_mappings },
  )
}

# The same overlaps as one check: a warning in `terraform plan`, so a pipeline can see it
# (and fail on it, see ../github-actions/mappings.yml) without parsing the provider's text.
check "each_customer_in_one_shard" {
  assert {
    condition     = length(data.connectwise_shard_overlaps.all.overlaps) == 0
    error_message = join("\n", [for o in data.connectwise_shard_overlaps.all.overlaps : o.reason])
  }
}
