#!/usr/bin/env bash
# make demo: build the provider and the simulator, start the simulator with demo data, and
# run Terraform against it through dev_overrides in a throwaway CLI config (the user's own
# ~/.terraformrc is never read or touched). Cleans up after itself; non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider and the ConnectWise simulator"
go build -o "$work/bin/terraform-provider-connectwise" "$root"
go build -o "$work/bin/connectwise-simulator" "$root/internal/cmd/connectwise-simulator"

step "Starting the simulator with demo data (loopback only)"
"$work/bin/connectwise-simulator" -addr 127.0.0.1:0 -demo 60 -seed 1 -ready-file "$work/ready.json" 2>"$work/simulator.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
[ -s "$work/ready.json" ] || { echo "simulator did not start:"; cat "$work/simulator.log"; exit 1; }
api_url=$(sed -n 's/.*"url": *"\([^"]*\)".*/\1/p' "$work/ready.json")
admin_url=$(sed -n 's/.*"adminUrl": *"\([^"]*\)".*/\1/p' "$work/ready.json")
echo "simulator API:   $api_url"
echo "simulator admin: $admin_url"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "mspkit/connectwise" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export CONNECTWISE_SITE_URL="$api_url" CONNECTWISE_COMPANY_ID=mspkit \
  CONNECTWISE_PUBLIC_KEY=simpublic CONNECTWISE_PRIVATE_KEY=simprivate \
  CONNECTWISE_CLIENT_ID=6f1b7a0e-3c2d-4e5f-8a9b-0c1d2e3f4a5b

mkdir -p "$work/tf"
cat >"$work/tf/main.tf" <<'TF'
terraform {
  required_providers {
    connectwise = { source = "mspkit/connectwise" }
  }
}

provider "connectwise" {}

data "connectwise_system_info" "site" {}

output "connected_to" {
  value = "${data.connectwise_system_info.site.company_name} (${data.connectwise_system_info.site.version}) at ${data.connectwise_system_info.site.api_url}"
}
TF

step "terraform apply (the demo grows with the mapping and sync issues)"
terraform -chdir="$work/tf" apply -auto-approve -no-color
terraform -chdir="$work/tf" output -raw connected_to
echo

step "Simulator request counters"
curl -fsS "$admin_url/counters"
echo
step "Demo finished"
