package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func TestAccSystemInfoDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `data "connectwise_system_info" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("codebase"), knownvalue.StringExact("v2025_8/")),
				statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("api_url"), knownvalue.StringExact(srv.URL+"/v2025_8/apis/3.0")),
				statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("version"), knownvalue.StringRegexp(regexpMust(`^v2025\.8`))),
				statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("is_cloud"), knownvalue.Bool(false)),
			},
		}},
	})
}

// Every setting can come from the environment alone, as CI pipelines set them.
func TestAccProviderFromEnvironment(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{})
	t.Setenv("CONNECTWISE_SITE_URL", srv.URL+"/")
	t.Setenv("CONNECTWISE_COMPANY_ID", testCompanyID)
	t.Setenv("CONNECTWISE_PUBLIC_KEY", testPublicKey)
	t.Setenv("CONNECTWISE_PRIVATE_KEY", testPrivateKey)
	t.Setenv("CONNECTWISE_CLIENT_ID", testClientID)
	t.Setenv("CONNECTWISE_CODEBASE", "v4_6_release/")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `data "connectwise_system_info" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.connectwise_system_info.this", tfjsonpath.New("api_url"), knownvalue.StringExact(srv.URL+"/v4_6_release/apis/3.0")),
			},
		}},
	})
}
