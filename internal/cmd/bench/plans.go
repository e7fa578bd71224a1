package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
)

// cli is a Terraform CLI the plans run on, and the version it reports.
type cli struct{ path, version string }

// allPlans measures each size on each CLI, one after the other on the same site, and
// prints the table.
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
		for i, c := range clis {
			row, err := b.plans(n, c, i)
			if err != nil {
				return fmt.Errorf("%d mappings on %s: %w", n, c.path, err)
			}
			rows = append(rows, row)
		}
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

// planRow is what the plans of N mappings cost, each beside its terraform_data baseline
// and, for the refresh plan, the floor provider's two modes.
type planRow struct {
	n, companies, agreements      int
	cli                           string // its version
	apply                         result // the first apply (its plan and its apply)
	refresh, baseline             result // terraform plan (medians)
	floorFramework, floorProtocol result // terraform plan of the floor provider (medians)
	noRefresh, baselineNoRef      result // terraform plan -refresh=false (medians)
}

// series is one kind of plan, run once per round.
type series struct {
	t    tf
	args []string
	into *result // where the median goes
	runs []result
}

// plans measures N customer mappings on a site of about 1.2 N companies (DemoData gives
// 0.85 active agreements of live companies per company): the site grows with the plan, so
// the pages a listing costs grow too. Each CLI has a simulator of its own, with the same
// data; the provider is profiled on the first CLI (the i-th is c).
func (b *bench) plans(n int, c cli, i int) (planRow, error) {
	row := planRow{n: n, cli: c.version}
	companies := n*6/5 + 50
	s, err := b.startSimulator(fmt.Sprintf("plans-%d-%d", n, i), "-demo", strconv.Itoa(companies), "-latency", b.opts.latency.String())
	if err != nil {
		return row, err
	}
	defer s.stop()
	mappings, item, err := pickMappings(s, n)
	if err != nil {
		return row, err
	}
	all, _ := s.list("agreements")
	row.companies, row.agreements = companies, len(all)

	dir := func(kind string) string { return filepath.Join(b.work, fmt.Sprintf("%s-%d-%d", kind, n, i)) }
	ours, base := b.terraform(c.path, dir("provider"), s), b.terraform(c.path, dir("baseline"), s)
	floorFramework := b.terraform(c.path, dir("floor"), s, "FLOOR_PROVIDER=framework")
	floorProtocol := b.terraform(c.path, dir("floor"), s, "FLOOR_PROVIDER=protocol")
	configs := map[string]string{"provider": providerConfig(b.opts.layout, mappings, item), "baseline": baselineConfig(b.opts.layout, mappings, item)}
	if b.opts.floors {
		configs["floor"] = floorConfig(b.opts.layout, mappings, item)
	}
	for kind, text := range configs {
		if err := writeConfig(dir(kind), text); err != nil {
			return row, err
		}
	}

	fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: first apply\n", n, c.version)
	if row.apply, err = measured(s, ours, nil, applyArgs...); err != nil {
		return row, err
	}
	others := []tf{base}
	if b.opts.floors {
		others = append(others, floorFramework) // the protocol mode plans the same state
	}
	for _, o := range others {
		if _, err := o.run(nil, applyArgs...); err != nil {
			return row, err
		}
	}

	plan := []string{"plan", "-input=false", "-no-color"}
	noRefresh := append(slices.Clone(plan), "-refresh=false")
	kinds := []*series{{t: ours, args: plan, into: &row.refresh}, {t: base, args: plan, into: &row.baseline}}
	if b.opts.floors {
		kinds = append(kinds, &series{t: floorFramework, args: plan, into: &row.floorFramework},
			&series{t: floorProtocol, args: plan, into: &row.floorProtocol})
	}
	kinds = append(kinds, &series{t: ours, args: noRefresh, into: &row.noRefresh}, &series{t: base, args: noRefresh, into: &row.baselineNoRef})
	for round := range b.opts.repeat {
		fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: plans, round %d of %d\n", n, c.version, round+1, b.opts.repeat)
		for _, k := range kinds { // interleaved: a slow spell of the machine hits every kind
			r, err := measured(s, k.t, nil, k.args...)
			if err != nil {
				return row, err
			}
			k.runs = append(k.runs, r)
		}
	}
	for _, k := range kinds {
		*k.into = median(k.runs)
	}
	printPlans(os.Stderr, b.opts, []planRow{row}) // as it comes; the whole table at the end
	if b.opts.cpuProfile != "" && i == 0 && n == slices.Max(b.opts.sizes) {
		if _, err := ours.run([]string{"CONNECTWISE_DEBUG_CPUPROFILE=" + b.opts.cpuProfile}, plan...); err != nil {
			return row, err
		}
		fmt.Fprintf(os.Stderr, "CPU profile of the provider (plan of %d mappings): %s\n", n, b.opts.cpuProfile)
	}
	return row, nil
}

type mapping struct{ company, agreement int }

// pickMappings takes n active agreements of live companies and an active catalog item.
func pickMappings(s *simulator, n int) ([]mapping, int, error) {
	companies, err := s.list("companies")
	if err != nil {
		return nil, 0, err
	}
	agreements, err := s.list("agreements")
	if err != nil {
		return nil, 0, err
	}
	catalog, err := s.list("catalog")
	if err != nil {
		return nil, 0, err
	}
	deleted := map[int]bool{}
	for _, c := range companies {
		deleted[id(c["id"])] = c["deletedFlag"] == true
	}
	var out []mapping
	for _, a := range agreements {
		company := id(a["company"].(map[string]any)["id"])
		if len(out) < n && a["agreementStatus"] == "Active" && a["cancelledFlag"] != true && !deleted[company] {
			out = append(out, mapping{company, id(a["id"])})
		}
	}
	if len(out) < n {
		return nil, 0, fmt.Errorf("the site has %d usable agreements, want %d", len(out), n)
	}
	for _, it := range catalog {
		if it["inactiveFlag"] != true {
			return out, id(it["id"]), nil
		}
	}
	return nil, 0, fmt.Errorf("no active catalog item")
}

func id(v any) int {
	switch n := v.(type) {
	case float64: // from the admin API
		return int(n)
	case int: // from simulator.DemoData
		return n
	}
	return 0
}
