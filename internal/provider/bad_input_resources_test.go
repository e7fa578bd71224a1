package provider

import (
	"fmt"
	"maps"
	"math"
	"strings"
)

// The resources: each mistake in an otherwise valid configuration, which would create the
// resource (and, for a created catalog item, write to ConnectWise) if it were let through.

// resourceCase builds the cases of one resource type from its valid configuration.
func resourceCase(typ string, base func(h *badInputHarness) map[string]any) func(attr string, v any, path string, want ...string) badInputCase {
	return func(attr string, v any, path string, want ...string) badInputCase {
		return badInputCase{input: typ + "." + attr, name: short(v), path: path, want: want,
			send: func(h *badInputHarness) outcome {
				attrs := base(h)
				setNested(attrs, attr, v)
				return h.resource(typ, attrs)
			}}
	}
}

// setNested sets attrs[a][b]... for the dotted name a.b, copying the nested objects it changes.
func setNested(attrs map[string]any, name string, v any) {
	first, rest, nested := strings.Cut(name, ".")
	if !nested {
		attrs[name] = v
		return
	}
	inner := map[string]any{}
	if m, ok := attrs[first].(map[string]any); ok {
		inner = maps.Clone(m)
	}
	setNested(inner, rest, v)
	attrs[first] = inner
}

func integrationBadInputs() []badInputCase {
	c := resourceCase("connectwise_integration", func(*badInputHarness) map[string]any {
		return map[string]any{"name": "NordLayer", "catalog_defaults": map[string]any{"subcategory": "SaaS Licences"}}
	})
	return []badInputCase{
		c("name", "", "name", "name is blank: write the integration's name"),
		c("name", "   ", "name", "name is blank"),
		c("name", strings.Repeat("n", 51), "name", "name is 51 characters long: an integration's name is at most 50 characters"),
		c("catalog_defaults.subcategory", "  ", "catalog_defaults.subcategory", "is blank"),
		c("catalog_defaults.subcategory", "No Such Subcategory", "catalog_defaults.subcategory", `catalog_defaults.subcategory: no subcategory "No Such Subcategory" in ConnectWise; use one of`),
		c("catalog_defaults.product_type", strings.Repeat("t", 51), "catalog_defaults.product_type", "is 51 characters long: at most 50 are accepted"),
		c("catalog_defaults.unit_of_measure", "", "catalog_defaults.unit_of_measure", "is blank"),
		c("bill_customer", "Bogus", "bill_customer", `"Bogus" is not accepted: use one of "Billable", "DoNotBill", "NoCharge", or leave it unset for Billable`),
		c("bill_customer", "billable", "bill_customer", `"billable" is not accepted: write "Billable"`),
	}
}

// productMappingBase creates a catalog item: the mapping that writes to ConnectWise.
func productMappingBase(*badInputHarness) map[string]any {
	return map[string]any{"integration_id": "NordLayer", "vendor_sku": "bad-input-sku",
		"create_catalog_item": map[string]any{"identifier": "TF-BAD-INPUT", "description": "Bad input",
			"subcategory": "SaaS Licences", "product_type": "Non-Inventory"}}
}

// adopting adopts the demo's NL-CORE-USER instead of creating an item.
func adopting(h *badInputHarness) map[string]any {
	attrs := productMappingBase(h)
	attrs["create_catalog_item"], attrs["catalog_item_id"] = nil, h.site.coreItem
	return attrs
}

func productMappingBadInputs() []badInputCase {
	c := resourceCase("connectwise_product_mapping", productMappingBase)
	adopt := resourceCase("connectwise_product_mapping", adopting)
	byID := resourceCase("connectwise_product_mapping", func(h *badInputHarness) map[string]any {
		attrs := adopting(h)
		attrs["catalog_item_id"] = nil
		return attrs
	})
	defaults := func(attr string, v any, want ...string) badInputCase {
		return adopt("integration_defaults."+attr, v, "integration_defaults."+attr, want...)
	}
	return []badInputCase{
		c("integration_id", "  ", "integration_id", "is blank: write the integration's name"),
		c("integration_id", strings.Repeat("i", 51), "integration_id", "is 51 characters long"),
		c("vendor_sku", "", "vendor_sku", `vendor_sku is blank: write the vendor's SKU, e.g. "core-license"`),
		c("vendor_sku", "   ", "vendor_sku", "vendor_sku is blank"),
		c("vendor_sku", "core/license", "vendor_sku", `"core/license" contains "/"`),
		c("vendor_sku", "core\nlicense", "vendor_sku", "control character"),
		adopt("catalog_item_id", 1.5, "catalog_item_id", "must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got 1.5."),
		adopt("catalog_item_id", 0, "catalog_item_id", "got 0."),
		adopt("catalog_item_id", math.Inf(1), "catalog_item_id", "got +Inf."),
		adopt("catalog_item_id", 313, "catalog_item_id", "Vendor SKU \"bad-input-sku\" is mapped by catalog_item_id to catalog item 313 (LEGACY-VPN-USER", "inactive"),
		adopt("catalog_item_id", 999999, "catalog_item_id", "catalog item 999999, which does not exist in ConnectWise"),
		byID("catalog_item_identifier", "   ", "catalog_item_identifier", "is blank: write a catalog item identifier"),
		byID("catalog_item_identifier", strings.Repeat("x", 76), "catalog_item_identifier", "is 76 characters long: ConnectWise keeps at most 75"),
		byID("catalog_item_identifier", "NL\nCORE", "catalog_item_identifier", "control character"),
		{input: "connectwise_product_mapping.catalog_item_id", name: "none of the three ways to map", want: []string{"catalog_item_id", "catalog_item_identifier", "create_catalog_item"},
			send: func(h *badInputHarness) outcome {
				attrs := adopting(h)
				attrs["catalog_item_id"] = nil
				return h.resource("connectwise_product_mapping", attrs)
			}},
		c("create_catalog_item.identifier", "   ", "create_catalog_item.identifier", "is blank: write a catalog item identifier"),
		c("create_catalog_item.identifier", "", "create_catalog_item.identifier", "is blank"),
		c("create_catalog_item.identifier", strings.Repeat("é", 76), "create_catalog_item.identifier", "is 76 characters long: ConnectWise keeps at most 75"),
		c("create_catalog_item.identifier", strings.Repeat("😀", 38), "create_catalog_item.identifier", "is 76 characters long"),
		c("create_catalog_item.identifier", "TF\tBAD", "create_catalog_item.identifier", "control character"),
		c("create_catalog_item.identifier", "NL-CORE-USER", "create_catalog_item.identifier", `identifier "NL-CORE-USER" already exists`),
		c("create_catalog_item.description", "  ", "create_catalog_item.description", "is blank: write the item's description"),
		c("create_catalog_item.description", strings.Repeat("d", 61), "create_catalog_item.description", "is 61 characters long: ConnectWise keeps at most 60"),
		c("create_catalog_item.customer_description", " ", "create_catalog_item.customer_description", "is blank"),
		c("create_catalog_item.customer_description", strings.Repeat("c", 6001), "create_catalog_item.customer_description", "ConnectWise keeps at most 6000"),
		c("create_catalog_item.price", -1, "create_catalog_item.price", "must be a number from 0 to 1000000, e.g. 12.5; got -1."),
		c("create_catalog_item.cost", math.Inf(1), "create_catalog_item.cost", "got +Inf."),
		c("create_catalog_item.product_class", "Bundle", "create_catalog_item.product_class", "does not take Bundle class products as agreement additions"),
		c("create_catalog_item.product_class", "Widget", "create_catalog_item.product_class", `use one of "Agreement", "Inventory", "NonInventory", "Service"`),
		c("create_catalog_item.subcategory", " ", "create_catalog_item.subcategory", "is blank"),
		c("create_catalog_item.subcategory", "Nope", "create_catalog_item.subcategory", `no subcategory "Nope" in ConnectWise`),
		c("create_catalog_item.product_type", strings.Repeat("p", 51), "create_catalog_item.product_type", "at most 50 are accepted"),
		c("create_catalog_item.unit_of_measure", "Fortnight", "create_catalog_item.unit_of_measure", `no unit of measure "Fortnight" in ConnectWise`),
		defaults("bill_customer", "Bogus", `integration_defaults.bill_customer "Bogus" is not accepted: use one of "Billable", "DoNotBill", "NoCharge"`),
		defaults("integration_id", "Check Point", `integration_defaults.integration_id is "Check Point" but integration_id is "NordLayer"`),
		defaults("integration_id", "  ", "is blank"),
		defaults("subcategory_id", 1.5, "must be a ConnectWise subcategory ID, a whole number of 1 or more, e.g. 1; got 1.5."),
		defaults("product_type_id", 0, "got 0."),
		defaults("unit_of_measure_id", -1, "got -1."),
		adopt("unit_price", -5, "unit_price", "must be a number from 0 to 1000000, e.g. 12.5; got -5."),
		adopt("unit_price", math.Inf(1), "unit_price", "got +Inf."),
		adopt("unit_cost", -3, "unit_cost", "got -3."),
		adopt("less_included", -2, "less_included", "must be a number from 0 to 1000000, e.g. 12; got -2."),
		adopt("less_included", 2e6, "less_included", "got 2000000."),
		adopt("bill_customer", "Bogus", "bill_customer", `"Bogus" is not accepted: use one of "Billable", "DoNotBill", "NoCharge", or leave it unset for the integration's default`),
		adopt("bill_customer", "NOCHARGE", "bill_customer", `write "NoCharge"`),
		adopt("currency", "usd", "currency", `"usd" is not accepted: use the ISO 4217 code`),
		adopt("currency", "", "currency", "currency must not be empty"),
		adopt("invoice_description", "   ", "invoice_description", "invoice_description is blank: write the text the customer reads on the invoice"),
		adopt("invoice_description", strings.Repeat("é", 6001), "invoice_description", "is 6001 characters long: ConnectWise keeps at most 6000"),
	}
}

func customerMappingBadInputs() []badInputCase {
	c := resourceCase("connectwise_customer_mapping", func(h *badInputHarness) map[string]any {
		return map[string]any{"integration_id": "NordLayer", "organization_id": "org-new",
			"company_id": h.site.customers[0]["company_id"], "agreement_id": h.site.customers[0]["agreement_id"]}
	})
	return []badInputCase{
		c("integration_id", "", "integration_id", "is blank"),
		c("integration_id", strings.Repeat("i", 51), "integration_id", "is 51 characters long"),
		c("organization_id", "", "organization_id", "organization_id is blank: write the vendor's ID of the customer organization"),
		c("organization_id", " \t", "organization_id", "is blank"),
		c("organization_id", "org/acme", "organization_id", `"org/acme" contains "/"`),
		c("organization_name", "  ", "organization_name", "organization_name is blank"),
		c("company_id", 1.5, "company_id", "must be a ConnectWise company ID, a whole number of 1 or more, e.g. 250; got 1.5."),
		c("company_id", 0, "company_id", "got 0."),
		c("company_id", 999999, "company_id", "999999"),
		c("agreement_id", 1.5, "agreement_id", "must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."),
		c("agreement_id", -1, "agreement_id", "got -1."),
		c("agreement_id", 999999, "agreement_id", "999999"),
		c("billing_cycle", "quarterly", "billing_cycle", `billing_cycle "quarterly" is not accepted: write "Quarterly"`),
		c("billing_cycle", "Weekly", "billing_cycle", `use one of "Monthly", "Bi-Monthly", "Quarterly", "Semi-Annual", "Yearly"`),
		c("billing_cycle", "", "billing_cycle", "billing_cycle must not be empty", "leave it unset for Monthly"),
	}
}

// importBadInputs are import IDs (`terraform import`) and identities (import blocks).
func importBadInputs() []badInputCase {
	id := func(typ, id string, want ...string) badInputCase {
		return badInputCase{input: typ + " import ID", name: fmt.Sprintf("%q", id), want: want,
			send: func(h *badInputHarness) outcome { return h.importID(typ, id) }}
	}
	identity := func(typ, attr string, v any, want ...string) badInputCase {
		return badInputCase{input: typ + " identity." + attr, name: short(v), want: append([]string{"identity " + attr}, want...),
			send: func(h *badInputHarness) outcome {
				attrs := validIdentity(h, typ)
				attrs[attr] = v
				return h.importIdentity(typ, attrs)
			}}
	}
	const pm, cm, in = "connectwise_product_mapping", "connectwise_customer_mapping", "connectwise_integration"
	return []badInputCase{
		id(in, "   ", "import ID is blank: write the integration's name"),
		id(in, strings.Repeat("n", 51), "import ID is 51 characters long"),
		identity(in, "name", "", "is blank"),
		id(pm, "NordLayer/core-license", "<integration_id>/<vendor_sku>/<catalog_item_id>"),
		id(pm, "NordLayer/core-license/x", "<integration_id>/<vendor_sku>/<catalog_item_id>", `got "NordLayer/core-license/x"`),
		id(pm, "NordLayer/ /300", "the import ID's vendor_sku is blank"),
		id(pm, " /core-license/300", "the import ID's integration_id is blank"),
		id(pm, "NordLayer/core-license/313", "Catalog item 313 (LEGACY-VPN-USER", "is inactive in ConnectWise", "import vendor SKU \"core-license\" with an active item's catalog_item_id"),
		id(pm, "NordLayer/core-license/999999", "the import ID's catalog_item_id 999999 is no catalog item in ConnectWise"),
		identity(pm, "catalog_item_id", 999999, "catalog_item_id 999999 is no catalog item in ConnectWise"),
		identity(pm, "catalog_item_id", 1.5, "must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got 1.5."),
		identity(pm, "catalog_item_id", nil, "is required"),
		identity(pm, "vendor_sku", "  ", "is blank"),
		identity(pm, "vendor_sku", "core/license", `contains "/"`),
		identity(pm, "integration_id", "", "is blank"),
		id(cm, "NordLayer/org-1", "use <integration_id>/<organization_id>/<agreement_id>"),
		id(cm, "NordLayer/org-1/x", `"x" is not an agreement ID`),
		id(cm, "NordLayer/ /4012", "organization_id is blank"),
		id(cm, " /org-1/4012", "integration_id is blank"),
		id(cm, "NordLayer/org-1/0", "agreement_id must be a ConnectWise agreement ID"),
		id(cm, "NordLayer/org-1/999999", "the import ID's agreement_id 999999 was not found or is not visible to this API member"),
		identity(cm, "agreement_id", 999999, "identity agreement_id 999999 was not found or is not visible to this API member"),
		identity(cm, "agreement_id", -3, "must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got -3."),
		identity(cm, "organization_id", "org/acme", `"org/acme" contains "/"`),
		identity(cm, "integration_id", "   ", "is blank"),
	}
}

// validIdentity is an identity that imports, for each importable resource.
func validIdentity(h *badInputHarness, typ string) map[string]any {
	switch typ {
	case "connectwise_integration":
		return map[string]any{"name": "NordLayer"}
	case "connectwise_product_mapping":
		return map[string]any{"integration_id": "NordLayer", "vendor_sku": "core-license", "catalog_item_id": h.site.coreItem}
	}
	return map[string]any{"integration_id": "NordLayer", "organization_id": "org-0", "agreement_id": h.site.customers[0]["agreement_id"]}
}
