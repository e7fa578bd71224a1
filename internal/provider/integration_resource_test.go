package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const integrationAddress = "connectwise_integration.nordlayer"

// integrationHCL is a NordLayer integration with the given body lines.
func integrationHCL(body string) string {
	return `
resource "connectwise_integration" "nordlayer" {
  name = "NordLayer"
  ` + body + `
}
`
}

// weakRole lacks Finance › Agreements Edit (None) and Product Catalog Add (only My).
func weakRole() simulator.Role {
	role := simulator.FullRole()
	role["Finance/Agreements"] = simulator.Levels{Inquire: "All", Add: "All", Edit: "None", Delete: "All"}
	role["Procurement/Product Catalog"] = simulator.Levels{Inquire: "All", Add: "None", Edit: "All", Delete: "All"}
	return role
}

var (
	missingAgreementsEdit = connectwise.Permission{Function: connectwise.FinanceAgreements, Level: connectwise.LevelEdit}.String()
	missingCatalogAdd     = connectwise.Permission{Function: connectwise.ProductCatalog, Level: connectwise.LevelAdd}.String()
)

// messagePattern matches words a user sees, whatever line wrapping Terraform applies.
func messagePattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// expectWrites checks the number of writes the simulator applied since it started.
func expectWrites(srv *simulator.Server, want int) resource.TestCheckFunc {
	return func(*terraform.State) error { return checkWrites(srv, want) }
}

// checkWrites fails when the simulator applied another number of writes than want.
func checkWrites(srv *simulator.Server, want int) error {
	c := srv.Sim.Counters()
	if c.Writes != want {
		return fmt.Errorf("the simulator applied %d writes, want %d; requests: %v", c.Writes, want, c.ByRoute)
	}
	return nil
}

func TestAccIntegration(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{})
	defaults := func(sub, typ, uom any, bill string, taxable bool) knownvalue.Check {
		id := func(v any) knownvalue.Check {
			if v == nil {
				return knownvalue.Null()
			}
			return knownvalue.Int64Exact(int64(v.(int)))
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"integration_id": knownvalue.StringExact("NordLayer"),
			"subcategory_id": id(sub), "product_type_id": id(typ), "unit_of_measure_id": id(uom),
			"bill_customer": knownvalue.StringExact(bill), "taxable": knownvalue.Bool(taxable),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{ // Connect and Apply, with names in any case and IDs.
				Config: provider + integrationHCL(`
  catalog_defaults = {
    subcategory     = "saas licences"
    product_type    = "Non-Inventory"
    unit_of_measure = "2"
  }
  taxable = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(integrationAddress, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("id"), knownvalue.StringExact("NordLayer")),
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("defaults"), defaults(1, 1, 2, "Billable", true)),
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("creates_products"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("connectwise_version"), knownvalue.StringRegexp(regexp.MustCompile(`^v2025\.8`))),
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("is_cloud"), knownvalue.Bool(false)),
				},
				Check: expectWrites(srv, 0),
			},
			{ // Update in place.
				Config: provider + integrationHCL(`
  catalog_defaults = {
    subcategory  = "2"
    product_type = "Service"
  }
  bill_customer = "NoCharge"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(integrationAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("defaults"), defaults(2, 2, nil, "NoCharge", false)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectWrites(srv, 0),
			},
			{ // Back to the defaults, then import by name: everything is recovered.
				Config: provider + integrationHCL(``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(integrationAddress, tfjsonpath.New("defaults"), defaults(nil, nil, nil, "Billable", false)),
				},
			},
			{
				Config:            provider + integrationHCL(``),
				ResourceName:      integrationAddress,
				ImportState:       true,
				ImportStateId:     "NordLayer",
				ImportStateVerify: true,
			},
			{ // A weakened role does not fail the plan (Read warns; see the protocol test).
				PreConfig: func() { srv.Sim.SetRole(weakRole()) },
				Config:    provider + integrationHCL(``),
				PlanOnly:  true,
			},
			{ // ... but applying a change needs the full role again.
				Config:      provider + integrationHCL(`bill_customer = "DoNotBill"`),
				ExpectError: messagePattern("Security role is missing permissions", missingAgreementsEdit, missingCatalogAdd, "System › Security Roles"),
			},
			{ // Without created products, Product Catalog Add is not needed; Agreements Edit still is.
				Config:      provider + integrationHCL(`creates_products = false`),
				ExpectError: messagePattern(missingAgreementsEdit),
			},
			{
				PreConfig: func() {
					role := weakRole()
					role["Finance/Agreements"] = simulator.Levels{Inquire: "All", Add: "All", Edit: "All", Delete: "None"}
					srv.Sim.SetRole(role)
				},
				Config: provider + integrationHCL(`creates_products = false`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(integrationAddress, plancheck.ResourceActionUpdate)},
				},
				Check: expectWrites(srv, 0),
			},
		},
	})
}

func TestAccIntegrationBadInputs(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Role: weakRole()})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + integrationHCL(`catalog_defaults = { subcategory = "Nope" }`),
				ExpectError: messagePattern("Unknown subcategory", `no subcategory "Nope" in ConnectWise; use one of:`, `"SaaS Licences" in Cloud Services (ID 1)`),
			},
			{
				Config:      provider + integrationHCL(`catalog_defaults = { unit_of_measure = "99" }`),
				ExpectError: messagePattern(`no unit of measure "99"`, `"Each" (ID 1)`),
			},
			{
				Config:      provider + integrationHCL(`bill_customer = "Sometimes"`),
				ExpectError: messagePattern("bill_customer", "is not accepted: use one of", "Billable", "DoNotBill", "NoCharge"),
			},
			{
				Config: provider + `
resource "connectwise_integration" "long" {
  name = "` + strings.Repeat("N", 51) + `"
}`,
				ExpectError: messagePattern("name is", "an integration's name is at most 50 characters"),
			},
			{ // The role lacks two permissions: one error lists both, before anything is written.
				Config:      provider + integrationHCL(``),
				ExpectError: messagePattern("Security role is missing permissions", missingAgreementsEdit, missingCatalogAdd, "System › Security Roles"),
			},
			{
				PreConfig: func() {
					if err := checkWrites(srv, 0); err != nil {
						t.Error(err)
					}
				},
				Config:   provider,
				PlanOnly: true,
			},
		},
	})
}

// protocolResource drives one resource type through the plugin protocol, for what a
// Terraform CLI run cannot show: warnings, the number of diagnostics, identity import.
type protocolResource struct {
	t        *testing.T
	ctx      context.Context
	server   tfprotov6.ProviderServer
	typeName string
	schema   *tfprotov6.Schema
	identity tftypes.Object
}

func newProtocolResource(t *testing.T, srv *simulator.Server, typeName string) *protocolResource {
	t.Helper()
	ctx := context.Background()
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, ids.Diagnostics)
	identity, ok := ids.IdentitySchemas[typeName].ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("%s has no identity schema", typeName)
	}
	return &protocolResource{t: t, ctx: ctx, server: server, typeName: typeName, schema: schemas.ResourceSchemas[typeName], identity: identity}
}

func (p *protocolResource) identityValue(attrs map[string]tftypes.Value) *tfprotov6.ResourceIdentityData {
	p.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(p.identity, tftypes.NewValue(p.identity, attrs))
	if err != nil {
		p.t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// importByIdentity imports with an identity and no ID, as an import block does.
func (p *protocolResource) importByIdentity(attrs map[string]tftypes.Value) *tfprotov6.ImportedResource {
	p.t.Helper()
	resp, err := p.server.ImportResourceState(p.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: p.typeName, Identity: p.identityValue(attrs),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	failOnErrors(p.t, resp.Diagnostics)
	if len(resp.ImportedResources) != 1 {
		p.t.Fatalf("imported %d resources, want 1", len(resp.ImportedResources))
	}
	return resp.ImportedResources[0]
}

func (p *protocolResource) read(state *tfprotov6.DynamicValue, identity *tfprotov6.ResourceIdentityData) *tfprotov6.ReadResourceResponse {
	p.t.Helper()
	resp, err := p.server.ReadResource(p.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: p.typeName, CurrentState: state, CurrentIdentity: identity,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}

// planCreate plans a new resource from a configuration.
func (p *protocolResource) planCreate(config map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	p.t.Helper()
	cfg := dynamicValue(p.t, p.schema, config)
	prior, err := tfprotov6.NewDynamicValue(p.schema.ValueType(), tftypes.NewValue(p.schema.ValueType(), nil))
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: p.typeName, PriorState: &prior, ProposedNewState: cfg, Config: cfg,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}

func (p *protocolResource) stateValue(dv *tfprotov6.DynamicValue) tftypes.Value {
	p.t.Helper()
	v, err := dv.Unmarshal(p.schema.ValueType())
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

func diagnosticsOf(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d)
		}
	}
	return out
}

func attrOf(t *testing.T, v tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs[name]
}

func TestIntegrationProtocol(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{})
	p := newProtocolResource(t, srv, "connectwise_integration")

	// Import by identity alone, then the Read that follows an import fills the settings.
	imported := p.importByIdentity(map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "NordLayer")})
	if got := attrOf(t, p.stateValue(imported.State), "id"); !got.Equal(tftypes.NewValue(tftypes.String, "NordLayer")) {
		t.Errorf("imported id = %v", got)
	}
	read := p.read(imported.State, imported.Identity)
	failOnErrors(t, read.Diagnostics)
	if w := diagnosticsOf(read.Diagnostics, tfprotov6.DiagnosticSeverityWarning); len(w) != 0 {
		t.Errorf("full role: unexpected warnings %v", w)
	}
	state := p.stateValue(read.NewState)
	if got := attrOf(t, state, "bill_customer"); !got.Equal(tftypes.NewValue(tftypes.String, "Billable")) {
		t.Errorf("bill_customer after import = %v", got)
	}

	// A weakened role: the next refresh warns, naming each missing permission, and
	// still succeeds.
	srv.Sim.SetRole(weakRole())
	read = p.read(read.NewState, read.NewIdentity)
	failOnErrors(t, read.Diagnostics)
	warnings := diagnosticsOf(read.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if len(warnings) != 1 {
		t.Fatalf("want one warning, got %d: %v", len(warnings), read.Diagnostics)
	}
	for _, want := range []string{missingAgreementsEdit, missingCatalogAdd, "the sync will fail", "System › Security Roles"} {
		if !strings.Contains(strings.ToLower(warnings[0].Detail), strings.ToLower(want)) {
			t.Errorf("warning does not mention %q:\n%s", want, warnings[0].Detail)
		}
	}

	// Planning a new integration with that role: one error listing both.
	plan := p.planCreate(map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "Check Point SASE")})
	errs := diagnosticsOf(plan.Diagnostics, tfprotov6.DiagnosticSeverityError)
	if len(errs) != 1 || !strings.Contains(errs[0].Detail, missingAgreementsEdit) || !strings.Contains(errs[0].Detail, missingCatalogAdd) {
		t.Fatalf("want one error listing both permissions, got %v", plan.Diagnostics)
	}
	if srv.Sim.Counters().Writes != 0 {
		t.Errorf("the integration wrote to ConnectWise: %v", srv.Sim.Counters().ByRoute)
	}
}
