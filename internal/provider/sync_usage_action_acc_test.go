package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// localsConfig is HCL holding the site's customers, products and the usage as locals.
func (s *syncSite) localsConfig(usage map[string]map[string]float64) string {
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	return fmt.Sprintf(`
locals {
  customers = jsondecode(%q)
  products  = jsondecode(%q)
  usage     = jsondecode(%q)
}
`, js(s.customers), js(s.products), js(usage))
}

// actionConfig adds the sync action over those locals (Terraform 1.14+ only).
func (s *syncSite) actionConfig(usage map[string]map[string]float64) string {
	return s.localsConfig(usage) + `
action "connectwise_sync_usage" "now" {
  config {
    customers = local.customers
    products  = local.products
    usage     = local.usage
    as_of     = "2026-11-15T10:00:00Z"
    allow_any_as_of = true # a fixed date keeps the test independent of the clock
  }
}
`
}

func (s *syncSite) additionQuantities() map[int]float64 {
	out := map[int]float64{}
	for _, a := range s.srv.Sim.Store().List("additions") {
		if a["agreementStatus"] == "Active" {
			out[simulator.Int(a["agreementId"])] += a["quantity"].(float64)
		}
	}
	return out
}

// The plumbing the -invoke test relies on (an in-process provider reattached to the
// Terraform CLI) works on any Terraform; this proves it on the one installed.
func TestAccCLIReattach(t *testing.T) {
	tf := terraformAtLeast(t, "1.11.0")
	clearProviderEnv(t)
	_, provider := startSimulator(t, simulator.Options{})
	cli := newTerraformCLI(t, tf, provider+`data "connectwise_system_info" "this" {}
output "codebase" { value = data.connectwise_system_info.this.codebase }
`)
	cli.run("init", "-input=false")
	out := cli.run("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, `codebase = "v2025_8/"`) {
		t.Errorf("unexpected apply output:\n%s", out)
	}
}

// `terraform apply -invoke=action.connectwise_sync_usage.now`: the pipeline style.
func TestAccSyncUsageActionInvoke(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	clearProviderEnv(t)
	s := newSyncSite(t)
	usage := map[string]map[string]float64{"org-0": {"core-license": 7, "dedicated-server": 1}, "org-1": {"core-license": 3}, "org-2": {"core-license": 0}}
	cli := newTerraformCLI(t, tf, providerBlock(s.srv.URL, "")+s.actionConfig(usage))
	cli.run("init", "-input=false")
	out := cli.run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.now")
	if !strings.Contains(out, "created 3") {
		t.Errorf("the summary line should be shown:\n%s", out)
	}
	q := s.additionQuantities()
	if q[simulator.Int(s.customers[0]["agreement_id"])] != 8 || q[simulator.Int(s.customers[1]["agreement_id"])] != 3 {
		t.Errorf("billed quantities %v", q)
	}
	s.srv.Sim.ResetCounters()
	cli.run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.now")
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("a second invocation wrote %d times", w)
	}
}

// action_trigger: the sync runs when the usage input changes.
func TestAccSyncUsageActionTrigger(t *testing.T) {
	clearProviderEnv(t)
	s := newSyncSite(t)
	config := func(usage map[string]map[string]float64) string {
		return providerBlock(s.srv.URL, "") + s.actionConfig(usage) + `
resource "terraform_data" "usage" {
  input = sha1(jsonencode(local.usage))
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.connectwise_sync_usage.now]
    }
  }
}
`
	}
	first := map[string]map[string]float64{"org-0": {"core-license": 5}}
	second := map[string]map[string]float64{"org-0": {"core-license": 6}}
	agreement := simulator.Int(s.customers[0]["agreement_id"])
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowTerraform(tfversion.Version1_14_0, "an action_trigger")},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(first),
				Check: func(*terraform.State) error {
					if q := s.additionQuantities()[agreement]; q != 5 {
						return fmt.Errorf("after create: billed %v, want 5", q)
					}
					return nil
				},
			},
			{
				Config: config(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.usage", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if q := s.additionQuantities()[agreement]; q != 6 {
						return fmt.Errorf("after update: billed %v, want 6", q)
					}
					return nil
				},
			},
		},
	})
}

// The pipeline's strict mode and run report through the real CLI: with fail_on =
// ["conflict"], `terraform apply -invoke` exits non-zero when a conflict is present (after
// syncing everyone else), and the reports of a dry run and of the real run hold exactly the
// lines the reconciliation data source showed before the run.
func TestAccSyncUsageActionStrictModeAndReport(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	clearProviderEnv(t)
	s, usage := conflictSite(t)
	reports := t.TempDir()
	inputs := `
    customers = local.customers
    products  = local.products
    usage     = local.usage
    as_of     = "2026-11-15T10:00:00Z"
    allow_any_as_of = true`
	cli := newTerraformCLI(t, tf, providerBlock(s.srv.URL, "")+s.localsConfig(usage)+fmt.Sprintf(`
data "connectwise_billing_reconciliation" "now" {%[1]s
}

output "lines" {
  value = data.connectwise_billing_reconciliation.now.lines
}

action "connectwise_sync_usage" "preview" {
  config {%[1]s
    dry_run     = true
    report_path = %[2]q
  }
}

action "connectwise_sync_usage" "strict" {
  config {%[1]s
    fail_on     = ["conflict"]
    report_path = %[3]q
  }
}
`, inputs, reports+"/preview.json", reports+"/sync.json"))
	cli.run("init", "-input=false")
	cli.run("apply", "-auto-approve", "-input=false", "-no-color")
	var before []any
	if err := json.Unmarshal([]byte(cli.run("output", "-json", "lines")), &before); err != nil {
		t.Fatal(err)
	}

	out := cli.run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.preview")
	if !strings.Contains(out, "Additions need a person") {
		t.Errorf("without fail_on a conflict is a warning:\n%s", out)
	}
	if d := diffLines(before, readReport(t, reports+"/preview.json").reconciliationPart()); d != "" {
		t.Errorf("the dry run's report differs from the reconciliation:\n%s", d)
	}

	out, code := cli.exec("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.strict")
	if code != 1 || !messagePattern("Additions need a person").MatchString(out) || !messagePattern(`fail_on includes "conflict"`).MatchString(out) {
		t.Errorf("want exit code 1 naming the conflict and fail_on, got %d:\n%s", code, out)
	}
	report := readReport(t, reports+"/sync.json")
	if d := diffLines(before, report.reconciliationPart()); d != "" {
		t.Errorf("the run's report differs from the reconciliation read before it:\n%s", d)
	}
	if report.raw["passed"] != false || len(report.raw["problems"].([]any)) != 1 {
		t.Errorf("report verdict: passed %v, problems %v", report.raw["passed"], report.raw["problems"])
	}
	// Strict mode changed the verdict only: everyone else was synced.
	q := s.additionQuantities()
	if q[simulator.Int(s.customers[2]["agreement_id"])] != 2 {
		t.Errorf("org-2 was not synced: %v", q)
	}
}
