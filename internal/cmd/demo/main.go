// Command demo is `make demo`: it builds the provider, starts the ConnectWise simulator with
// demo data on loopback, points Terraform at the local build through dev_overrides in a
// throwaway CLI configuration (the user's own is never read or touched), and walks through
// examples/complete: apply, an empty second plan, billing drift before and after the sync,
// and a hand edit made in "ConnectWise". It cleans up after itself and exits non-zero on any
// failure.
//
//	go run ./internal/cmd/demo                          # the terraform on PATH
//	go run ./internal/cmd/demo -cli bin/tofu-1.12.6/tofu -sync-terraform bin/terraform-1.16.4/terraform
//
// On OpenTofu (make demo-opentofu), which has no actions, sync.tf is left out and the sync is
// the OpenTofu pipeline's: the mappings handed over with `tofu output -json sync_mappings`,
// invoked by the Terraform that -sync-terraform names (1.14 or later) in the sync module of
// examples/pipelines/opentofu.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	cli := flag.String("cli", "", "the Terraform or OpenTofu CLI to run (default: terraform on PATH)")
	syncTerraform := flag.String("sync-terraform", "", "on OpenTofu: a Terraform >= 1.14 that runs the sync module beside it")
	flag.Parse()
	// Ctrl-C stops Terraform and still cleans up.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	d, err := newDemo(ctx, *cli, *syncTerraform)
	if err == nil {
		err = d.run()
		d.close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		stop()
		os.Exit(1)
	}
	stop()
}
