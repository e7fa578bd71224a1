// Command terraform-provider-connectwise serves the ConnectWise PSA billing provider
// over the Terraform plugin protocol (version 6).
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/mspkit/terraform-provider-connectwise/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		quietUnlessLogging()
	}
	stopDebug := startDebugCPU()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/mspkit/connectwise",
		Debug:   debug,
	})
	stopDebug()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// The SDK's loggers default to TRACE: every protocol call and framework step is formatted as
// JSON on stderr, where Terraform throws it away unless TF_LOG or TF_LOG_PROVIDER is set.
// For a plan of 1,000 resources that was a sixth of the provider's CPU. So when no log level
// is set at all, they are turned off here; any TF_LOG* variable keeps every log as before.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_CONNECTWISE", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

func quietUnlessLogging() {
	for _, v := range logLevelVariables {
		if os.Getenv(v) != "" {
			return
		}
	}
	for _, v := range logLevelVariables[1:] {
		_ = os.Setenv(v, "OFF")
	}
}
