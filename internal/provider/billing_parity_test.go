package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// parityConfig is a site's mappings as a user writes them, with the reconciliation read on
// every plan; its outputs are what the reconciliation says about the run.
const parityConfig = `
resource "connectwise_integration" "nl" {
  name             = "NordLayer"
  creates_products = false
}

resource "connectwise_product_mapping" "all" {
  for_each        = local.items
  integration_id  = connectwise_integration.nl.id
  vendor_sku      = each.key
  catalog_item_id = each.value
}

resource "connectwise_customer_mapping" "all" {
  for_each        = local.mappings
  integration_id  = connectwise_integration.nl.id
  organization_id = each.key
  company_id      = each.value.company_id
  agreement_id    = each.value.agreement_id
}

data "connectwise_billing_reconciliation" "now" {
  customers = values(connectwise_customer_mapping.all)
  products  = values(connectwise_product_mapping.all)
  usage     = local.usage
}

output "skipped" {
  value = sort(distinct([for l in data.connectwise_billing_reconciliation.now.lines : l.organization_id if l.change == "skip"]))
}

output "pending" {
  value = data.connectwise_billing_reconciliation.now.pending_changes
}
`

// paritySkipWarning is how a plan names a customer (or, for a product, a SKU) the sync skips.
var (
	planSkipsCustomer = regexp.MustCompile(`Usage sync skips organization "([^"]+)"`)
	planSkipsSKU      = regexp.MustCompile(`Usage sync skips SKU "([^"]+)"`)
	actionSkipped     = regexp.MustCompile(`^Organization (\S+)`)
)

// TestBillingParity: for every kind of change in ConnectWise that the mapping resources warn
// about, the plan's warnings, the reconciliation's skipped lines and the action's skipped
// customers name the same customers; the action writes nothing for them; and the
// reconciliation's pending changes are exactly the writes the action then makes. Every
// addition was hand-edited first, so a wrong skip shows up as a PATCH.
func TestAccBillingParity(t *testing.T) {
	tf := terraformAtLeast(t, "1.5.0")
	clearProviderEnv(t)
	kinds := []struct {
		name   string
		change func(st *simulator.Store, s *syncSite) error
		want   []string // organizations the sync must skip
		sku    string   // set when only that SKU is skipped (a catalog item change)
	}{
		{"agreement cancelled", func(st *simulator.Store, s *syncSite) error {
			return st.Update("agreements", simulator.Int(s.customers[1]["agreement_id"]), map[string]any{"agreementStatus": "Cancelled", "cancelledFlag": true})
		}, []string{"org-1"}, ""},
		{"agreement expired", func(st *simulator.Store, s *syncSite) error {
			return st.Update("agreements", simulator.Int(s.customers[1]["agreement_id"]), map[string]any{"noEndingDateFlag": false, "endDate": "2025-06-30T00:00:00Z"})
		}, []string{"org-1"}, ""},
		{"agreement deleted", func(st *simulator.Store, s *syncSite) error {
			st.Delete("agreements", simulator.Int(s.customers[2]["agreement_id"]))
			return nil
		}, []string{"org-2"}, ""},
		{"agreement bills quarterly, billing_cycle unset", func(st *simulator.Store, s *syncSite) error {
			return st.Update("agreements", simulator.Int(s.customers[2]["agreement_id"]), map[string]any{"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}})
		}, []string{"org-2"}, ""},
		{"agreement bills from the month after next (billStartDate)", func(st *simulator.Store, s *syncSite) error {
			now := time.Now().UTC()
			later := time.Date(now.Year(), now.Month()+2, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
			return st.Update("agreements", simulator.Int(s.customers[0]["agreement_id"]), map[string]any{"billStartDate": later})
		}, []string{"org-0"}, ""},
		{"one-time agreement", func(st *simulator.Store, s *syncSite) error {
			return st.Update("agreements", simulator.Int(s.customers[1]["agreement_id"]), map[string]any{"oneTimeFlag": true})
		}, []string{"org-1"}, ""},
		// Not a skip: the hand-edited additions started in a period this agreement has invoiced
		// and it does not prorate, so each is ended and succeeded (two writes each), which the
		// reconciliation's pending_changes must count as the action then writes them.
		{"agreement invoiced this month, does not prorate", func(st *simulator.Store, s *syncSite) error {
			now := time.Now().UTC()
			next := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
			return st.Update("agreements", simulator.Int(s.customers[2]["agreement_id"]), map[string]any{"prorateFlag": false, "nextInvoiceDate": next})
		}, nil, ""},
		{"company in the recycle bin", func(st *simulator.Store, s *syncSite) error {
			return st.Update("companies", simulator.Int(s.customers[0]["company_id"]), map[string]any{"deletedFlag": true})
		}, []string{"org-0"}, ""},
		{"catalog item inactive", func(st *simulator.Store, s *syncSite) error {
			return st.Update("catalog", s.serverItem, map[string]any{"inactiveFlag": true})
		}, []string{"org-0", "org-1", "org-2"}, "dedicated-server"},
		{"catalog item deleted", func(st *simulator.Store, s *syncSite) error {
			st.Delete("catalog", s.coreItem)
			return nil
		}, []string{"org-0", "org-1", "org-2"}, "core-license"},
	}
	for _, kind := range kinds {
		t.Run(kind.name, func(t *testing.T) {
			s := newSyncSite(t)
			s.customers = s.customers[:3] // all three on active agreements
			st := s.srv.Sim.Store()
			usage := map[string]map[string]float64{}
			mappings := map[string]any{}
			for _, c := range s.customers {
				org := c["organization_id"].(string)
				usage[org] = map[string]float64{"core-license": 5, "dedicated-server": 1}
				mappings[org] = map[string]any{"company_id": c["company_id"], "agreement_id": c["agreement_id"]}
			}
			call := newActionCall(t, s.srv.URL)
			_, diags := call.invoke(t, s.config(usage, map[string]any{"as_of": nil}))
			failOnErrors(t, diags)
			for _, a := range st.List("additions") { // a person edits every addition
				if err := st.Update("additions", simulator.Int(a["id"]), map[string]any{"quantity": 70.0}); err != nil {
					t.Fatal(err)
				}
			}

			cli := newTerraformCLI(t, tf, providerBlock(s.srv.URL, "")+parityLocals(usage, mappings, s)+parityConfig)
			cli.run("init", "-input=false")
			cli.run("apply", "-input=false", "-auto-approve", "-no-color")
			if err := kind.change(st, s); err != nil {
				t.Fatal(err)
			}

			// The plan's warnings.
			plan := cli.run("plan", "-input=false", "-no-color")
			planned := map[string]bool{}
			for _, m := range planSkipsCustomer.FindAllStringSubmatch(plan, -1) {
				planned[m[1]] = true
			}
			if planSkipsSKU.MatchString(plan) {
				for _, c := range s.customers {
					planned[c["organization_id"].(string)] = true
				}
			}

			// The reconciliation, as a user reads it after an apply.
			cli.run("apply", "-input=false", "-auto-approve", "-no-color")
			var outputs struct {
				Skipped struct{ Value []string } `json:"skipped"`
				Pending struct{ Value int }      `json:"pending"`
			}
			if err := json.Unmarshal([]byte(cli.run("output", "-json")), &outputs); err != nil {
				t.Fatal(err)
			}

			// The action, with the same inputs.
			skippedProduct := 0
			switch kind.sku {
			case "core-license":
				skippedProduct = s.coreItem
			case "dedicated-server":
				skippedProduct = s.serverItem
			}
			before := additionsByAgreement(st, skippedProduct)
			s.srv.Sim.ResetCounters()
			_, diags = call.invoke(t, s.config(usage, map[string]any{"as_of": nil}))
			failOnErrors(t, diags)
			acted := map[string]bool{}
			for _, d := range diags {
				if d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == "Customer skipped" {
					if m := actionSkipped.FindStringSubmatch(d.Detail); m != nil {
						acted[m[1]] = true
					}
				}
			}

			want := strings.Join(kind.want, ",")
			if got := strings.Join(sortedKeys(planned), ","); got != want {
				t.Errorf("plan warnings name %q, want %q:\n%s", got, want, plan)
			}
			if got := strings.Join(outputs.Skipped.Value, ","); got != want {
				t.Errorf("reconciliation skips %q, want %q", got, want)
			}
			if got := strings.Join(sortedKeys(acted), ","); got != want {
				t.Errorf("the action skipped %q, want %q: %v", got, want, diags)
			}
			if w := s.srv.Sim.Counters().Writes; w != outputs.Pending.Value {
				t.Errorf("the reconciliation said %d changes were pending; the action wrote %d times", outputs.Pending.Value, w)
			}
			after := additionsByAgreement(st, skippedProduct)
			for _, c := range s.customers {
				org, ag := c["organization_id"].(string), simulator.Int(c["agreement_id"])
				if slices.Contains(kind.want, org) && before[ag] != after[ag] {
					t.Errorf("the action wrote to skipped customer %s's agreement %d:\n before %s\n after  %s", org, ag, before[ag], after[ag])
				}
			}
		})
	}
}

// parityLocals holds the usage, the mappings and the catalog item IDs as HCL locals.
func parityLocals(usage map[string]map[string]float64, mappings map[string]any, s *syncSite) string {
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	items := map[string]int{"core-license": s.coreItem, "dedicated-server": s.serverItem}
	return fmt.Sprintf("locals {\n  usage    = jsondecode(%q)\n  mappings = jsondecode(%q)\n  items    = jsondecode(%q)\n}\n",
		js(usage), js(mappings), js(items))
}

// additionsByAgreement renders each agreement's additions (ID, product, quantity, status,
// dates), of one product when product is not 0, so that any write to them changes the text.
func additionsByAgreement(st *simulator.Store, product int) map[int]string {
	out := map[int]string{}
	for _, a := range st.List("additions") {
		ref, _ := a["product"].(map[string]any)
		if product != 0 && simulator.Int(ref["id"]) != product {
			continue
		}
		out[simulator.Int(a["agreementId"])] += fmt.Sprintf("%v:%v:%v:%v:%v:%v;", a["id"], ref["id"], a["quantity"], a["agreementStatus"], a["effectiveDate"], a["cancelledDate"])
	}
	return out
}
