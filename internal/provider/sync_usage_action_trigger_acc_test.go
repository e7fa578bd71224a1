package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// triggerMinimum is the Terraform that gave action_trigger its on_failure mode
// (hashicorp/terraform#38722).
var triggerMinimum = version.Must(version.NewVersion("1.16.0"))

// The self-completing trigger (Terraform 1.16): the usage hash replaces a terraform_data,
// whose after_create runs the sync with on_failure = taint. The first apply runs while the
// role lacks Finance › Agreements Add: every customer fails, the apply fails, and the
// instance is tainted. Once the role is restored, the next apply replaces the tainted
// instance and runs the sync again: every customer is billed, with no change to the usage.
func TestAccSyncUsageActionTriggerCompletesAfterFailure(t *testing.T) {
	s, weak, usage, billed := newTriggerSite(t)
	config := providerBlock(s.srv.URL, "") + s.actionConfig(usage) + `
resource "terraform_data" "usage" {
  triggers_replace = sha1(jsonencode(local.usage))
  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.connectwise_sync_usage.now]
      on_failure = taint
    }
  }
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowTerraform(triggerMinimum, "action_trigger with on_failure = taint")},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { s.srv.Sim.SetRole(weak) },
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)4 of 4 customers failed`),
			},
			{
				PreConfig: func() {
					if q := s.additionQuantities(); len(q) != 0 {
						t.Fatalf("the failed sync billed %v", q)
					}
					s.srv.Sim.SetRole(nil) // the role is fixed; the usage is the same
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.usage", plancheck.ResourceActionReplace),
				}},
				Check: billed, // 4 of 4 billed
			},
			{
				// Nothing changed: no replacement, no run, no write.
				PreConfig: func() { s.srv.Sim.ResetCounters() },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(*terraform.State) error {
					if w := s.srv.Sim.Counters().Writes; w != 0 {
						return fmt.Errorf("an apply with nothing to do wrote %d times", w)
					}
					return nil
				},
			},
		},
	})
}

// The trigger that completes on Terraform 1.14 and 1.15, where action_trigger has no
// on_failure: the reconciliation (the sync's dry run, read at plan time) feeds the
// trigger's input a new value on every plan while writes are pending, so the apply after
// a failed sync runs it again. The first apply fails for 4 of 4 customers; once the role
// is restored the next apply bills all 4; the apply after that runs the sync once more
// (it writes nothing: the input returns to "none"), and from then on the plan is empty.
func TestAccSyncUsageActionTriggerByReconciliation(t *testing.T) {
	s, weak, usage, billed := newTriggerSite(t)
	config := providerBlock(s.srv.URL, "") + s.actionConfig(usage) + `
data "connectwise_billing_reconciliation" "now" {
  customers       = local.customers
  products        = local.products
  usage           = local.usage
  as_of           = "2026-11-15T10:00:00Z"
  allow_any_as_of = true
}

resource "terraform_data" "usage" {
  input = {
    usage   = sha1(jsonencode(local.usage))
    pending = data.connectwise_billing_reconciliation.now.pending_changes > 0 ? plantimestamp() : "none"
  }
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.connectwise_sync_usage.now]
    }
  }
}
`
	noWrites := func(*terraform.State) error {
		if w := s.srv.Sim.Counters().Writes; w != 0 {
			return fmt.Errorf("a run with nothing pending wrote %d times", w)
		}
		return billed(nil)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowTerraform(version.Must(version.NewVersion("1.14.0")), "an action_trigger")},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { s.srv.Sim.SetRole(weak) },
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)4 of 4 customers failed`),
			},
			{
				PreConfig: func() {
					if q := s.additionQuantities(); len(q) != 0 {
						t.Fatalf("the failed sync billed %v", q)
					}
					s.srv.Sim.SetRole(nil) // the role is fixed; the usage is the same
					// plantimestamp() has whole seconds: runs a second apart differ, as
					// any two applies in a pipeline do.
					time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.usage", plancheck.ResourceActionUpdate),
				}},
				Check: billed,
				// The next plan settles the input to "none" (step 3).
				ExpectNonEmptyPlan: true,
			},
			{
				// Nothing pending: the input settles to "none", which runs the sync once more.
				PreConfig: func() { s.srv.Sim.ResetCounters() },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.usage", plancheck.ResourceActionUpdate),
				}},
				Check: noWrites,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: noWrites,
			},
		},
	})
}

// newTriggerSite is the trigger tests' site: four customers, all on active agreements (the
// site's fourth is cancelled: reopened), a role that refuses Finance › Agreements Add, their
// usage, and the check that each is billed exactly that usage.
func newTriggerSite(t *testing.T) (s *syncSite, weak simulator.Role, usage map[string]map[string]float64, billed resource.TestCheckFunc) {
	t.Helper()
	clearProviderEnv(t)
	s = newSyncSite(t)
	if err := s.srv.Sim.Store().Update("agreements", s.cancelled, map[string]any{"agreementStatus": "Active", "cancelledFlag": false}); err != nil {
		t.Fatal(err)
	}
	weak = simulator.FullRole()
	weak["Finance/Agreements"] = simulator.Levels{Inquire: "All", Add: "None", Edit: "All", Delete: "All"}
	usage = map[string]map[string]float64{
		"org-0": {"core-license": 5, "dedicated-server": 1}, "org-1": {"core-license": 3}, "org-2": {"core-license": 2},
		"org-3": {"core-license": 4},
	}
	ag := func(i int) int { return simulator.Int(s.customers[i]["agreement_id"]) }
	want := map[int]float64{ag(0): 6, ag(1): 3, ag(2): 2, ag(3): 4}
	billed = func(*terraform.State) error {
		got := s.additionQuantities()
		for a, q := range want {
			if got[a] != q {
				return fmt.Errorf("agreement %d billed %v, want %v (all: %v)", a, got[a], q, got)
			}
		}
		return nil
	}
	return s, weak, usage, billed
}
