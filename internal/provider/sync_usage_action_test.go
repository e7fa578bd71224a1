package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// syncSite is a simulator with a few customers on active agreements (and one cancelled),
// and two demo catalog items, as plain values for action configs.
type syncSite struct {
	srv        *simulator.Server
	customers  []map[string]any
	products   []map[string]any
	cancelled  int // agreement ID
	coreItem   int
	serverItem int
}

func newSyncSite(t *testing.T) *syncSite {
	t.Helper()
	return newSyncSiteWith(t, simulator.Options{})
}

// newSyncSiteWith is newSyncSite on a simulator with opts (its data is always the demo's).
func newSyncSiteWith(t *testing.T, opts simulator.Options) *syncSite {
	t.Helper()
	opts.Data = simulator.DemoData(1, 0)
	srv := simulator.StartTest(t, opts)
	st := srv.Sim.Store()
	s := &syncSite{srv: srv}
	for _, item := range st.List("catalog") {
		switch item["identifier"] {
		case "NL-CORE-USER":
			s.coreItem = simulator.Int(item["id"])
		case "NL-DEDICATED-SERVER":
			s.serverItem = simulator.Int(item["id"])
		}
	}
	for i := range 4 {
		ident := fmt.Sprintf("ACME%d", i)
		company := st.Insert("companies", map[string]any{"identifier": ident, "name": "Acme " + ident, "deletedFlag": false,
			"status": map[string]any{"id": 1, "name": "Active"}})
		ag := map[string]any{"name": "MSP - " + ident, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company": map[string]any{"id": company, "identifier": ident, "name": "Acme " + ident}, "contact": map[string]any{"id": 1},
			"agreementStatus": "Active", "cancelledFlag": false, "startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true}
		if i == 3 {
			ag["agreementStatus"], ag["cancelledFlag"] = "Cancelled", true
		}
		agreement := st.Insert("agreements", ag)
		if i == 3 {
			s.cancelled = agreement
		}
		s.customers = append(s.customers, map[string]any{
			"integration_id": "NordLayer", "organization_id": fmt.Sprintf("org-%d", i), "organization_name": "Acme " + ident,
			"company_id": company, "agreement_id": agreement, "sync_enabled": true,
		})
	}
	s.products = []map[string]any{
		{"integration_id": "NordLayer", "vendor_sku": "core-license", "catalog_item_id": s.coreItem},
		{"integration_id": "NordLayer", "vendor_sku": "dedicated-server", "catalog_item_id": s.serverItem,
			"integration_defaults": map[string]any{"bill_customer": "Billable", "taxable": false}},
	}
	return s
}

// unknown stands for a value known only after apply, e.g. a whole resource at validate time.
type unknown struct{}

// toValue builds a tftypes value of typ from plain Go data (nil is null).
func toValue(typ tftypes.Type, v any) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	if _, ok := v.(unknown); ok {
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		in := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = toValue(at, in[name])
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List, tftypes.Set:
		elem := elementType(typ)
		var vals []tftypes.Value
		switch in := v.(type) {
		case []map[string]any:
			for _, e := range in {
				vals = append(vals, toValue(elem, e))
			}
		case []any:
			for _, e := range in {
				vals = append(vals, toValue(elem, e))
			}
		case []string:
			for _, e := range in {
				vals = append(vals, toValue(elem, e))
			}
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.Map:
		vals := map[string]tftypes.Value{}
		switch in := v.(type) {
		case map[string]map[string]float64:
			for k, e := range in {
				vals[k] = toValue(typ.ElementType, e)
			}
		case map[string]float64:
			for k, e := range in {
				vals[k] = toValue(typ.ElementType, e)
			}
		case map[string]string:
			for k, e := range in {
				vals[k] = toValue(typ.ElementType, e)
			}
		case map[string]any:
			for k, e := range in {
				vals[k] = toValue(typ.ElementType, e)
			}
		}
		return tftypes.NewValue(typ, vals)
	}
	if n, ok := v.(int); ok && typ.Is(tftypes.Number) {
		return tftypes.NewValue(typ, float64(n))
	}
	return tftypes.NewValue(typ, v)
}

func elementType(typ tftypes.Type) tftypes.Type {
	if set, ok := typ.(tftypes.Set); ok {
		return set.ElementType
	}
	return typ.(tftypes.List).ElementType
}

// ProviderServerWithActions is deprecated only because its methods are moving into
// ProviderServer; until they have, it is how a test reaches the action RPCs.
type actionCall struct {
	server tfprotov6.ProviderServerWithActions //nolint:staticcheck // see above
	schema *tfprotov6.Schema
}

func newActionCall(t *testing.T, siteURL string) actionCall {
	t.Helper()
	server, ok := protocolServer(t).(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // see actionCall
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	schemas := configureProvider(context.Background(), t, server, siteURL)
	return actionCall{server: server, schema: schemas.ActionSchemas["connectwise_sync_usage"].Schema}
}

func (a actionCall) config(attrs map[string]any) *tfprotov6.DynamicValue {
	return configValue(a.schema, attrs)
}

// configValue encodes plain Go data as a config of the schema (absent attributes are null).
func configValue(schema *tfprotov6.Schema, attrs map[string]any) *tfprotov6.DynamicValue {
	typ := schema.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, toValue(typ, attrs))
	if err != nil {
		panic(err)
	}
	return &dv
}

func (a actionCall) validate(t *testing.T, attrs map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := a.server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: "connectwise_sync_usage", Config: a.config(attrs)})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// invoke plans and invokes the action and reads the event stream to its end.
func (a actionCall) invoke(t *testing.T, attrs map[string]any) (progress []string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	plan, err := a.server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: "connectwise_sync_usage", Config: a.config(attrs)})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, plan.Diagnostics)
	stream, err := a.server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: "connectwise_sync_usage", Config: a.config(attrs)})
	if err != nil {
		t.Fatal(err)
	}
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = e.Diagnostics
		}
	}
	if completed != 1 {
		t.Fatalf("want one completed event, got %d", completed)
	}
	return progress, diags
}

func (s *syncSite) config(usage map[string]map[string]float64, extra map[string]any) map[string]any {
	// A fixed as_of keeps tests independent of the clock; allow_any_as_of lets it age.
	attrs := map[string]any{"customers": s.customers, "products": s.products, "usage": usage, "as_of": "2026-11-15T10:00:00Z", "allow_any_as_of": true}
	for k, v := range extra {
		attrs[k] = v
	}
	return attrs
}

func summaryOf(progress []string) string {
	if len(progress) == 0 {
		return ""
	}
	return progress[len(progress)-1]
}

func TestSyncUsageActionInvokeIsIdempotent(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	usage := map[string]map[string]float64{
		"org-0": {"core-license": 40, "dedicated-server": 1},
		"org-1": {"core-license": 12.5},
		"org-2": {"core-license": 0, "dedicated-server": 0},
		"org-3": {"core-license": 9},
	}
	cfg := s.config(usage, map[string]any{"absent_usage": "zero"})
	failOnErrors(t, call.validate(t, cfg))

	// Dry run: the changes are reported, nothing is written.
	s.srv.Sim.ResetCounters()
	dry, diags := call.invoke(t, s.config(usage, map[string]any{"absent_usage": "zero", "dry_run": true}))
	failOnErrors(t, diags)
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Fatalf("dry run wrote %d times", w)
	}
	if !strings.Contains(summaryOf(dry), "dry run (nothing written)") || !strings.Contains(summaryOf(dry), "created 3") {
		t.Errorf("dry run summary: %q", summaryOf(dry))
	}

	progress, diags := call.invoke(t, cfg)
	failOnErrors(t, diags)
	want := []string{
		"org-0 (Acme ACME0), agreement", "core-license create with quantity 40", "dedicated-server create with quantity 1",
		"org-1 (Acme ACME1)", "create with quantity 12.5",
	}
	joined := strings.Join(progress, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("progress lacks %q:\n%s", w, joined)
		}
	}
	if !strings.Contains(summaryOf(progress), "created 3, updated 0, unchanged 3, skipped 2, conflicts 0, failed customers 0") {
		t.Errorf("summary: %q", summaryOf(progress))
	}
	// Customers run in parallel, so lines come in any order; the set must be the same.
	dryLines := make([]string, 0, len(dry))
	for _, l := range dry[:len(dry)-1] {
		dryLines = append(dryLines, strings.TrimPrefix(l, "[dry run] "))
	}
	realLines := slices.Clone(progress[:len(progress)-1])
	slices.Sort(dryLines)
	slices.Sort(realLines)
	if !slices.Equal(dryLines, realLines) {
		t.Errorf("the dry run reported\n%s\nbut the real run did\n%s", strings.Join(dryLines, "\n"), strings.Join(realLines, "\n"))
	}
	for _, a := range s.srv.Sim.Store().List("additions") {
		if simulator.Int(a["agreementId"]) == s.cancelled {
			t.Errorf("an addition was written to the cancelled agreement: %v", a)
		}
	}

	// The same input again: no write at all.
	s.srv.Sim.ResetCounters()
	progress, diags = call.invoke(t, cfg)
	failOnErrors(t, diags)
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("second invocation wrote %d times: %v", w, progress)
	}
}

func TestSyncUsageActionWarnsAndFailsPerCustomer(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	// org-1 has no usage (skipped with a warning); a ghost catalog item is found missing by
	// the executor's batched catalog read and skipped with the engine's reason (it used to
	// fail every create with a 400).
	s.products = append(s.products, map[string]any{"integration_id": "NordLayer", "vendor_sku": "ghost", "catalog_item_id": 999999})
	usage := map[string]map[string]float64{
		"org-0": {"core-license": 5, "dedicated-server": 1, "ghost": 1},
		"org-2": {"core-license": 3, "dedicated-server": 0, "ghost": 0},
	}
	_, diags := call.invoke(t, s.config(usage, nil))
	var errs, warns []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d.Summary+": "+d.Detail)
		} else {
			warns = append(warns, d.Summary+": "+d.Detail)
		}
	}
	if len(errs) != 0 || !strings.Contains(strings.Join(warns, "\n"), "catalog item 999999 of SKU ghost was not found") {
		t.Errorf("want no error and a warning naming the missing item, got %v %v", errs, warns)
	}
	if want := "1 of 4 customers failed; 1 other was synced, 2 skipped (see the warnings)."; len(errs) == 1 && !strings.Contains(errs[0], want) {
		t.Errorf("the error should say %q: %s", want, errs[0])
	}
	if !strings.Contains(strings.Join(warns, "\n"), "org-1 (Acme ACME1)") || !strings.Contains(strings.Join(warns, "\n"), "no usage reported") {
		t.Errorf("want a warning for the customer without usage, got %v", warns)
	}
	// org-2 still synced despite org-0's failure.
	found := false
	for _, a := range s.srv.Sim.Store().List("additions") {
		if simulator.Int(a["agreementId"]) == simulator.Int(s.customers[2]["agreement_id"]) && a["quantity"] == 3.0 {
			found = true
		}
	}
	if !found {
		t.Error("org-2 was not synced")
	}
}

type badInput struct {
	name  string
	attrs map[string]any
	want  string
}

// badSyncInputs are inputs the action and the reconciliation data source must both reject
// at validate time, naming what is wrong.
func badSyncInputs(s *syncSite) []badInput {
	dupCustomers := append(append([]map[string]any{}, s.customers...), s.customers[0])
	dupProducts := append(append([]map[string]any{}, s.products...), map[string]any{"vendor_sku": "core-license", "catalog_item_id": 12345})
	ok := map[string]map[string]float64{"org-0": {"core-license": 1}}
	noOrg := append([]map[string]any{{"company_id": 9998, "agreement_id": 9999}}, s.customers...)
	return []badInput{
		{"missing organization_id", map[string]any{"customers": noOrg, "products": s.products, "usage": ok}, `organization_id`},
		{"duplicate organization", map[string]any{"customers": dupCustomers, "products": s.products, "usage": ok}, `organization ID "org-0"|org-0`},
		{"duplicate SKU", map[string]any{"customers": s.customers, "products": dupProducts, "usage": ok}, `core-license`},
		{"negative quantity", s.config(map[string]map[string]float64{"org-0": {"core-license": -2}}, nil), `-2`},
		{"unknown SKU", s.config(map[string]map[string]float64{"org-0": {"core-licence": 2}}, nil), `core-licence`},
		{"unknown absent_usage", s.config(ok, map[string]any{"absent_usage": "maybe"}), `skip`},
		{"bad as_of", s.config(ok, map[string]any{"as_of": "yesterday"}), `RFC 3339`},
	}
}

func errorText(diags []*tfprotov6.Diagnostic) string {
	var text []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			at := ""
			if d.Attribute != nil {
				at = d.Attribute.String() + ": "
			}
			text = append(text, at+d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(text, "\n")
}

// At validate time `customers = [connectwise_customer_mapping.acme]` is a list of unknown
// objects: it must pass, and be checked once known.
func TestSyncUsageActionAcceptsResourcesNotYetKnown(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	attrs := s.config(map[string]map[string]float64{"org-0": {"core-license": 1}}, nil)
	attrs["customers"] = []any{unknown{}, s.customers[1]}
	attrs["products"] = []any{unknown{}}
	if text := errorText(call.validate(t, attrs)); text != "" {
		t.Errorf("unknown mappings must not fail validation: %s", text)
	}
}

func TestSyncUsageActionRejectsBadInputBeforeWriting(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	s.srv.Sim.ResetCounters()
	for _, tc := range badSyncInputs(s) {
		t.Run(tc.name, func(t *testing.T) {
			if text := errorText(call.validate(t, tc.attrs)); text == "" || !regexpMust(tc.want).MatchString(text) {
				t.Errorf("want an error matching %q, got %q", tc.want, text)
			}
		})
	}
	if w := s.srv.Sim.Counters().Writes; w != 0 {
		t.Errorf("validation wrote %d times", w)
	}
}
