package provider

import (
	"fmt"
	"maps"
	"math"
	"strings"
)

// The sync inputs, which connectwise_sync_usage and connectwise_billing_reconciliation
// share: every mistake goes to both, which must refuse it alike, and the action would
// write (a PATCH and a POST for the fixtures' org-0) if it were let through. A mistake in
// customers or products also goes to connectwise_shard_overlaps, as a shard's mappings.

// shardInput reports whether a sync input is also one of connectwise_shard_overlaps' shards.
func shardInput(input string) bool {
	return strings.HasPrefix(input, "customers") || strings.HasPrefix(input, "products")
}

var okUsage = map[string]map[string]float64{"org-0": {"core-license": 1}}

// withElement returns list with attribute name of element i replaced (the others copied).
func withElement(list []map[string]any, i int, name string, v any) []any {
	out := make([]any, len(list))
	for j, e := range list {
		out[j] = e
	}
	if name == "" { // the element itself
		out[i] = v
		return out
	}
	changed := maps.Clone(list[i])
	setNested(changed, name, v)
	out[i] = changed
	return out
}

func syncBadInputs() []badInputCase {
	sync := func(input, name, path string, build func(h *badInputHarness) map[string]any, want ...string) badInputCase {
		return badInputCase{input: "sync." + input, name: name, path: path, want: want, send: func(h *badInputHarness) outcome {
			attrs := h.site.config(okUsage, nil)
			for k, v := range build(h) {
				attrs[k] = v
			}
			out := h.syncInputs(attrs)
			if shardInput(input) {
				h.shardInputs(attrs, out)
			}
			return out
		}}
	}
	option := func(attr string, v any, want ...string) badInputCase {
		return sync(attr, short(v), attr, func(*badInputHarness) map[string]any { return map[string]any{attr: v, "allow_any_as_of": nil} }, want...)
	}
	element := func(list string, i int, attr string, v any, want ...string) badInputCase {
		path := fmt.Sprintf("%s[%d]", list, i)
		if attr != "" {
			path += "." + attr
		}
		return sync(strings.TrimSuffix(list+"."+attr, "."), short(v), path, func(h *badInputHarness) map[string]any {
			elements := h.site.customers
			if list == "products" {
				elements = h.site.products
			}
			return map[string]any{list: withElement(elements, i, attr, v)}
		}, want...)
	}
	customer := func(i int, attr string, v any, want ...string) badInputCase {
		return element("customers", i, attr, v, want...)
	}
	product := func(i int, attr string, v any, want ...string) badInputCase {
		return element("products", i, attr, v, want...)
	}
	usage := func(name, path string, u map[string]any, want ...string) badInputCase {
		return sync("usage", name, path, func(*badInputHarness) map[string]any { return map[string]any{"usage": u} }, want...)
	}
	return []badInputCase{
		option("absent_usage", "maybe", `absent_usage: "maybe" is not accepted: use "skip"`, `or "zero"`),
		option("absent_usage", "", `absent_usage: "" is not accepted: use "skip"`),
		option("absent_usage", "Zero", `"Zero" is not accepted`),
		option("as_of", "yesterday", `as_of must be an RFC 3339 time such as 2026-12-01T00:00:00Z, got "yesterday"`),
		option("as_of", "", "RFC 3339"),
		option("as_of", "2099-12-01T00:30:00Z", "as_of is 2099-12-01T00:30:00Z, more than 24 hours after now", "allow_any_as_of = true"),
		option("as_of", "1999-01-01T00:00:00Z", "as_of is 1999-01-01T00:00:00Z, before", "allow_any_as_of = true"),
		customer(1, "", nil, "customers[1] is null", "connectwise_customer_mapping"),
		customer(1, "organization_id", nil, "customers[1].organization_id must not be empty: set the vendor's organization ID"),
		customer(1, "organization_id", "   ", "must not be empty"),
		customer(1, "organization_id", "org-0", `organization "org-0" is mapped by both customers[0] and customers[1]`),
		customer(1, "integration_id", " ", "customers[1].integration_id is blank: write the integration's name"),
		customer(1, "organization_name", "", "customers[1].organization_name is blank: write a value, or leave it unset (null)"),
		customer(1, "company_id", 1.5, "customers[1].company_id must be a ConnectWise company ID, a whole number of 1 or more, e.g. 250; got 1.5."),
		customer(1, "company_id", nil, "customers[1].company_id is required: it must be a ConnectWise company ID"),
		customer(1, "agreement_id", 1.5, "customers[1].agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."),
		customer(1, "agreement_id", -1, "got -1."),
		customer(1, "billing_cycle", "quarterly", `customers[1].billing_cycle: "quarterly" is not accepted: write "Quarterly".`),
		customer(1, "billing_cycle", "", "customers[1].billing_cycle is blank"),
		product(1, "", nil, "products[1] is null", "connectwise_product_mapping"),
		product(1, "vendor_sku", "   ", "products[1].vendor_sku must not be empty: set the vendor's SKU"),
		product(1, "vendor_sku", nil, "must not be empty"),
		product(1, "vendor_sku", "core-license", `SKU "core-license" is mapped by both products[0] and products[1]`),
		product(0, "catalog_item_id", -1, "products[0].catalog_item_id must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got -1."),
		product(0, "catalog_item_id", nil, "products[0].catalog_item_id is required"),
		product(0, "catalog_item_identifier", " ", "products[0].catalog_item_identifier is blank"),
		product(1, "integration_id", "", "products[1].integration_id is blank"),
		sync("products.integration_id", "two integrations", "products", func(h *badInputHarness) map[string]any {
			return map[string]any{"products": withElement(h.site.products, 1, "integration_id", "Check Point")}
		}, "The products belong to 2 integrations (Check Point, NordLayer)"),
		product(1, "unit_price", -5, "products[1].unit_price must be a number from 0 to 1000000, e.g. 12.5; got -5."),
		product(1, "unit_price", math.Inf(1), "got +Inf."),
		product(0, "unit_cost", -3, "products[0].unit_cost must be a number from 0 to 1000000, e.g. 12.5; got -3."),
		product(1, "less_included", -2, "products[1].less_included must be a number from 0 to 1000000, e.g. 12; got -2."),
		product(0, "bill_customer", "Bogus", `products[0].bill_customer: "Bogus" is not accepted: use one of Billable, DoNotBill, NoCharge`),
		product(0, "bill_customer", "", "products[0].bill_customer is blank"),
		product(0, "currency", "usd", `products[0].currency: "usd" is not accepted: use the ISO 4217 code`),
		product(0, "currency", "", "products[0].currency is blank"),
		product(1, "invoice_description", " \t ", "products[1].invoice_description is blank: write the text the customer reads on the invoice"),
		product(1, "invoice_description", strings.Repeat("x", 6001), "is 6001 characters long: ConnectWise keeps at most 6000"),
		product(1, "integration_defaults.bill_customer", "Bogus", `products[1].integration_defaults.bill_customer: "Bogus" is not accepted: use one of Billable, DoNotBill, NoCharge`),
		product(1, "integration_defaults.bill_customer", "  ", "products[1].integration_defaults.bill_customer is blank"),
		usage("1e300", `usage["org-1"]["core-license"]`, map[string]any{"org-1": map[string]any{"core-license": 1e300}}, "must be a number from 0 to 1000000, e.g. 12; got 1e+300."),
		usage("1/0", `usage["org-1"]["core-license"]`, map[string]any{"org-1": map[string]any{"core-license": math.Inf(1)}}, "got +Inf."),
		usage("-2", `usage["org-0"]["core-license"]`, map[string]any{"org-0": map[string]any{"core-license": -2}}, "got -2."),
		usage("0.0000001", `usage["org-1"]["core-license"]`, map[string]any{"org-1": map[string]any{"core-license": 0.0000001}},
			"rounds to 0 at the 4 decimals ConnectWise keeps: write 0 to bill nothing, or a quantity of at least 0.0001"),
		usage("unknown SKU", `usage["org-0"]["core-licence"]`, map[string]any{"org-0": map[string]any{"core-licence": 2}},
			`organization "org-0" reports SKU "core-licence", which no product maps`),
		usage("null quantity", `usage["org-0"]["core-license"]`, map[string]any{"org-0": map[string]any{"core-license": nil}}, "is null. Leave the SKU out instead"),
		usage("null organization", `usage["org-0"]`, map[string]any{"org-0": nil}, `usage["org-0"] is null: map the organization's SKUs to quantities`),
	}
}

// actionBadInputs are the action's own options.
func actionBadInputs() []badInputCase {
	c := func(attr string, v any, path string, want ...string) badInputCase {
		return badInputCase{input: "action.connectwise_sync_usage." + attr, name: short(v), path: path, want: want,
			send: func(h *badInputHarness) outcome { return h.action(h.site.config(okUsage, map[string]any{attr: v})) }}
	}
	return []badInputCase{
		c("max_parallel", 1.5, "max_parallel", "must be a whole number from 1 to 32, e.g. 4; got 1.5."),
		c("max_parallel", 0, "max_parallel", "got 0."),
		c("max_parallel", 33, "max_parallel", "got 33."),
		c("fail_on", []any{"sometimes"}, "fail_on[0]", `fail_on[0] is "sometimes"; accepted values are "conflict"`),
		c("fail_on", []any{nil}, "fail_on[0]", "fail_on[0] is null"),
		c("report_path", "  ", "report_path", "report_path is empty"),
		c("report_path", "/no-such-directory/report.json", "report_path", "/no-such-directory"),
	}
}
