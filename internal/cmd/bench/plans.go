package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
)

// planRow is what the plans of N mappings cost, each beside its terraform_data baseline
// and, for the refresh plan, the floor provider's two modes.
type planRow struct {
	n, companies, agreements      int
	cli                           string   // its version
	stateFrom                     string   // the version of the CLI that applied the states planned, when another
	seeded                        int      // the mappings applied when the states were seeded (-seed-states), else 0
	applied                       []string // the configurations applied in full after their seeding failed
	apply, baselineApply          result   // the first apply (its plan and its apply)
	refresh, baseline             result   // terraform plan (medians)
	floorFramework, floorProtocol result   // terraform plan of the floor provider (medians)
	noRefresh, baselineNoRef      result   // terraform plan -refresh=false (medians)
}

// configuration is one kind of configuration of the plans: its text for some mappings and
// the Terraform that applies it (in its directory).
type configuration struct {
	kind string
	t    tf
	text func([]mapping) string
}

// series is one kind of plan, run once per round.
type series struct {
	t    tf
	args []string
	into *result // where the median goes
	runs []result
}

// plans measures N customer mappings on a site of about 1.2 N companies (DemoData gives
// 0.85 active agreements of live companies per company), on each CLI: the site grows with
// the plan, so the pages a listing costs grow too.
func (b *bench) plans(n int, clis []cli) ([]planRow, error) {
	companies := n*6/5 + 50
	s, err := b.startSimulator(fmt.Sprintf("plans-%d", n), "-demo", strconv.Itoa(companies), "-latency", b.opts.latency.String())
	if err != nil {
		return nil, err
	}
	defer s.stop()
	mappings, item, err := pickMappings(s, n)
	if err != nil {
		return nil, err
	}
	all, _ := s.list("agreements")
	var rows []planRow
	for i, c := range clis {
		row := planRow{n: n, cli: c.version, companies: companies, agreements: len(all)}
		if i > 0 {
			row.stateFrom, row.seeded, row.applied = clis[0].version, rows[0].seeded, rows[0].applied
		}
		if err := b.plansOn(s, &row, mappings, item, c, i); err != nil {
			return rows, fmt.Errorf("on %s: %w", c.path, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// plansOn measures the plans on the i-th CLI, c. The first applies the configurations; the
// others plan copies of its states, because a first apply costs Terraform's local backend
// the square of the resources (it rewrites the whole state file after each one): at 10,000
// mappings, half an hour for each configuration. The provider is profiled on the first.
func (b *bench) plansOn(s *simulator, row *planRow, mappings []mapping, item int, c cli, i int) error {
	n := row.n
	dir := func(kind string) string { return b.planDir(kind, n, i) }
	ours, base := b.terraform(c.path, dir("provider"), s), b.terraform(c.path, dir("baseline"), s)
	floors := map[string]tf{}
	for _, m := range b.opts.floorModes {
		floors[m] = b.terraform(c.path, dir("floor"), s, "FLOOR_PROVIDER="+m)
	}
	configs := []configuration{
		{"provider", ours, func(ms []mapping) string { return providerConfig(b.opts.layout, ms, item) }},
		{"baseline", base, func(ms []mapping) string { return baselineConfig(b.opts.layout, ms, item) }},
	}
	if b.opts.floors { // the first mode applies; the others plan its state
		configs = append(configs, configuration{"floor", floors[b.opts.floorModes[0]], func(ms []mapping) string { return floorConfig(b.opts.layout, ms, item) }})
	}
	if i == 0 && b.opts.seedStates {
		if err := b.seed(row, s, mappings, configs); err != nil {
			return err
		}
	}
	for _, cfg := range configs {
		if err := writeConfig(cfg.t.dir, cfg.text(mappings)); err != nil {
			return err
		}
		if i > 0 {
			if err := copyState(b.planDir(cfg.kind, n, 0), cfg.t.dir); err != nil {
				return err
			}
		}
	}
	if i == 0 && !b.opts.seedStates {
		if err := b.firstApply(row, configs, s); err != nil {
			return err
		}
	}

	if b.opts.checkStates {
		runs := map[string]tf{"provider": ours, "baseline": base}
		for m, t := range floors {
			runs["floor "+m] = t
		}
		if err := checkStates(row, runs); err != nil {
			return err
		}
	}

	plan := []string{"plan", "-input=false", "-no-color"}
	noRefresh := append(slices.Clone(plan), "-refresh=false")
	kinds := []*series{{t: ours, args: plan, into: &row.refresh}, {t: base, args: plan, into: &row.baseline}}
	for _, m := range b.opts.floorModes {
		kinds = append(kinds, &series{t: floors[m], args: plan, into: map[string]*result{"framework": &row.floorFramework, "protocol": &row.floorProtocol}[m]})
	}
	kinds = append(kinds, &series{t: ours, args: noRefresh, into: &row.noRefresh}, &series{t: base, args: noRefresh, into: &row.baselineNoRef})
	for round := range b.opts.repeat {
		fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: plans, round %d of %d\n", n, c.version, round+1, b.opts.repeat)
		for _, k := range kinds { // interleaved: a slow spell of the machine hits every kind
			r, err := measured(s, k.t, nil, k.args...)
			if err != nil {
				return err
			}
			k.runs = append(k.runs, r)
		}
	}
	for _, k := range kinds {
		*k.into = median(k.runs)
	}
	printPlans(os.Stderr, b.opts, []planRow{*row}) // as it comes; the whole table at the end
	if b.opts.cpuProfile != "" && i == 0 && n == slices.Max(b.opts.sizes) {
		if _, err := ours.run([]string{"CONNECTWISE_DEBUG_CPUPROFILE=" + b.opts.cpuProfile}, plan...); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "CPU profile of the provider (plan of %d mappings): %s\n", n, b.opts.cpuProfile)
	}
	return nil
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
