package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/hashicorp/go-version"
)

// terraform runs the CLI in the demo's working directory with the demo's environment.
type terraform struct {
	ctx       context.Context
	path, dir string
	env       []string
}

// run runs a command, shows its output without the noise (see shown) and returns all of it.
func (t terraform) run(args ...string) (string, int, error) {
	out, code, err := t.quiet(args...)
	display := shown(out)
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-invoke=") }) {
		display = invokeShown(display)
	}
	fmt.Print(display)
	return out, code, err
}

// invokeShown keeps what an action invocation reports (progress, warnings, the summary)
// and drops the echo of its whole configuration and the outputs, shown at the apply before.
func invokeShown(out string) string {
	var b strings.Builder
	skipping := false
	for _, line := range strings.SplitAfter(out, "\n") {
		switch {
		case strings.HasPrefix(line, "Terraform will perform the following actions"):
			skipping = true
		case strings.HasPrefix(line, "Action started:"):
			skipping = false
			b.WriteString(line)
		case strings.HasPrefix(line, "Outputs:"):
			return b.String()
		case !skipping:
			b.WriteString(line)
		}
	}
	return b.String()
}

// quiet runs a command and returns its combined output without showing it.
func (t terraform) quiet(args ...string) (string, int, error) {
	cmd := exec.CommandContext(t.ctx, t.path, append([]string{"-chdir=" + t.dir}, args...)...)
	var out bytes.Buffer
	cmd.Env, cmd.Stdout, cmd.Stderr = t.env, &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), exit.ExitCode(), nil
	}
	return out.String(), 0, err
}

// shown drops what every command repeats: the warning that dev_overrides are in effect
// (the demo set them up on purpose) and the per-resource refresh lines.
func shown(out string) string {
	var b strings.Builder
	skipping := false
	for _, line := range strings.SplitAfter(out, "\n") {
		switch {
		case strings.Contains(line, "Warning: Provider development overrides are in effect"):
			skipping = true
		case skipping:
			skipping = !strings.HasPrefix(line, "releases.")
		case strings.Contains(line, "Refreshing state..."), strings.Contains(line, ": Reading..."), strings.Contains(line, ": Read complete after"):
		default:
			b.WriteString(line)
		}
	}
	return strings.TrimLeft(b.String(), "\n")
}

// must runs a command that has to succeed.
func (t terraform) must(args ...string) error {
	_, code, err := t.run(args...)
	if err == nil && code != 0 {
		err = fmt.Errorf("terraform %s exited with %d", strings.Join(args, " "), code)
	}
	return err
}

// planEmpty runs a plan and fails unless it proposes no change.
func (t terraform) planEmpty() (string, error) {
	out, code, err := t.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	switch {
	case err != nil:
		return out, err
	case code == 2:
		return out, errors.New("the plan is not empty")
	case code != 0:
		return out, fmt.Errorf("terraform plan exited with %d", code)
	}
	return out, nil
}

// version is the CLI's version, and whether it is OpenTofu (whose first line of `version`
// is "OpenTofu vX"; its `version -json` also calls the field terraform_version).
func (t terraform) version() (*version.Version, bool, error) {
	cmd := exec.CommandContext(t.ctx, t.path, "version")
	cmd.Env = t.env
	text, err := cmd.Output()
	if err != nil {
		return nil, false, fmt.Errorf("%s version: %w", t.path, err)
	}
	cmd = exec.CommandContext(t.ctx, t.path, "version", "-json")
	cmd.Env = t.env
	out, err := cmd.Output()
	if err != nil {
		return nil, false, fmt.Errorf("%s version -json: %w", t.path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, false, err
	}
	parsed, err := version.NewVersion(v.Version)
	return parsed, strings.HasPrefix(string(text), "OpenTofu v"), err
}

// resources returns the attribute values of every resource of a type in the state.
func (t terraform) resources(typ string) ([]map[string]any, error) {
	cmd := exec.CommandContext(t.ctx, t.path, "-chdir="+t.dir, "show", "-json")
	cmd.Env = t.env
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out, &state); err != nil {
		return nil, err
	}
	var found []map[string]any
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == typ {
			found = append(found, r.Values)
		}
	}
	return found, nil
}
