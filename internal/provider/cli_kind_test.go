package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The acceptance tests run on Terraform or on OpenTofu (make testacc-opentofu): whichever
// TF_ACC_TERRAFORM_PATH names (TestMain sets it to the terraform on PATH when unset).
//
// OpenTofu reports its own version (1.12.6) where Terraform reports Terraform's, and it
// lacks features that Terraform has from some version on, whatever its own number:
// actions (`action` blocks, `apply -invoke`, `action_trigger`) and list resources
// (`terraform query`, `.tfquery.hcl`) are absent from OpenTofu 1.12. It has import blocks
// with `identity` (OpenTofu 1.12.0). So a test that needs Terraform openTofuLacksFrom or
// later skips on OpenTofu, naming OpenTofu and what it lacks; below that, OpenTofu's
// version is compared as Terraform's.
const openTofuLacksFrom = "1.14.0"

// openTofuLacks is what OpenTofu lacks, for skip reasons.
const openTofuLacks = "actions (`action` blocks, `apply -invoke`, `action_trigger`) and no list resources (`query`)"

type cliKind struct {
	path     string
	version  *version.Version
	openTofu bool
}

func (c cliKind) String() string {
	if c.openTofu {
		return "OpenTofu " + c.version.String()
	}
	return "Terraform " + c.version.String()
}

// has reports whether the CLI has what Terraform minimum has.
func (c cliKind) has(minimum string) bool {
	m := version.Must(version.NewVersion(minimum))
	if c.openTofu && !m.LessThan(version.Must(version.NewVersion(openTofuLacksFrom))) {
		return false
	}
	return !c.version.Core().LessThan(m)
}

// lacks is the skip reason of a test that needs Terraform minimum for what, on a CLI that
// lacks it.
func (c cliKind) lacks(minimum, what string) string {
	if c.openTofu {
		return fmt.Sprintf("%s needs Terraform %s or later: %s has no %s", what, minimum, c, openTofuLacks)
	}
	return fmt.Sprintf("%s needs Terraform %s or later; this is %s", what, minimum, c)
}

var (
	cliKinds   = map[string]cliKind{}
	cliKindsMu sync.Mutex
)

// detectCLI runs `<path> version` once per path. OpenTofu's first line is "OpenTofu vX";
// `version -json` does not say which CLI it is, and both call the field terraform_version.
// OpenTofu may print a warning about the CLI configuration before either, which is skipped.
func detectCLI(path string) (cliKind, error) {
	cliKindsMu.Lock()
	defer cliKindsMu.Unlock()
	if c, ok := cliKinds[path]; ok {
		return c, nil
	}
	text, err := exec.Command(path, "version").Output()
	if err != nil {
		return cliKind{}, fmt.Errorf("%s version: %w", path, err)
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return cliKind{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	if i := strings.IndexByte(string(out), '{'); i > 0 {
		out = out[i:]
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return cliKind{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		return cliKind{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	c := cliKind{path: path, version: parsed, openTofu: strings.Contains(string(text), "OpenTofu v")}
	cliKinds[path] = c
	return c, nil
}

// providerHost is the registry host a provider source without a host means to the CLI:
// "mspkit/connectwise" is registry.opentofu.org/mspkit/connectwise on OpenTofu.
func (c cliKind) providerHost() string {
	if c.openTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// prepareOpenTofu is TestMain's set-up when the CLI under test is OpenTofu:
// terraform-plugin-testing reattaches the provider as <host>/hashicorp/connectwise, with the
// host from TF_ACC_PROVIDER_HOST (default registry.terraform.io), while OpenTofu reads the
// implied "connectwise" as registry.opentofu.org/hashicorp/connectwise. And OpenTofu prints
// a warning on stdout, before `version -json`'s JSON, when TF_CLI_CONFIG_FILE names a file
// that does not exist, which the JSON parser of terraform-exec cannot read: the tests need
// no CLI configuration (the provider is reattached), so they get an empty one.
func prepareOpenTofu(path string) (cleanup func(), err error) {
	cleanup = func() {}
	c, err := detectCLI(path)
	if err != nil || !c.openTofu {
		return cleanup, err
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_HOST", c.providerHost())
	}
	rc, err := os.CreateTemp("", "connectwise-tofurc-")
	if err != nil {
		return cleanup, err
	}
	_ = rc.Close()
	_ = os.Setenv("TF_CLI_CONFIG_FILE", rc.Name())
	_ = os.Unsetenv("TOFU_CLI_CONFIG_FILE")
	return func() { _ = os.Remove(rc.Name()) }, nil
}

// skipBelowTerraform is tfversion.SkipBelow for plugin-testing's TestCase, which also skips
// on OpenTofu when minimum is a Terraform that has what OpenTofu lacks, with a reason that
// names OpenTofu (tfversion.SkipBelow would compare OpenTofu's own number as Terraform's).
func skipBelowTerraform(minimum *version.Version, what string) tfversion.TerraformVersionCheck {
	return skipBelowTerraformCheck{minimum: minimum, what: what}
}

type skipBelowTerraformCheck struct {
	minimum *version.Version
	what    string
}

func (s skipBelowTerraformCheck) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	c, err := detectCLI(os.Getenv("TF_ACC_TERRAFORM_PATH"))
	if err != nil {
		resp.Error = err
		return
	}
	if c.openTofu && !c.has(s.minimum.String()) {
		resp.Skip = c.lacks(s.minimum.String(), s.what)
		return
	}
	tfversion.SkipBelow(s.minimum).CheckTerraformVersion(ctx, req, resp)
}
