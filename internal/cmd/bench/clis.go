package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// cli is a Terraform CLI the plans run on, and the version it reports.
type cli struct{ path, version string }

// allPlans measures each size on each CLI and prints the table.
func (b *bench) allPlans() error {
	if len(b.opts.sizes) == 0 {
		return nil
	}
	var clis []cli
	for _, path := range b.opts.terraform {
		v, err := terraformVersion(b.ctx, path)
		if err != nil {
			return err
		}
		clis = append(clis, cli{path, v})
	}
	var rows []planRow
	for _, n := range b.opts.sizes {
		r, err := b.plans(n, clis)
		if err != nil {
			return fmt.Errorf("%d mappings: %w", n, err)
		}
		rows = append(rows, r...)
	}
	printPlans(os.Stdout, b.opts, rows)
	return nil
}

func terraformVersion(ctx context.Context, path string) (string, error) {
	out, err := exec.CommandContext(ctx, path, "version", "-json").Output() //nolint:gosec // G204: the CLI the user named
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	return v.Version, json.Unmarshal(out, &v)
}

// planDir is the working directory of one kind of configuration of N mappings on the
// i-th CLI.
func (b *bench) planDir(kind string, n, i int) string {
	return filepath.Join(b.work, fmt.Sprintf("%s-%d-%d", kind, n, i))
}

// firstApply applies our configuration (measured) and the baselines'; the floor's other
// mode plans the first mode's state.
func (b *bench) firstApply(row *planRow, configs []configuration, s *simulator) error {
	fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: first apply\n", row.n, row.cli)
	for _, cfg := range configs {
		var err error
		switch cfg.kind {
		case "provider":
			row.apply, err = measured(s, cfg.t, nil, applyArgs...)
		case "baseline":
			row.baselineApply, err = cfg.t.run(nil, applyArgs...)
		default:
			_, err = cfg.t.run(nil, applyArgs...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// copyState gives dir the state applied in from: any Terraform 1.x reads another's.
func copyState(from, dir string) error {
	raw, err := os.ReadFile(filepath.Join(from, "terraform.tfstate")) //nolint:gosec // G304: our own file
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "terraform.tfstate"), raw, 0o600)
}
