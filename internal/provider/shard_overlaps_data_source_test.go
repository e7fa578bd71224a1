package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const shardOverlapsType = "connectwise_shard_overlaps"

// readShardOverlaps validates and reads the data source at the protocol level, as Terraform
// does at plan time; the state is nil when either call answered with an error.
func readShardOverlaps(t *testing.T, call actionCall, shards map[string]any) (state map[string]tftypes.Value, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	ctx := context.Background()
	schemas, err := call.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schema := schemas.DataSourceSchemas[shardOverlapsType]
	cfg := configValue(schema, map[string]any{"shards": shards})
	v, err := call.server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: shardOverlapsType, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return nil, v.Diagnostics
	}
	resp, err := call.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: shardOverlapsType, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if hasError(resp.Diagnostics) {
		return nil, resp.Diagnostics
	}
	val, err := resp.State.Unmarshal(schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	if err := val.As(&state); err != nil {
		t.Fatal(err)
	}
	return state, resp.Diagnostics
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// shardOf is a shard's sync_mappings: the customers given and the site's products (of
// integration NordLayer) unless products are given.
func shardOf(customers []map[string]any, products []map[string]any) map[string]any {
	return map[string]any{"customers": customers, "products": products}
}

func TestShardOverlapsDataSource(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	org0, org1 := s.customers[0], s.customers[1]
	a0, a1 := org0["agreement_id"].(int), org1["agreement_id"].(int)
	one := []map[string]any{org0}

	t.Run("an agreement mapped in two shards", func(t *testing.T) {
		s.srv.Sim.ResetCounters()
		state, diags := readShardOverlaps(t, call, map[string]any{"eu": shardOf(one, s.products), "us": shardOf(one, s.products[:1])})
		failOnErrors(t, diags)
		reason := fmt.Sprintf("agreement %d (MSP - ACME0) is mapped in shards eu (org-0) and us (org-0) with catalog item %d (SKU core-license): "+
			"both shards' syncs write the same addition for organization org-0 of integration NordLayer, billed once but with two owners, so "+
			"removing the customer from one shard no longer stops its billing or changes what it bills; keep the mapping in one shard (delete it "+
			"from the other's configuration, which writes nothing to ConnectWise), and when the customer is moving between shards, remove it "+
			"from the shard it leaves and apply that shard before the one it joins", a0, s.coreItem)
		want := []any{map[string]any{"kind": "agreement", "agreement_id": float64(a0), "related_agreement_id": nil, "integration_id": "NordLayer",
			"organization_ids": []any{"org-0"}, "shards": []any{"eu", "us"}, "catalog_item_ids": []any{float64(s.coreItem)}, "reason": reason}}
		if got := plainValue(t, state["overlaps"]); jsonOf(got) != jsonOf(want) {
			t.Errorf("overlaps:\n got %s\nwant %s", jsonOf(got), jsonOf(want))
		}
		warnings := diagnosticsOf(diags, tfprotov6.DiagnosticSeverityWarning)
		if len(warnings) != 1 || warnings[0].Summary != "Billed from 2 shards" || warnings[0].Detail != capitalize(reason)+"." {
			t.Errorf("want one warning with the reason, got:\n%s", diagnosticsText(diags))
		}
		if n := s.srv.Sim.Counters().ByRoute["GET /finance/agreements"]; n != 1 {
			t.Errorf("the agreements were read in %d list calls, want 1 (%v)", n, s.srv.Sim.Counters().ByRoute)
		}
	})

	t.Run("a child in one shard and its parent in another", func(t *testing.T) {
		if err := s.srv.Sim.Store().Update("agreements", a1, map[string]any{"parentAgreement": map[string]any{"id": a0, "name": "MSP - ACME0"}}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.srv.Sim.Store().Update("agreements", a1, map[string]any{"parentAgreement": nil}) })
		fresh := newActionCall(t, s.srv.URL) // a new process: the agreements are read again
		state, diags := readShardOverlaps(t, fresh, map[string]any{"eu": shardOf(one, s.products), "us": shardOf([]map[string]any{org1}, s.products)})
		failOnErrors(t, diags)
		reason := fmt.Sprintf("agreement %d (MSP - ACME1) in shard us is a child of agreement %d (MSP - ACME0) in shard eu (parentAgreement), "+
			"and both are mapped with catalog items %d (SKU core-license) and %d (SKU dedicated-server): a child bills on its parent's invoice, so "+
			"the customer is billed twice; keep the customer mapping of the agreement that should carry the products and remove the other "+
			"(usually the parent or the child alone is mapped; mapping both in one shard makes its sync write neither)", a1, a0, s.coreItem, s.serverItem)
		want := []any{map[string]any{"kind": "parent_and_child", "agreement_id": float64(a1), "related_agreement_id": float64(a0), "integration_id": "NordLayer",
			"organization_ids": []any{"org-0", "org-1"}, "shards": []any{"eu", "us"}, "catalog_item_ids": []any{float64(s.coreItem), float64(s.serverItem)}, "reason": reason}}
		if got := plainValue(t, state["overlaps"]); jsonOf(got) != jsonOf(want) {
			t.Errorf("overlaps:\n got %s\nwant %s", jsonOf(got), jsonOf(want))
		}
		if w := diagnosticsOf(diags, tfprotov6.DiagnosticSeverityWarning); len(w) != 1 || w[0].Detail != capitalize(reason)+"." {
			t.Errorf("want one warning with the reason, got:\n%s", diagnosticsText(diags))
		}
	})

	t.Run("different integrations with disjoint catalog items: no overlap", func(t *testing.T) {
		checkPoint := []map[string]any{{"integration_id": "Check Point", "vendor_sku": "harmony", "catalog_item_id": s.serverItem}}
		state, diags := readShardOverlaps(t, call, map[string]any{
			"nordlayer":  shardOf(one, s.products[:1]),
			"checkpoint": shardOf([]map[string]any{withIntegration(org0, "Check Point")}, checkPoint),
		})
		failOnErrors(t, diags)
		if got := plainValue(t, state["overlaps"]); jsonOf(got) != "[]" || len(diags) != 0 {
			t.Errorf("want no overlap and no diagnostic, got %s:\n%s", jsonOf(got), diagnosticsText(diags))
		}
	})

	t.Run("sync disabled in one shard: no overlap", func(t *testing.T) {
		disabled := map[string]any{}
		for k, v := range org0 {
			disabled[k] = v
		}
		disabled["sync_enabled"] = false
		state, diags := readShardOverlaps(t, call, map[string]any{"eu": shardOf(one, s.products), "us": shardOf([]map[string]any{disabled}, s.products)})
		failOnErrors(t, diags)
		if got := plainValue(t, state["overlaps"]); jsonOf(got) != "[]" || len(diags) != 0 {
			t.Errorf("want no overlap and no diagnostic, got %s:\n%s", jsonOf(got), diagnosticsText(diags))
		}
	})

	t.Run("an agreement not found hides the parent check: a warning says so", func(t *testing.T) {
		lost := withIntegration(org1, "NordLayer")
		lost["agreement_id"] = 987654
		state, diags := readShardOverlaps(t, call, map[string]any{"eu": shardOf(one, s.products), "us": shardOf([]map[string]any{lost}, s.products)})
		failOnErrors(t, diags)
		w := diagnosticsOf(diags, tfprotov6.DiagnosticSeverityWarning)
		if len(w) != 1 || w[0].Summary != "Agreement not checked for a parent" ||
			!strings.Contains(w[0].Detail, "Agreement 987654 was not found or is not visible to this API member") {
			t.Errorf("want one warning about agreement 987654, got:\n%s", diagnosticsText(diags))
		}
		if got := plainValue(t, state["overlaps"]); jsonOf(got) != "[]" {
			t.Errorf("want no overlap, got %s", jsonOf(got))
		}
	})

	t.Run("invalid shards are errors on their path", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			shards map[string]any
			path   string
			detail string
		}{
			{"blank name", map[string]any{" ": shardOf(one, s.products)}, `shards[" "]`, `shards[" "]: the shard's name is blank`},
			{"no products", map[string]any{"eu": shardOf(one, []map[string]any{})}, `shards["eu"].products`, `shards["eu"].products holds no product`},
			{"null shard", map[string]any{"eu": nil}, `shards["eu"]`, `shards["eu"] is null`},
			{"an element as the sync refuses it", map[string]any{"eu": shardOf([]map[string]any{withIntegration(org0, " ")}, s.products)},
				`shards["eu"].customers[0].integration_id`, `shards["eu"].customers[0].integration_id is blank`},
			{"two integrations' products", map[string]any{"eu": shardOf(one, []map[string]any{s.products[0], withIntegration(s.products[1], "Check Point")})},
				`shards["eu"].products`, "belong to 2 integrations (Check Point, NordLayer)"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s.srv.Sim.ResetCounters()
				_, diags := readShardOverlaps(t, call, tc.shards)
				errs := diagnosticsOf(diags, tfprotov6.DiagnosticSeverityError)
				if len(errs) != 1 || attributePathText(errs[0].Attribute) != tc.path || !strings.Contains(errs[0].Detail, tc.detail) {
					t.Errorf("want one error on %s saying %q, got:\n%s", tc.path, tc.detail, diagnosticsText(diags))
				}
				if n := s.srv.Sim.Counters().Total; n != 0 {
					t.Errorf("%d requests reached ConnectWise", n)
				}
			})
		}
	})
}

// withIntegration is a copy of a mapping with integration_id set.
func withIntegration(m map[string]any, integration string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	out["integration_id"] = integration
	return out
}

// What a user sees through Terraform: the overlaps attribute, for a check block or an
// output, and each overlap as a plan warning, in the wiring the docs describe: this shard's
// mappings in a local, another's from its state's sensitive sync_mappings output
// (terraform_remote_state), a third's in a local.
func TestAccShardOverlapsDataSource(t *testing.T) {
	tf := terraformAtLeast(t, "1.11.0")
	clearProviderEnv(t)
	s := newSyncSite(t)
	a0, a1 := s.customers[0]["agreement_id"].(int), s.customers[1]["agreement_id"].(int)
	if err := s.srv.Sim.Store().Update("agreements", a1, map[string]any{"parentAgreement": map[string]any{"id": a0, "name": "MSP - ACME0"}}); err != nil {
		t.Fatal(err)
	}
	mappings := func(customers []map[string]any, products []map[string]any) string {
		return fmt.Sprintf("{\n    customers = jsondecode(%q)\n    products  = jsondecode(%q)\n  }", jsonOf(customers), jsonOf(products))
	}
	checkPoint := []map[string]any{{"integration_id": "Check Point", "vendor_sku": "harmony", "catalog_item_id": s.serverItem}}
	config := func(us, apac string) string {
		return providerBlock(s.srv.URL, "") + fmt.Sprintf(`
locals {
  sync_mappings = %s
  us            = %s
  apac          = %s
}

data "connectwise_shard_overlaps" "all" {
  shards = { eu = local.sync_mappings, us = local.us, apac = local.apac }
}

check "billed_once" {
  assert {
    condition     = length(data.connectwise_shard_overlaps.all.overlaps) == 0
    error_message = join("\n", data.connectwise_shard_overlaps.all.overlaps[*].reason)
  }
}

output "overlaps" {
  value = data.connectwise_shard_overlaps.all.overlaps
}
`, mappings(s.customers[:1], s.products[:1]), us, apac)
	}
	// us maps org-0's agreement again; apac maps org-1's, a child of org-0's, under another
	// integration with a catalog item of its own.
	overlapping := config(mappings(s.customers[:1], s.products[:1]),
		mappings([]map[string]any{withIntegration(s.customers[1], "Check Point")}, checkPoint))
	agreementReason := fmt.Sprintf("agreement %d (MSP - ACME0) is mapped in shards eu (org-0) and us (org-0) with catalog item %d "+
		"(SKU core-license): "+"both shards' syncs write the same addition for organization org-0 of integration NordLayer, billed once but with two owners, so "+
		"removing the customer from one shard no longer stops its billing or changes what it bills; keep the mapping in one shard (delete it "+
		"from the other's configuration, which writes nothing to ConnectWise), and when the customer is moving between shards, remove it "+
		"from the shard it leaves and apply that shard before the one it joins", a0, s.coreItem)

	// Shard us publishes its mappings as examples/complete does (a sensitive output of the
	// sync's attributes); shard eu reads them from us's state.
	us := newTerraformCLI(t, tf, fmt.Sprintf(`
locals {
  customers = jsondecode(%q)
  products  = jsondecode(%q)
  sync_customer_attributes = ["integration_id", "organization_id", "organization_name", "company_id", "agreement_id", "sync_enabled", "billing_cycle"]
  sync_product_attributes  = ["integration_id", "vendor_sku", "catalog_item_id", "integration_defaults"]
}

output "sync_mappings" {
  sensitive = true
  value = {
    customers = [for c in local.customers : { for a in local.sync_customer_attributes : a => lookup(c, a, null) }]
    products  = [for p in local.products : { for a in local.sync_product_attributes : a => lookup(p, a, null) }]
  }
}
`, jsonOf(s.customers[:1]), jsonOf(s.products[:1])))
	us.run("init", "-input=false", "-no-color")
	us.run("apply", "-auto-approve", "-input=false", "-no-color")
	cli := newTerraformCLI(t, tf, strings.Replace(overlapping, "us = local.us,", "us = data.terraform_remote_state.us.outputs.sync_mappings,", 1)+
		fmt.Sprintf(`
data "terraform_remote_state" "us" {
  backend = "local"
  config  = { path = %q }
}
`, us.dir+"/terraform.tfstate"))
	cli.run("init", "-input=false", "-no-color")
	out := cli.run("plan", "-input=false", "-no-color")
	t.Logf("terraform plan:\n%s", out)
	if !mappingPhrase("Warning: Billed from 2 shards").MatchString(out) || !mappingPhrase(capitalize(agreementReason)+".").MatchString(out) {
		t.Errorf("the plan should warn about agreement %d:\n%s", a0, out)
	}
	if !mappingPhrase("Warning: Check block assertion failed").MatchString(out) {
		t.Errorf("the check block should fail:\n%s", out)
	}
	if strings.Contains(out, "child of agreement") {
		t.Errorf("apac's catalog item is its own: no parent and child overlap:\n%s", out)
	}

	// The attribute as a user reads it, through plugin-testing: the same, then a parent and
	// child across shards, then different integrations with disjoint items and no overlap.
	ds := "data.connectwise_shard_overlaps.all"
	at := func(i int, name string) tfjsonpath.Path {
		return tfjsonpath.New("overlaps").AtSliceIndex(i).AtMapKey(name)
	}
	childReason := fmt.Sprintf("agreement %d (MSP - ACME1) in shard us is a child of agreement %d (MSP - ACME0) in shard eu (parentAgreement), "+
		"and both are mapped with catalog item %d (SKU core-license): a child bills on its parent's invoice, so the customer is billed twice; "+
		"keep the customer mapping of the agreement that should carry the products and remove the other (usually the parent or the child "+
		"alone is mapped; mapping both in one shard makes its sync write neither)", a1, a0, s.coreItem)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: overlapping,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("overlaps"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(ds, at(0, "kind"), knownvalue.StringExact("agreement")),
					statecheck.ExpectKnownValue(ds, at(0, "agreement_id"), knownvalue.Int64Exact(int64(a0))),
					statecheck.ExpectKnownValue(ds, at(0, "related_agreement_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, at(0, "shards"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("eu"), knownvalue.StringExact("us")})),
					statecheck.ExpectKnownValue(ds, at(0, "catalog_item_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(int64(s.coreItem))})),
					statecheck.ExpectKnownValue(ds, at(0, "reason"), knownvalue.StringExact(agreementReason)),
				},
			},
			{
				Config: config(mappings(s.customers[1:2], s.products[:1]), mappings([]map[string]any{}, checkPoint)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("overlaps"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(ds, at(0, "kind"), knownvalue.StringExact("parent_and_child")),
					statecheck.ExpectKnownValue(ds, at(0, "agreement_id"), knownvalue.Int64Exact(int64(a1))),
					statecheck.ExpectKnownValue(ds, at(0, "related_agreement_id"), knownvalue.Int64Exact(int64(a0))),
					statecheck.ExpectKnownValue(ds, at(0, "organization_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("org-0"), knownvalue.StringExact("org-1")})),
					statecheck.ExpectKnownValue(ds, at(0, "reason"), knownvalue.StringExact(childReason)),
				},
			},
			{
				Config: config(mappings([]map[string]any{}, s.products[:1]),
					mappings([]map[string]any{withIntegration(s.customers[0], "Check Point")}, checkPoint)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("overlaps"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
