package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// expectConfigError runs one plan with the given provider block and expects an error.
func expectConfigError(t *testing.T, provider string, want string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "connectwise_system_info" "this" {}`,
			ExpectError: regexp.MustCompile(want),
		}},
	})
}

func TestAccProviderConfigureFailures(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{ClientID: testClientID})
	block := func(mutate func(map[string]string)) string {
		v := map[string]string{
			"site_url": srv.URL, "company_id": testCompanyID, "public_key": testPublicKey,
			"private_key": testPrivateKey, "client_id": testClientID,
		}
		mutate(v)
		var b strings.Builder
		b.WriteString("provider \"connectwise\" {\n")
		for _, k := range []string{"site_url", "company_id", "public_key", "private_key", "client_id"} {
			if val, ok := v[k]; ok {
				b.WriteString("  " + k + " = \"" + val + "\"\n")
			}
		}
		b.WriteString("}\n")
		return b.String()
	}
	cases := []struct {
		name   string
		mutate func(map[string]string)
		want   string
	}{
		{"unknown company", func(v map[string]string) { v["company_id"] = "nosuchco" }, `Unknown ConnectWise company ID`},
		{"bad keys", func(v map[string]string) { v["private_key"] = "wrong" }, `ConnectWise rejected the API keys`},
		{"rejected client id", func(v map[string]string) { v["client_id"] = "00000000-0000-4000-8000-000000000000" }, `ConnectWise rejected the clientId`},
		{"missing client id", func(v map[string]string) { delete(v, "client_id") }, `(?s)Missing provider setting.*CONNECTWISE_CLIENT_ID`},
		{"client id not a guid", func(v map[string]string) { v["client_id"] = "my-client" }, `client_id must be a GUID`},
		{"empty public key", func(v map[string]string) { v["public_key"] = "" }, `public_key`},
		{"plain http to a remote host", func(v map[string]string) { v["site_url"] = "http://na.myconnectwise.net" }, `(?i)https`},
		{"unreachable host", func(v map[string]string) { v["site_url"] = "http://127.0.0.1:1" }, `ConnectWise is unreachable`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectConfigError(t, block(tc.mutate), tc.want)
		})
	}
}

func TestAccProviderPrivateCA(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTestTLS(t, simulator.Options{})
	t.Run("untrusted certificate", func(t *testing.T) {
		expectConfigError(t, providerBlock(srv.URL, ""), `TLS verification failed`)
	})
	t.Run("trusted through ca_certificate_pem", func(t *testing.T) {
		extra := "ca_certificate_pem = <<-EOT\n" + string(srv.CertPEM) + "EOT\n"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps: []resource.TestStep{{
				Config: providerBlock(srv.URL, extra) + `data "connectwise_system_info" "this" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("codebase"), knownvalue.StringExact("v2025_8/")),
				},
			}},
		})
	})
	t.Run("not a certificate", func(t *testing.T) {
		expectConfigError(t, providerBlock(srv.URL, `ca_certificate_pem = "hello"`), `BEGIN CERTIFICATE`)
	})
}

// The client's refusal of a setting is reported on the attribute, naming it and its
// environment variable, never the client's Go field name.
func TestConfigErrorsNameTheAttribute(t *testing.T) {
	_, err := connectwise.New(connectwise.Config{SiteURL: "ftp://x", CompanyID: "a b", PublicKey: "p", PrivateKey: "k",
		ClientID: "nope", CACertPEM: []byte("garbage")})
	diags := configErrorDiagnostics(err)
	if len(diags) != 4 {
		t.Fatalf("want one diagnostic per field (4), got %d: %v", len(diags), diags)
	}
	for _, d := range diags {
		text := d.Summary() + ": " + d.Detail()
		for _, field := range []string{"SiteURL", "CompanyID", "ClientID", "CACertPEM"} {
			if strings.Contains(text, field) {
				t.Errorf("names the Go field %s: %s", field, text)
			}
		}
		at, ok := d.(diag.DiagnosticWithPath)
		if !ok {
			t.Fatalf("not on an attribute: %s", text)
		}
		attr := at.Path().String()
		if !strings.HasPrefix(d.Detail(), attr+" (set in the provider block or "+envOf(attr)+"): ") {
			t.Errorf("does not name %s and its variable: %s", attr, text)
		}
	}
}
