package provider

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// badInputCase is one user mistake, sent the way Terraform sends it, and what the user
// must see: exactly one error, on the attribute, whose text names the attribute (Terraform
// shows only the block when the attribute is inside a list or map built by an expression)
// and says what is accepted.
type badInputCase struct {
	name string
	send func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic
	path string   // the error's attribute path, e.g. customers[1].agreement_id
	want []string // text the error's detail contains
}

// badInputHarness is a configured provider server next to a simulator with sync inputs.
type badInputHarness struct {
	site *syncSite
	call actionCall
	all  *tfprotov6.GetProviderSchemaResponse
}

func newBadInputHarness(t *testing.T) badInputHarness {
	t.Helper()
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	all, err := call.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return badInputHarness{site: s, call: call, all: all}
}

func (h badInputHarness) provider(t *testing.T, attrs map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := h.call.server.ValidateProviderConfig(context.Background(), &tfprotov6.ValidateProviderConfigRequest{Config: configValue(h.all.Provider, attrs)})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// resource and dataSource validate a resource or data source config (err is always nil:
// the server reports problems as diagnostics).
func (h badInputHarness) resource(t *testing.T, typ string, attrs map[string]any) []*tfprotov6.Diagnostic {
	resp, _ := h.call.server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typ, Config: configValue(h.all.ResourceSchemas[typ], attrs)})
	return resp.Diagnostics
}

func (h badInputHarness) dataSource(t *testing.T, typ string, attrs map[string]any) []*tfprotov6.Diagnostic {
	resp, _ := h.call.server.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: typ, Config: configValue(h.all.DataSourceSchemas[typ], attrs)})
	return resp.Diagnostics
}

// withCustomer and withProduct return the site's customers or products with one
// attribute of element i replaced.
func (h badInputHarness) withCustomer(i int, name string, v any) []map[string]any {
	return withElement(h.site.customers, i, name, v)
}

func (h badInputHarness) withProduct(i int, name string, v any) []map[string]any {
	return withElement(h.site.products, i, name, v)
}

func withElement(list []map[string]any, i int, name string, v any) []map[string]any {
	out := make([]map[string]any, len(list))
	for j, e := range list {
		out[j] = maps.Clone(e)
	}
	out[i][name] = v
	return out
}

var okUsage = map[string]map[string]float64{"org-0": {"core-license": 1}}

// syncBoth sends one sync input to the action and to the reconciliation data source: both
// must give the same single diagnostic.
func syncBoth(t *testing.T, h badInputHarness, attrs map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	action := h.call.validate(t, attrs)
	data := h.dataSource(t, "connectwise_billing_reconciliation", attrs)
	if errorText(action) != errorText(data) {
		t.Errorf("the action and the data source disagree:\naction: %s\ndata:   %s", errorText(action), errorText(data))
	}
	return data
}

func badInputCases() []badInputCase {
	sync := func(extra map[string]any) func(*testing.T, badInputHarness) []*tfprotov6.Diagnostic {
		return func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			attrs := h.site.config(okUsage, nil)
			for k, v := range extra {
				attrs[k] = v
			}
			return syncBoth(t, h, attrs)
		}
	}
	lazy := func(build func(h badInputHarness) map[string]any) func(*testing.T, badInputHarness) []*tfprotov6.Diagnostic {
		return func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic { return sync(build(h))(t, h) }
	}
	provider := func(attrs map[string]any) func(*testing.T, badInputHarness) []*tfprotov6.Diagnostic {
		return func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic { return h.provider(t, attrs) }
	}
	return []badInputCase{
		{"provider requests_per_minute 1.5", provider(map[string]any{"requests_per_minute": 1.5}),
			"requests_per_minute", []string{"requests_per_minute must be a whole number from 1 to 6000, e.g. 600; got 1.5."}},
		{"provider max_retries 2.5", provider(map[string]any{"max_retries": 2.5}),
			"max_retries", []string{"max_retries must be a whole number from 0 to 20, e.g. 4; got 2.5."}},
		{"provider max_retries 1/0", provider(map[string]any{"max_retries": math.Inf(1)}),
			"max_retries", []string{"max_retries must be a whole number from 0 to 20, e.g. 4; got +Inf."}},
		{"provider retry_max_wait forever", provider(map[string]any{"retry_max_wait": "forever"}),
			"retry_max_wait", []string{`retry_max_wait must be a duration from 1s to 24h, such as 90s, 5m or 1h30m; got "forever"`}},
		{"customer mapping agreement_id 1.5", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.resource(t, "connectwise_customer_mapping", map[string]any{
				"integration_id": "NordLayer", "organization_id": "org-1", "company_id": 250, "agreement_id": 1.5})
		}, "agreement_id", []string{"agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."}},
		{"product mapping unit_price 1/0", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.resource(t, "connectwise_product_mapping", map[string]any{
				"integration_id": "NordLayer", "vendor_sku": "core-license", "catalog_item_id": 300, "unit_price": math.Inf(1)})
		}, "unit_price", []string{"unit_price must be a number from 0 to 1000000, e.g. 12.5; got +Inf."}},
		{"product mapping unit_cost -3", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.resource(t, "connectwise_product_mapping", map[string]any{
				"integration_id": "NordLayer", "vendor_sku": "core-license", "catalog_item_id": 300, "unit_cost": -3})
		}, "unit_cost", []string{"unit_cost must be a number from 0 to 1000000, e.g. 12.5; got -3."}},
		{"customer mapping billing_cycle quarterly", mappingWith("billing_cycle", "quarterly"),
			"billing_cycle", []string{`billing_cycle "quarterly" is not accepted: write "Quarterly"`}},
		{"customer mapping billing_cycle Weekly", mappingWith("billing_cycle", "Weekly"),
			"billing_cycle", []string{`billing_cycle "Weekly" is not accepted: use one of "Monthly", "Bi-Monthly", "Quarterly", "Semi-Annual", "Yearly"`}},
		{"customer mapping billing_cycle empty", mappingWith("billing_cycle", ""),
			"billing_cycle", []string{"billing_cycle must not be empty", `leave it unset for Monthly`}},
		{"product mapping currency usd", productWith("currency", "usd"),
			"currency", []string{`currency "usd" is not accepted: use the ISO 4217 code`, `"USD"`}},
		{"product mapping currency US$", productWith("currency", "US$"),
			"currency", []string{`currency "US$" is not accepted`, `"EUR"`}},
		{"product mapping invoice_description blank", productWith("invoice_description", "   "),
			"invoice_description", []string{"invoice_description is blank: write the text the customer reads on the invoice", "customer description"}},
		{"product mapping invoice_description too long", productWith("invoice_description", strings.Repeat("é", 6001)),
			"invoice_description", []string{"invoice_description is 6001 characters long: ConnectWise keeps at most 6000"}},
		{"product mapping create_catalog_item.product_class Bundle", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.resource(t, "connectwise_product_mapping", map[string]any{
				"integration_id": "NordLayer", "vendor_sku": "core-license", "create_catalog_item": map[string]any{
					"identifier": "TF-BUNDLE", "description": "A bundle", "product_class": "Bundle"}})
		}, "create_catalog_item.product_class", []string{`create_catalog_item.product_class "Bundle" is not accepted`,
			"ConnectWise does not take Bundle class products as agreement additions", `use one of "Agreement", "Inventory", "NonInventory", "Service"`}},
		{"agreement data source id 1.5", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.dataSource(t, "connectwise_agreement", map[string]any{"id": 1.5})
		}, "id", []string{"id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."}},
		{"sync max_parallel 1.5", func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
			return h.call.validate(t, h.site.config(okUsage, map[string]any{"max_parallel": 1.5}))
		}, "max_parallel", []string{"max_parallel must be a whole number from 1 to 32, e.g. 4; got 1.5."}},
		{"sync customers[1].agreement_id 1.5", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"customers": h.withCustomer(1, "agreement_id", 1.5)}
		}), "customers[1].agreement_id", []string{"customers[1].agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."}},
		{"sync customers[1].organization_id empty", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"customers": h.withCustomer(1, "organization_id", "")}
		}), "customers[1].organization_id", []string{"customers[1].organization_id must not be empty: set the vendor's organization ID"}},
		{"sync products[0].catalog_item_id -1", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(0, "catalog_item_id", -1)}
		}), "products[0].catalog_item_id", []string{"products[0].catalog_item_id must be a ConnectWise catalog item ID, a whole number of 1 or more, e.g. 300; got -1."}},
		{"sync products[1].less_included -2", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(1, "less_included", -2)}
		}), "products[1].less_included", []string{"products[1].less_included must be a number from 0 to 1000000, e.g. 12; got -2."}},
		{"sync products[1].unit_price -5", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(1, "unit_price", -5)}
		}), "products[1].unit_price", []string{"products[1].unit_price must be a number from 0 to 1000000, e.g. 12.5; got -5."}},
		{"sync products[0].unit_cost -3", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(0, "unit_cost", -3)}
		}), "products[0].unit_cost", []string{"products[0].unit_cost must be a number from 0 to 1000000, e.g. 12.5; got -3."}},
		{"sync usage 1e300", sync(map[string]any{"usage": map[string]map[string]float64{"org-1": {"core-license": 1e300}}}),
			`usage["org-1"]["core-license"]`, []string{`usage["org-1"]["core-license"] must be a number from 0 to 1000000, e.g. 12; got 1e+300.`}},
		{"sync usage 0.0000001", sync(map[string]any{"usage": map[string]map[string]float64{"org-1": {"core-license": 0.0000001}}}),
			`usage["org-1"]["core-license"]`, []string{`rounds to 0 at the 4 decimals ConnectWise keeps: write 0 to bill nothing, or a quantity of at least 0.0001`}},
		{"sync as_of far in the future", sync(map[string]any{"as_of": "2099-12-01T00:30:00Z", "allow_any_as_of": nil}),
			"as_of", []string{"as_of is 2099-12-01T00:30:00Z, more than 24 hours after now", "allow_any_as_of = true"}},
		{"sync as_of before the previous month", sync(map[string]any{"as_of": "1999-01-01T00:00:00Z", "allow_any_as_of": nil}),
			"as_of", []string{"as_of is 1999-01-01T00:00:00Z, before", "allow_any_as_of = true"}},
		{"sync usage 1/0", sync(map[string]any{"usage": map[string]map[string]float64{"org-1": {"core-license": math.Inf(1)}}}),
			`usage["org-1"]["core-license"]`, []string{`usage["org-1"]["core-license"] must be a number from 0 to 1000000, e.g. 12; got +Inf.`}},
		{"sync customers[1].billing_cycle quarterly", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"customers": h.withCustomer(1, "billing_cycle", "quarterly")}
		}), "customers[1].billing_cycle", []string{`customers[1].billing_cycle: "quarterly" is not accepted: write "Quarterly".`}},
		{"sync products[0].currency usd", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(0, "currency", "usd")}
		}), "products[0].currency", []string{`products[0].currency: "usd" is not accepted: use the ISO 4217 code`}},
		{"sync products[1].invoice_description blank", lazy(func(h badInputHarness) map[string]any {
			return map[string]any{"products": h.withProduct(1, "invoice_description", " \t ")}
		}), "products[1].invoice_description", []string{"products[1].invoice_description is blank: write the text the customer reads on the invoice"}},
		{"sync absent_usage maybe", sync(map[string]any{"absent_usage": "maybe"}),
			"absent_usage", []string{`absent_usage: "maybe" is not accepted: use "skip"`, `or "zero"`}},
	}
}

// mappingWith and productWith validate a valid mapping config with one attribute set.
func mappingWith(name string, v any) func(*testing.T, badInputHarness) []*tfprotov6.Diagnostic {
	return func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
		return h.resource(t, "connectwise_customer_mapping", map[string]any{
			"integration_id": "NordLayer", "organization_id": "org-1", "company_id": 250, "agreement_id": 4012, name: v})
	}
}

func productWith(name string, v any) func(*testing.T, badInputHarness) []*tfprotov6.Diagnostic {
	return func(t *testing.T, h badInputHarness) []*tfprotov6.Diagnostic {
		return h.resource(t, "connectwise_product_mapping", map[string]any{
			"integration_id": "NordLayer", "vendor_sku": "core-license", "catalog_item_id": 300, "unit_price": 9, name: v})
	}
}

func TestBadInputNamesTheAttributeAndWhatIsAccepted(t *testing.T) {
	clearProviderEnv(t)
	h := newBadInputHarness(t)
	for _, tc := range badInputCases() {
		t.Run(tc.name, func(t *testing.T) {
			var errs []*tfprotov6.Diagnostic
			for _, d := range tc.send(t, h) {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					errs = append(errs, d)
				}
			}
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d:\n%s", len(errs), diagnosticsText(errs))
			}
			if got := attributePathText(errs[0].Attribute); got != tc.path {
				t.Errorf("error is on %q, want %q", got, tc.path)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0].Detail, w) {
					t.Errorf("detail %q lacks %q", errs[0].Detail, w)
				}
			}
			if !strings.Contains(errs[0].Summary, tc.path) {
				t.Errorf("summary %q does not name %s", errs[0].Summary, tc.path)
			}
		})
	}
}

// providerBugWording is how the framework words its own conversion failures; a user's
// mistake must never be reported that way.
var providerBugWording = []string{"always an error in the provider", "Value Conversion Error", "Configuration Read Error", "%!"}

// Every diagnostic of the bad-input suites (this file's cases and the sync inputs' cases
// of both the action and the data source) is free of provider-bug wording.
func TestBadInputDiagnosticsNeverBlameTheProvider(t *testing.T) {
	clearProviderEnv(t)
	h := newBadInputHarness(t)
	var all []*tfprotov6.Diagnostic
	for _, tc := range badInputCases() {
		all = append(all, tc.send(t, h)...)
	}
	for _, tc := range badSyncInputs(h.site) {
		all = append(all, syncBoth(t, h, tc.attrs)...)
	}
	if len(all) < len(badInputCases()) {
		t.Fatalf("only %d diagnostics collected", len(all))
	}
	for _, d := range all {
		for _, bad := range providerBugWording {
			if strings.Contains(d.Summary+"\n"+d.Detail, bad) {
				t.Errorf("diagnostic says %q: %s: %s", bad, d.Summary, d.Detail)
			}
		}
	}
}

// attributePathText writes a protocol attribute path the way Terraform configuration
// does: customers[1].agreement_id, usage["org-1"]["core-license"].
func attributePathText(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteString(".")
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		default:
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var lines []string
	for _, d := range diags {
		lines = append(lines, attributePathText(d.Attribute)+": "+d.Summary+": "+d.Detail)
	}
	return strings.Join(lines, "\n")
}

// Through the Terraform CLI: a provider block, a resource and the reconciliation data source
// with numbers that are not accepted. Terraform shows only the block for an attribute inside
// a list or map, so the text itself names the attribute.
func TestAccBadNumbersThroughTerraform(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 0)})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(srv.URL, "requests_per_minute = 1.5") + `data "connectwise_system_info" "x" {}`,
				ExpectError: messagePattern("Invalid requests_per_minute", "requests_per_minute must be a whole number from 1 to 6000, e.g. 600; got 1.5."),
			},
			{
				Config: provider + `resource "connectwise_customer_mapping" "x" {
  integration_id  = "NordLayer"
  organization_id = "org-1"
  company_id      = 250
  agreement_id    = 1.5
}`,
				PlanOnly:    true,
				ExpectError: messagePattern("agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5."),
			},
			{
				Config: provider + `data "connectwise_billing_reconciliation" "x" {
  customers = [
    { organization_id = "org-0", company_id = 250, agreement_id = 4012 },
    { organization_id = "org-1", company_id = 250, agreement_id = 1.5 },
  ]
  products = [{ vendor_sku = "core-license", catalog_item_id = 300 }]
  usage    = { "org-0" = { "core-license" = 1/0 } }
}`,
				ExpectError: messagePattern(
					"customers[1].agreement_id must be a ConnectWise agreement ID, a whole number of 1 or more, e.g. 4012; got 1.5.",
					`usage["org-0"]["core-license"] must be a number from 0 to 1000000, e.g. 12; got +Inf.`),
			},
			{
				Config: provider + `data "connectwise_billing_reconciliation" "x" {
  customers    = [{ organization_id = "org-0", company_id = 250, agreement_id = 4012 }]
  products     = [{ vendor_sku = "core-license", catalog_item_id = 300 }]
  usage        = {}
  absent_usage = "maybe"
}`,
				ExpectError: messagePattern(`absent_usage: "maybe" is not accepted: use "skip"`, `or "zero"`),
			},
		},
	})
}

// badIdentityIDs are record IDs an import block's identity may hold that no ConnectWise
// record has, with the way the error must show each.
var badIdentityIDs = []badIdentityID{{1.5, "1.5"}, {0, "0"}, {-3, "-3"}, {1e20, "100000000000000000000"}}

// badIdentityID is a value for an identity ID (a float64, or nil for null) and how the
// error shows it.
type badIdentityID struct {
	value any
	shown string
}

// importStoredIdentity imports with an identity whose ID attribute idName holds an int64,
// as identities stored while it was an Int64 attribute do, and checks that the identity
// written back is the same: declaring it a Number changed nothing on the wire.
func (p *protocolResource) importStoredIdentity(stored map[string]tftypes.Value, idName string) *tfprotov6.ImportedResource {
	p.t.Helper()
	if got := p.identity.AttributeTypes[idName]; !got.Is(tftypes.Number) {
		p.t.Fatalf("identity %s is %v on the wire, want a number as before", idName, got)
	}
	imported := p.importByIdentity(stored)
	written, err := imported.Identity.IdentityData.Unmarshal(p.identity)
	if err != nil {
		p.t.Fatal(err)
	}
	if !written.Equal(tftypes.NewValue(p.identity, stored)) {
		p.t.Errorf("identity written back = %v, want %v", written, stored)
	}
	return imported
}

// expectBadIdentitiesRefused imports with each of badIdentityIDs at attribute name of an
// otherwise valid identity: each gets one error that names the identity attribute and says
// what is accepted, and nothing blames the provider.
func expectBadIdentitiesRefused(t *testing.T, p *protocolResource, valid map[string]tftypes.Value, name, accepted string) {
	t.Helper()
	// Terraform sends a null identity attribute through, RequiredForImport or not.
	cases := append(slices.Clone(badIdentityIDs), badIdentityID{value: nil, shown: "null"})
	for _, bad := range cases {
		attrs := maps.Clone(valid)
		attrs[name] = tftypes.NewValue(tftypes.Number, bad.value)
		resp, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: p.typeName, Identity: p.identityValue(attrs)})
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("identity %s must be %s; got %s.", name, accepted, bad.shown)
		if bad.value == nil {
			want = fmt.Sprintf("identity %s is required: it must be %s.", name, accepted)
		}
		if errs := diagnosticsOf(resp.Diagnostics, tfprotov6.DiagnosticSeverityError); len(errs) != 1 || !strings.Contains(errs[0].Detail, want) {
			t.Errorf("%s = %s: want one error saying %q, got:\n%s", name, bad.shown, want, diagnosticsText(resp.Diagnostics))
		}
		for _, d := range resp.Diagnostics {
			for _, wording := range providerBugWording {
				if strings.Contains(d.Summary+"\n"+d.Detail, wording) {
					t.Errorf("%s = %s: diagnostic says %q: %s: %s", name, bad.shown, wording, d.Summary, d.Detail)
				}
			}
		}
		if len(resp.ImportedResources) != 0 {
			t.Errorf("%s = %s: imported %d resources", name, bad.shown, len(resp.ImportedResources))
		}
	}
}
