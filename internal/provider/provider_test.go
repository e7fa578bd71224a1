package provider

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The simulator's credentials, as the provider blocks of the tests write them.
const (
	testCompanyID  = simulator.DefaultCompanyID
	testPublicKey  = simulator.DefaultPublicKey
	testPrivateKey = simulator.DefaultPrivateKey
	testClientID   = simulator.DefaultClientID
)

// TestMain pins the Terraform CLI to the one on PATH unless TF_ACC_TERRAFORM_PATH names one (a
// make target's Terraform or OpenTofu build): a test must never download Terraform.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		tf, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC is set but no terraform CLI is on PATH; install Terraform (tests never download it)")
			os.Exit(1)
		}
		_ = os.Setenv("TF_ACC_TERRAFORM_PATH", tf)
	}
	cleanup := func() {}
	if os.Getenv("TF_ACC") != "" {
		var err error
		if cleanup, err = prepareOpenTofu(os.Getenv("TF_ACC_TERRAFORM_PATH")); err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC_TERRAFORM_PATH:", err)
			os.Exit(1)
		}
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	cleanup()
	os.Exit(code)
}

var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"connectwise": providerserver.NewProtocol6WithError(New("test")()),
}

// startSimulator runs a simulator for one test and returns it with a provider block that
// points at it.
func startSimulator(t *testing.T, opts simulator.Options) (*simulator.Server, string) {
	t.Helper()
	srv := simulator.StartTest(t, opts)
	return srv, providerBlock(srv.URL, "")
}

func providerBlock(siteURL, extra string) string {
	return fmt.Sprintf(`
provider "connectwise" {
  site_url    = %q
  company_id  = %q
  public_key  = %q
  private_key = %q
  client_id   = %q
  %s
}
`, siteURL, testCompanyID, testPublicKey, testPrivateKey, testClientID, extra)
}

// clearProviderEnv keeps a developer's own CONNECTWISE_* variables out of a test.
func clearProviderEnv(t *testing.T) {
	t.Helper()
	for _, s := range stringSettings {
		t.Setenv(s.env, "")
	}
	t.Setenv(envCACertificatePEM, "")
	t.Setenv(envMaxRetries, "")
	t.Setenv(envRequestsPerMinute, "")
	t.Setenv(envRetryMaxWait, "")
}

// clientForTest builds a client the way Configure does, with any private key.
func clientForTest(t *testing.T, siteURL, privateKey string) *connectwise.Client {
	t.Helper()
	cfg := providerConfig{
		SiteURL: types.StringValue(siteURL), CompanyID: types.StringValue(testCompanyID),
		PublicKey: types.StringValue(testPublicKey), PrivateKey: types.StringValue(privateKey),
		ClientID: types.StringValue(testClientID), Codebase: types.StringValue("v2025_8/"),
	}
	settings, diags := cfg.resolve("test", "")
	if diags.HasError() {
		t.Fatalf("resolve: %v", diags)
	}
	client, err := newClient(settings)
	if err != nil {
		t.Fatal(err)
	}
	return client
}
