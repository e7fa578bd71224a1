package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// protocolServer is the provider as Terraform sees it, for features or checks that a
// Terraform CLI run cannot reach (actions on Terraform < 1.14, log capture).
func protocolServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	server, err := testProviderFactories["connectwise"]()
	if err != nil {
		t.Fatal(err)
	}
	return server
}

// dynamicValue builds a config value for a schema from the attributes given; the others
// are null.
func dynamicValue(t *testing.T, schema *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	objType, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema is not an object: %v", schema.ValueType())
	}
	values := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		if v, ok := attrs[name]; ok {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(typ, nil)
		}
	}
	for name := range attrs {
		if _, ok := objType.AttributeTypes[name]; !ok {
			t.Fatalf("attribute %q is not in the schema", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// configureProvider runs ConfigureProvider with a provider block pointing at siteURL and
// fails the test on any error diagnostic.
func configureProvider(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, siteURL string) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := dynamicValue(t, schemas.Provider, map[string]tftypes.Value{
		"site_url":    tftypes.NewValue(tftypes.String, siteURL),
		"company_id":  tftypes.NewValue(tftypes.String, testCompanyID),
		"public_key":  tftypes.NewValue(tftypes.String, testPublicKey),
		"private_key": tftypes.NewValue(tftypes.String, testPrivateKey),
		"client_id":   tftypes.NewValue(tftypes.String, testClientID),
	})
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg, TerraformVersion: "1.11.4"})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, resp.Diagnostics)
	return schemas
}

func failOnErrors(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("error diagnostic: %s: %s", d.Summary, d.Detail)
		}
	}
}
