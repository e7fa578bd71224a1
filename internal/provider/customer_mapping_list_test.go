package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// listRun is one ListResource call read to the end of its stream.
type listRun struct {
	results []tfprotov6.ListResourceResult
	diags   []*tfprotov6.Diagnostic // of results that carry only diagnostics
}

func (r listRun) names() []string {
	var out []string
	for _, res := range r.results {
		out = append(out, res.DisplayName)
	}
	return out
}

func (r listRun) warning(text string) bool {
	for _, d := range r.diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.Detail, text) {
			return true
		}
	}
	return false
}

// listMappings runs the customer mapping list resource with these config attributes
// (integration_id is NordLayer unless given) and fails on any error diagnostic.
func listMappings(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, attrs map[string]tftypes.Value, includeResource bool, limit int64) listRun {
	t.Helper()
	// The list RPC is not yet part of tfprotov6.ProviderServer.
	lister, ok := server.(interface {
		ListResource(context.Context, *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error)
	})
	if !ok {
		t.Fatal("the provider server does not serve list resources")
	}
	if _, ok := attrs["integration_id"]; !ok {
		attrs["integration_id"] = tftypes.NewValue(tftypes.String, mappingIntegr)
	}
	schema := schemas.ListResourceSchemas[mappingType]
	if schema == nil {
		t.Fatalf("no list resource schema for %s", mappingType)
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: mappingType, Config: dynamicValue(t, schema, attrs), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	var run listRun
	for res := range stream.Results {
		failOnErrors(t, res.Diagnostics)
		if res.Identity == nil {
			run.diags = append(run.diags, res.Diagnostics...)
			continue
		}
		run.results = append(run.results, res)
	}
	return run
}

func stringMap(m map[string]string) tftypes.Value {
	values := map[string]tftypes.Value{}
	for k, v := range m {
		values[k] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, values)
}

func stringList(items ...string) tftypes.Value {
	values := make([]tftypes.Value, len(items))
	for i, s := range items {
		values[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, values)
}

// identityOf decodes a result's identity as organization/agreement.
func identityOf(t *testing.T, ids *tfprotov6.GetResourceIdentitySchemasResponse, res tfprotov6.ListResourceResult) string {
	t.Helper()
	v, err := res.Identity.IdentityData.Unmarshal(ids.IdentitySchemas[mappingType].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var integration, org string
	var agreement big.Float
	_ = attrs["integration_id"].As(&integration)
	_ = attrs["organization_id"].As(&org)
	_ = attrs["agreement_id"].As(&agreement)
	n, _ := agreement.Int64()
	return fmt.Sprintf("%s/%s/%d", integration, org, n)
}

func TestCustomerMappingListProtocol(t *testing.T) {
	ctx := context.Background()
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	st := srv.Sim.Store()
	// Beta's second agreement starts long after any billing period this test runs in.
	future := st.Insert("agreements", map[string]any{
		"name": "Next Decade", "type": map[string]any{"id": 1, "name": "Managed Services"},
		"company":         map[string]any{"id": fx.beta, "identifier": "BETA", "name": "Beta Logistics"},
		"agreementStatus": "Active", "startDate": "2099-01-01T00:00:00Z", "noEndingDateFlag": true,
	})
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	orgs := stringMap(map[string]string{
		"ACME": "org-acme", "beta": "org-beta", fmt.Sprint(fx.gamma): "org-gamma", "NOPE": "org-nope",
	})
	filters := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		attrs := map[string]tftypes.Value{
			"organizations": orgs, "company_types": stringList("Client"), "company_statuses": stringList("Active"),
			"agreement_types": stringList("Managed Services"),
		}
		for k, v := range extra {
			attrs[k] = v
		}
		return attrs
	}

	t.Run("candidates, identities and names", func(t *testing.T) {
		run := listMappings(ctx, t, server, schemas, filters(nil), false, 0)
		var got []string
		for _, res := range run.results {
			got = append(got, identityOf(t, ids, res))
		}
		want := []string{
			fmt.Sprintf("NordLayer/org-acme/%d", fx.managed), fmt.Sprintf("NordLayer/org-acme/%d", fx.security),
			fmt.Sprintf("NordLayer/org-beta/%d", fx.betaManaged),
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("identities %v, want %v (names %q)", got, want, run.names())
		}
		wantName := fmt.Sprintf(`Acme Dental (ACME) — agreement %d "Managed Services" → org-acme [agreement 1 of 2 for this company: keep one]`, fx.managed)
		if run.names()[0] != wantName {
			t.Errorf("display name %q, want %q", run.names()[0], wantName)
		}
		if !strings.Contains(run.names()[1], "agreement 2 of 2") || strings.Contains(run.names()[2], " of ") {
			t.Errorf("several agreements of one company must be numbered, a single one not: %q", run.names())
		}
		// Missing organizations: companies not in the map are left out without a word; a
		// key that matches nothing (a typo, or gamma, which is in the recycle bin) is named.
		if !run.warning(`"NOPE" (org-nope)`) || !run.warning(fmt.Sprintf(`"%d" (org-gamma)`, fx.gamma)) {
			t.Errorf("the warning should name the unmatched keys: %v", mappingDiagnostics(run.diags))
		}
	})

	t.Run("billing status: unbillable candidates marked on request", func(t *testing.T) {
		run := listMappings(ctx, t, server, schemas, filters(map[string]tftypes.Value{
			"include_unbillable": tftypes.NewValue(tftypes.Bool, true),
		}), false, 0)
		names := strings.Join(run.names(), "\n")
		for _, want := range []string{
			fmt.Sprintf(`agreement %d "Old Contract" → org-acme`, fx.cancelled),
			fmt.Sprintf(`agreement %d "Fixed Term 2025" → org-acme`, fx.expired),
			fmt.Sprintf(`agreement %d "Next Decade" → org-beta [agreement 2 of 2 for this company: keep one] [skipped by the sync: agreement %d (Next Decade) starts on 2099-01-01`, future, future),
			fmt.Sprintf(`agreement %d "Gamma Deal" → org-gamma [skipped by the sync: company %d (Gamma Realty) is in the ConnectWise recycle bin]`, fx.gammaDeal, fx.gamma),
		} {
			if !strings.Contains(names, want) {
				t.Errorf("missing %q in\n%s", want, names)
			}
		}
		if strings.Count(names, "skipped by the sync") != 4 {
			t.Errorf("want 4 marked candidates:\n%s", names)
		}
	})

	t.Run("name filters", func(t *testing.T) {
		run := listMappings(ctx, t, server, schemas, filters(map[string]tftypes.Value{
			"name_contains": tftypes.NewValue(tftypes.String, "beta"),
		}), false, 0)
		if len(run.results) != 1 || !strings.HasPrefix(run.names()[0], "Beta Logistics (BETA)") {
			t.Errorf("name_contains beta: %q", run.names())
		}
		run = listMappings(ctx, t, server, schemas, filters(map[string]tftypes.Value{
			"name": tftypes.NewValue(tftypes.String, "acme dental"),
		}), false, 1)
		if len(run.results) != 1 || !strings.HasPrefix(run.names()[0], "Acme Dental") {
			t.Errorf("name with limit 1: %q", run.names())
		}
	})

	// Terraform sends limit = 100 when a list block sets none: a query cut off by its limit
	// says so with both counts, and one that fits says nothing.
	t.Run("limit", func(t *testing.T) {
		all := listMappings(ctx, t, server, schemas, filters(nil), false, 0)
		n := int64(len(all.results))
		if n < 2 {
			t.Fatalf("the fixture needs 2 or more candidates, got %q", all.names())
		}
		cut := listMappings(ctx, t, server, schemas, filters(nil), false, n-1)
		if int64(len(cut.results)) != n-1 {
			t.Errorf("limit %d listed %d", n-1, len(cut.results))
		}
		want := fmt.Sprintf("The query found %d candidate mappings and listed %d", n, n-1)
		if !cut.warning(want) || !cut.warning(fmt.Sprintf("Set limit = %d or more", n)) {
			t.Errorf("want a warning %q, got %v", want, mappingDiagnostics(cut.diags))
		}
		if whole := listMappings(ctx, t, server, schemas, filters(nil), false, n); whole.warning("listed") {
			t.Errorf("a limit the candidates fit in warns: %v", mappingDiagnostics(whole.diags))
		}
	})

	// Two companies given one organization would make two mappings with one ID: both are
	// listed and marked, and a warning names both companies. One company named twice (by
	// identifier and by record ID) is one company.
	t.Run("one organization, two companies", func(t *testing.T) {
		run := listMappings(ctx, t, server, schemas, filters(map[string]tftypes.Value{
			"organizations": stringMap(map[string]string{"ACME": "org-x", fmt.Sprint(fx.acme): "org-x", "beta": "org-x"}),
		}), false, 0)
		if len(run.results) != 3 {
			t.Fatalf("want the 3 candidates of both companies, got %q", run.names())
		}
		for _, name := range run.names() {
			if !strings.Contains(name, "[organization org-x is also offered for ") || !strings.Contains(name, ": keep one company]") {
				t.Errorf("candidate not marked: %q", name)
			}
		}
		if !strings.Contains(run.names()[0], "also offered for Beta Logistics (BETA)") || !strings.Contains(run.names()[2], "also offered for Acme Dental (ACME)") {
			t.Errorf("each mark names the other company: %q", run.names())
		}
		if !run.warning(`organization "org-x": Acme Dental (ACME) and Beta Logistics (BETA)`) {
			t.Errorf("want a warning naming both companies, got %v", mappingDiagnostics(run.diags))
		}
		run = listMappings(ctx, t, server, schemas, filters(map[string]tftypes.Value{
			"organizations": stringMap(map[string]string{"ACME": "org-x", fmt.Sprint(fx.acme): "org-x"}),
		}), false, 0)
		if run.warning("Several companies") || strings.Contains(strings.Join(run.names(), "\n"), "also offered") {
			t.Errorf("one company by identifier and ID is not two: %q %v", run.names(), mappingDiagnostics(run.diags))
		}
	})

	t.Run("resource is what import and read store, and its config validates", func(t *testing.T) {
		run := listMappings(ctx, t, server, schemas, filters(nil), true, 0)
		resourceSchema := schemas.ResourceSchemas[mappingType]
		for _, res := range run.results {
			listed := mappingDecode(t, resourceSchema, res.Resource)
			imported, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: mappingType, Identity: res.Identity})
			if err != nil {
				t.Fatal(err)
			}
			failOnErrors(t, imported.Diagnostics)
			read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
				TypeName: mappingType, CurrentState: imported.ImportedResources[0].State, CurrentIdentity: imported.ImportedResources[0].Identity,
			})
			if err != nil {
				t.Fatal(err)
			}
			failOnErrors(t, read.Diagnostics)
			if after := mappingDecode(t, resourceSchema, read.NewState); fmt.Sprint(after) != fmt.Sprint(listed) {
				t.Errorf("%s:\nlisted        %v\nimport + read %v", res.DisplayName, listed, after)
			}
			// Terraform writes the configurable attributes into the generated block.
			config := map[string]tftypes.Value{}
			for _, a := range resourceSchema.Block.Attributes {
				if a.Required || a.Optional {
					config[a.Name] = listed[a.Name]
				}
			}
			validated, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
				TypeName: mappingType, Config: dynamicValue(t, resourceSchema, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			failOnErrors(t, validated.Diagnostics)
		}
	})

	t.Run("a child agreement is marked", func(t *testing.T) {
		if err := st.Update("agreements", fx.security, map[string]any{"parentAgreement": map[string]any{"id": fx.managed, "name": "Managed Services"}}); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = st.Update("agreements", fx.security, map[string]any{"parentAgreement": nil}) }()
		names := listMappings(ctx, t, server, schemas, filters(nil), false, 0).names()
		child := fmt.Sprintf(`[child of agreement %d "Managed Services": it bills on the parent's invoice; map each product on one of the two only]`, fx.managed)
		if !strings.Contains(names[1], child) || strings.Contains(names[0], "child of") {
			t.Errorf("want the child (and only it) marked:\n%q", names)
		}
	})
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("listing wrote %d times", w)
	}
}

// More companies than one page: the list follows the pager, and the agreements of the
// matched companies come in company/id batches.
func TestCustomerMappingListPaging(t *testing.T) {
	ctx := context.Background()
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 1)})
	st := srv.Sim.Store()
	orgs := map[string]string{}
	const companies = 1500
	for i := range companies {
		identifier := fmt.Sprintf("PAGE%04d", i)
		id := st.Insert("companies", map[string]any{
			"identifier": identifier, "name": fmt.Sprintf("Paged Company %04d", i), "deletedFlag": false,
			"status": map[string]any{"id": 1, "name": "Active"},
			"types":  []any{map[string]any{"id": 1, "name": "Client"}},
		})
		if i%3 == 0 { // 500 mapped companies, most of them past the first page
			orgs[identifier] = fmt.Sprintf("org-%04d", i)
			st.Insert("agreements", map[string]any{
				"name": "Managed", "type": map[string]any{"id": 1, "name": "Managed Services"},
				"company":         map[string]any{"id": id, "identifier": identifier, "name": fmt.Sprintf("Paged Company %04d", i)},
				"agreementStatus": "Active", "startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
			})
		}
	}
	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	run := listMappings(ctx, t, server, schemas, map[string]tftypes.Value{
		"organizations": stringMap(orgs), "name_contains": tftypes.NewValue(tftypes.String, "Paged Company"),
	}, true, 0)
	if len(run.results) != len(orgs) {
		t.Fatalf("%d candidates, want %d", len(run.results), len(orgs))
	}
	if last := run.names()[len(run.names())-1]; !strings.HasPrefix(last, "Paged Company 1497 (PAGE1497)") {
		t.Errorf("last candidate %q", last)
	}
	c := srv.Sim.Counters()
	companyCalls, agreementCalls := 0, 0
	for route, n := range c.ByRoute {
		switch {
		case strings.Contains(route, "/company/companies") && !strings.Contains(route, "types") && !strings.Contains(route, "statuses"):
			companyCalls += n
		case strings.Contains(route, "/finance/agreements") && !strings.Contains(route, "types"):
			agreementCalls += n
		}
	}
	// 1500 companies: 2 pages. 500 company IDs: a few batches, one page each.
	if companyCalls != 2 || agreementCalls < 2 || agreementCalls > 8 {
		t.Errorf("company list calls %d (want 2), agreement list calls %d (want a few batches): %v", companyCalls, agreementCalls, c.ByRoute)
	}
}
