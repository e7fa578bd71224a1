package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// planRow is what the plans of N mappings cost, each beside its terraform_data baseline.
type planRow struct {
	n, companies, agreements int
	apply                    result // the first apply (its plan and its apply)
	refresh, baseline        result // terraform plan (medians)
	noRefresh, baselineNoRef result // terraform plan -refresh=false (medians)
}

// plans measures N customer mappings on a site of about 1.2 N companies (DemoData gives
// 0.85 active agreements of live companies per company): the site grows with the plan, so
// the pages a listing costs grow too.
func (b *bench) plans(n int) (planRow, error) {
	row := planRow{n: n}
	companies := n*6/5 + 50
	s, err := b.startSimulator(fmt.Sprintf("plans-%d", n), "-demo", strconv.Itoa(companies), "-latency", b.opts.latency.String())
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

	dir, base := filepath.Join(b.work, fmt.Sprintf("provider-%d", n)), filepath.Join(b.work, fmt.Sprintf("baseline-%d", n))
	if err := writeConfig(dir, providerConfig(mappings, item)); err != nil {
		return row, err
	}
	// The same number of resources: N mappings, the integration and the product mapping.
	if err := writeConfig(base, baselineConfig(n+2)); err != nil {
		return row, err
	}
	p, t := b.terraform(b.opts.terraform, dir, s), b.terraform(b.opts.terraform, base, s)
	apply := []string{"apply", "-input=false", "-no-color", "-auto-approve"}
	fmt.Fprintf(os.Stderr, "N = %d: first apply\n", n)
	if row.apply, err = measured(s, p, nil, apply...); err != nil {
		return row, err
	}
	if _, err := t.run(nil, apply...); err != nil {
		return row, err
	}
	plan := []string{"plan", "-input=false", "-no-color"}
	noRefresh := append(slices.Clone(plan), "-refresh=false")
	var refreshes, baselines, noRefreshes, baselinesNoRef []result
	for i := range b.opts.repeat {
		fmt.Fprintf(os.Stderr, "N = %d: plans, round %d of %d\n", n, i+1, b.opts.repeat)
		for _, step := range []struct {
			t    tf
			args []string
			into *[]result
		}{{p, plan, &refreshes}, {t, plan, &baselines}, {p, noRefresh, &noRefreshes}, {t, noRefresh, &baselinesNoRef}} {
			r, err := measured(s, step.t, nil, step.args...)
			if err != nil {
				return row, err
			}
			*step.into = append(*step.into, r)
		}
	}
	row.refresh, row.baseline = median(refreshes), median(baselines)
	row.noRefresh, row.baselineNoRef = median(noRefreshes), median(baselinesNoRef)
	printPlans(os.Stderr, b.opts, []planRow{row}) // as it comes; the whole table at the end
	if b.opts.cpuProfile != "" && n == slices.Max(b.opts.sizes) {
		if _, err := p.run([]string{"CONNECTWISE_DEBUG_CPUPROFILE=" + b.opts.cpuProfile}, plan...); err != nil {
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

func providerConfig(mappings []mapping, item int) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    connectwise = { source = "mspkit/connectwise" }
  }
}

provider "connectwise" {}

resource "connectwise_integration" "bench" {
  name = "Bench"
}

resource "connectwise_product_mapping" "licence" {
  integration_id  = connectwise_integration.bench.id
  vendor_sku      = "core-license"
`)
	fmt.Fprintf(&b, "  catalog_item_id = %d\n}\n\nlocals {\n  customers = {\n", item)
	for i, m := range mappings {
		fmt.Fprintf(&b, "    \"org-%05d\" = { company_id = %d, agreement_id = %d }\n", i, m.company, m.agreement)
	}
	b.WriteString(mappingsResource)
	return b.String()
}

// mappingsResource closes the customers map and maps each of them.
const mappingsResource = `  }
}

resource "connectwise_customer_mapping" "all" {
  for_each        = local.customers
  integration_id  = connectwise_integration.bench.id
  organization_id = each.key
  company_id      = each.value.company_id
  agreement_id    = each.value.agreement_id
}
`

// baselineConfig is n terraform_data resources from a literal map, as the mappings are
// (range() stops at 1,024 values).
func baselineConfig(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  items = {\n")
	for i := range n {
		fmt.Fprintf(&b, "    \"org-%05d\" = %d\n", i, i)
	}
	b.WriteString("  }\n}\n\nresource \"terraform_data\" \"all\" {\n  for_each = local.items\n  input    = each.value\n}\n")
	return b.String()
}

func writeConfig(dir, text string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o600)
}

// median picks the run with the median wall time.
func median(rs []result) result {
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b result) int { return int(a.wall - b.wall) })
	return sorted[len(sorted)/2]
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a.Seconds()/b.Seconds())
}

func printPlans(w io.Writer, o options, rows []planRow) {
	_, _ = fmt.Fprintf(w, "\nPlans: %s latency per request, default provider settings (requests_per_minute 600), %s; median of %d, each beside the same number of terraform_data\n\n",
		o.latency, o.terraform, o.repeat)
	_, _ = fmt.Fprintln(w, "| N mappings | site (companies / agreements) | first apply: requests | plan: requests | plan: wall (provider / terraform_data) | plan: provider CPU | plan: total CPU (with / terraform_data) | -refresh=false: requests | -refresh=false: wall |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		_, _ = fmt.Fprintf(w, "| %d | %d / %d | %d | %d | %s / %s = %s | %s | %s / %s = %s | %d | %s / %s = %s |\n",
			r.n, r.companies, r.agreements, r.apply.requests, r.refresh.requests,
			seconds(r.refresh.wall), seconds(r.baseline.wall), ratio(r.refresh.wall, r.baseline.wall),
			seconds(r.refresh.providerCPU),
			seconds(r.refresh.totalCPU), seconds(r.baseline.totalCPU), ratio(r.refresh.totalCPU, r.baseline.totalCPU),
			r.noRefresh.requests,
			seconds(r.noRefresh.wall), seconds(r.baselineNoRef.wall), ratio(r.noRefresh.wall, r.baselineNoRef.wall))
	}
}
