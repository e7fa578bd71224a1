// Command floorprovider exists only for `make bench` (internal/cmd/bench): it serves
// registry.terraform.io/mspkit/floor, whose one resource, floor_customer_mapping, has the
// schema of connectwise_customer_mapping and does no work at all. A plan of N of them is what
// Terraform and the plugin SDK cost before our provider does anything, so the bench can show
// which part of a plan's wall time is ours.
//
// FLOOR_PROVIDER, read at start, picks the SDK:
//
//	framework (default)  terraform-plugin-framework, as our provider is built
//	protocol             terraform-plugin-go alone: the protocol with no framework on top
//
// Both keep stdout for the plugin protocol and turn the SDK logs off as our provider does.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/mspkit/terraform-provider-connectwise/internal/pluginlog"
)

const address = "registry.terraform.io/mspkit/floor"

func main() {
	pluginlog.QuietUnlessLogging("floor")
	mode := os.Getenv("FLOOR_PROVIDER")
	serve := map[string]func() error{"": serveFramework, "framework": serveFramework, "protocol": serveProtocol}[mode]
	if serve == nil {
		fmt.Fprintf(os.Stderr, "FLOOR_PROVIDER=%q: want framework or protocol\n", mode)
		os.Exit(2)
	}
	if err := serve(); err != nil {
		log.Fatal(err.Error()) // stderr: Terraform shows it
	}
}
