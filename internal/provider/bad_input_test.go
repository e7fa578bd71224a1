package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// badInputCase is one mistake a user can type into one documented input. The user must
// see exactly one error, at validate or plan time (configure, read, list and import come
// before any write too), whose detail names the input and says what is accepted; nothing
// may be written, and nothing may be sent that ConnectWise refuses as invalid.
type badInputCase struct {
	input string // the documented input, as inputInventory names it
	name  string
	send  func(h *badInputHarness) outcome
	path  string   // the error's attribute path (e.g. customers[1].agreement_id); "" for an import ID, which has none
	want  []string // text the error's detail contains besides path, e.g. the environment variable
}

// allBadInputCases is the project's bad-input suite.
func allBadInputCases() []badInputCase {
	return slices.Concat(providerBadInputs(), integrationBadInputs(), productMappingBadInputs(), customerMappingBadInputs(),
		importBadInputs(), dataSourceBadInputs(), listBadInputs(), syncBadInputs(), actionBadInputs())
}

// short names a case by its value; long text by its length.
func short(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if n := len([]rune(x)); n > 40 {
			return fmt.Sprintf("%d characters", n)
		}
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// providerBugWording is how the framework words its own conversion failures; a user's
// mistake must never be reported that way. Nor may a diagnostic name a Go field of the
// client's configuration instead of the attribute.
var providerBugWording = []string{"always an error in the provider", "Value Conversion Error", "Configuration Read Error", "%!",
	"SiteURL:", "CompanyID:", "PublicKey:", "PrivateKey:", "ClientID:", "Codebase:", "APIVersion:", "CACertPEM:"}

func TestBadInputIsRefusedByNameBeforeAnyWrite(t *testing.T) {
	clearProviderEnv(t)
	h := newBadInputHarness(t)
	for _, tc := range allBadInputCases() {
		t.Run(tc.input+" "+tc.name, func(t *testing.T) {
			h.t = t
			h.site.srv.Sim.ResetCounters()
			out := tc.send(h)
			expectRefusedByName(t, tc, out)
			c := h.site.srv.Sim.Counters()
			if c.Writes != 0 {
				t.Errorf("%d writes reached ConnectWise", c.Writes)
			}
			if refused := c.ByStatus[400] + c.ByStatus[414]; refused != 0 {
				t.Errorf("ConnectWise refused %d requests the provider should not have sent: %v", refused, c.ByRouteStatus)
			}
		})
	}
}

func expectRefusedByName(t *testing.T, tc badInputCase, out outcome) {
	t.Helper()
	errs := diagnosticsOf(out.diags, tfprotov6.DiagnosticSeverityError)
	if len(errs) != 1 {
		t.Fatalf("want exactly one error, got %d at %s:\n%s", len(errs), out.stage, diagnosticsText(out.diags))
	}
	if out.stage == stageApply || out.stage == stageInvoke {
		t.Errorf("refused only at %s, after writes could be made", out.stage)
	}
	if got := attributePathText(errs[0].Attribute); tc.path != "" && got != tc.path {
		t.Errorf("error is on %q, want %q", got, tc.path)
	}
	named, _, _ := strings.Cut(tc.path, "[Value(") // a set element is named by its set
	for _, w := range append([]string{named}, tc.want...) {
		if !strings.Contains(errs[0].Detail, w) {
			t.Errorf("detail %q lacks %q", errs[0].Detail, w)
		}
	}
	for _, d := range out.diags {
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
		case tftypes.ElementKeyValue:
			var v string
			_ = tftypes.Value(s).As(&v)
			fmt.Fprintf(&b, "[Value(%q)]", v)
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

// Through the Terraform CLI: what a user sees for some of the suite's mistakes, where
// Terraform shows only the block for an attribute inside a list or map, so the text itself
// names the attribute.
func TestAccBadInputsThroughTerraform(t *testing.T) {
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
				Config: provider + `resource "connectwise_product_mapping" "x" {
  integration_id       = "NordLayer"
  vendor_sku           = "core-license"
  catalog_item_id      = 300
  integration_defaults = { integration_id = "NordLayer", bill_customer = "Bogus" }
}`,
				PlanOnly:    true,
				ExpectError: messagePattern(`integration_defaults.bill_customer "Bogus" is not accepted: use one of "Billable", "DoNotBill", "NoCharge".`),
			},
			{
				Config: provider + `resource "connectwise_product_mapping" "x" {
  integration_id      = "NordLayer"
  vendor_sku          = "core-license"
  create_catalog_item = { identifier = "   ", description = "Core" }
}`,
				PlanOnly:    true,
				ExpectError: messagePattern(`create_catalog_item.identifier is blank: write a catalog item identifier`),
			},
			{
				Config:      provider + `data "connectwise_companies" "x" { name_contains = "` + strings.Repeat("x", 3000) + `" }`,
				ExpectError: messagePattern("name_contains is 3000 characters long: at most 50 are accepted"),
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
  customers    = [{ organization_id = "org-0", company_id = 250, agreement_id = 4012 }, null]
  products     = [{ vendor_sku = "core-license", catalog_item_id = 300 }]
  usage        = {}
  absent_usage = ""
}`,
				ExpectError: messagePattern(`customers[1] is null`, `absent_usage: "" is not accepted: use "skip"`),
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
