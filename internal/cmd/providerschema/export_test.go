package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/mspkit/terraform-provider-connectwise/internal/provider"
)

// The exported JSON must read like `terraform providers schema -json`, which is what
// tfplugindocs parses, and must carry everything the provider serves.
func TestExportMatchesTerraformFormat(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	out, err := export(context.Background(), server, "connectwise")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		FormatVersion   string `json:"format_version"`
		ProviderSchemas map[string]struct {
			Provider struct {
				Block struct {
					Attributes map[string]struct {
						Type      string `json:"type"`
						Sensitive bool   `json:"sensitive"`
					} `json:"attributes"`
				} `json:"block"`
			} `json:"provider"`
			DataSourceSchemas map[string]json.RawMessage `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	ps, ok := doc.ProviderSchemas["connectwise"]
	if doc.FormatVersion != "1.0" || !ok {
		t.Fatalf("unexpected document: %s", raw[:200])
	}
	key := ps.Provider.Block.Attributes["private_key"]
	if key.Type != "string" || !key.Sensitive {
		t.Errorf("private_key should be a sensitive string: %+v", key)
	}
	if _, ok := ps.DataSourceSchemas["connectwise_system_info"]; !ok {
		t.Errorf("data sources missing: %v", ps.DataSourceSchemas)
	}
}
