package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// reportOnlyFields are the report line fields that say what the run did; the others are
// the reconciliation's line attributes.
var reportOnlyFields = []string{"written_addition_id", "ended_addition_ids", "error"}

// plainValue turns a tftypes value into the Go data encoding/json would decode the same
// JSON into (numbers float64, lists []any, objects map[string]any, null nil).
func plainValue(t *testing.T, v tftypes.Value) any {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		out, _ := f.Float64()
		return out
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.List{}):
		var list []tftypes.Value
		_ = v.As(&list)
		out := []any{}
		for _, e := range list {
			out = append(out, plainValue(t, e))
		}
		return out
	case v.Type().Is(tftypes.Object{}):
		var obj map[string]tftypes.Value
		_ = v.As(&obj)
		out := map[string]any{}
		for k, e := range obj {
			out[k] = plainValue(t, e)
		}
		return out
	}
	t.Fatalf("unexpected type %s", v.Type())
	return nil
}

// reconciliationLinesOf reads the reconciliation for attrs as plain data.
func reconciliationLinesOf(t *testing.T, call actionCall, attrs map[string]any) []any {
	t.Helper()
	return plainValue(t, reconcile(t, call, attrs)["lines"]).([]any)
}

type decodedReport struct {
	raw   map[string]any
	lines []map[string]any
}

func readReport(t *testing.T, name string) decodedReport {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var r decodedReport
	if err := json.Unmarshal(b, &r.raw); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, b)
	}
	for _, l := range r.raw["lines"].([]any) {
		r.lines = append(r.lines, l.(map[string]any))
	}
	return r
}

// reconciliationPart drops the report-only fields of the report's lines.
func (r decodedReport) reconciliationPart() []any {
	out := []any{}
	for _, l := range r.lines {
		c := map[string]any{}
		for k, v := range l {
			c[k] = v
		}
		for _, k := range reportOnlyFields {
			delete(c, k)
		}
		out = append(out, c)
	}
	return out
}

func diffLines(want, got []any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	w, _ := json.MarshalIndent(want, "", " ")
	g, _ := json.MarshalIndent(got, "", " ")
	return fmt.Sprintf("reconciliation:\n%s\nreport:\n%s", w, g)
}

// Random sites, usage and existing additions (conflicts included): a dry run's report holds
// exactly the reconciliation's lines, and so does a real run's, compared with the
// reconciliation read before it; the real run's report names the additions it wrote.
func TestSyncUsageActionReportHoldsTheReconciliationLines(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := newSyncSite(t)
			call := newActionCall(t, s.srv.URL)
			usage := randomUsage(rng, s)
			dir := t.TempDir()
			before := reconciliationLinesOf(t, call, s.config(usage, nil))

			dryPath := filepath.Join(dir, "dry.json")
			_, diags := call.invoke(t, s.config(usage, map[string]any{"dry_run": true, "report_path": dryPath}))
			failOnErrors(t, diags)
			dry := readReport(t, dryPath)
			if d := diffLines(before, dry.reconciliationPart()); d != "" {
				t.Errorf("the dry run's report differs from the reconciliation:\n%s", d)
			}
			if dry.raw["dry_run"] != true || dry.raw["format_version"] != reportFormatVersion || dry.raw["passed"] != true {
				t.Errorf("dry run report header: %v", dry.raw)
			}

			realPath := filepath.Join(dir, "real.json")
			s.srv.Sim.ResetCounters()
			_, diags = call.invoke(t, s.config(usage, map[string]any{"report_path": realPath}))
			failOnErrors(t, diags)
			synced := readReport(t, realPath)
			if d := diffLines(before, synced.reconciliationPart()); d != "" {
				t.Errorf("the real run's report differs from the reconciliation read before it:\n%s", d)
			}
			written := 0
			for _, l := range synced.lines {
				writes := l["change"] == "create" || l["change"] == "update"
				if writes != (l["written_addition_id"] != nil) || l["error"] != nil {
					t.Errorf("line %v: a written addition ID exactly for creates and updates, and no error", l)
				}
				if writes {
					written++
				}
				if l["change"] == "update" && l["written_addition_id"] != l["addition_id"] {
					t.Errorf("an update writes the addition it found: %v", l)
				}
			}
			for _, l := range dry.lines {
				if l["written_addition_id"] != nil {
					t.Errorf("a dry run writes nothing: %v", l)
				}
			}
			if w := s.srv.Sim.Counters().Writes; w != written {
				t.Errorf("the report names %d written additions; the simulator saw %d writes", written, w)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("want only the two reports in %s (no temporary file left), got %v", dir, entries)
			}
		})
	}
}

// conflictSite has a conflict (two additions for org-0's licence) and a skipped customer
// (org-1 reports no usage).
func conflictSite(t *testing.T) (*syncSite, map[string]map[string]float64) {
	s := newSyncSite(t)
	for range 2 {
		s.srv.Sim.Store().Insert("additions", map[string]any{
			"agreementId": s.customers[0]["agreement_id"], "product": map[string]any{"id": s.coreItem},
			"quantity": 3.0, "billCustomer": "Billable", "agreementStatus": "Active",
		})
	}
	return s, map[string]map[string]float64{"org-0": {"core-license": 5, "dedicated-server": 1}, "org-2": {"core-license": 2}}
}

func diagsBySeverity(diags []*tfprotov6.Diagnostic) (errs, warns []string) {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d.Summary+": "+d.Detail)
		} else {
			warns = append(warns, d.Summary+": "+d.Detail)
		}
	}
	return errs, warns
}

// fail_on turns conflicts and skipped customers into errors, one per problem, and changes
// nothing else: the same writes happen as with the default. The site has one conflict and
// three enabled customers skipped (org-1 and org-2 miss usage, org-3's agreement is
// cancelled).
func TestSyncUsageActionFailOn(t *testing.T) {
	const conflict, skipped = "Additions need a person", "Customer skipped"
	all := map[string]int{conflict: 1, skipped: 3}
	for _, tc := range []struct {
		name   string
		failOn any
		errs   map[string]int
	}{
		{"default", nil, map[string]int{}},
		{"conflict", []any{"conflict"}, map[string]int{conflict: 1}},
		{"skipped", []any{"skipped", "failed"}, map[string]int{skipped: 3}},
		{"both", []any{"conflict", "skipped"}, all},
		{"empty", []any{}, map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, usage := conflictSite(t)
			call := newActionCall(t, s.srv.URL)
			pending, _ := pendingOf(t, reconcile(t, call, s.config(usage, nil)))
			report := filepath.Join(t.TempDir(), "report.json")
			s.srv.Sim.ResetCounters()
			_, diags := call.invoke(t, s.config(usage, map[string]any{"fail_on": tc.failOn, "report_path": report}))
			errs, warns := diagsBySeverity(diags)
			if w := s.srv.Sim.Counters().Writes; w != pending || pending == 0 {
				t.Errorf("fail_on must not change what is written: %d pending, %d writes", pending, w)
			}
			count := func(list []string) map[string]int {
				out := map[string]int{}
				for _, g := range list {
					out[strings.SplitN(g, ":", 2)[0]]++
				}
				return out
			}
			wantWarns := map[string]int{}
			for k, n := range all {
				if tc.errs[k] == 0 {
					wantWarns[k] = n
				}
			}
			if got := count(errs); !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("errors: want %v, got %v", tc.errs, errs)
			}
			if got := count(warns); !reflect.DeepEqual(got, wantWarns) {
				t.Errorf("warnings: want %v, got %v", wantWarns, warns)
			}
			for _, e := range errs {
				if !strings.Contains(e, "fail_on includes") || !strings.Contains(e, "Organization org-") {
					t.Errorf("a strict-mode error names the customer and fail_on: %s", e)
				}
			}
			r := readReport(t, report)
			if r.raw["passed"] != (len(errs) == 0) || len(r.raw["problems"].([]any)) != len(errs) {
				t.Errorf("report verdict: passed %v, problems %v; want %d problems", r.raw["passed"], r.raw["problems"], len(errs))
			}
		})
	}
}

// A failed customer fails the run whatever fail_on says, and the report says which.
func TestSyncUsageActionReportOnFailure(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	role := simulator.FullRole()
	role["Finance/Agreements"] = simulator.Levels{Inquire: "All", Add: "None", Edit: "All", Delete: "All"}
	s.srv.Sim.SetRole(role) // every create answers 403
	report := filepath.Join(t.TempDir(), "report.json")
	_, diags := call.invoke(t, s.config(map[string]map[string]float64{"org-0": {"core-license": 5}, "org-1": {"core-license": 2}},
		map[string]any{"fail_on": []any{}, "report_path": report}))
	errs, _ := diagsBySeverity(diags)
	if len(errs) != 3 {
		t.Fatalf("want one error per failed customer and one with the run's count, got %v", errs)
	}
	// The count once, after the customers: not repeated under each of them.
	if !strings.HasPrefix(errs[2], "Sync incomplete") || strings.Count(strings.Join(errs, "\n"), "2 of 4 customers failed") != 1 {
		t.Errorf("want the run's count once, last: %v", errs)
	}
	// Running again cannot fix a refused permission: the error says what does.
	for _, d := range errs[:2] {
		if !strings.Contains(d, "Grant the permission named above") || strings.Contains(d, "Run the action again") {
			t.Errorf("a 403 should ask for the permission, not for another run:\n%s", d)
		}
		if strings.Count(d, "Add Level must be All") != 1 {
			t.Errorf("the permission should be named once:\n%s", d)
		}
	}
	r := readReport(t, report)
	failed := r.raw["failed_customers"].([]any)
	if r.raw["passed"] != false || len(failed) != 2 || failed[0].(map[string]any)["organization_id"] != "org-0" {
		t.Errorf("report: passed %v, failed customers %v", r.raw["passed"], failed)
	}
	withError := 0
	for _, l := range r.lines {
		if l["error"] != nil {
			withError++
			if !strings.Contains(l["error"].(string), "Add") {
				t.Errorf("the line's error should name the missing permission: %v", l["error"])
			}
		}
	}
	if withError != 2 {
		t.Errorf("want the two failed lines to carry their error, got %d", withError)
	}
}

func TestSyncUsageActionRejectsBadFailOnAndReportPath(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	usage := map[string]map[string]float64{"org-0": {"core-license": 1}}
	for _, tc := range []struct {
		name  string
		extra map[string]any
		want  string
	}{
		{"unknown value", map[string]any{"fail_on": []any{"conflict", "conflicts"}}, `Invalid fail_on: fail_on\[1\] is "conflicts"; accepted values are "conflict" .*"skipped" .*"failed"`},
		{"null value", map[string]any{"fail_on": []any{nil}}, `fail_on\[0\] is null`},
		{"empty report path", map[string]any{"report_path": " "}, `report_path.*Invalid report_path: report_path is empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if text := errorText(call.validate(t, s.config(usage, tc.extra))); !regexpMust(tc.want).MatchString(text) {
				t.Errorf("want an error matching %q, got %q", tc.want, text)
			}
		})
	}
	// A report directory that does not exist fails the plan, before anything is written.
	s.srv.Sim.ResetCounters()
	missing := filepath.Join(t.TempDir(), "no-such-dir", "report.json")
	plan, err := call.server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: "connectwise_sync_usage",
		Config: call.config(s.config(usage, map[string]any{"report_path": missing}))})
	if err != nil {
		t.Fatal(err)
	}
	if text := errorText(plan.Diagnostics); !strings.Contains(text, "does not exist") || !strings.Contains(text, "no-such-dir") {
		t.Errorf("want a plan error naming the missing directory, got %q", text)
	}
	dirPlan, err := call.server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: "connectwise_sync_usage",
		Config: call.config(s.config(usage, map[string]any{"report_path": t.TempDir()}))})
	if err != nil {
		t.Fatal(err)
	}
	if text := errorText(dirPlan.Diagnostics); !strings.Contains(text, "is a directory") {
		t.Errorf("want a plan error for a directory, got %q", text)
	}
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("planning wrote %d times", w)
	}
}
