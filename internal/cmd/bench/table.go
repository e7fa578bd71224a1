package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// median picks the run with the median wall time; of an even number of runs, the slower of
// the two in the middle (of 2 runs, the slower one).
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

// firstApplied is a first apply's cell, or where the states planned came from: a seeded
// state had no first apply to time.
func (r planRow) firstApplied(cell string) string {
	switch {
	case r.stateFrom != "" && r.seeded > 0:
		return "seeded states of " + r.stateFrom
	case r.stateFrom != "":
		return "states of " + r.stateFrom
	case r.seeded > 0 && len(r.applied) > 0:
		return fmt.Sprintf("seeded from %d mappings applied, but %s applied in full (not timed)", r.seeded, strings.Join(r.applied, ", "))
	case r.seeded > 0:
		return fmt.Sprintf("seeded: %d mappings applied, cloned", r.seeded)
	}
	return cell
}

// column is one column of the plans table.
type column struct {
	header string
	cell   func(planRow) string
}

// planColumns are the table's columns; the floors' only when they were measured.
func planColumns(floorModes []string) []column {
	cols := []column{
		{"N mappings", func(r planRow) string { return fmt.Sprint(r.n) }},
		{"CLI", func(r planRow) string { return r.cli }},
		{"site (companies / agreements)", func(r planRow) string { return fmt.Sprintf("%d / %d", r.companies, r.agreements) }},
		{"first apply: requests", func(r planRow) string { return r.firstApplied(fmt.Sprint(r.apply.requests)) }},
		{"first apply: wall, ours / terraform_data", func(r planRow) string {
			return r.firstApplied(fmt.Sprintf("%s / %s = %s", seconds(r.apply.wall), seconds(r.baselineApply.wall), ratio(r.apply.wall, r.baselineApply.wall)))
		}},
		{"plan: requests", func(r planRow) string { return fmt.Sprint(r.refresh.requests) }},
		{"plan: wall, ours", func(r planRow) string { return seconds(r.refresh.wall) }},
		{"terraform_data", func(r planRow) string { return seconds(r.baseline.wall) }},
	}
	framework := slices.Contains(floorModes, "framework")
	if framework {
		cols = append(cols, column{"framework floor", func(r planRow) string { return seconds(r.floorFramework.wall) }})
	}
	if slices.Contains(floorModes, "protocol") {
		cols = append(cols, column{"protocol floor", func(r planRow) string { return seconds(r.floorProtocol.wall) }})
	}
	cols = append(cols, column{"ours / terraform_data", func(r planRow) string { return ratio(r.refresh.wall, r.baseline.wall) }})
	if framework {
		cols = append(cols, column{"ours / framework floor", func(r planRow) string { return ratio(r.refresh.wall, r.floorFramework.wall) }})
	}
	return append(cols,
		column{"plan: provider CPU", func(r planRow) string { return seconds(r.refresh.providerCPU) }},
		column{"plan: total CPU, ours / terraform_data", func(r planRow) string {
			return fmt.Sprintf("%s / %s = %s", seconds(r.refresh.totalCPU), seconds(r.baseline.totalCPU), ratio(r.refresh.totalCPU, r.baseline.totalCPU))
		}},
		column{"-refresh=false: requests", func(r planRow) string { return fmt.Sprint(r.noRefresh.requests) }},
		column{"-refresh=false: wall, ours / terraform_data", func(r planRow) string {
			return fmt.Sprintf("%s / %s = %s", seconds(r.noRefresh.wall), seconds(r.baselineNoRef.wall), ratio(r.noRefresh.wall, r.baselineNoRef.wall))
		}},
	)
}

func printPlans(w io.Writer, o options, rows []planRow) {
	beside := "the same configuration with terraform_data in place of each resource"
	if o.floors {
		beside += " and with the floor provider's mappings (" + strings.Join(o.floorModes, ", ") + ")"
	}
	_, _ = fmt.Fprintf(w, "\nPlans: %s latency per request, default provider settings (requests_per_minute 600), %s, mappings written %s; median of %d, each beside %s\n\n",
		o.latency, strings.Join(o.terraform, ", "), o.layout, o.repeat, beside)
	cols := planColumns(o.floorModes)
	line := func(cell func(column) string) {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = cell(c)
		}
		_, _ = fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	line(func(c column) string { return c.header })
	line(func(column) string { return "---" })
	for _, r := range rows {
		line(func(c column) string { return c.cell(r) })
	}
}
