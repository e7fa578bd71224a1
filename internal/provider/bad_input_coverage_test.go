package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// inputInventory lists every input a user can type, from the provider's own schemas: each
// attribute that is not computed only (nested ones too), each environment variable, each
// import ID and identity attribute. Booleans are left out: Terraform refuses anything but
// true and false before the provider sees the configuration.
func inputInventory(t *testing.T, h *badInputHarness) []string {
	t.Helper()
	var out []string
	add := func(prefix string, block *tfprotov6.SchemaBlock) {
		out = append(out, schemaInputs(prefix, block.Attributes)...)
	}
	add("provider.", h.schemas.Provider.Block)
	for typ, s := range h.schemas.ResourceSchemas {
		add(typ+".", s.Block)
	}
	for typ, s := range h.schemas.DataSourceSchemas {
		add("data."+typ+".", s.Block)
	}
	for typ, s := range h.schemas.ActionSchemas {
		add("action."+typ+".", s.Schema.Block)
	}
	for typ, s := range h.schemas.ListResourceSchemas {
		add("list."+typ+".", s.Block)
	}
	for typ, s := range h.identities.IdentitySchemas {
		out = append(out, typ+" import ID")
		for _, a := range s.IdentityAttributes {
			if !a.Type.Is(tftypes.Bool) {
				out = append(out, typ+" identity."+a.Name)
			}
		}
	}
	for _, s := range stringSettings {
		out = append(out, "env "+s.env)
	}
	out = append(out, "env "+envCACertificatePEM, "env "+envMaxRetries, "env "+envRequestsPerMinute, "env "+envRetryMaxWait)
	slices.Sort(out)
	return out
}

func schemaInputs(prefix string, attrs []*tfprotov6.SchemaAttribute) []string {
	var out []string
	for _, a := range attrs {
		if !a.Required && !a.Optional {
			continue
		}
		if a.NestedType != nil {
			// A single object is its attributes; a list's elements can also be null.
			if a.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeSingle {
				out = append(out, prefix+a.Name)
			}
			out = append(out, schemaInputs(prefix+a.Name+".", a.NestedType.Attributes)...)
			continue
		}
		if !a.Type.Is(tftypes.Bool) {
			out = append(out, prefix+a.Name)
		}
	}
	return out
}

// coveredInputs are the inputs the suite's cases exercise; a sync input counts for both the
// action and the reconciliation data source, which each case sends it to, and its customers
// and products for connectwise_shard_overlaps' shards too (see shardInputs).
func coveredInputs(cases []badInputCase) map[string]int {
	out := map[string]int{}
	for _, tc := range cases {
		if rest, ok := strings.CutPrefix(tc.input, "sync."); ok {
			out["action.connectwise_sync_usage."+rest]++
			out["data.connectwise_billing_reconciliation."+rest]++
			if shardInput(rest) {
				out["data.connectwise_shard_overlaps.shards."+rest]++
			}
			continue
		}
		out[tc.input]++
	}
	return out
}

// Every input the schemas document has at least one case in the suite, and every case
// names an input that exists.
func TestBadInputSuiteCoversEveryInput(t *testing.T) {
	clearProviderEnv(t)
	h := newBadInputHarness(t)
	inventory := inputInventory(t, h)
	cases := allBadInputCases()
	covered := coveredInputs(cases)
	for _, input := range inventory {
		if covered[input] == 0 {
			t.Errorf("no bad-input case for %s", input)
		}
	}
	for input := range covered {
		if !slices.Contains(inventory, input) {
			t.Errorf("a case names %q, which is no documented input", input)
		}
	}
	t.Logf("%d cases over %d inputs", len(cases), len(inventory))
}

// Every filter at its bound, in the characters whose URL encoding is longest (three UTF-8
// bytes each, escaped as %XX%XX%XX), with every other filter of the data source set too,
// makes a query ConnectWise accepts: the bounds the docs state keep the URL under the
// limit (the simulator refuses a longer one with 414).
func TestFiltersAtTheirBoundsStayUnderTheURLLimit(t *testing.T) {
	clearProviderEnv(t)
	h := newBadInputHarness(t)
	h.t = t
	at := func(n int) string { return strings.Repeat("中", n) }
	statuses := []string{"Active", "Cancelled", "Expired", "Inactive"}
	for typ, attrs := range map[string]map[string]any{
		"connectwise_companies": {"name_contains": at(50), "identifier": at(30),
			"statuses": []string{"1", "2", "3", "4", "5"}, "types": []string{"1", "2", "3", "4", "5"}},
		"connectwise_company":       {"name": at(50)},
		"connectwise_agreements":    {"name_contains": at(100), "company_id": 1, "statuses": statuses, "types": []string{"1", "2", "3"}},
		"connectwise_agreement":     {"name": at(100), "company_id": 1, "statuses": statuses},
		"connectwise_catalog_items": {"identifier_contains": at(75), "description_contains": at(60), "subcategories": []string{"1", "2", "3", "4", "5", "6"}},
		"connectwise_catalog_item":  {"identifier": at(75)},
	} {
		h.site.srv.Sim.ResetCounters()
		out := h.dataSource(typ, attrs)
		if errs := diagnosticsOf(out.diags, tfprotov6.DiagnosticSeverityError); len(errs) > 0 && !strings.Contains(errs[0].Summary, "not found") {
			t.Errorf("%s: %s", typ, diagnosticsText(errs))
		}
		if n := h.site.srv.Sim.Counters().ByStatus[414]; n != 0 {
			t.Errorf("%s: %d requests were too long", typ, n)
		}
	}
	h.site.srv.Sim.ResetCounters()
	out := h.list(map[string]any{"integration_id": "NordLayer", "organizations": map[string]string{"ACME0": "org-0"},
		"name_contains": at(50), "company_types": []string{"1", "2", "3", "4", "5"}, "company_statuses": []string{"1", "2", "3", "4", "5"}})
	if hasError(out.diags) || h.site.srv.Sim.Counters().ByStatus[414] != 0 {
		t.Errorf("list: %s (%v)", diagnosticsText(out.diags), h.site.srv.Sim.Counters().ByStatus)
	}
}
