// Command terraform-provider-connectwise serves the ConnectWise PSA billing provider
// over the Terraform plugin protocol (version 6).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/mspkit/terraform-provider-connectwise/internal/debugcpu"
	"github.com/mspkit/terraform-provider-connectwise/internal/pluginlog"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		pluginlog.QuietUnlessLogging("connectwise")
	}
	stopDebug := debugcpu.Start()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/mspkit/connectwise",
		Debug:   debug,
	})
	stopDebug()
	if err != nil {
		log.Fatal(err.Error())
	}
}
