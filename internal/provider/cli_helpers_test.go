package provider

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// terraformAtLeast returns the CLI under test (TF_ACC_TERRAFORM_PATH: the terraform on
// PATH unless a make target names another, such as OpenTofu), skipping the test when it is
// older than Terraform minimum: features such as `terraform apply -invoke` exist only in
// newer releases, and these tests are meant to run wherever one is installed. On OpenTofu
// a minimum of Terraform 1.14 or later skips, naming OpenTofu (cli_kind_test.go).
func terraformAtLeast(t *testing.T, minimum string) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	c := cliUnderTest(t)
	if !c.has(minimum) {
		t.Skip(c.lacks(minimum, "this test"))
	}
	return c.path
}

// cliUnderTest is the CLI the acceptance tests run, Terraform or OpenTofu.
func cliUnderTest(t *testing.T) cliKind {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no terraform CLI on PATH")
		}
	}
	c, err := detectCLI(tf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// terraformVersionAtLeast reports whether the CLI at tf has what Terraform minimum has.
func terraformVersionAtLeast(t *testing.T, tf, minimum string) bool {
	t.Helper()
	c, err := detectCLI(tf)
	if err != nil {
		t.Fatal(err)
	}
	return c.has(minimum)
}

// terraformCLI runs Terraform commands in a fresh directory against this provider served
// in-process (the reattach protocol plugin-testing uses), for commands plugin-testing
// cannot run, such as `apply -invoke`.
type terraformCLI struct {
	t   *testing.T
	tf  string
	dir string
	env []string
}

func newTerraformCLI(t *testing.T, tf, config string) *terraformCLI {
	t.Helper()
	dir := t.TempDir()
	config = `terraform {
  required_providers {
    connectwise = { source = "mspkit/connectwise" }
  }
}
` + config
	for name, content := range map[string]string{"main.tf": config, "terraformrc": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	kind, err := detectCLI(tf)
	if err != nil {
		t.Fatal(err)
	}
	// "mspkit/connectwise" in the configuration means this address to the CLI.
	address := kind.providerHost() + "/mspkit/connectwise"
	go func() {
		_ = tf6server.Serve(address, func() tfprotov6.ProviderServer {
			server, _ := testProviderFactories["connectwise"]()
			return server
		}, tf6server.WithDebug(ctx, reattach, closed), tf6server.WithoutLogStderrOverride())
	}()
	cfg := <-reattach
	t.Cleanup(func() { cancel(); <-closed })
	info, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": cfg.Protocol, "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(info), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"))
	return &terraformCLI{t: t, tf: tf, dir: dir, env: env}
}

// write adds a file to the working directory.
func (c *terraformCLI) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// run executes one terraform command and returns its combined output; it fails the test
// when the command fails.
func (c *terraformCLI) run(args ...string) string {
	c.t.Helper()
	out, code := c.exec(args...)
	if code != 0 {
		c.t.Fatalf("terraform %s: exit code %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// exec executes one terraform command and returns its combined output and exit code.
func (c *terraformCLI) exec(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.Command(c.tf, append([]string{"-chdir=" + c.dir}, args...)...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), 0
}

// setProviderEnv points the in-process provider at the simulator through the CONNECTWISE_*
// variables a pipeline's job sets, for the examples whose provider blocks leave them out.
func setProviderEnv(t *testing.T, siteURL string) {
	t.Helper()
	for name, value := range map[string]string{
		"CONNECTWISE_SITE_URL": siteURL, "CONNECTWISE_COMPANY_ID": testCompanyID, "CONNECTWISE_PUBLIC_KEY": testPublicKey,
		"CONNECTWISE_PRIVATE_KEY": testPrivateKey, "CONNECTWISE_CLIENT_ID": testClientID,
	} {
		t.Setenv(name, value)
	}
}
