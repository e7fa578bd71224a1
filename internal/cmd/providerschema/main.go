// Command providerschema prints the provider's schemas in the format of
// `terraform providers schema -json`, read from the provider server itself. tfplugindocs
// takes it with --providers-schema, so the docs list actions and list resources even when
// the Terraform on PATH is too old to report them.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/mspkit/terraform-provider-connectwise/internal/provider"
)

func main() {
	// tfplugindocs finds a schema under the provider's short name (or a hashicorp/
	// address), not under our registry address: -key lets the Makefile choose.
	key := flag.String("key", "registry.terraform.io/mspkit/connectwise", "key of the provider in provider_schemas")
	flag.Parse()
	server, err := providerserver.NewProtocol6WithError(provider.New("docs")())()
	if err == nil {
		var out *providerSchemas
		out, err = export(context.Background(), server, *key)
		if err == nil {
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			err = enc.Encode(out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}
