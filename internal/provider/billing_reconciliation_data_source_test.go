package provider

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// reconcile reads the data source at the protocol level and returns its state as Go data.
func reconcile(t *testing.T, call actionCall, attrs map[string]any) map[string]tftypes.Value {
	t.Helper()
	schemas, err := call.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schema := schemas.DataSourceSchemas["connectwise_billing_reconciliation"]
	resp, err := call.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "connectwise_billing_reconciliation", Config: configValue(schema, attrs),
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, resp.Diagnostics)
	v, err := resp.State.Unmarshal(schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]tftypes.Value
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func pendingOf(t *testing.T, state map[string]tftypes.Value) (int, bool) {
	t.Helper()
	var pending big.Float
	var inSync bool
	if err := state["pending_changes"].As(&pending); err != nil {
		t.Fatal(err)
	}
	if err := state["in_sync"].As(&inSync); err != nil {
		t.Fatal(err)
	}
	n, _ := pending.Int64()
	return int(n), inSync
}

// randomUsage gives the site's customers existing additions, sometimes two for one product
// (a conflict), and returns random usage in which some customers and SKUs are absent
// (skipped).
func randomUsage(rng *rand.Rand, s *syncSite) map[string]map[string]float64 {
	usage := map[string]map[string]float64{}
	for _, c := range s.customers {
		org := c["organization_id"].(string)
		if rng.IntN(5) == 0 {
			continue // absent: skipped
		}
		usage[org] = map[string]float64{}
		for _, p := range s.products {
			if rng.IntN(4) > 0 {
				usage[org][p["vendor_sku"].(string)] = float64(rng.IntN(4)) + float64(rng.IntN(2))/2
			}
			for range rng.IntN(3) {
				s.srv.Sim.Store().Insert("additions", map[string]any{
					"agreementId": c["agreement_id"], "product": map[string]any{"id": p["catalog_item_id"]},
					"quantity": float64(rng.IntN(4)), "billCustomer": "Billable", "agreementStatus": "Active",
				})
			}
		}
	}
	return usage
}

// Random sites, usage and existing additions: the data source's pending changes are exactly
// the writes the action then makes, after which the data source reports in sync.
func TestReconciliationAgreesWithTheAction(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			s := newSyncSite(t)
			call := newActionCall(t, s.srv.URL)
			usage := randomUsage(rng, s)
			cfg := s.config(usage, nil)
			pending, _ := pendingOf(t, reconcile(t, call, cfg))
			s.srv.Sim.ResetCounters()
			_, diags := call.invoke(t, cfg)
			failOnErrors(t, diags)
			if w := s.srv.Sim.Counters().Writes; w != pending {
				t.Errorf("the data source said %d changes were pending; the action wrote %d times", pending, w)
			}
			after, inSync := pendingOf(t, reconcile(t, call, cfg))
			if after != 0 {
				t.Errorf("after the sync %d changes are still pending", after)
			}
			lines := reconcile(t, call, cfg)["lines"]
			var list []tftypes.Value
			_ = lines.As(&list)
			conflict := false
			for _, l := range list {
				var obj map[string]tftypes.Value
				_ = l.As(&obj)
				var change string
				_ = obj["change"].As(&change)
				conflict = conflict || change == "conflict"
			}
			if inSync == conflict {
				t.Errorf("in_sync %v with conflicts %v", inSync, conflict)
			}
		})
	}
}

func TestAccBillingReconciliationDataSource(t *testing.T) {
	clearProviderEnv(t)
	s := newSyncSite(t)
	usage := map[string]map[string]float64{"org-0": {"core-license": 40, "dedicated-server": 1}, "org-1": {"core-license": 2}}
	config := providerBlock(s.srv.URL, "") + s.localsConfig(usage) + `
data "connectwise_billing_reconciliation" "now" {
  customers = local.customers
  products  = local.products
  usage     = local.usage
  as_of     = "2026-11-15T10:00:00Z"
  allow_any_as_of = true # a fixed date keeps the test independent of the clock
}
`
	path := func(p ...any) tfjsonpath.Path {
		out := tfjsonpath.New(p[0].(string))
		for _, e := range p[1:] {
			switch e := e.(type) {
			case string:
				out = out.AtMapKey(e)
			case int:
				out = out.AtSliceIndex(e)
			}
		}
		return out
	}
	ds := "data.connectwise_billing_reconciliation.now"
	var addition int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// Before any sync: two creates for org-0, one for org-1, org-2 skipped (no usage).
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, path("pending_changes"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds, path("in_sync"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "organization_id"), knownvalue.StringExact("org-0")),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "change"), knownvalue.StringExact("create")),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "company_name"), knownvalue.StringExact("Acme ACME0")),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "agreement_name"), knownvalue.StringExact("MSP - ACME0")),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "usage_quantity"), knownvalue.Float64Exact(40)),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "billed_quantity"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, path("lines", 4, "change"), knownvalue.StringExact("skip")),
					statecheck.ExpectKnownValue(ds, path("totals", "create"), knownvalue.Int64Exact(3)),
				},
			},
			{
				// After the sync: in sync, and the data source wrote nothing.
				PreConfig: func() {
					call := newActionCall(t, s.srv.URL)
					_, diags := call.invoke(t, s.config(usage, nil))
					failOnErrors(t, diags)
					s.srv.Sim.ResetCounters()
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, path("pending_changes"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, path("in_sync"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "billed_quantity"), knownvalue.Float64Exact(40)),
				},
				Check: func(*terraform.State) error {
					if w := s.srv.Sim.Counters().Writes; w != 0 {
						return fmt.Errorf("the data source wrote %d times", w)
					}
					return nil
				},
			},
			{
				// A person edits an addition in ConnectWise: the drift is an update back.
				PreConfig: func() {
					for _, a := range s.srv.Sim.Store().List("additions") {
						if a["quantity"] == 40.0 {
							addition = simulator.Int(a["id"])
							_ = s.srv.Sim.Store().Update("additions", addition, map[string]any{"quantity": 38.0})
						}
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, path("in_sync"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "change"), knownvalue.StringExact("update")),
					statecheck.ExpectKnownValue(ds, path("lines", 0, "reason"), knownvalue.StringExact("quantity 38 → 40")),
				},
			},
		},
	})
}

// A check block turns drift into a plan warning that names the customer, the SKU and
// old → new: what a reviewer sees in a pull request.
func TestAccBillingReconciliationCheckBlockWarns(t *testing.T) {
	tf := terraformAtLeast(t, "1.5.0")
	clearProviderEnv(t)
	s := newSyncSite(t)
	usage := map[string]map[string]float64{"org-0": {"core-license": 40}}
	call := newActionCall(t, s.srv.URL)
	_, diags := call.invoke(t, s.config(usage, nil))
	failOnErrors(t, diags)
	for _, a := range s.srv.Sim.Store().List("additions") {
		_ = s.srv.Sim.Store().Update("additions", simulator.Int(a["id"]), map[string]any{"quantity": 38.0})
	}
	cli := newTerraformCLI(t, tf, providerBlock(s.srv.URL, "")+s.localsConfig(usage)+`
check "billing_matches_usage" {
  data "connectwise_billing_reconciliation" "now" {
    customers = local.customers
    products  = local.products
    usage     = local.usage
    as_of     = "2026-11-15T10:00:00Z"
    allow_any_as_of = true # a fixed date keeps the test independent of the clock
  }

  assert {
    condition = data.connectwise_billing_reconciliation.now.in_sync
    error_message = join("\n", [
      for l in data.connectwise_billing_reconciliation.now.lines :
      "${l.organization_id} (${l.company_name}) ${l.sku}: ${l.reason}"
      if contains(["create", "update", "conflict"], l.change)
    ])
  }
}
`)
	cli.run("init", "-input=false")
	out := cli.run("plan", "-input=false", "-no-color")
	for _, want := range []string{"Warning: Check block assertion failed", "org-0 (Acme ACME0) core-license: quantity 38 → 40"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

func TestBillingReconciliationRejectsBadInput(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	schemas, err := call.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schema := schemas.DataSourceSchemas["connectwise_billing_reconciliation"]
	for _, tc := range badSyncInputs(s) {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := call.server.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
				TypeName: "connectwise_billing_reconciliation", Config: configValue(schema, tc.attrs),
			})
			if err != nil {
				t.Fatal(err)
			}
			if text := errorText(resp.Diagnostics); text == "" || !regexpMust(tc.want).MatchString(text) {
				t.Errorf("want an error matching %q, got %q", tc.want, text)
			}
		})
	}
}
