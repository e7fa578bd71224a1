package provider

import (
	"maps"
	"math"
	"strings"
)

// The data sources (read at plan time) and the list resource (`terraform query`). A filter
// longer than its bound would reach ConnectWise as a URL it refuses (414).

var tooLongFilter = strings.Repeat("x", 3000)

func dataSourceBadInputs() []badInputCase {
	ds := func(typ string, base func(h *badInputHarness) map[string]any) func(attr string, v any, path string, want ...string) badInputCase {
		return func(attr string, v any, path string, want ...string) badInputCase {
			return badInputCase{input: "data." + typ + "." + attr, name: short(v), path: path, want: want,
				send: func(h *badInputHarness) outcome {
					attrs := map[string]any{}
					if base != nil {
						attrs = base(h)
					}
					attrs[attr] = v
					return h.dataSource(typ, attrs)
				}}
		}
	}
	company := ds("connectwise_company", nil)
	companies := ds("connectwise_companies", nil)
	agreement := ds("connectwise_agreement", func(*badInputHarness) map[string]any { return map[string]any{"name": "MSP - ACME0"} })
	agreementByID := ds("connectwise_agreement", nil)
	agreements := ds("connectwise_agreements", nil)
	item := ds("connectwise_catalog_item", nil)
	items := ds("connectwise_catalog_items", nil)
	shards := func(input string, shards func(h *badInputHarness) map[string]any, path string, want ...string) badInputCase {
		return badInputCase{input: "data.connectwise_shard_overlaps." + input, name: path, path: path, want: want,
			send: func(h *badInputHarness) outcome {
				return h.dataSource("connectwise_shard_overlaps", map[string]any{"shards": shards(h)})
			}}
	}
	shard := func(h *badInputHarness) map[string]any {
		return map[string]any{"customers": h.site.customers, "products": h.site.products}
	}
	return []badInputCase{
		shards("shards", func(h *badInputHarness) map[string]any { return map[string]any{" ": shard(h)} }, `shards[" "]`, "the shard's name is blank"),
		shards("shards", func(h *badInputHarness) map[string]any { return map[string]any{"eu": shard(h), "us": nil} }, `shards["us"]`, "is null"),
		shards("shards.products", func(h *badInputHarness) map[string]any {
			return map[string]any{"eu": map[string]any{"customers": h.site.customers, "products": []any{}}}
		}, `shards["eu"].products`, "holds no product"),
		shards("shards.customers", func(h *badInputHarness) map[string]any {
			return map[string]any{"eu": map[string]any{"products": h.site.products}}
		}, `shards["eu"].customers`, "is required"),
		company("id", 1.5, "id", "must be a ConnectWise company ID, a whole number of 1 or more, e.g. 250; got 1.5."),
		company("id", 999999, "id", "Company 999999 was not found or is not visible to this API member"),
		company("identifier", "  ", "identifier", "identifier is blank"),
		company("identifier", strings.Repeat("c", 31), "identifier", "is 31 characters long: at most 30 are accepted (a ConnectWise company identifier holds at most 30"),
		company("identifier", "ACME\n0", "identifier", "control character"),
		company("identifier", "NOSUCHCO", "identifier", `No company with identifier "NOSUCHCO"`),
		company("name", strings.Repeat("n", 51), "name", "is 51 characters long: at most 50 are accepted"),
		{input: "data.connectwise_company.id", name: "no id, identifier or name", want: []string{"id", "identifier", "name"},
			send: func(h *badInputHarness) outcome { return h.dataSource("connectwise_company", map[string]any{}) }},
		companies("name", "", "name", "name is blank"),
		companies("name", strings.Repeat("n", 51), "name", "is 51 characters long"),
		companies("name_contains", tooLongFilter, "name_contains", "name_contains is 3000 characters long: at most 50 are accepted (a ConnectWise company name holds at most 50, so a longer filter could match nothing)"),
		companies("name_contains", "   ", "name_contains", "is blank"),
		companies("identifier", tooLongFilter, "identifier", "is 3000 characters long: at most 30 are accepted"),
		companies("types", []string{" "}, `types[Value(" ")]`, "a value of types is blank"),
		companies("types", []string{"Reseller Partner"}, "types", `types: no company type "Reseller Partner" in ConnectWise`),
		companies("statuses", []string{strings.Repeat("s", 51)}, `statuses[Value("`+strings.Repeat("s", 51)+`")]`, "a value of statuses is 51 characters long: at most 50 are accepted"),
		companies("statuses", []string{}, "statuses", "at least 1"),
		{input: "data.connectwise_companies.name_contains", name: "with name", path: "name_contains", want: []string{`"name"`},
			send: func(h *badInputHarness) outcome {
				return h.dataSource("connectwise_companies", map[string]any{"name": "Acme ACME0", "name_contains": "Acme"})
			}},
		agreementByID("id", 1.5, "id", "must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."),
		agreement("name", " ", "name", "is blank"),
		agreement("name", strings.Repeat("a", 101), "name", "is 101 characters long: at most 100 are accepted"),
		agreement("company_id", 0, "company_id", "got 0."),
		agreement("statuses", []string{"Bogus"}, `statuses[Value("Bogus")]`, `"Bogus" is not accepted: use one of "Active", "Cancelled", "Expired", "Inactive"`),
		agreement("statuses", []string{"active"}, `statuses[Value("active")]`, `write "Active"`),
		agreements("company_id", -1, "company_id", "got -1."),
		agreements("name", strings.Repeat("a", 101), "name", "is 101 characters long"),
		agreements("name_contains", tooLongFilter, "name_contains", "is 3000 characters long: at most 100 are accepted"),
		agreements("statuses", []string{"Open"}, `statuses[Value("Open")]`, "is not accepted"),
		agreements("types", []string{""}, `types[Value("")]`, "is blank"),
		agreements("types", []string{"Break-Fix"}, "types", `no agreement type "Break-Fix" in ConnectWise`),
		item("id", 0, "id", "must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got 0."),
		item("id", math.Inf(-1), "id", "got -Inf."),
		item("identifier", "   ", "identifier", "is blank"),
		item("identifier", strings.Repeat("i", 76), "identifier", "is 76 characters long: at most 75 are accepted"),
		items("identifier_contains", tooLongFilter, "identifier_contains", "identifier_contains is 3000 characters long: at most 75 are accepted (a ConnectWise catalog item identifier holds at most 75"),
		items("identifier_contains", "", "identifier_contains", "is blank"),
		items("description_contains", strings.Repeat("d", 61), "description_contains", "is 61 characters long: at most 60 are accepted"),
		items("description_contains", "a\u2028b", "description_contains", "control character"),
		items("subcategories", []string{"  "}, `subcategories[Value("  ")]`, "is blank"),
		items("subcategories", []string{"Gardening"}, "subcategories", `subcategories: no subcategory "Gardening" in ConnectWise`),
	}
}

func listBadInputs() []badInputCase {
	c := func(attr string, v any, path string, want ...string) badInputCase {
		return badInputCase{input: "list.connectwise_customer_mapping." + attr, name: short(v), path: path, want: want,
			send: func(h *badInputHarness) outcome {
				attrs := map[string]any{"integration_id": "NordLayer", "organizations": map[string]string{"ACME0": "org-0"}}
				maps.Copy(attrs, map[string]any{attr: v})
				return h.list(attrs)
			}}
	}
	return []badInputCase{
		c("integration_id", "  ", "integration_id", "is blank: write the integration's name"),
		c("integration_id", strings.Repeat("i", 51), "integration_id", "is 51 characters long"),
		c("organizations", map[string]string{}, "organizations", "at least 1"),
		c("organizations", map[string]string{" ": "org-0"}, "", "is blank: write a company identifier or record ID"),
		c("organizations", map[string]string{"ACME0": "org/0"}, `organizations["ACME0"]`, `"org/0" contains "/"`),
		c("organizations", map[string]string{"ACME0": "  "}, `organizations["ACME0"]`, "is blank: write the vendor's ID"),
		c("company_types", []string{}, "company_types", "at least 1"),
		c("company_types", []string{"Client", "Client"}, "company_types", `lists "Client" twice`),
		c("company_types", []string{" "}, "company_types[0]", "is blank"),
		c("company_types", []string{"Reseller Partner"}, "company_types", `no company type "Reseller Partner" in ConnectWise`),
		c("company_statuses", []string{strings.Repeat("s", 51)}, "company_statuses[0]", "at most 50 are accepted"),
		c("company_statuses", []string{"Dormant"}, "company_statuses", `no company status "Dormant" in ConnectWise`),
		c("agreement_types", []string{""}, "agreement_types[0]", "is blank"),
		c("agreement_types", []string{"Break-Fix"}, "agreement_types", `no agreement type "Break-Fix" in ConnectWise`),
		c("name", strings.Repeat("n", 51), "name", "is 51 characters long: at most 50 are accepted"),
		c("name_contains", tooLongFilter, "name_contains", "name_contains is 3000 characters long: at most 50 are accepted"),
		c("name_contains", "", "name_contains", "is blank"),
	}
}
