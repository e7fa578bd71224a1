package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-version"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const (
	demoCompanies = 60
	demoSeed      = 1
)

type demo struct {
	ctx      context.Context
	root     string // repository root
	work     string // temporary directory, removed at the end
	tf       terraform
	sim      *simulator.Server
	actions  bool   // the CLI can run actions (Terraform 1.14+)
	cli      string // -cli: the CLI to run, or "" for terraform on PATH
	openTofu bool   // the CLI is OpenTofu
	syncTF   string // -sync-terraform: on OpenTofu, the Terraform >= 1.14 that runs the sync
}

// name is how the demo calls the CLI's commands: "terraform plan" or "tofu plan".
func (d *demo) name() string {
	if d.openTofu {
		return "tofu"
	}
	return "terraform"
}

func newDemo(ctx context.Context, cli, syncTF string) (*demo, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "examples", "complete", "main.tf")); err != nil {
		return nil, fmt.Errorf("run the demo from the repository root (make demo): %w", err)
	}
	work, err := os.MkdirTemp("", "connectwise-demo-")
	if err != nil {
		return nil, err
	}
	return &demo{ctx: ctx, root: root, work: work, cli: cli, syncTF: syncTF}, nil
}

func (d *demo) close() {
	if d.sim != nil {
		d.sim.Close()
	}
	_ = os.RemoveAll(d.work)
}

func step(format string, args ...any) {
	fmt.Printf("\n==> "+format+"\n", args...)
}

func (d *demo) run() error {
	step("Building the provider")
	bin := filepath.Join(d.work, "bin")
	build := exec.CommandContext(d.ctx, "go", "build", "-o", filepath.Join(bin, "terraform-provider-connectwise"), ".")
	build.Dir, build.Stdout, build.Stderr = d.root, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}

	step("Starting the ConnectWise simulator with %d demo companies (loopback only)", demoCompanies)
	sim, err := simulator.Start(simulator.Options{Data: simulator.DemoData(demoSeed, demoCompanies)}, "127.0.0.1:0", false)
	if err != nil {
		return err
	}
	d.sim = sim
	fmt.Printf("API:   %s\nadmin: %s\n", sim.URL, sim.AdminURL)

	if err := d.setUpTerraform(bin); err != nil {
		return err
	}
	return d.walkThrough()
}

// setUpTerraform writes a CLI configuration that uses the local build and copies the
// complete example into the working directory.
func (d *demo) setUpTerraform(bin string) error {
	path := d.cli
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return fmt.Errorf("the demo needs the Terraform CLI on PATH: %w", err)
		}
	}
	cliConfig := filepath.Join(d.work, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"mspkit/connectwise\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		return err
	}
	dir := filepath.Join(d.work, "complete")
	d.tf = terraform{ctx: d.ctx, path: path, dir: dir, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"CONNECTWISE_SITE_URL="+d.sim.URL, "CONNECTWISE_COMPANY_ID="+simulator.DefaultCompanyID,
		"CONNECTWISE_PUBLIC_KEY="+simulator.DefaultPublicKey, "CONNECTWISE_PRIVATE_KEY="+simulator.DefaultPrivateKey,
		"CONNECTWISE_CLIENT_ID="+simulator.DefaultClientID,
	)}
	v, openTofu, err := d.tf.version()
	if err != nil {
		return err
	}
	d.openTofu = openTofu
	d.actions = !openTofu && !v.LessThan(version.Must(version.NewVersion("1.14.0")))
	product := "Terraform"
	if openTofu {
		product = "OpenTofu"
	}
	step("%s %s; examples/complete copied to a temporary directory", product, v)
	if err := copyDir(filepath.Join(d.root, "examples", "complete"), dir); err != nil {
		return err
	}
	switch {
	case openTofu:
		fmt.Println("OpenTofu has no actions, so sync.tf (the connectwise_sync_usage action) is left out: the sync runs in a")
		fmt.Println("root module of its own, on Terraform 1.14 or later (examples/pipelines/opentofu/sync).")
		return os.Remove(filepath.Join(dir, "sync.tf"))
	case !d.actions:
		fmt.Println("Actions need Terraform 1.14 or later, so sync.tf (the connectwise_sync_usage action) is left out.")
		return os.Remove(filepath.Join(dir, "sync.tf"))
	}
	return nil
}

func copyDir(from, to string) error {
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}
